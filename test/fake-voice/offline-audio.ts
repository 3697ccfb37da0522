/**
 * A sample-accurate offline stand-in for the bits of Web Audio the playback queue uses, for unit
 * tests and the barge-in bench in Node (no browser). It renders in 128-frame quanta like a real
 * AudioContext: buffer sources with start/stop times (resampled linearly when their rate differs),
 * gain nodes with setValueAtTime / linearRampToValueAtTime / cancelScheduledValues, and `ended`
 * events dispatched after the quantum in which a source finished.
 */
import type { AudioBufferLike, AudioContextLike, AudioNodeLike, AudioParamLike, BufferSourceLike, GainNodeLike } from '../../src-renderer/features/voice/audio/playback-queue.js';

export const RENDER_QUANTUM = 128;

type Automation = { kind: 'set' | 'ramp'; value: number; time: number };

class FakeParam implements AudioParamLike {
  private events: Automation[] = [];
  private base = 1;
  constructor(private readonly ctx: FakeOfflineAudioContext) {}
  get value(): number {
    return this.at(this.ctx.currentTime);
  }
  set value(v: number) {
    this.base = v;
    this.events = [];
  }
  setValueAtTime(value: number, time: number) {
    this.insert({ kind: 'set', value, time });
  }
  linearRampToValueAtTime(value: number, time: number) {
    this.insert({ kind: 'ramp', value, time });
  }
  cancelScheduledValues(time: number) {
    this.events = this.events.filter((e) => e.time < time);
  }
  at(t: number): number {
    let value = this.base;
    let prevTime = 0;
    for (const e of this.events) {
      if (e.time <= t) {
        value = e.value;
        prevTime = e.time;
        continue;
      }
      if (e.kind === 'ramp') return value + ((e.value - value) * (t - prevTime)) / (e.time - prevTime);
      break;
    }
    return value;
  }
  private insert(e: Automation) {
    this.events.push(e);
    this.events.sort((a, b) => a.time - b.time);
  }
}

class FakeNode implements AudioNodeLike {
  target: AudioNodeLike | undefined;
  connect(destination: AudioNodeLike) {
    this.target = destination;
    return destination;
  }
  disconnect() {
    this.target = undefined;
  }
}

class FakeGain extends FakeNode implements GainNodeLike {
  readonly gain: FakeParam;
  constructor(ctx: FakeOfflineAudioContext) {
    super();
    this.gain = new FakeParam(ctx);
  }
}

export class FakeBuffer implements AudioBufferLike {
  readonly data: Float32Array;
  constructor(
    length: number,
    readonly sampleRate: number,
  ) {
    this.data = new Float32Array(length);
  }
  get duration() {
    return this.data.length / this.sampleRate;
  }
  copyToChannel(source: Float32Array, channel: number) {
    if (channel !== 0) throw new Error('mono only');
    this.data.set(source.subarray(0, this.data.length));
  }
}

class FakeSource extends FakeNode implements BufferSourceLike {
  buffer: FakeBuffer | null = null;
  onended: ((this: never, ev: Event) => unknown) | null = null;
  startAt: number | undefined;
  stopAt = Infinity;
  endedFired = false;
  start(when = 0) {
    if (this.startAt !== undefined) throw new Error('InvalidStateError: start called twice');
    this.startAt = when;
  }
  stop(when = 0) {
    if (this.startAt === undefined) throw new Error('InvalidStateError: stop before start');
    this.stopAt = Math.min(this.stopAt, when);
  }
  endTime(): number {
    return Math.min(this.stopAt, (this.startAt ?? 0) + (this.buffer?.duration ?? 0));
  }
  sampleAt(t: number): number {
    const b = this.buffer;
    if (!b || this.startAt === undefined || t < this.startAt || t >= this.endTime()) return 0;
    const pos = (t - this.startAt) * b.sampleRate;
    const i = Math.floor(pos);
    const frac = pos - i;
    return (b.data[i] ?? 0) * (1 - frac) + (b.data[i + 1] ?? 0) * frac;
  }
}

export class FakeOfflineAudioContext implements AudioContextLike {
  readonly destination = new FakeNode();
  private frame = 0;
  private readonly sources: FakeSource[] = [];
  /** Everything rendered so far, for inspection. */
  readonly rendered: number[] = [];

  constructor(readonly sampleRate = 48_000) {}

  get currentTime() {
    return this.frame / this.sampleRate;
  }

  createBuffer(_channels: number, length: number, sampleRate: number): FakeBuffer {
    return new FakeBuffer(length, sampleRate);
  }
  createBufferSource(): FakeSource {
    const s = new FakeSource();
    this.sources.push(s);
    return s;
  }
  createGain(): FakeGain {
    return new FakeGain(this);
  }

  /** Renders one 128-frame quantum, then dispatches `ended` for sources that finished in it. */
  renderQuantum(): Float32Array {
    const out = new Float32Array(RENDER_QUANTUM);
    for (let k = 0; k < RENDER_QUANTUM; k++) {
      const t = (this.frame + k) / this.sampleRate;
      let sum = 0;
      for (const s of this.sources) {
        const gain = s.target as FakeGain | undefined;
        if (!gain || gain.target !== this.destination) continue;
        const x = s.sampleAt(t);
        if (x !== 0) sum += x * gain.gain.at(t);
      }
      out[k] = sum;
    }
    this.frame += RENDER_QUANTUM;
    for (const v of out) this.rendered.push(v);
    const now = this.currentTime;
    for (const s of this.sources) {
      if (!s.endedFired && s.startAt !== undefined && s.endTime() <= now) {
        s.endedFired = true;
        s.onended?.call(undefined as never, new Event('ended'));
      }
    }
    return out;
  }

  /** Renders whole quanta until `seconds` more have passed. */
  render(seconds: number): void {
    const until = this.frame + seconds * this.sampleRate;
    while (this.frame < until) this.renderQuantum();
  }
}
