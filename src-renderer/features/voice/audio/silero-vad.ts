/**
 * Hands-free voice-activity detection with the Silero VAD model (v5), the ONNX file that ships
 * inside the npm package `@ricky0123/vad-web`, run by onnxruntime-web's single-threaded wasm
 * backend on the page's own capture frames — one microphone pipeline, no second worklet.
 *
 * The model scores 32 ms windows (512 samples at 16 kHz, with the 64 samples before them as
 * context) and carries a recurrent state from window to window. Our frames are 20 ms, so they are
 * regrouped here; each window's probability drives a small state machine with hysteresis:
 * speech starts at the first window above START_P, and ends after HANGOVER_MS below END_P. An
 * utterance shorter than MIN_SPEECH_MS is a misfire (a cough, a click), not a turn.
 *
 * Assets: both files are emitted by Vite from their packages (`?url`) and fetched from our own
 * origin (the CSP allows `connect-src 'self'` and `'wasm-unsafe-eval'` for exactly this). The page
 * is not cross-origin isolated, so there are no threads and no worker: inference runs on the main
 * thread, about 1 ms per window on these 2 cores.
 */
import * as ort from 'onnxruntime-web/wasm';
import modelUrl from '@ricky0123/vad-web/dist/silero_vad_v5.onnx?url';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { MicrophoneFrame, VadEvent, VoiceActivityDetector } from '../../../lib/state/voice.svelte';

const RATE = 16_000;
const WINDOW = 512;
const CONTEXT = 64;
const WINDOW_MS = (WINDOW / RATE) * 1000;
const FRAME_MS = 20;

export interface SileroOptions {
  /** Probability at which speech starts (espeak-ng's soft first consonants score just over 0.3). */
  startP?: number;
  /** Probability below which a window counts as quiet. */
  endP?: number;
  /** Quiet that ends an utterance. */
  hangoverMs?: number;
  minSpeechMs?: number;
  /** Audio kept from before the start (the detector needs a window or two to be sure). */
  preRollMs?: number;
  maxUtteranceMs?: number;
}

/** One compiled model for the whole page: compiling the wasm and the graph takes 1–3 s here. */
let session: Promise<ort.InferenceSession> | null = null;
/** `run` calls on one session must not overlap; every detector queues on this. */
let queue: Promise<unknown> = Promise.resolve();

function loadSession(): Promise<ort.InferenceSession> {
  if (!session) {
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.wasm.wasmPaths = { wasm: wasmUrl };
    ort.env.logLevel = 'warning';
    session = (async () => {
      const response = await fetch(modelUrl);
      if (!response.ok) throw new Error(`the voice-activity model could not be read (HTTP ${response.status})`);
      const model = new Uint8Array(await response.arrayBuffer());
      return ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    })();
    // A failed load may be retried by the next hands-free start.
    session.catch(() => (session = null));
  }
  return session;
}

/** Starts compiling the model ahead of need (e.g. when the pointer nears the hands-free button). */
export function warmUpSilero(): void {
  void loadSession().catch(() => undefined);
}

export async function createSileroVad(onEvent: (event: VadEvent) => void, options: SileroOptions = {}): Promise<VoiceActivityDetector> {
  return new SileroDetector(await loadSession(), onEvent, options);
}

class SileroDetector implements VoiceActivityDetector {
  readonly kind = 'silero' as const;
  readonly #session: ort.InferenceSession;
  readonly #onEvent: (event: VadEvent) => void;
  readonly #o: Required<SileroOptions>;
  readonly #sr = new ort.Tensor('int64', BigInt64Array.of(BigInt(RATE)), []);
  #state = zeroState();
  /** [64 samples of context | the window being filled]. */
  readonly #window = new Float32Array(CONTEXT + WINDOW);
  #filled = CONTEXT;
  #speaking = false;
  #speechMs = 0;
  #quietMs = 0;
  /** Frames before speech started (bounded), then the utterance's frames. */
  #preRoll: Int16Array[] = [];
  #utterance: Int16Array[] = [];
  /** Bumped by reset(): work queued before it is dropped. */
  #epoch = 0;
  #closed = false;

  constructor(session: ort.InferenceSession, onEvent: (event: VadEvent) => void, options: SileroOptions) {
    this.#session = session;
    this.#onEvent = onEvent;
    this.#o = { startP: 0.3, endP: 0.25, hangoverMs: 700, minSpeechMs: 250, preRollMs: 320, maxUtteranceMs: 30_000, ...options };
  }

  push(frame: MicrophoneFrame): void {
    if (this.#closed) return;
    const epoch = this.#epoch;
    // The worklet's buffer is ours, but the copy keeps this independent of whoever else reads it.
    const pcm = frame.pcm.slice();
    queue = queue.then(() => (epoch === this.#epoch ? this.#frame(pcm) : undefined)).catch((error: unknown) => console.warn('voice-activity model failed on a frame:', error));
  }

  async #frame(pcm: Int16Array): Promise<void> {
    const epoch = this.#epoch;
    this.#keep(pcm);
    for (let i = 0; i < pcm.length; i++) {
      this.#window[this.#filled++] = pcm[i]! / 32768;
      if (this.#filled < this.#window.length) continue;
      const p = await this.#score(this.#window.slice());
      // reset() while the model ran: this frame belongs to what was thrown away.
      if (epoch !== this.#epoch) return;
      this.#window.copyWithin(0, WINDOW);
      this.#filled = CONTEXT;
      this.#decide(p);
    }
    if (this.#speaking && this.#utterance.length * FRAME_MS >= this.#o.maxUtteranceMs) this.#end();
  }

  #keep(pcm: Int16Array): void {
    if (this.#speaking) {
      this.#utterance.push(pcm);
      return;
    }
    this.#preRoll.push(pcm);
    while (this.#preRoll.length * FRAME_MS > this.#o.preRollMs) this.#preRoll.shift();
  }

  async #score(samples: Float32Array): Promise<number> {
    const epoch = this.#epoch;
    const out = await this.#session.run({ input: new ort.Tensor('float32', samples, [1, CONTEXT + WINDOW]), state: this.#state, sr: this.#sr });
    // The recurrent state carries on only if nothing reset the detector meanwhile.
    if (epoch === this.#epoch) this.#state = out['stateN']!;
    return (out['output']!.data as Float32Array)[0]!;
  }

  #decide(p: number): void {
    if (!this.#speaking) {
      if (p < this.#o.startP) return;
      this.#speaking = true;
      this.#speechMs = WINDOW_MS;
      this.#quietMs = 0;
      this.#utterance = this.#preRoll;
      this.#preRoll = [];
      this.#onEvent({ type: 'speech-start' });
      return;
    }
    if (p >= this.#o.endP) {
      // A short pause inside speech is speech.
      this.#speechMs += WINDOW_MS + this.#quietMs;
      this.#quietMs = 0;
      return;
    }
    this.#quietMs += WINDOW_MS;
    if (this.#quietMs >= this.#o.hangoverMs) this.#end();
  }

  #end(): void {
    const speechMs = this.#speechMs;
    // Keep 200 ms after the last word: recognisers like a little room at the end.
    const trailing = Math.floor(Math.max(0, this.#quietMs - 200) / FRAME_MS);
    const frames = this.#utterance.slice(0, Math.max(0, this.#utterance.length - trailing));
    this.#speaking = false;
    this.#speechMs = 0;
    this.#quietMs = 0;
    this.#utterance = [];
    if (speechMs < this.#o.minSpeechMs) {
      this.#onEvent({ type: 'misfire' });
      return;
    }
    const pcm = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of frames) {
      pcm.set(f, at);
      at += f.length;
    }
    this.#onEvent({ type: 'speech-end', pcm, speechMs });
  }

  reset(): void {
    this.#epoch++;
    // Not disposed: a run still in flight may hold it (CPU tensors are garbage-collected).
    this.#state = zeroState();
    this.#window.fill(0);
    this.#filled = CONTEXT;
    this.#speaking = false;
    this.#speechMs = this.#quietMs = 0;
    this.#preRoll = [];
    this.#utterance = [];
  }

  close(): void {
    this.reset();
    this.#closed = true;
  }
}

function zeroState(): ort.Tensor {
  return new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
}
