/**
 * Voice mode's use cases: one voice turn (speech in → transcript → the agent's reply streamed as
 * text → each sentence spoken), per-profile voice settings, speech-service keys in the keychain,
 * a "Test" per speech service, and the local speech models (download with consent, import, remove).
 *
 * A turn's pieces arrive as `voice:stream` events under the renderer's request id, ending with
 * exactly one of done, cancelled or error, like chat streams. Failures that stop a turn before it
 * starts (no connection, no local model, a recording that is not WAV, an unknown agent) reject
 * `startTurn` instead. Cancelling is barge-in: the `cancelled` chunk goes out at once and nothing
 * of that turn follows it.
 */
import { access, constants, open, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { VoiceStreamChunk } from '../../src-shared/app-types.js';
import type { AppError } from '../../src-shared/result.js';
import {
  DEFAULT_VOICE_SETTINGS,
  type SpeechModelProgress,
  type SpeechModelView,
  type SpeechService,
  type SpeechServiceCheck,
  type VoiceSettings,
  type VoiceSettingsView,
} from '../../src-shared/voice/voice-settings.js';
import { decodeWav, encodeWav } from '../../src-shared/voice/wav.js';
import type { LettaClient } from '../letta/index.js';
import type { AgentState } from '../letta/types/agents.js';
import type { Logger } from '../log.js';
import type { CredentialStore } from '../secrets/credential-store.js';
import { maskSecrets, rememberSecret } from '../secrets/secret-registry.js';
import type { SettingsFile } from '../settings/settings-file.js';
import { SpeechServiceError } from '../voice/speech-errors.js';
import { OpenAiCompatibleStt } from '../voice/stt/openai-stt.js';
import { SPEECH_MODEL_CATALOG, catalogEntry, type CatalogEntry } from '../voice/stt/local/catalog.js';
import { LocalWhisperStt, type LocalWhisperOptions } from '../voice/stt/local/local-whisper-stt.js';
import { ModelStore, type InstalledModel, type ModelStoreOptions } from '../voice/stt/local/model-store.js';
import { defaultWhisperWorkerUrl } from '../voice/stt/local/worker-url.js';
import type { SpeechToText } from '../voice/stt/stt.js';
import { chooseTransport, ReplyInterruptedError, type ReplyTransport } from '../voice/transports.js';
import { FormantTts } from '../voice/tts/formant/formant-tts.js';
import { OpenAiCompatibleTts } from '../voice/tts/openai-tts.js';
import type { TextToSpeech } from '../voice/tts/tts.js';
import { runVoiceTurn, toVoiceChunk } from '../voice/voice-turn.js';
import { ConnectedService } from './connected.js';
import { AppFailure, toAppError } from './errors.js';
import type { EventBus } from './events.js';
import type { Session } from './session.js';
import type { StreamRegistry } from './streams.js';

export interface VoiceServiceOptions {
  session: Session;
  events: EventBus;
  streams: StreamRegistry;
  log: Logger;
  settings: SettingsFile;
  /** The keychain the token vault uses; speech-service keys sit beside the profile tokens. */
  credentials: CredentialStore;
  /** Where local speech models are installed (`<userData>/voice-models`). */
  modelsDir: string;
  modelStore?: ModelStoreOptions;
  /** The models on offer (tests: one served by a local server). */
  catalog?: readonly CatalogEntry[];
  /** How the local worker starts (tests: the TypeScript worker and a fake runner). */
  whisper?: Partial<Omit<LocalWhisperOptions, 'modelPath'>>;
  /** The reply transport for an agent (default chooseTransport; tests: a scripted one). */
  transportFor?: (agent: AgentState, serverVersion: string | undefined, client: LettaClient) => ReplyTransport;
}

const sttAccount = (profileId: string) => `voice-stt:${profileId}`;
const ttsAccount = (profileId: string) => `voice-tts:${profileId}`;

/** At most this often a `downloading` progress event (phase changes always go out). */
const PROGRESS_INTERVAL_MS = 100;
const CHECK_TIMEOUT_MS = 60_000;

const SERVICE_NAME: Record<SpeechService, string> = { stt: 'speech-to-text', tts: 'text-to-speech' };

interface Turn {
  controller: AbortController;
  finished: boolean;
  push(chunk: VoiceStreamChunk): void;
}

interface Download {
  controller: AbortController;
  progress: SpeechModelProgress;
}

export class VoiceService extends ConnectedService {
  private readonly streams: StreamRegistry;
  private readonly log: Logger;
  private readonly settingsFile: SettingsFile;
  private readonly credentials: CredentialStore;
  readonly store: ModelStore;
  private readonly catalog: readonly CatalogEntry[];
  private readonly turns = new Map<string, Turn>();
  private readonly downloads = new Map<string, Download>();
  /** One warm local engine per model file (its worker keeps the model loaded between turns). */
  private readonly localStt = new Map<string, LocalWhisperStt>();
  private serverVersion: { connection: string; version: Promise<string | undefined> } | undefined;

  constructor(private readonly options: VoiceServiceOptions) {
    super(options.session, options.events);
    this.streams = options.streams;
    this.log = options.log;
    this.settingsFile = options.settings;
    this.credentials = options.credentials;
    this.store = new ModelStore(options.modelsDir, options.modelStore);
    this.catalog = options.catalog ?? SPEECH_MODEL_CATALOG;
  }

  // ── settings and keys ────────────────────────────────────────────────────

  async getSettings(): Promise<VoiceSettingsView> {
    const profileId = await this.profileId(false);
    return this.view(profileId, profileId ? await this.settingsOf(profileId) : { ...DEFAULT_VOICE_SETTINGS });
  }

  async updateSettings(patch: Partial<VoiceSettings>): Promise<VoiceSettingsView> {
    const profileId = (await this.profileId(true))!;
    const current = await this.settingsOf(profileId);
    const next: VoiceSettings = { ...current };
    for (const [key, value] of Object.entries(patch) as [keyof VoiceSettings, never][]) {
      if (value !== undefined) next[key] = value;
    }
    await this.settingsFile.update((draft) => {
      draft.voice[profileId] = next;
    });
    this.events.emit('voice:changed', {});
    return this.view(profileId, next);
  }

  async setKey(service: SpeechService, key: string | null): Promise<VoiceSettingsView> {
    const profileId = (await this.profileId(true))!;
    const account = service === 'stt' ? sttAccount(profileId) : ttsAccount(profileId);
    if (key === null) await this.credentials.delete(account);
    else {
      rememberSecret(key);
      await this.credentials.set(account, key);
    }
    this.events.emit('voice:changed', {});
    return this.view(profileId, await this.settingsOf(profileId));
  }

  private async settingsOf(profileId: string): Promise<VoiceSettings> {
    return { ...DEFAULT_VOICE_SETTINGS, ...(await this.settingsFile.read()).voice[profileId] };
  }

  private async view(profileId: string | null, settings: VoiceSettings): Promise<VoiceSettingsView> {
    let accounts = new Set<string>();
    if (profileId) {
      try {
        accounts = new Set(await this.credentials.accounts());
      } catch {
        // An unreachable keychain reads as "no key"; setting one reports the keychain problem.
      }
    }
    return {
      ...settings,
      sttKeySet: profileId !== null && accounts.has(sttAccount(profileId)),
      ttsKeySet: profileId !== null && accounts.has(ttsAccount(profileId)),
    };
  }

  /** The active profile, else the last one used; settings need no live server (offline too). */
  private async profileId(required: boolean): Promise<string | null> {
    const id = this.session.activeProfileId ?? (await this.settingsFile.read()).preferences.lastProfileId;
    if (!id && required) {
      throw new AppFailure('not_connected', 'Voice settings belong to a server profile, and none is chosen yet.', 'Add or choose a server profile first.');
    }
    return id;
  }

  private keyGetter(account: string): () => Promise<string | undefined> {
    return async () => {
      const key = await this.credentials.get(account);
      rememberSecret(key);
      return key ?? undefined;
    };
  }

  // ── engines ──────────────────────────────────────────────────────────────

  private async sttFor(profileId: string, settings: VoiceSettings): Promise<SpeechToText> {
    if (settings.sttEngine === 'openai-compatible') {
      return new OpenAiCompatibleStt({
        baseUrl: settings.sttBaseUrl,
        model: settings.sttModel,
        getKey: this.keyGetter(sttAccount(profileId)),
        requireKey: isOpenAi(settings.sttBaseUrl),
      });
    }
    const model = (await this.store.installed()).find((m) => m.id === settings.localModelId);
    if (!model) throw modelMissing(settings.localModelId);
    // One warm worker per model and window, so switching the window does not reload the model
    // on every turn.
    const key = `${model.path}#${settings.localWindow}`;
    let stt = this.localStt.get(key);
    if (!stt) {
      stt = new LocalWhisperStt({
        workerUrl: defaultWhisperWorkerUrl(),
        ...this.options.whisper,
        fitAudioContext: settings.localWindow !== 'full',
        modelPath: model.path,
      });
      this.localStt.set(key, stt);
    }
    return stt;
  }

  private ttsFor(profileId: string, settings: VoiceSettings): TextToSpeech {
    if (settings.ttsEngine === 'formant') return new FormantTts();
    return new OpenAiCompatibleTts({
      baseUrl: settings.ttsBaseUrl,
      model: settings.ttsModel,
      voice: settings.ttsVoice,
      getKey: this.keyGetter(ttsAccount(profileId)),
      requireKey: isOpenAi(settings.ttsBaseUrl),
    });
  }

  /** `/v1/health/`'s version, asked once per connection (it picks the voice agents' route). */
  private versionOf(client: LettaClient): Promise<string | undefined> {
    const status = this.session.status();
    const connection = status.state === 'connected' ? `${status.profileId}@${status.connectedAt}` : '';
    if (this.serverVersion?.connection !== connection) {
      const fallback = status.state === 'connected' && status.serverVersion !== 'unknown' ? status.serverVersion : undefined;
      const version = client.health.check().then(
        (h) => h.version || fallback,
        () => {
          // Asked again next turn; the doctor's answer at connect time serves meanwhile.
          if (this.serverVersion?.connection === connection) this.serverVersion = undefined;
          return fallback;
        },
      );
      this.serverVersion = { connection, version };
    }
    return this.serverVersion.version;
  }

  // ── turns ────────────────────────────────────────────────────────────────

  async startTurn(input: { agentId: string; requestId: string; wavBase64?: string; text?: string }): Promise<{ requestId: string }> {
    const { agentId, requestId } = input;
    const client = this.client;
    const profileId = this.session.activeProfileId!;
    const settings = await this.settingsOf(profileId);
    let wav: Uint8Array | undefined;
    if (input.wavBase64 !== undefined) {
      wav = new Uint8Array(Buffer.from(input.wavBase64, 'base64'));
      try {
        decodeWav(wav);
      } catch (err) {
        throw new AppFailure('invalid_argument', `The recording is not a WAV file the app can read (${(err as Error).message}).`);
      }
    }
    const stt = wav ? await this.sttFor(profileId, settings) : undefined;
    const tts = settings.speakReplies ? this.ttsFor(profileId, settings) : undefined;

    const controller = this.streams.open(requestId);
    const turn: Turn = {
      controller,
      finished: false,
      push: (chunk) => {
        if (turn.finished) return;
        if (chunk.type === 'done' || chunk.type === 'cancelled' || chunk.type === 'error') turn.finished = true;
        this.events.emit('voice:stream', { requestId, chunk });
      },
    };
    let transport: ReplyTransport;
    try {
      const [agent, version] = await Promise.all([client.agents.retrieve(agentId, { signal: controller.signal }), this.versionOf(client)]);
      transport = (this.options.transportFor ?? chooseTransport)(agent, version, client);
    } catch (error) {
      this.streams.close(requestId);
      throw error;
    }
    this.turns.set(requestId, turn);
    void this.run(turn, { agentId, requestId, settings, wav, text: input.text, stt, tts, transport });
    return { requestId };
  }

  /** Barge-in or Stop: everything of the turn stops now, and the renderer hears so at once. */
  cancel(requestId: string): { cancelled: boolean } {
    const turn = this.turns.get(requestId);
    const cancelled = this.streams.cancel(requestId);
    if (turn) turn.push({ type: 'cancelled' });
    return { cancelled: cancelled || turn !== undefined };
  }

  private async run(
    turn: Turn,
    t: {
      agentId: string;
      requestId: string;
      settings: VoiceSettings;
      wav: Uint8Array | undefined;
      text: string | undefined;
      stt: SpeechToText | undefined;
      tts: TextToSpeech | undefined;
      transport: ReplyTransport;
    },
  ): Promise<void> {
    const signal = turn.controller.signal;
    // Typed text always reaches the agent; an utterance only once something was heard.
    let reachedAgent = t.text !== undefined;
    try {
      const events = runVoiceTurn({
        agentId: t.agentId,
        ...(t.wav ? { wav: t.wav } : {}),
        ...(t.text !== undefined ? { text: t.text } : {}),
        ...(t.stt ? { stt: t.stt } : {}),
        ...(t.tts ? { tts: t.tts } : {}),
        transport: t.transport,
        signal,
        ...(t.settings.language ? { language: t.settings.language } : {}),
        ...(t.settings.ttsEngine === 'openai-compatible' ? { voice: t.settings.ttsVoice } : {}),
        ...(t.settings.ttsSpeed !== 1 ? { speed: t.settings.ttsSpeed } : {}),
      });
      for await (const event of events) {
        if (turn.finished) break;
        if (event.type === 'transcript' && event.text.trim()) reachedAgent = true;
        turn.push(toVoiceChunk(event));
      }
      // An abort between two events ends the iteration quietly in some engines.
      turn.push(signal.aborted ? { type: 'cancelled' } : { type: 'done', transport: t.transport.kind });
    } catch (error) {
      if (signal.aborted) turn.push({ type: 'cancelled' });
      else {
        this.log.warn(`voice turn ${t.requestId} for agent ${t.agentId} failed`, error);
        turn.push({ type: 'error', error: voiceError(error, t.settings) });
      }
    } finally {
      this.turns.delete(t.requestId);
      this.streams.close(t.requestId);
      // The offline cache follows chat:changed (the newest page into the cache), like chat turns.
      if (reachedAgent) this.events.emit('chat:changed', { agentId: t.agentId });
    }
  }

  // ── "Test" buttons ───────────────────────────────────────────────────────

  async checkService(service: SpeechService): Promise<SpeechServiceCheck> {
    const profileId = (await this.profileId(true))!;
    const settings = await this.settingsOf(profileId);
    const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
    try {
      if (service === 'stt') {
        const stt = await this.sttFor(profileId, settings);
        const started = performance.now();
        const result = await stt.transcribe(quietTone(), { signal, ...(settings.language ? { language: settings.language } : {}) });
        const where = settings.sttEngine === 'local-whisper' ? `the local model ${settings.localModelId}` : `${settings.sttModel} at ${settings.sttBaseUrl}`;
        const heard = result.text ? ` (heard "${result.text.slice(0, 60)}")` : '';
        return { ok: true, message: `Transcribed 1 s of a quiet tone with ${where} in ${ms(performance.now() - started)}${heard}.` };
      }
      const tts = this.ttsFor(profileId, settings);
      const started = performance.now();
      const audio = await tts.synthesize('Test.', { signal, ...(settings.ttsEngine === 'openai-compatible' ? { voice: settings.ttsVoice } : {}) });
      const seconds = audio.samples.length / audio.sampleRate;
      const where = settings.ttsEngine === 'formant' ? 'the built-in voice' : `${settings.ttsModel} (${settings.ttsVoice}) at ${settings.ttsBaseUrl}`;
      if (!audible(audio.samples)) return { ok: false, message: `${where} answered "Test." with silence.` };
      return { ok: true, message: `Synthesized "Test." with ${where} in ${ms(performance.now() - started)} (${seconds.toFixed(1)} s of audio at ${audio.sampleRate} Hz).` };
    } catch (error) {
      const e = voiceError(error, settings);
      return { ok: false, message: e.hint ? `${e.message} ${e.hint}` : e.message };
    }
  }

  // ── local models ─────────────────────────────────────────────────────────

  async listModels(): Promise<SpeechModelView[]> {
    const installed = new Map((await this.store.installed()).map((m) => [m.id, m]));
    const views = this.catalog.map((entry) => this.modelView(entry.id, installed.get(entry.id)));
    // Imported models that are not in the catalog are listed too (they can be chosen and removed).
    for (const [id, model] of installed) if (!this.catalog.some((e) => e.id === id)) views.push(this.modelView(id, model));
    return views;
  }

  private modelView(id: string, installed: InstalledModel | undefined): SpeechModelView {
    const entry = this.catalog.find((e) => e.id === id);
    return {
      id,
      label: entry?.label ?? id,
      sizeBytes: entry?.sizeBytes ?? installed?.bytes ?? 0,
      installedBytes: installed?.bytes ?? entry?.installedBytes ?? 0,
      languages: entry?.languages ?? 'multilingual',
      license: entry?.license ?? `imported from ${installed ? basename(installed.origin) : 'disk'}`,
      notes: entry?.notes ?? '',
      installed: installed !== undefined,
      download: this.downloads.get(id)?.progress ?? null,
    };
  }

  private async oneModel(id: string): Promise<SpeechModelView> {
    return this.modelView(id, (await this.store.installed()).find((m) => m.id === id));
  }

  /** Starts a download the user agreed to; answers at once, progress follows as voice:progress. */
  async downloadModel(modelId: string): Promise<SpeechModelView> {
    const entry = this.catalog.find((e) => e.id === modelId) ?? catalogEntry(modelId);
    if (!entry) throw new AppFailure('not_found', `There is no speech model called ${modelId} to download.`, 'Reload the list of models.');
    if (this.downloads.has(modelId)) return this.oneModel(modelId);
    const controller = new AbortController();
    const download: Download = { controller, progress: { modelId, receivedBytes: 0, totalBytes: entry.sizeBytes, phase: 'resolving' } };
    this.downloads.set(modelId, download);
    let lastEmit = 0;
    const report = (progress: SpeechModelProgress, force = false) => {
      download.progress = progress;
      const now = performance.now();
      if (!force && now - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = now;
      this.events.emit('voice:progress', progress);
    };
    report(download.progress, true);
    let lastPhase = download.progress.phase;
    void this.store
      .download(entry, {
        signal: controller.signal,
        onProgress: (p) => {
          const changed = p.phase !== lastPhase;
          lastPhase = p.phase;
          report({ modelId, receivedBytes: p.receivedBytes, totalBytes: p.totalBytes ?? entry.sizeBytes, phase: p.phase }, changed);
        },
      })
      .then(
        () => report({ ...download.progress, receivedBytes: download.progress.totalBytes, phase: 'done' }, true),
        (error: unknown) => {
          if (controller.signal.aborted) report({ ...download.progress, phase: 'cancelled' }, true);
          else {
            this.log.warn(`download of speech model ${modelId} failed`, error);
            report({ ...download.progress, phase: 'failed', message: maskSecrets(error instanceof Error ? error.message : String(error)) }, true);
          }
        },
      )
      .finally(() => {
        this.downloads.delete(modelId);
        this.events.emit('voice:changed', {});
      });
    return this.oneModel(modelId);
  }

  cancelDownload(modelId: string): { cancelled: boolean } {
    const download = this.downloads.get(modelId);
    download?.controller.abort();
    return { cancelled: download !== undefined };
  }

  /** A model the user picked from disk: checked to be there, readable and a plausible model, then copied in. */
  async importModel(modelId: string, path: string): Promise<SpeechModelView> {
    await checkImportable(path);
    try {
      await this.store.importFile(modelId, path);
    } catch (error) {
      if (error instanceof SpeechServiceError) throw new AppFailure('rejected', `${basename(path)} cannot be used as a speech model: ${stripService(error.message)}.`, 'Pick a whisper.cpp ggml model (ggml-*.bin), a faster-whisper folder, or its wheel.');
      throw error;
    }
    await this.dropEngine(modelId);
    this.events.emit('voice:changed', {});
    return this.oneModel(modelId);
  }

  async removeModel(modelId: string): Promise<void> {
    this.downloads.get(modelId)?.controller.abort();
    await this.dropEngine(modelId);
    try {
      await this.store.remove(modelId);
    } catch (error) {
      if (error instanceof SpeechServiceError) throw new AppFailure('invalid_argument', `There is no speech model called ${modelId}.`);
      throw error;
    }
    this.events.emit('voice:changed', {});
  }

  private async dropEngine(modelId: string): Promise<void> {
    let path: string;
    try {
      path = this.store.modelPath(modelId);
    } catch {
      return;
    }
    const engines = [...this.localStt].filter(([key]) => key.startsWith(`${path}#`));
    for (const [key] of engines) this.localStt.delete(key);
    await Promise.all(engines.map(([, stt]) => stt.close()));
  }

  /** App quit: running downloads stop, local engines free their workers. */
  dispose(): void {
    for (const d of this.downloads.values()) d.controller.abort();
    for (const stt of this.localStt.values()) void stt.close();
    this.localStt.clear();
  }
}

// ── helpers ────────────────────────────────────────────────────────────────

function isOpenAi(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

function modelMissing(modelId: string): AppFailure {
  return new AppFailure(
    'model_missing',
    'The local speech model is not installed — download it in Voice settings',
    `Download ${modelId} (or import a model file) in Voice settings, or use an OpenAI-compatible speech-to-text service instead.`,
  );
}

const ms = (value: number) => `${Math.round(value)} ms`;

/** "speech-to-text: HTTP 500: boom" → "HTTP 500: boom" (the message names the service itself). */
function stripService(message: string): string {
  return message.replace(/^[a-z -]+: /, '');
}

/** 1 s of a quiet 440 Hz tone at 16 kHz: something to transcribe without saying anything. */
function quietTone(): Uint8Array {
  const rate = 16_000;
  const samples = new Int16Array(rate);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(300 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return encodeWav(samples, rate);
}

function audible(samples: Int16Array): boolean {
  for (const s of samples) if (Math.abs(s) > 100) return true;
  return false;
}

/** Everything that can stop a turn, as an AppError that says which service and what to do. */
export function voiceError(error: unknown, settings: VoiceSettings): AppError {
  if (error instanceof ReplyInterruptedError) {
    return {
      code: 'stream_error',
      message: `The agent's reply was cut off before it finished${error.partialText ? ' (what came before the break was spoken)' : ''}.`,
      hint: 'The agent may have failed mid-reply; reload the conversation to see what was saved, or try again.',
    };
  }
  if (error instanceof SpeechServiceError) return speechError(error, settings);
  if (error instanceof DOMException && error.name === 'AbortError') return { code: 'cancelled', message: 'The voice turn was stopped.' };
  return toAppError(error);
}

function speechError(error: SpeechServiceError, settings: VoiceSettings): AppError {
  const local = error.service === 'local speech-to-text' || error.service === 'speech model';
  const stt = error.service.includes('speech-to-text');
  const name = local ? 'local speech-to-text' : stt ? 'speech-to-text' : 'text-to-speech';
  const url = stt ? settings.sttBaseUrl : settings.ttsBaseUrl;
  const detail = stripService(error.message);
  const other = stt ? 'or use the local speech model' : 'or use the built-in voice';
  const status = error.status !== undefined ? { status: error.status } : {};
  switch (error.code) {
    case 'no_key':
      return { code: 'no_token', message: `No API key is set for the ${name} service at ${url}.`, hint: `Add the key in Voice settings, ${other}.` };
    case 'unauthorized':
      return { code: 'unauthorized', message: `The ${name} service at ${url} refused the API key (${detail}).`, hint: `Check the ${name} key in Voice settings.`, ...status };
    case 'rate_limited':
      return { code: 'rate_limited', message: `The ${name} service at ${url} is rate-limiting requests (${detail}).`, hint: 'Wait a moment and try again.', ...status };
    case 'connection':
      return {
        code: 'unreachable',
        message: `The ${name} service at ${url} cannot be reached (${detail.replace(/^cannot reach the service \(|\)$/g, '')}).`,
        hint: `Check that it is running and that its URL in Voice settings is right, ${other}.`,
      };
    case 'timeout':
      return { code: 'timeout', message: `The ${name} service at ${url} did not answer in time.`, hint: 'It may be busy; try again.' };
    case 'http':
      return {
        code: (error.status ?? 0) >= 500 ? 'server_error' : 'rejected',
        message: `The ${name} service at ${url} answered ${detail}.`,
        hint: `Check the model${stt ? '' : ' and voice'} names in Voice settings.`,
        ...status,
      };
    case 'aborted':
      return { code: 'cancelled', message: 'The voice turn was stopped.' };
    case 'model_missing':
      return modelMissing(settings.localModelId).toAppError();
    case 'unavailable':
      return { code: 'not_supported', message: `Local speech-to-text cannot run here: ${detail}.`, hint: 'Use an OpenAI-compatible speech-to-text service in Voice settings instead.' };
    case 'checksum':
    case 'bad_response':
      return { code: 'bad_response', message: local ? `Local speech-to-text failed: ${detail}.` : `The ${name} service at ${url} sent an answer the app cannot use: ${detail}.` };
  }
}

/** Exists, readable, and looks like a model: a ggml file, a faster-whisper folder, or its wheel. */
async function checkImportable(path: string): Promise<void> {
  const name = basename(path);
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new AppFailure('rejected', `${path} does not exist.`, 'Pick the model file again.');
  }
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new AppFailure('rejected', `${path} cannot be read (permission denied).`, 'Check the file\'s permissions.');
  }
  if (info.isDirectory()) {
    for (const file of ['model.bin', 'tokenizer.json']) {
      try {
        await access(join(path, file), constants.R_OK);
      } catch {
        throw new AppFailure('rejected', `${name} is a folder without a readable ${file}, so it is not a faster-whisper model.`, 'Pick a whisper.cpp ggml model file, or a faster-whisper model folder.');
      }
    }
    return;
  }
  if (path.endsWith('.whl')) return;
  // A whisper.cpp ggml file starts with the magic 'ggml' (little-endian) and is megabytes long.
  const head = Buffer.alloc(4);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (info.size < 1024 * 1024 || head.readUInt32LE(0) !== 0x67676d6c) {
    throw new AppFailure('rejected', `${name} is not a whisper.cpp ggml model.`, 'Pick a ggml model file (ggml-*.bin), a faster-whisper folder, or its wheel.');
  }
}
