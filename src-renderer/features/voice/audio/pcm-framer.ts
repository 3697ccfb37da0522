/**
 * The capture worklet's pure core: takes 128-sample render quanta at the context's rate (any
 * number of channels), mixes to mono, resamples to 16 kHz, and cuts fixed 20 ms frames of 16-bit
 * PCM, each with its level in dBFS. Kept apart from the worklet so it can be unit-tested in Node.
 */
import { StreamingResampler } from '../../../../src-shared/voice/resample.js';
import { floatToInt16 } from '../../../../src-shared/voice/wav.js';
import { rmsDbfs } from './level-meter.js';

export const CAPTURE_RATE = 16_000;

export interface PcmFrame {
  /** 16 kHz mono 16-bit samples, `frameSamples` long. */
  pcm: Int16Array;
  /** RMS level of the frame in dBFS. */
  levelDbfs: number;
}

export class PcmFramer {
  private readonly resampler: StreamingResampler;
  private readonly pending: Float32Array;
  private filled = 0;
  readonly frameSamples: number;

  constructor(contextRate: number, frameMs = 20) {
    this.resampler = new StreamingResampler(contextRate, CAPTURE_RATE);
    this.frameSamples = Math.round((CAPTURE_RATE * frameMs) / 1000);
    this.pending = new Float32Array(this.frameSamples);
  }

  /** One render quantum's channels (each the same length); returns the frames it completed. */
  push(channels: readonly Float32Array[]): PcmFrame[] {
    const first = channels[0];
    if (!first || first.length === 0) return [];
    let mono = first;
    if (channels.length > 1) {
      mono = new Float32Array(first.length);
      for (const ch of channels) for (let i = 0; i < mono.length; i++) mono[i]! += ch[i]! / channels.length;
    }
    return this.take(this.resampler.process(mono));
  }

  /** The last partial frame, padded with silence (when capture stops). */
  flush(): PcmFrame[] {
    const frames = this.take(this.resampler.flush());
    if (this.filled > 0) {
      this.pending.fill(0, this.filled);
      frames.push(this.frame());
    }
    return frames;
  }

  private take(samples: Float32Array): PcmFrame[] {
    const out: PcmFrame[] = [];
    let at = 0;
    while (at < samples.length) {
      const n = Math.min(this.frameSamples - this.filled, samples.length - at);
      this.pending.set(samples.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === this.frameSamples) out.push(this.frame());
    }
    return out;
  }

  private frame(): PcmFrame {
    const pcm = floatToInt16(this.pending);
    this.filled = 0;
    return { pcm, levelDbfs: rmsDbfs(pcm) };
  }
}
