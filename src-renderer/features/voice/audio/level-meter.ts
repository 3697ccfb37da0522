/**
 * Loudness of a block of samples in dBFS (0 = full scale), for the microphone meter and the VAD.
 * Silence is clamped to FLOOR_DBFS instead of -Infinity so it can be drawn and averaged.
 */

export const FLOOR_DBFS = -100;

/** RMS level of float samples in [-1, 1]. */
export function rmsDbfs(samples: Float32Array | Int16Array): number {
  if (samples.length === 0) return FLOOR_DBFS;
  const scale = samples instanceof Int16Array ? 1 / 32768 : 1;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]! * scale;
    sum += v * v;
  }
  const rms = Math.sqrt(sum / samples.length);
  // A full-scale sine has RMS 1/√2, i.e. -3.01 dBFS here (the AES convention would call it 0).
  return rms > 0 ? Math.max(FLOOR_DBFS, 20 * Math.log10(rms)) : FLOOR_DBFS;
}

export function peakDbfs(samples: Float32Array | Int16Array): number {
  const scale = samples instanceof Int16Array ? 1 / 32768 : 1;
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]! * scale));
  return peak > 0 ? Math.max(FLOOR_DBFS, 20 * Math.log10(peak)) : FLOOR_DBFS;
}

/** A meter's needle: rises at once, falls back smoothly (dB per second), like a VU meter's ballistics. */
export class MeterBallistics {
  private value = FLOOR_DBFS;
  constructor(private readonly fallDbPerSecond = 30) {}
  update(levelDbfs: number, elapsedSeconds: number): number {
    this.value = levelDbfs >= this.value ? levelDbfs : Math.max(levelDbfs, this.value - this.fallDbPerSecond * elapsedSeconds);
    return this.value;
  }
}
