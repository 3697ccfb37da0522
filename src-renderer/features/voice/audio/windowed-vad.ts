/**
 * The hands-free detector's state machine, apart from the model that scores the audio (so it can
 * be tested with a scripted scorer, and the bench can drive it with the model in Node).
 *
 * A scorer rates fixed windows of 16 kHz audio (Silero: 512 samples, 32 ms, with the 64 samples
 * before them as context). Our capture frames are 20 ms, so they are regrouped here into windows;
 * each window's speech probability drives a small machine with hysteresis: speech starts at the
 * first window at or above `startP`, and ends after `hangoverMs` of windows below `endP`. An
 * utterance with less than `minSpeechMs` of speech is a misfire (a cough, a click), not a turn.
 * The utterance handed on includes `preRollMs` of audio from before the start (the detector needs
 * a window or two to be sure) and 200 ms after the last word.
 *
 * Scoring is asynchronous; frames are queued and scored strictly in order, and `reset()` drops
 * whatever was queued or in flight before it.
 */
import type { MicrophoneFrame, VadEvent, VoiceActivityDetector } from '../../../lib/state/voice.svelte';

export const VAD_RATE = 16_000;
const FRAME_MS = 20;

export interface WindowScorer {
  /** Samples per scored window, and how many samples before it come along as context. */
  readonly window: number;
  readonly context: number;
  /** Speech probability of `samples` (context + window, floats in [-1, 1]). */
  score(samples: Float32Array): Promise<number>;
  /** Forget any state carried from window to window. */
  reset(): void;
}

export interface WindowedVadOptions {
  startP?: number;
  endP?: number;
  hangoverMs?: number;
  minSpeechMs?: number;
  preRollMs?: number;
  maxUtteranceMs?: number;
}

/** Scoring on one model must not overlap: every detector of the page queues here. */
let queue: Promise<unknown> = Promise.resolve();

export class WindowedVad implements VoiceActivityDetector {
  readonly kind: 'silero' | 'energy';
  readonly #scorer: WindowScorer;
  readonly #onEvent: (event: VadEvent) => void;
  readonly #o: Required<WindowedVadOptions>;
  readonly #windowMs: number;
  /** [context | the window being filled]. */
  readonly #buffer: Float32Array;
  #filled: number;
  #speaking = false;
  #speechMs = 0;
  #quietMs = 0;
  #preRoll: Int16Array[] = [];
  #utterance: Int16Array[] = [];
  #epoch = 0;
  #closed = false;

  constructor(kind: 'silero' | 'energy', scorer: WindowScorer, onEvent: (event: VadEvent) => void, options: WindowedVadOptions = {}) {
    this.kind = kind;
    this.#scorer = scorer;
    this.#onEvent = onEvent;
    // espeak-ng's soft first consonants score just over 0.3 on Silero; silence stays near 0.01.
    this.#o = { startP: 0.3, endP: 0.25, hangoverMs: 700, minSpeechMs: 250, preRollMs: 320, maxUtteranceMs: 30_000, ...options };
    this.#windowMs = (scorer.window / VAD_RATE) * 1000;
    this.#buffer = new Float32Array(scorer.context + scorer.window);
    this.#filled = scorer.context;
  }

  get speaking(): boolean {
    return this.#speaking;
  }

  push(frame: MicrophoneFrame): void {
    if (this.#closed) return;
    const epoch = this.#epoch;
    // Copied now: the frame's buffer may be reused by whoever delivered it.
    const pcm = frame.pcm.slice();
    const done = queue.then(() => (epoch === this.#epoch ? this.#frame(pcm, epoch) : undefined));
    queue = done.catch((error: unknown) => console.warn('voice activity detection failed on a frame:', error));
  }

  /** Resolves once every frame pushed so far has been scored (tests and the bench wait on it). */
  settled(): Promise<void> {
    return queue.then(() => undefined);
  }

  async #frame(pcm: Int16Array, epoch: number): Promise<void> {
    this.#keep(pcm);
    for (let i = 0; i < pcm.length; i++) {
      this.#buffer[this.#filled++] = pcm[i]! / 32768;
      if (this.#filled < this.#buffer.length) continue;
      const p = await this.#scorer.score(this.#buffer.slice());
      if (epoch !== this.#epoch) return;
      this.#buffer.copyWithin(0, this.#scorer.window);
      this.#filled = this.#scorer.context;
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

  #decide(p: number): void {
    if (!this.#speaking) {
      if (p < this.#o.startP) return;
      this.#speaking = true;
      this.#speechMs = this.#windowMs;
      this.#quietMs = 0;
      this.#utterance = this.#preRoll;
      this.#preRoll = [];
      this.#onEvent({ type: 'speech-start' });
      return;
    }
    if (p >= this.#o.endP) {
      // A short pause inside speech is speech.
      this.#speechMs += this.#windowMs + this.#quietMs;
      this.#quietMs = 0;
      return;
    }
    this.#quietMs += this.#windowMs;
    if (this.#quietMs >= this.#o.hangoverMs) this.#end();
  }

  #end(): void {
    const speechMs = this.#speechMs;
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
    this.#scorer.reset();
    this.#buffer.fill(0);
    this.#filled = this.#scorer.context;
    this.#speaking = false;
    this.#speechMs = 0;
    this.#quietMs = 0;
    this.#preRoll = [];
    this.#utterance = [];
  }

  close(): void {
    this.reset();
    this.#closed = true;
  }
}
