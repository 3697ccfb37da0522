import type { HandlerFactory } from './types.js';

export const agentHandlers: HandlerFactory<'agents' | 'chat' | 'tags'> = (s) => ({
  'agents:list': async (params) => s.agents.list(params),
  'agents:count': async () => s.agents.count(),
  'agents:get': async ({ agentId }) => s.agents.get(agentId),
  'agents:create': async ({ body }) => s.agents.create(body),
  'agents:update': async ({ agentId, patch }) => s.agents.update(agentId, patch),
  'agents:delete': async ({ agentId }) => s.agents.delete(agentId),
  'agents:duplicate': async ({ agentId, name, withMessages }) => s.agents.duplicate(agentId, { name, withMessages }),
  'agents:list-groups': async ({ agentId }) => s.agents.listGroups(agentId),
  'agents:export-file': async ({ agentId }) => s.agents.exportFile(agentId),
  'agents:import-file': async (params) => s.agents.importFile(params),
  'tags:list': async (params) => s.agents.listTags(params),

  'chat:list-messages': async ({ agentId, ...params }) => s.chat.listMessages(agentId, params),
  'chat:send': async ({ agentId, text, otid }) => s.chat.send(agentId, text, otid),
  'chat:start-stream': async ({ agentId, requestId, text, streamTokens }) =>
    s.chat.startStream(agentId, requestId, text, streamTokens ?? (await s.settings.get()).streamTokens),
  'chat:cancel': async ({ requestId }) => s.chat.cancel(requestId),
  'chat:send-async': async ({ agentId, text }) => s.chat.sendAsync(agentId, text),
  'chat:update-message': async ({ agentId, messageId, update }) => s.chat.updateMessage(agentId, messageId, update),
  'chat:reset-messages': async ({ agentId, addDefaultInitialMessages }) => s.chat.reset(agentId, addDefaultInitialMessages),
});
