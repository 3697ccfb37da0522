import { describe, expect, it } from 'vitest';
import { StreamingResampler, resample } from './resample.js';
import { decodeWav, durationSeconds, encodeWav, floatToInt16, toMonoFloat, WavFormatError } from './wav.js';

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const n = Math.round(rate * seconds);
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));
}

function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! ** 2;
  return Math.sqrt(s / Math.max(1, to - from));
}

/** Power at one frequency (Goertzel), normalised so a full-scale sine gives ~0.5. */
function powerAt(x: Float32Array, freq: number, rate: number): number {
  const w = (2 * Math.PI * freq) / rate;
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    const s = v + 2 * Math.cos(w) * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return Math.sqrt(s1 * s1 + s2 * s2 - 2 * Math.cos(w) * s1 * s2) / x.length;
}

describe('WAV', () => {
  it('round-trips 16-bit PCM, mono and stereo', () => {
    const mono = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const wav = encodeWav(mono, 16_000);
    expect(wav.byteLength).toBe(44 + 12);
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe('RIFF');
    expect(decodeWav(wav)).toEqual({ sampleRate: 16_000, channels: 1, samples: mono });
    const stereo = Int16Array.from([100, -100, 200, -200]);
    const back = decodeWav(encodeWav(stereo, 48_000, 2));
    expect(back.channels).toBe(2);
    expect(durationSeconds(back)).toBeCloseTo(2 / 48_000);
    expect(Array.from(toMonoFloat(back))).toEqual([0, 0]);
  });

  it('reads float32, 24-bit, 8-bit, WAVE_FORMAT_EXTENSIBLE, extra chunks and streamed sizes', () => {
    const build = (fmt: { code: number; bits: number; extensible?: boolean }, data: Uint8Array, dataSize = data.byteLength) => {
      const fmtSize = fmt.extensible ? 40 : 16;
      const list = new TextEncoder().encode('LIST\x04\x00\x00\x00abcd');
      const out = new Uint8Array(12 + 8 + fmtSize + list.byteLength + 8 + data.byteLength);
      const v = new DataView(out.buffer);
      out.set(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '), 0);
      v.setUint32(16, fmtSize, true);
      v.setUint16(20, fmt.extensible ? 0xfffe : fmt.code, true);
      v.setUint16(22, 1, true);
      v.setUint32(24, 8000, true);
      v.setUint16(34, fmt.bits, true);
      if (fmt.extensible) v.setUint16(20 + 24, fmt.code, true);
      let at = 20 + fmtSize;
      out.set(list, at);
      at += list.byteLength;
      out.set(new TextEncoder().encode('data'), at);
      v.setUint32(at + 4, dataSize, true);
      out.set(data, at + 8);
      return out;
    };
    const f32 = new Uint8Array(new Float32Array([0.5, -1, 2]).buffer);
    expect(Array.from(decodeWav(build({ code: 3, bits: 32 }, f32)).samples)).toEqual([16384, -32768, 32767]);
    expect(Array.from(decodeWav(build({ code: 3, bits: 32, extensible: true }, f32)).samples)).toEqual([16384, -32768, 32767]);
    const s24 = Uint8Array.from([0x00, 0x00, 0x40, 0xff, 0xff, 0xff]); // 0x400000, -1
    expect(Array.from(decodeWav(build({ code: 1, bits: 24 }, s24)).samples)).toEqual([0x4000, -1]);
    expect(Array.from(decodeWav(build({ code: 1, bits: 8 }, Uint8Array.from([128, 255, 0]))).samples)).toEqual([0, 127 << 8, -32768]);
    const s16 = new Uint8Array(new Int16Array([5, 6, 7]).buffer);
    expect(Array.from(decodeWav(build({ code: 1, bits: 16 }, s16, 0xffffffff)).samples)).toEqual([5, 6, 7]);
  });

  it('refuses what is not a PCM WAV', () => {
    expect(() => decodeWav(new TextEncoder().encode('ID3 not a wav at all'))).toThrow(WavFormatError);
    expect(() => decodeWav(new Uint8Array(4))).toThrow(/too short/);
  });

  it('clips floats to 16 bits symmetrically and maps NaN to silence', () => {
    expect(Array.from(floatToInt16(Float32Array.from([0, 1, -1, 1.5, -1.5, NaN])))).toEqual([0, 32767, -32768, 32767, -32768, 0]);
  });
});

describe('resampling', () => {
  it.each([
    [48_000, 16_000],
    [44_100, 16_000],
    [22_050, 16_000],
    [24_000, 48_000],
    [16_000, 44_100],
  ])('%i → %i keeps a 440 Hz tone and yields exactly round(n·to/from) samples', (from, to) => {
    const input = tone(440, from, 0.5);
    const out = resample(input, from, to);
    expect(out.length).toBe(Math.round((input.length * to) / from));
    // Away from the edges the tone has the same amplitude and frequency.
    const mid = out.subarray(Math.floor(out.length * 0.1), Math.floor(out.length * 0.9));
    expect(rms(mid)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(powerAt(mid, 440, to)).toBeGreaterThan(0.2);
  });

  it('filters what would alias when going down (12 kHz at 48 kHz → 16 kHz is removed)', () => {
    const out = resample(tone(12_000, 48_000, 0.25), 48_000, 16_000);
    expect(rms(out, 50, out.length - 50)).toBeLessThan(0.01);
  });

  it('streams in 128-sample render quanta with the same result as one block (no seams)', () => {
    const input = tone(300, 48_000, 0.3);
    const whole = resample(input, 48_000, 16_000);
    const r = new StreamingResampler(48_000, 16_000);
    const parts: number[] = [];
    for (let i = 0; i < input.length; i += 128) parts.push(...r.process(input.subarray(i, i + 128)));
    parts.push(...r.flush());
    expect(parts.length).toBe(whole.length);
    let maxDiff = 0;
    parts.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - whole[i]!))));
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it('44.1 kHz blocks never drift: the running total stays within one sample of the ideal', () => {
    const r = new StreamingResampler(44_100, 16_000);
    let produced = 0;
    for (let block = 1; block <= 2000; block++) {
      produced += r.process(new Float32Array(128)).length;
      const ideal = (block * 128 * 16_000) / 44_100;
      expect(Math.abs(produced - ideal)).toBeLessThan(r.fromRate / r.toRate * 8 + 2);
    }
  });
});
