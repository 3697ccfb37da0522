import { describe, expect, it, vi } from 'vitest';
import type { SpeechModelView, VoiceSettingsView } from '../../../src-shared/voice/voice-settings';
import { DEFAULT_VOICE_SETTINGS } from '../../../src-shared/voice/voice-settings';
import { ApiError } from '../api';
import { validateDraft, VoiceSettingsState, type VoiceSettingsDeps } from './voice-settings.svelte';

type Listener = (payload: never) => void;

const MODEL: SpeechModelView = {
  id: 'whisper-tiny.en',
  label: 'Whisper tiny.en',
  sizeBytes: 40 * 1024 * 1024,
  installedBytes: 77 * 1024 * 1024,
  languages: 'en',
  license: 'MIT',
  notes: '',
  installed: false,
  download: null,
};

function harness() {
  let view: VoiceSettingsView = { ...DEFAULT_VOICE_SETTINGS, sttKeySet: false, ttsKeySet: false };
  const listeners = new Map<string, Set<Listener>>();
  const voice = {
    getSettings: vi.fn(async () => view),
    listModels: vi.fn(async () => [MODEL]),
    updateSettings: vi.fn(async ({ patch }: { patch: Partial<VoiceSettingsView> }) => (view = { ...view, ...patch })),
    setKey: vi.fn(async ({ service, key }: { service: 'stt' | 'tts'; key: string | null }) => (view = { ...view, [service === 'stt' ? 'sttKeySet' : 'ttsKeySet']: key !== null })),
    checkService: vi.fn(async () => ({ ok: true, message: 'Transcribed 1 s of a quiet tone in 80 ms.' })),
    downloadModel: vi.fn(async () => ({ ...MODEL, download: { modelId: MODEL.id, receivedBytes: 0, totalBytes: MODEL.sizeBytes, phase: 'resolving' as const } })),
    cancelDownload: vi.fn(async () => ({ cancelled: true })),
    importModel: vi.fn(async () => ({ ...MODEL, installed: true })),
    removeModel: vi.fn(async () => undefined),
  };
  const deps: VoiceSettingsDeps = {
    api: { voice: voice as unknown as VoiceSettingsDeps['api']['voice'] },
    onEvent: ((event: string, listener: Listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    }) as VoiceSettingsDeps['onEvent'],
  };
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload as never));
  return { voice, deps, emit };
}

async function started(h: ReturnType<typeof harness>) {
  const state = new VoiceSettingsState(h.deps);
  const stop = state.start();
  await vi.waitFor(() => expect(state.draft).not.toBeNull());
  return { state, stop };
}

describe('VoiceSettingsState', () => {
  it('saves only what changed, sends typed keys to the keychain once, and empties the key fields', async () => {
    const h = harness();
    const { state } = await started(h);
    state.set('sttEngine', 'openai-compatible');
    state.set('sttBaseUrl', 'http://127.0.0.1:9000/v1');
    state.sttKey = ' sk-secret ';
    expect(state.dirty).toBe(true);
    expect(await state.save()).toBe(true);
    expect(h.voice.updateSettings).toHaveBeenCalledWith({ patch: { sttEngine: 'openai-compatible', sttBaseUrl: 'http://127.0.0.1:9000/v1' } });
    expect(h.voice.setKey).toHaveBeenCalledTimes(1);
    expect(h.voice.setKey).toHaveBeenCalledWith({ service: 'stt', key: 'sk-secret' });
    expect(state.sttKey).toBe('');
    expect(state.settings.value?.sttKeySet).toBe(true);
    expect(state.dirty).toBe(false);
    expect(state.saved).toBe(true);

    // Saving again with nothing changed sends nothing.
    await state.save();
    expect(h.voice.updateSettings).toHaveBeenCalledTimes(1);
    expect(h.voice.setKey).toHaveBeenCalledTimes(1);
  });

  it('refuses a draft with a bad service address before any request', async () => {
    const h = harness();
    const { state } = await started(h);
    state.set('ttsEngine', 'openai-compatible');
    state.set('ttsBaseUrl', 'not a url');
    expect(state.problems.ttsBaseUrl).toMatch(/service address/);
    expect(await state.save()).toBe(false);
    expect(h.voice.updateSettings).not.toHaveBeenCalled();
  });

  it('a failed save keeps the draft and the typed key, and shows the reason', async () => {
    const h = harness();
    h.voice.setKey.mockRejectedValueOnce(new ApiError({ code: 'keychain_unavailable', message: 'The system keychain is locked.' }));
    const { state } = await started(h);
    state.ttsKey = 'sk-tts';
    expect(await state.save()).toBe(false);
    expect(state.error?.message).toMatch(/keychain is locked/);
    expect(state.ttsKey).toBe('sk-tts');
  });

  it('downloads a model only after the user agreed, then follows its progress events', async () => {
    const h = harness();
    const { state } = await started(h);
    await state.download(MODEL.id);
    expect(h.voice.downloadModel).not.toHaveBeenCalled();
    state.askToDownload(MODEL.id);
    expect(state.confirmingDownload).toBe(MODEL.id);
    await state.download(MODEL.id);
    expect(h.voice.downloadModel).toHaveBeenCalledWith({ modelId: MODEL.id });
    h.emit('voice:progress', { modelId: MODEL.id, receivedBytes: 1024, totalBytes: MODEL.sizeBytes, phase: 'downloading' });
    expect(state.progress(MODEL.id)).toMatchObject({ phase: 'downloading', receivedBytes: 1024 });
  });

  it('a test saves pending changes first, then reports the service’s answer', async () => {
    const h = harness();
    const { state } = await started(h);
    state.set('language', 'de');
    await state.test('stt');
    expect(h.voice.updateSettings).toHaveBeenCalledWith({ patch: { language: 'de' } });
    expect(state.check('stt')).toEqual({ ok: true, message: 'Transcribed 1 s of a quiet tone in 80 ms.' });
  });
});

describe('validateDraft', () => {
  it('checks only the fields of the engines in use', () => {
    expect(validateDraft({ ...DEFAULT_VOICE_SETTINGS, sttBaseUrl: 'nope', ttsBaseUrl: 'nope' })).toEqual({});
    expect(Object.keys(validateDraft({ ...DEFAULT_VOICE_SETTINGS, sttEngine: 'openai-compatible', sttBaseUrl: 'ftp://x', sttModel: '' })).sort()).toEqual(['sttBaseUrl', 'sttModel']);
    expect(validateDraft({ ...DEFAULT_VOICE_SETTINGS, language: 'english' }).language).toBeDefined();
  });
});
