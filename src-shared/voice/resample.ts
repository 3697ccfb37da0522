/**
 * Sample-rate conversion for speech: the microphone runs at the AudioContext's rate (44.1 or
 * 48 kHz, sometimes 16 or 24 kHz) and speech recognisers want 16 kHz; TTS services answer at
 * 22.05 or 24 kHz and playback runs at the context rate.
 *
 * Streaming and stateful, so 128-sample render quanta can be fed one at a time with no clicks
 * at their seams: a windowed-sinc low-pass (when going down) evaluated at fractional positions,
 * with the last few input samples carried over between calls. Quality is tuned for speech
 * (±8 taps, cut-off at 0.9 × the lower Nyquist), not music.
 */

export class StreamingResampler {
  private readonly step: number; // input samples per output sample
  private readonly cutoff: number; // relative to the input Nyquist
  private readonly half: number;
  private history: Float32Array;
  private consumed = 0;
  private produced = 0;
  /** Position of the next output sample, in input samples, relative to the start of `history`. */
  private position: number;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
    taps = 8,
  ) {
    if (!(fromRate > 0 && toRate > 0)) throw new RangeError('sample rates must be positive');
    this.step = fromRate / toRate;
    this.cutoff = Math.min(1, toRate / fromRate) * 0.9;
    // Going down, the filter widens with the ratio so it still spans `taps` output periods.
    this.half = Math.ceil(taps * Math.max(1, this.step));
    this.history = new Float32Array(this.half);
    this.position = this.half;
  }

  /** Converts one block; output length varies by ±1 between blocks, the total never drifts. */
  process(input: Float32Array): Float32Array {
    this.consumed += input.length;
    if (this.fromRate === this.toRate) {
      this.produced += input.length;
      return input.slice();
    }
    const buf = new Float32Array(this.history.length + input.length);
    buf.set(this.history);
    buf.set(input, this.history.length);
    const out: number[] = [];
    // An output sample needs `half` input samples after it.
    while (this.position + this.half < buf.length) {
      out.push(this.sampleAt(buf, this.position));
      this.position += this.step;
    }
    const keepFrom = Math.max(0, Math.floor(this.position) - this.half);
    this.history = buf.slice(keepFrom);
    this.position -= keepFrom;
    this.produced += out.length;
    return Float32Array.from(out);
  }

  /** The samples still held back for lookahead (the input is over), so the total is exact. */
  flush(): Float32Array {
    const owed = Math.max(0, Math.round((this.consumed * this.toRate) / this.fromRate) - this.produced);
    if (owed === 0 || this.fromRate === this.toRate) return new Float32Array(0);
    const consumed = this.consumed;
    const tail = this.process(new Float32Array(Math.ceil(owed * this.step) + this.half * 2));
    this.consumed = consumed;
    this.produced -= tail.length - Math.min(owed, tail.length);
    return tail.slice(0, owed);
  }

  private sampleAt(buf: Float32Array, pos: number): number {
    const center = Math.floor(pos);
    const frac = pos - center;
    let sum = 0;
    let norm = 0;
    for (let k = -this.half + 1; k <= this.half; k++) {
      const i = center + k;
      if (i < 0 || i >= buf.length) continue;
      const x = k - frac;
      const w = this.cutoff * sinc(this.cutoff * x) * blackman(x / this.half);
      sum += buf[i]! * w;
      norm += w;
    }
    return norm !== 0 ? sum / norm : 0;
  }
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Blackman window over [-1, 1]. */
function blackman(t: number): number {
  if (t <= -1 || t >= 1) return 0;
  const u = (t + 1) / 2;
  return 0.42 - 0.5 * Math.cos(2 * Math.PI * u) + 0.08 * Math.cos(4 * Math.PI * u);
}

/** Whole-buffer convenience: exactly round(n × to / from) samples. */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return input.slice();
  const r = new StreamingResampler(fromRate, toRate);
  const head = r.process(input);
  const tail = r.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
