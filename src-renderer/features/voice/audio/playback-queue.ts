/**
 * Gapless playback of the reply's sentences as they are synthesized, and barge-in: when the user
 * starts talking over the agent, `bargeIn()` silences everything within one render quantum
 * (a 2 ms fade, so it does not click) and tells when the output actually went silent.
 *
 * Written against the few Web Audio calls it uses (AudioContextLike), so an AudioContext, an
 * OfflineAudioContext, or the offline fake in the tests all drive it. The output should go to the
 * page's normal destination: Chromium's echo canceller (getUserMedia `echoCancellation: true`)
 * only removes what the page itself plays, which is also why speechSynthesis is not used.
 */

export interface AudioParamLike {
  value: number;
  setValueAtTime(value: number, time: number): unknown;
  linearRampToValueAtTime(value: number, time: number): unknown;
  cancelScheduledValues(time: number): unknown;
}

export interface AudioNodeLike {
  connect(destination: AudioNodeLike): unknown;
  disconnect(): void;
}

export interface GainNodeLike extends AudioNodeLike {
  readonly gain: AudioParamLike;
}

export interface AudioBufferLike {
  readonly duration: number;
  copyToChannel(source: Float32Array<ArrayBuffer>, channel: number): void;
}

export interface BufferSourceLike extends AudioNodeLike {
  buffer: AudioBufferLike | null;
  onended: ((this: never, ev: Event) => unknown) | null;
  start(when?: number): void;
  stop(when?: number): void;
}

export interface AudioContextLike {
  readonly currentTime: number;
  readonly destination: AudioNodeLike;
  createBuffer(channels: number, length: number, sampleRate: number): AudioBufferLike;
  createBufferSource(): BufferSourceLike;
  createGain(): GainNodeLike;
}

export interface PlaybackAudio {
  sampleRate: number;
  /** Mono 16-bit. */
  samples: Int16Array;
}

export interface QueuedSpeech {
  readonly id: number;
  readonly label: string | undefined;
  /** Context time it starts and ends at. */
  readonly startAt: number;
  readonly endAt: number;
}

export interface BargeInReport {
  /** Context time bargeIn() was called. */
  requestedAt: number;
  /** Context time by which the output is silent (the end of the fade). */
  silentAt: number;
  /** Context time the last playing sound reported `ended` (undefined if nothing was playing). */
  confirmedAt: number | undefined;
  /** silentAt − requestedAt, in ms. */
  stopMs: number;
  /** Items that were playing or waiting and will not be heard. */
  dropped: number;
}

export interface PlaybackQueueOptions {
  /** How far ahead of "now" a new sentence is scheduled when the queue is idle (default 30 ms). */
  leadSeconds?: number;
  /** Fade at barge-in (default 2 ms: less than one 128-sample quantum at 48 kHz). */
  fadeSeconds?: number;
  onItemEnd?: (item: QueuedSpeech) => void;
  /** Everything queued has been played (not called after a barge-in). */
  onIdle?: () => void;
}

interface Entry extends QueuedSpeech {
  source: BufferSourceLike;
  ended: boolean;
}

export class PlaybackQueue {
  private gainNode: GainNodeLike;
  private readonly entries: Entry[] = [];
  private endOfQueue = 0;
  private nextId = 1;
  private readonly lead: number;
  private readonly fade: number;

  constructor(
    private readonly ctx: AudioContextLike,
    private readonly options: PlaybackQueueOptions = {},
    private readonly output: AudioNodeLike = ctx.destination,
  ) {
    this.lead = options.leadSeconds ?? 0.03;
    this.fade = options.fadeSeconds ?? 0.002;
    this.gainNode = this.newGain();
  }

  /** Sentences scheduled and not yet finished. */
  get size(): number {
    return this.entries.length;
  }

  /** Seconds of queued audio still to be heard. */
  get pendingSeconds(): number {
    return Math.max(0, this.endOfQueue - this.ctx.currentTime);
  }

  get items(): readonly QueuedSpeech[] {
    return this.entries.map(({ id, label, startAt, endAt }) => ({ id, label, startAt, endAt }));
  }

  /** Schedules one sentence right after what is already queued. */
  enqueue(audio: PlaybackAudio, label?: string): QueuedSpeech {
    const now = this.ctx.currentTime;
    const length = Math.max(1, audio.samples.length);
    const buffer = this.ctx.createBuffer(1, length, audio.sampleRate);
    const data = new Float32Array(length);
    for (let i = 0; i < audio.samples.length; i++) data[i] = audio.samples[i]! / 32768;
    buffer.copyToChannel(data, 0);
    const source = this.ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(this.gainNode);
    const startAt = Math.max(now + this.lead, this.endOfQueue);
    const endAt = startAt + buffer.duration;
    this.endOfQueue = endAt;
    const entry: Entry = { id: this.nextId++, label, startAt, endAt, source, ended: false };
    source.onended = () => this.ended(entry);
    source.start(startAt);
    this.entries.push(entry);
    return { id: entry.id, label, startAt, endAt };
  }

  /**
   * Silences playback now: a fade of `fadeSeconds` on the output gain, every source stopped at
   * its end, everything queued dropped. Resolves once the sounds that were playing reported
   * `ended`. Sentences enqueued afterwards play normally.
   */
  bargeIn(): Promise<BargeInReport> {
    const requestedAt = this.ctx.currentTime;
    const silentAt = requestedAt + this.fade;
    const gain = this.gainNode.gain;
    gain.cancelScheduledValues(requestedAt);
    gain.setValueAtTime(gain.value, requestedAt);
    gain.linearRampToValueAtTime(0, silentAt);
    const victims = this.entries.splice(0);
    const playing = victims.filter((e) => e.startAt <= silentAt && !e.ended);
    const waits = playing.map(
      (e) =>
        new Promise<number>((resolve) => {
          e.source.onended = () => {
            e.ended = true;
            resolve(this.ctx.currentTime);
          };
        }),
    );
    for (const e of victims) {
      // A source that has not started is stopped before its start, so it never sounds.
      if (e.startAt > silentAt) e.source.onended = null;
      try {
        e.source.stop(silentAt);
      } catch {
        // already stopped
      }
    }
    // Later sentences get a fresh, full-volume path; the old one is dropped once silent.
    const old = this.gainNode;
    this.gainNode = this.newGain();
    this.endOfQueue = 0;
    const report = (confirmedAt: number | undefined): BargeInReport => ({
      requestedAt,
      silentAt,
      confirmedAt,
      stopMs: (silentAt - requestedAt) * 1000,
      dropped: victims.length,
    });
    if (waits.length === 0) {
      old.disconnect();
      return Promise.resolve(report(undefined));
    }
    return Promise.all(waits).then((times) => {
      old.disconnect();
      return report(Math.max(...times));
    });
  }

  private ended(entry: Entry): void {
    entry.ended = true;
    const i = this.entries.indexOf(entry);
    if (i >= 0) this.entries.splice(i, 1);
    entry.source.disconnect();
    this.options.onItemEnd?.({ id: entry.id, label: entry.label, startAt: entry.startAt, endAt: entry.endAt });
    if (this.entries.length === 0) this.options.onIdle?.();
  }

  private newGain(): GainNodeLike {
    const g = this.ctx.createGain();
    g.gain.value = 1;
    g.connect(this.output);
    return g;
  }
}
