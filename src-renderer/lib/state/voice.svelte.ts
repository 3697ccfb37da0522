/**
 * Voice mode for one agent's chat: push-to-talk and hands-free capture, one voice turn at a time
 * (speech → `voice:start-turn` → transcript, reply text and spoken sentences as `voice:stream`),
 * playback of the reply, and barge-in — the user starting to talk stops the agent's voice at once
 * and cancels the rest of its turn.
 *
 * The audio itself (microphone, worklet, VAD model, Web Audio output) is not touched here: it
 * comes in as a `VoiceAudio` (features/voice/audio/browser-audio.ts in the app, a scripted fake
 * in the tests), so this class holds only what the user sees and the order things happen in.
 * The turn is also shown in the conversation, like a typed one, through the chat's ExternalTurn.
 */
import type { VoiceStreamChunk } from '../../../src-shared/app-types';
import type { Api } from '../../../src-shared/ipc/api-types';
import type { VoiceMode, VoiceSettingsView } from '../../../src-shared/voice/voice-settings';
import { api, ApiError, asApiError, onEvent } from '../api';
import type { ExternalTurn } from './chat.svelte';

/** What the status line says, and `data-state` for the tests. */
export type VoiceStatus = 'idle' | 'listening' | 'transcribing' | 'thinking' | 'speaking' | 'error';

/** Why the microphone could not be opened, as the user can act on it. */
export type MicrophoneProblem = 'permission-denied' | 'no-microphone' | 'device-busy' | 'unsupported';

export class MicrophoneError extends Error {
  constructor(
    readonly problem: MicrophoneProblem,
    message: string,
  ) {
    super(message);
    this.name = 'MicrophoneError';
  }
}

export interface MicrophoneFrame {
  /** 20 ms of 16 kHz mono PCM. */
  pcm: Int16Array;
  levelDbfs: number;
}

export interface OpenMicrophone {
  /** Delivers the samples still inside the capture worklet, then resolves. */
  flush(): Promise<void>;
  close(): void;
}

export type VadEvent =
  | { type: 'speech-start' }
  /** One utterance, a little audio from before the start included. */
  | { type: 'speech-end'; pcm: Int16Array; speechMs: number }
  | { type: 'misfire' };

export interface VoiceActivityDetector {
  /** Which detector runs (the settings panel says so): the Silero model, or the energy fallback. */
  readonly kind: 'silero' | 'energy';
  push(frame: MicrophoneFrame): void;
  reset(): void;
  close(): void;
}

export interface VoiceAudio {
  openMicrophone(deviceId: string | null, onFrame: (frame: MicrophoneFrame) => void): Promise<OpenMicrophone>;
  createVad(onEvent: (event: VadEvent) => void): Promise<VoiceActivityDetector>;
  /** Queues a spoken sentence after those already queued. */
  play(audio: { sampleRate: number; samples: Int16Array }): void;
  /** Silences playback now and drops what is queued; resolves with how long the output took to go quiet. */
  stopPlayback(): Promise<{ stopMs: number } | null>;
  readonly playing: boolean;
  /** Called when everything queued has been heard, and with the output's peak (0–1) while playing. */
  onPlayback(listener: { idle: () => void; peak: (peak: number) => void }): void;
  /** WAV bytes of 16 kHz mono PCM. */
  encodeWav(pcm: readonly Int16Array[]): Uint8Array;
  dispose(): void;
}

export interface VoiceDeps {
  api: { voice: Pick<Api['voice'], 'startTurn' | 'cancel' | 'getSettings'> };
  onEvent: typeof onEvent;
  audio: () => VoiceAudio;
  newId: () => string;
  /** The chat the turn is shown in (null: the chat is busy with a typed turn). */
  chatTurn: (cancel: () => Promise<void>) => ExternalTurn | null;
  frame: (callback: () => void) => void;
  now: () => number;
}

/** A quieter recording than this (peak) is taken as nothing said: no turn is sent. */
const SILENT_DBFS = -48;
/** A push-to-talk press shorter than this is a click, not speech. */
const MIN_PRESS_MS = 250;
/** A press this long is cut (the contract's limit is 2 minutes). */
const MAX_UTTERANCE_FRAMES = (110 * 1000) / 20;

const FRAME_MS = 20;
const METER_FALL_DB_S = 24;
/** At most this much audio waits for the detector to load (10 s). */
const BACKLOG_FRAMES = 500;

/** The meter's scale: -60 dBFS … 0 dBFS → 0 … 1. */
export function meterValue(levelDbfs: number): number {
  return Math.min(1, Math.max(0, (levelDbfs + 60) / 60));
}

interface ActiveTurn {
  requestId: string;
  chat: ExternalTurn | null;
  heard: boolean;
  replied: boolean;
  /** The recording, kept until a transcript came back, so a barge-in while transcribing loses nothing. */
  pcm: Int16Array | null;
  ended: boolean;
}

export class VoiceSession {
  readonly agentId: string;
  readonly #deps: VoiceDeps;
  #audio: VoiceAudio | null = null;

  #status = $state<VoiceStatus>('idle');
  #handsFree = $state(false);
  #holding = $state(false);
  #level = $state(0);
  #transcript = $state('');
  #reply = $state('');
  #error = $state.raw<ApiError | null>(null);
  #notice = $state<string | null>(null);
  #outputPeak = $state(0);
  #bargeIns = $state(0);
  #lastStopMs = $state<number | null>(null);
  #transport = $state<string | null>(null);
  #vadKind = $state<'silero' | 'energy' | null>(null);
  #settings = $state.raw<VoiceSettingsView | null>(null);

  #mic: OpenMicrophone | null = null;
  #micOpening: Promise<OpenMicrophone | null> | null = null;
  #vad: VoiceActivityDetector | null = null;
  #pressFrames: Int16Array[] = [];
  /** Frames heard while the detector was still loading. */
  #backlog: MicrophoneFrame[] = [];
  #pressPeakDbfs = -100;
  #pressStarted = 0;
  #turn = $state.raw<ActiveTurn | null>(null);
  /** A recording interrupted while it was being transcribed, said again before the next one. */
  #carry: Int16Array | null = null;
  #pendingLevel: number | null = null;
  #needleDb = -100;
  #framePending = false;
  #disposed = false;
  #stops: Array<() => void> = [];

  constructor(agentId: string, deps: VoiceDeps) {
    this.agentId = agentId;
    this.#deps = deps;
  }

  get status(): VoiceStatus {
    return this.#status;
  }
  get handsFree(): boolean {
    return this.#handsFree;
  }
  get holding(): boolean {
    return this.#holding;
  }
  /** The microphone's level, 0–1 (a VU needle: up at once, back slowly). */
  get level(): number {
    return this.#level;
  }
  get transcript(): string {
    return this.#transcript;
  }
  get reply(): string {
    return this.#reply;
  }
  get error(): ApiError | null {
    return this.#error;
  }
  /** A passing remark ("nothing was heard"), not an error. */
  get notice(): string | null {
    return this.#notice;
  }
  /** The loudest the reply's audio got at the output (0–1) in the current or last turn. */
  get outputPeak(): number {
    return this.#outputPeak;
  }
  get bargeIns(): number {
    return this.#bargeIns;
  }
  /** How long the last barge-in took the output to go silent, in ms. */
  get lastStopMs(): number | null {
    return this.#lastStopMs;
  }
  /** The route the last reply took (voice endpoint or the agent's message stream). */
  get transport(): string | null {
    return this.#transport;
  }
  get vadKind(): 'silero' | 'energy' | null {
    return this.#vadKind;
  }
  get mode(): VoiceMode {
    return this.#settings?.mode ?? 'push-to-talk';
  }
  get microphoneOpen(): boolean {
    return this.#mic !== null;
  }
  /** A turn is on its way (Stop applies). */
  get turnRunning(): boolean {
    return this.#turn !== null || this.#status === 'speaking';
  }

  start(): () => void {
    void this.#loadSettings();
    this.#stops = [
      this.#deps.onEvent('voice:stream', ({ requestId, chunk }) => {
        if (this.#turn?.requestId === requestId) this.#onChunk(this.#turn, chunk);
      }),
      this.#deps.onEvent('voice:changed', () => void this.#loadSettings()),
    ];
    return () => this.dispose();
  }

  async #loadSettings(): Promise<void> {
    try {
      this.#settings = await this.#deps.api.voice.getSettings({});
    } catch {
      // Defaults apply; the settings panel shows why they could not be read.
    }
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#stops.forEach((stop) => stop());
    if (this.#turn) void this.#cancelTurn(this.#turn);
    this.#closeMic();
    this.#vad?.close();
    this.#vad = null;
    this.#audio?.dispose();
    this.#audio = null;
  }

  #audioEngine(): VoiceAudio {
    if (!this.#audio) {
      this.#audio = this.#deps.audio();
      this.#audio.onPlayback({
        idle: () => this.#playbackIdle(),
        peak: (peak) => {
          if (peak > this.#outputPeak) this.#outputPeak = peak;
        },
      });
    }
    return this.#audio;
  }

  // ── push-to-talk ─────────────────────────────────────────────────────────

  /** The talk button went down (or the shortcut): barge in on the agent, and record. */
  async pressTalk(): Promise<void> {
    if (this.#holding || this.#disposed) return;
    this.#holding = true;
    this.#error = null;
    this.#notice = null;
    await this.#bargeIn();
    this.#pressFrames = [];
    this.#pressPeakDbfs = -100;
    this.#pressStarted = this.#deps.now();
    this.#status = 'listening';
    const mic = await this.#openMic();
    if (!mic) this.#holding = false;
  }

  /** The talk button came up: what was recorded becomes a turn, unless it was only silence. */
  async releaseTalk(): Promise<void> {
    if (!this.#holding) return;
    this.#holding = false;
    const mic = this.#mic ?? (await this.#micOpening);
    if (!mic) {
      if (this.#status === 'listening') {
        this.#status = this.#listeningOrIdle();
        this.#notice = 'Hold the button while you speak, and let go when you are done.';
      }
      return;
    }
    await mic.flush();
    const frames = this.#pressFrames;
    this.#pressFrames = [];
    const heldMs = this.#deps.now() - this.#pressStarted;
    if (!this.#handsFree) this.#closeMic();
    if (heldMs < MIN_PRESS_MS || this.#pressPeakDbfs < SILENT_DBFS || frames.length === 0) {
      this.#status = this.#handsFree ? 'listening' : 'idle';
      this.#notice = heldMs < MIN_PRESS_MS ? 'Hold the button while you speak, and let go when you are done.' : 'Nothing was heard: is the right microphone chosen in Voice settings?';
      return;
    }
    await this.#sendUtterance(joinPcm(frames));
  }

  // ── hands-free ───────────────────────────────────────────────────────────

  async toggleHandsFree(): Promise<void> {
    if (this.#handsFree) return this.stopHandsFree();
    this.#handsFree = true;
    this.#error = null;
    this.#notice = null;
    if (this.#status === 'idle' || this.#status === 'error') this.#status = 'listening';
    // The detector's model may take a few seconds to compile the first time: the microphone opens
    // meanwhile and its frames wait in the backlog, so the first words are not lost.
    this.#vad?.reset();
    const detector = this.#vad ? Promise.resolve(this.#vad) : this.#audioEngine().createVad((event) => this.#onVad(event));
    const mic = this.#openMic();
    try {
      this.#vad = await detector;
      this.#vadKind = this.#vad.kind;
    } catch (error) {
      this.#handsFree = false;
      this.#backlog = [];
      if (!this.#holding) this.#closeMic();
      this.#fail(new ApiError({ code: 'not_supported', message: `Voice detection could not start: ${asApiError(error).message}`, hint: 'Use push-to-talk instead.' }));
      return;
    }
    if (this.#handsFree) for (const frame of this.#backlog.splice(0)) this.#vad.push(frame);
    if (!(await mic)) this.#handsFree = false;
  }

  /** Ends the conversation: the microphone closes, and the agent stops talking. */
  async stopHandsFree(): Promise<void> {
    this.#handsFree = false;
    this.#backlog = [];
    this.#vad?.reset();
    if (!this.#holding) this.#closeMic();
    await this.stop();
    if (this.#status === 'listening') this.#status = 'idle';
  }

  /** Stop: the reply's voice goes quiet and the rest of the turn is cancelled. */
  async stop(): Promise<void> {
    const turn = this.#turn;
    if (this.#audio?.playing) await this.#audio.stopPlayback();
    if (turn) await this.#cancelTurn(turn);
    this.#status = this.#listeningOrIdle();
  }

  #onVad(event: VadEvent): void {
    if (!this.#handsFree || this.#holding) return;
    if (event.type === 'speech-start') {
      this.#error = null;
      this.#notice = null;
      void this.#bargeIn();
      this.#status = 'listening';
    } else if (event.type === 'speech-end') {
      void this.#sendUtterance(event.pcm);
    }
  }

  // ── the microphone ───────────────────────────────────────────────────────

  async #openMic(): Promise<OpenMicrophone | null> {
    if (this.#mic) return this.#mic;
    if (this.#micOpening) return this.#micOpening;
    const opening = (async () => {
      try {
        const mic = await this.#audioEngine().openMicrophone(this.#settings?.inputDeviceId ?? null, (frame) => this.#onFrame(frame));
        // Let go (or switched off) before the microphone was ready: nothing to record.
        if (this.#disposed || (!this.#holding && !this.#handsFree)) {
          mic.close();
          return null;
        }
        this.#mic = mic;
        return mic;
      } catch (error) {
        this.#fail(microphoneError(error));
        return null;
      } finally {
        this.#micOpening = null;
      }
    })();
    this.#micOpening = opening;
    return opening;
  }

  #closeMic(): void {
    this.#mic?.close();
    this.#mic = null;
    this.#needleDb = -100;
    this.#setLevel(-100);
  }

  #onFrame(frame: MicrophoneFrame): void {
    this.#setLevel(frame.levelDbfs);
    if (this.#holding) {
      if (this.#pressFrames.length < MAX_UTTERANCE_FRAMES) this.#pressFrames.push(frame.pcm);
      if (frame.levelDbfs > this.#pressPeakDbfs) this.#pressPeakDbfs = frame.levelDbfs;
      return;
    }
    if (!this.#handsFree) return;
    if (this.#vad) this.#vad.push(frame);
    else if (this.#backlog.length < BACKLOG_FRAMES) this.#backlog.push(frame);
  }

  /**
   * The meter's needle, VU-style: it jumps up with the level and falls back at METER_FALL_DB_S,
   * so it reads as speech across the gaps between words; it is painted at most once per frame.
   */
  #setLevel(levelDbfs: number): void {
    this.#needleDb = levelDbfs >= this.#needleDb ? levelDbfs : Math.max(levelDbfs, this.#needleDb - (METER_FALL_DB_S * FRAME_MS) / 1000);
    this.#pendingLevel = this.#needleDb;
    if (this.#framePending) return;
    this.#framePending = true;
    this.#deps.frame(() => {
      this.#framePending = false;
      if (this.#pendingLevel !== null) this.#level = meterValue(this.#pendingLevel);
      this.#pendingLevel = null;
    });
  }

  // ── turns ────────────────────────────────────────────────────────────────

  async #sendUtterance(pcm: Int16Array): Promise<void> {
    if (this.#disposed) return;
    const audio = this.#audioEngine();
    const parts = this.#carry ? [this.#carry, new Int16Array(16_000 * 0.3), pcm] : [pcm];
    this.#carry = null;
    const requestId = this.#deps.newId();
    const turn: ActiveTurn = { requestId, chat: null, heard: false, replied: false, pcm: joinPcm(parts), ended: false };
    // The chat's Stop (and Esc) stops the voice as well as the turn.
    turn.chat = this.#deps.chatTurn(() => this.stop());
    if (!turn.chat) {
      this.#fail(new ApiError({ code: 'conflict', message: 'The agent is still answering a typed message.', hint: 'Wait for that reply, or stop it, then speak again.' }));
      return;
    }
    this.#turn = turn;
    this.#transcript = '';
    this.#reply = '';
    this.#outputPeak = 0;
    this.#transport = null;
    this.#status = 'transcribing';
    const wav = audio.encodeWav(parts);
    try {
      await this.#deps.api.voice.startTurn({ agentId: this.agentId, requestId, wavBase64: toBase64(wav) });
    } catch (error) {
      if (this.#turn !== turn) return;
      this.#endTurn(turn);
      turn.chat.finish({ type: 'nothing' });
      this.#fail(asApiError(error));
    }
  }

  #onChunk(turn: ActiveTurn, chunk: VoiceStreamChunk): void {
    switch (chunk.type) {
      case 'transcript':
        turn.heard = true;
        turn.pcm = null;
        this.#transcript = chunk.text;
        turn.chat?.userText(chunk.text);
        if (this.#status === 'transcribing') this.#status = 'thinking';
        return;
      case 'nothing-heard':
        this.#notice = 'Nothing was understood, so nothing was sent to the agent.';
        return;
      case 'delta':
        turn.replied = true;
        this.#reply += chunk.text;
        turn.chat?.replyText(chunk.text);
        return;
      case 'side':
        turn.chat?.side(chunk.event);
        return;
      case 'sentence':
        return;
      case 'audio':
        this.#audioEngine().play({ sampleRate: chunk.sampleRate, samples: fromBase64Pcm(chunk.pcmBase64) });
        this.#status = 'speaking';
        return;
      case 'done':
        this.#transport = chunk.transport;
        this.#endTurn(turn);
        turn.chat?.finish(turn.heard ? { type: 'done' } : { type: 'nothing' });
        if (!this.#audio?.playing) this.#status = this.#listeningOrIdle();
        return;
      case 'cancelled':
        this.#endTurn(turn);
        turn.chat?.finish(turn.heard ? { type: 'cancelled', message: 'Interrupted. What the agent had said so far is kept.' } : { type: 'nothing' });
        if (!this.#audio?.playing) this.#status = this.#listeningOrIdle();
        return;
      case 'error': {
        this.#endTurn(turn);
        const error = new ApiError(chunk.error);
        // Before the transcript nothing reached the agent: the error belongs to voice, not to the chat.
        if (turn.heard) turn.chat?.finish({ type: 'error', message: error.message, hint: error.hint });
        else turn.chat?.finish({ type: 'nothing' });
        this.#fail(error);
        return;
      }
    }
  }

  #endTurn(turn: ActiveTurn): void {
    turn.ended = true;
    if (this.#turn === turn) this.#turn = null;
  }

  async #cancelTurn(turn: ActiveTurn): Promise<void> {
    if (turn.ended) return;
    // A recording not yet transcribed is said again with the next one, so the user loses nothing.
    if (!turn.heard && turn.pcm) this.#carry = turn.pcm;
    this.#endTurn(turn);
    turn.chat?.finish(turn.heard ? { type: 'cancelled', message: 'Interrupted. What the agent had said so far is kept.' } : { type: 'nothing' });
    try {
      await this.#deps.api.voice.cancel({ requestId: turn.requestId });
    } catch {
      // The turn is already gone on the other side; nothing more of it will be shown.
    }
  }

  /** The user talks over the agent: silence within a render quantum, then cancel what is still coming. */
  async #bargeIn(): Promise<void> {
    const turn = this.#turn;
    const audio = this.#audio;
    const wasPlaying = audio?.playing ?? false;
    if (!wasPlaying && !(turn && turn.heard)) {
      if (turn) await this.#cancelTurn(turn);
      return;
    }
    const stopping = wasPlaying ? audio!.stopPlayback() : Promise.resolve(null);
    if (wasPlaying) this.#bargeIns += 1;
    if (turn) void this.#cancelTurn(turn);
    const report = await stopping;
    if (report) this.#lastStopMs = report.stopMs;
  }

  #playbackIdle(): void {
    if (this.#status !== 'speaking') return;
    this.#status = this.#turn ? 'thinking' : this.#listeningOrIdle();
  }

  #listeningOrIdle(): VoiceStatus {
    return this.#handsFree || this.#holding ? 'listening' : 'idle';
  }

  #fail(error: ApiError): void {
    this.#error = error;
    this.#status = 'error';
  }

  dismissError(): void {
    this.#error = null;
    if (this.#status === 'error') this.#status = this.#listeningOrIdle();
  }
}

export function joinPcm(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64Pcm(base64: string): Int16Array {
  const binary = atob(base64);
  const out = new Int16Array(binary.length >> 1);
  for (let i = 0; i < out.length; i++) {
    const v = binary.charCodeAt(2 * i) | (binary.charCodeAt(2 * i + 1) << 8);
    out[i] = v >= 0x8000 ? v - 0x10000 : v;
  }
  return out;
}

/** What getUserMedia's failures mean to the user. */
export function microphoneError(error: unknown): ApiError {
  if (error instanceof MicrophoneError) {
    const hints: Record<MicrophoneProblem, string> = {
      'permission-denied': 'Allow Letta Desk to use the microphone in your system settings, then try again.',
      'no-microphone': 'Connect a microphone, or choose another input device in Voice settings.',
      'device-busy': 'Another program may be using the microphone; close it and try again.',
      unsupported: 'This window cannot capture audio; use the desktop app or a current Chromium.',
    };
    return new ApiError({ code: error.problem === 'permission-denied' ? 'forbidden' : 'not_supported', message: error.message, hint: hints[error.problem] });
  }
  return asApiError(error);
}

export const defaultVoiceDeps = (audio: () => VoiceAudio, chatTurn: VoiceDeps['chatTurn']): VoiceDeps => ({
  api,
  onEvent,
  audio,
  chatTurn,
  newId: () => crypto.randomUUID(),
  frame: (callback) => requestAnimationFrame(() => callback()),
  now: () => performance.now(),
});
