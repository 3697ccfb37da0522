import { describe, expect, it } from 'vitest';
import { FLOOR_DBFS, MeterBallistics, peakDbfs, rmsDbfs } from '../../../src-renderer/features/voice/audio/level-meter.js';
import { CAPTURE_RATE, PcmFramer } from '../../../src-renderer/features/voice/audio/pcm-framer.js';
import { framesToWav } from '../../../src-renderer/features/voice/audio/wav-encoder.js';
import { decodeWav } from '../../../src-shared/voice/wav.js';

const sine = (freq: number, rate: number, n: number, amp = 0.5, offset = 0) =>
  Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * (i + offset)) / rate));

describe('level meter', () => {
  it('measures RMS in dBFS for floats and 16-bit, with a floor for silence', () => {
    expect(rmsDbfs(Float32Array.from({ length: 480 }, () => 0.5))).toBeCloseTo(-6.02, 1);
    expect(rmsDbfs(sine(1000, 48_000, 4800, 1))).toBeCloseTo(-3.01, 1);
    expect(rmsDbfs(Int16Array.from({ length: 100 }, () => 16384))).toBeCloseTo(-6.02, 1);
    expect(rmsDbfs(new Float32Array(128))).toBe(FLOOR_DBFS);
    expect(rmsDbfs(new Float32Array(0))).toBe(FLOOR_DBFS);
    expect(peakDbfs(Float32Array.from([0, -0.5, 0.25]))).toBeCloseTo(-6.02, 1);
  });

  it('the needle jumps up and falls back at its rate', () => {
    const m = new MeterBallistics(30);
    expect(m.update(-10, 0.02)).toBe(-10);
    expect(m.update(-60, 0.1)).toBeCloseTo(-13);
    expect(m.update(-60, 10)).toBe(-60);
  });
});

describe('PcmFramer (the capture worklet core)', () => {
  it.each([48_000, 44_100, 16_000])('turns %i Hz render quanta into 20 ms frames of 16 kHz Int16 with levels', (rate) => {
    const framer = new PcmFramer(rate);
    expect(framer.frameSamples).toBe(320);
    const frames = [];
    const seconds = 1;
    const quanta = Math.ceil((rate * seconds) / 128);
    for (let q = 0; q < quanta; q++) frames.push(...framer.push([sine(440, rate, 128, 0.5, q * 128)]));
    frames.push(...framer.flush());
    const total = frames.reduce((n, f) => n + f.pcm.length, 0);
    expect(Math.abs(total - CAPTURE_RATE * (quanta * 128) / rate)).toBeLessThanOrEqual(320);
    for (const f of frames) expect(f.pcm).toBeInstanceOf(Int16Array);
    // A -9 dBFS sine (0.5 amplitude): every full frame away from the edges reads so.
    const mid = frames.slice(2, -2);
    for (const f of mid) expect(f.levelDbfs).toBeCloseTo(-9.03, 0);
  });

  it('mixes stereo to mono (opposite channels cancel)', () => {
    const framer = new PcmFramer(16_000);
    const left = sine(300, 16_000, 640);
    const right = left.map((v) => -v);
    const frames = framer.push([left, right]);
    expect(frames).toHaveLength(2);
    expect(frames.every((f) => f.levelDbfs === FLOOR_DBFS)).toBe(true);
  });

  it('ignores an input with no channels (the microphone not yet connected)', () => {
    expect(new PcmFramer(48_000).push([])).toEqual([]);
  });
});

describe('WAV encoder', () => {
  it('joins an utterance’s frames into one 16 kHz mono WAV', () => {
    const frames = [Int16Array.from([1, 2, 3]), Int16Array.from([4, 5])];
    const wav = framesToWav(frames);
    expect(wav.byteLength).toBe(44 + 10);
    expect(decodeWav(wav)).toEqual({ sampleRate: 16_000, channels: 1, samples: Int16Array.from([1, 2, 3, 4, 5]) });
  });
});
