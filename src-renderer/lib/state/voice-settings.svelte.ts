/**
 * The Voice settings panel: the active profile's voice settings as an editable draft, the two
 * speech-service keys (typed, sent to the keychain, never shown again — the view only says whether
 * one is set), a "Test" per service, and the local speech models (download only after the user
 * agreed to its size, with progress; import from disk; remove).
 */
import type { Api } from '../../../src-shared/ipc/api-types';
import type { SpeechModelProgress, SpeechModelView, SpeechService, SpeechServiceCheck, VoiceSettings, VoiceSettingsView } from '../../../src-shared/voice/voice-settings';
import { api, ApiError, asApiError, onEvent } from '../api';
import { Loadable, Mutation } from './loadable.svelte';

export interface VoiceSettingsDeps {
  api: { voice: Api['voice'] };
  onEvent: typeof onEvent;
}

const EDITABLE: readonly (keyof VoiceSettings)[] = [
  'mode',
  'inputDeviceId',
  'sttEngine',
  'sttBaseUrl',
  'sttModel',
  'localModelId',
  'language',
  'localWindow',
  'ttsEngine',
  'ttsBaseUrl',
  'ttsModel',
  'ttsVoice',
  'ttsSpeed',
  'speakReplies',
];

/** What is wrong with a draft, field by field, before anything is sent. */
export function validateDraft(draft: VoiceSettings): Partial<Record<keyof VoiceSettings, string>> {
  const problems: Partial<Record<keyof VoiceSettings, string>> = {};
  const url = (value: string) => {
    try {
      const u = new URL(value);
      return u.protocol === 'http:' || u.protocol === 'https:' ? null : 'Use an http:// or https:// address.';
    } catch {
      return 'Enter the service address, e.g. https://api.openai.com/v1';
    }
  };
  if (draft.sttEngine === 'openai-compatible') {
    const p = url(draft.sttBaseUrl);
    if (p) problems.sttBaseUrl = p;
    if (!draft.sttModel.trim()) problems.sttModel = 'Name the model, e.g. whisper-1';
  }
  if (draft.ttsEngine === 'openai-compatible') {
    const p = url(draft.ttsBaseUrl);
    if (p) problems.ttsBaseUrl = p;
    if (!draft.ttsModel.trim()) problems.ttsModel = 'Name the model, e.g. tts-1';
    if (!draft.ttsVoice.trim()) problems.ttsVoice = 'Name the voice, e.g. alloy';
  }
  if (draft.language !== null && draft.language !== '' && !/^[a-z]{2,3}$/.test(draft.language)) problems.language = 'A language code like en or de, or empty to detect it.';
  if (!(draft.ttsSpeed >= 0.5 && draft.ttsSpeed <= 2)) problems.ttsSpeed = 'Between 0.5 and 2.';
  return problems;
}

export class VoiceSettingsState {
  readonly #deps: VoiceSettingsDeps;
  readonly settings: Loadable<VoiceSettingsView | null>;
  readonly models: Loadable<SpeechModelView[]>;
  readonly mutation = new Mutation();

  #draft = $state<VoiceSettings | null>(null);
  #sttKey = $state('');
  #ttsKey = $state('');
  #checks = $state<Partial<Record<SpeechService, SpeechServiceCheck | 'running'>>>({});
  #progress = $state<Record<string, SpeechModelProgress>>({});
  #confirmDownload = $state<string | null>(null);
  #saved = $state(false);

  constructor(deps: VoiceSettingsDeps = { api, onEvent }) {
    this.#deps = deps;
    this.settings = new Loadable(() => deps.api.voice.getSettings({}), null);
    this.models = new Loadable(() => deps.api.voice.listModels({}), []);
  }

  get draft(): VoiceSettings | null {
    return this.#draft;
  }
  get sttKey(): string {
    return this.#sttKey;
  }
  set sttKey(value: string) {
    this.#sttKey = value;
    this.#saved = false;
  }
  get ttsKey(): string {
    return this.#ttsKey;
  }
  set ttsKey(value: string) {
    this.#ttsKey = value;
    this.#saved = false;
  }
  get problems(): Partial<Record<keyof VoiceSettings, string>> {
    return this.#draft ? validateDraft(this.#draft) : {};
  }
  get dirty(): boolean {
    const saved = this.settings.value;
    if (!saved || !this.#draft) return false;
    return this.#sttKey !== '' || this.#ttsKey !== '' || EDITABLE.some((k) => this.#draft![k] !== saved[k]);
  }
  /** The last save went through and nothing changed since. */
  get saved(): boolean {
    return this.#saved;
  }
  check(service: SpeechService): SpeechServiceCheck | 'running' | undefined {
    return this.#checks[service];
  }
  progress(modelId: string): SpeechModelProgress | undefined {
    const p = this.#progress[modelId];
    if (p) return p;
    return this.models.value.find((m) => m.id === modelId)?.download ?? undefined;
  }
  /** The model whose download is waiting for the user's yes. */
  get confirmingDownload(): string | null {
    return this.#confirmDownload;
  }

  start(): () => void {
    void this.#reload(true);
    const stops = [
      this.#deps.onEvent('voice:changed', () => void this.#reload(false)),
      this.#deps.onEvent('voice:progress', (p) => {
        this.#progress = { ...this.#progress, [p.modelId]: p };
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async #reload(resetDraft: boolean): Promise<void> {
    await Promise.all([this.settings.load(), this.models.load()]);
    const view = this.settings.value;
    if (view && (resetDraft || !this.#draft)) this.#draft = pick(view);
  }

  /** Changes one field of the draft (the panel's inputs call this). */
  set<K extends keyof VoiceSettings>(key: K, value: VoiceSettings[K]): void {
    if (!this.#draft) return;
    this.#draft = { ...this.#draft, [key]: value };
    this.#saved = false;
  }

  /** Sends what changed, then the keys typed (each to the keychain); the key fields empty again. */
  async save(): Promise<boolean> {
    const draft = this.#draft;
    const saved = this.settings.value;
    if (!draft || !saved) return false;
    if (Object.keys(validateDraft(draft)).length > 0) return false;
    const patch: Partial<VoiceSettings> = {};
    for (const key of EDITABLE) if (draft[key] !== saved[key]) (patch as Record<string, unknown>)[key] = key === 'language' && draft.language === '' ? null : draft[key];
    const result = await this.mutation.run('saving', async () => {
      let view = saved;
      if (Object.keys(patch).length > 0) view = await this.#deps.api.voice.updateSettings({ patch });
      if (this.#sttKey.trim()) view = await this.#deps.api.voice.setKey({ service: 'stt', key: this.#sttKey.trim() });
      this.#sttKey = '';
      if (this.#ttsKey.trim()) view = await this.#deps.api.voice.setKey({ service: 'tts', key: this.#ttsKey.trim() });
      this.#ttsKey = '';
      return view;
    });
    if (!result) return false;
    this.settings.set(result);
    this.#draft = pick(result);
    this.#saved = true;
    return true;
  }

  async forgetKey(service: SpeechService): Promise<void> {
    const view = await this.mutation.run(`forget-${service}`, () => this.#deps.api.voice.setKey({ service, key: null }));
    if (view) this.settings.set(view);
  }

  /** Saves first (the test uses what is saved), then tries the service once. */
  async test(service: SpeechService): Promise<void> {
    if (this.dirty && !(await this.save())) return;
    this.#checks = { ...this.#checks, [service]: 'running' };
    let result: SpeechServiceCheck;
    try {
      result = await this.#deps.api.voice.checkService({ service });
    } catch (error) {
      result = { ok: false, message: asApiError(error).message };
    }
    this.#checks = { ...this.#checks, [service]: result };
  }

  askToDownload(modelId: string): void {
    this.#confirmDownload = modelId;
  }
  cancelAsk(): void {
    this.#confirmDownload = null;
  }

  /** Only after the user said yes to the size shown. */
  async download(modelId: string): Promise<void> {
    if (this.#confirmDownload !== modelId) return;
    this.#confirmDownload = null;
    const progress = { ...this.#progress };
    delete progress[modelId];
    this.#progress = progress;
    const view = await this.mutation.run(`download-${modelId}`, () => this.#deps.api.voice.downloadModel({ modelId }));
    if (view) this.models.set(this.models.value.map((m) => (m.id === modelId ? view : m)));
  }

  async cancelDownload(modelId: string): Promise<void> {
    await this.mutation.run(`cancel-${modelId}`, () => this.#deps.api.voice.cancelDownload({ modelId }));
  }

  async importModel(modelId: string, path: string): Promise<boolean> {
    if (!path.trim()) {
      this.mutation.clearError();
      return false;
    }
    const view = await this.mutation.run(`import-${modelId}`, () => this.#deps.api.voice.importModel({ modelId, path: path.trim() }));
    if (!view) return false;
    await this.models.load();
    return true;
  }

  async removeModel(modelId: string): Promise<void> {
    await this.mutation.run(`remove-${modelId}`, () => this.#deps.api.voice.removeModel({ modelId }));
    await this.models.load();
  }

  get error(): ApiError | null {
    return this.mutation.error ?? this.settings.error;
  }
}

function pick(view: VoiceSettingsView): VoiceSettings {
  const out = {} as Record<string, unknown>;
  for (const key of EDITABLE) out[key] = view[key];
  return out as unknown as VoiceSettings;
}

/** "75 MB" for the consent question and the model list. */
export function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
