/**
 * Energy-based voice activity detection over the capture frames: the fallback that needs no
 * model. It tracks the room's noise floor and calls speech when the level stays a margin above
 * it; the utterance ends after a hangover of quiet, and a short blip (a cough, a click) is
 * dropped. It cannot tell speech from other loud sounds (music, a door); a neural VAD can (see
 * README.md on @ricky0123/vad-web).
 *
 * Feed it every frame (`push(pcm, levelDbfs)`); it returns what happened at that frame.
 */

export interface EnergyVadOptions {
  frameMs?: number;
  /** Speech starts this far above the noise floor… */
  startMarginDb?: number;
  /** …and counts as going on while this far above it. */
  continueMarginDb?: number;
  /** Nothing quieter than this is ever speech, however quiet the room. */
  minSpeechDbfs?: number;
  /** Above-threshold time needed to declare speech (debounce). */
  startMs?: number;
  /** Quiet time that ends an utterance. */
  hangoverMs?: number;
  /** Audio kept from before the start was detected, so the first syllable is not cut. */
  preRollMs?: number;
  /** Utterances shorter than this (of speech, without the hangover) are dropped as misfires. */
  minSpeechMs?: number;
  /** An utterance is cut here even if the user keeps talking. */
  maxUtteranceMs?: number;
  /** Starting noise floor before anything is heard. */
  initialFloorDbfs?: number;
  /** The first frames only measure the room (no speech is called): the microphone just opened. */
  calibrationMs?: number;
}

export type VadEvent =
  | { type: 'none' }
  | { type: 'speech-start' }
  /** The utterance, pre-roll included, hangover trimmed to 200 ms. */
  | { type: 'speech-end'; pcm: Int16Array; speechMs: number; reason: 'silence' | 'max-length' }
  | { type: 'misfire'; speechMs: number };

type State = 'quiet' | 'rising' | 'speech';

export class EnergyVad {
  private readonly o: Required<EnergyVadOptions>;
  private state: State = 'quiet';
  private floor: number;
  private aboveMs = 0;
  private quietMs = 0;
  private speechMs = 0;
  private readonly preRoll: Int16Array[] = [];
  private utterance: Int16Array[] = [];
  private calibrated = 0;
  private calibrationSum = 0;

  constructor(options: EnergyVadOptions = {}) {
    this.o = {
      frameMs: 20,
      startMarginDb: 12,
      continueMarginDb: 7,
      minSpeechDbfs: -50,
      startMs: 60,
      hangoverMs: 700,
      preRollMs: 240,
      minSpeechMs: 250,
      maxUtteranceMs: 30_000,
      initialFloorDbfs: -60,
      calibrationMs: 300,
      ...options,
    };
    this.floor = this.o.initialFloorDbfs;
  }

  /** The noise floor it is tracking, in dBFS. */
  get noiseFloorDbfs(): number {
    return this.floor;
  }

  get speaking(): boolean {
    return this.state === 'speech';
  }

  /** Start again (after barge-in handling, or when the user toggles the microphone). */
  reset(): void {
    this.state = 'quiet';
    this.aboveMs = this.quietMs = this.speechMs = 0;
    this.preRoll.length = 0;
    this.utterance = [];
  }

  push(pcm: Int16Array, levelDbfs: number): VadEvent {
    const { frameMs } = this.o;
    if (this.calibrated < this.o.calibrationMs) {
      this.calibrated += frameMs;
      this.calibrationSum += levelDbfs;
      this.floor = Math.max(this.o.initialFloorDbfs - 40, this.calibrationSum / (this.calibrated / frameMs));
      this.preRoll.push(pcm);
      while (this.preRoll.length * frameMs > this.o.preRollMs + this.o.startMs) this.preRoll.shift();
      return { type: 'none' };
    }
    const startAt = Math.max(this.o.minSpeechDbfs, this.floor + this.o.startMarginDb);
    const continueAt = Math.max(this.o.minSpeechDbfs - 5, this.floor + this.o.continueMarginDb);

    if (this.state !== 'speech') {
      this.trackFloor(levelDbfs);
      this.preRoll.push(pcm);
      while (this.preRoll.length * frameMs > this.o.preRollMs + this.o.startMs) this.preRoll.shift();
      if (levelDbfs >= startAt) {
        this.aboveMs += frameMs;
        this.state = 'rising';
        if (this.aboveMs >= this.o.startMs) {
          this.state = 'speech';
          this.utterance = [...this.preRoll];
          this.preRoll.length = 0;
          this.speechMs = this.aboveMs;
          this.quietMs = 0;
          return { type: 'speech-start' };
        }
      } else {
        this.aboveMs = 0;
        this.state = 'quiet';
      }
      return { type: 'none' };
    }

    this.utterance.push(pcm);
    if (levelDbfs >= continueAt) {
      this.speechMs += frameMs + this.quietMs; // a short gap inside speech is speech
      this.quietMs = 0;
    } else {
      this.quietMs += frameMs;
    }
    const total = this.utterance.length * frameMs;
    if (total >= this.o.maxUtteranceMs) return this.finish('max-length');
    if (this.quietMs >= this.o.hangoverMs) return this.finish('silence');
    return { type: 'none' };
  }

  private finish(reason: 'silence' | 'max-length'): VadEvent {
    const { frameMs } = this.o;
    const speechMs = this.speechMs;
    // Keep 200 ms of the trailing quiet: recognisers like a little room after the last word.
    const trailingFrames = Math.floor(Math.max(0, this.quietMs - 200) / frameMs);
    const frames = this.utterance.slice(0, this.utterance.length - trailingFrames);
    this.reset();
    if (speechMs < this.o.minSpeechMs) return { type: 'misfire', speechMs };
    const pcm = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of frames) {
      pcm.set(f, at);
      at += f.length;
    }
    return { type: 'speech-end', pcm, speechMs, reason };
  }

  /** The floor follows quiet frames quickly downwards and slowly upwards (≈ 3 dB/s). */
  private trackFloor(level: number): void {
    if (level < this.floor) this.floor += (level - this.floor) * 0.3;
    else if (level < this.floor + this.o.startMarginDb) this.floor = Math.min(level, this.floor + (3 * this.o.frameMs) / 1000);
  }
}
