import type { HandlerFactory } from './types.js';

export const voiceHandlers: HandlerFactory<'voice'> = (s) => ({
  'voice:start-turn': async (args) => s.voice.startTurn(args),
  'voice:cancel': async ({ requestId }) => s.voice.cancel(requestId),
  'voice:get-settings': async () => s.voice.getSettings(),
  'voice:update-settings': async ({ patch }) => s.voice.updateSettings(patch),
  'voice:set-key': async ({ service, key }) => s.voice.setKey(service, key),
  'voice:check-service': async ({ service }) => s.voice.checkService(service),
  'voice:list-models': async () => s.voice.listModels(),
  'voice:download-model': async ({ modelId }) => s.voice.downloadModel(modelId),
  'voice:cancel-download': async ({ modelId }) => s.voice.cancelDownload(modelId),
  'voice:import-model': async ({ modelId, path }) => s.voice.importModel(modelId, path),
  'voice:remove-model': async ({ modelId }) => s.voice.removeModel(modelId),
});
