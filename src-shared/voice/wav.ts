/**
 * RIFF/WAVE in and out, for the audio that crosses between renderer, main and speech services:
 * the microphone's 16 kHz mono utterance goes out as 16-bit PCM WAV (what every
 * `/v1/audio/transcriptions` accepts), and speech comes back as WAV (or raw PCM) to be played.
 * Pure: no Buffer, no DOM, so both sides and the worklet's tests share it.
 */

export interface PcmAudio {
  sampleRate: number;
  channels: number;
  /** Interleaved 16-bit samples. */
  samples: Int16Array;
}

/** A 44-byte-header PCM WAV of interleaved 16-bit samples. */
export function encodeWav(samples: Int16Array, sampleRate: number, channels = 1): Uint8Array {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const v = new DataView(out.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + i * 2, samples[i]!, true);
  return out;
}

export class WavFormatError extends Error {
  constructor(message: string) {
    super(`Not a WAV file we can read: ${message}`);
    this.name = 'WavFormatError';
  }
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Reads PCM (8/16/24/32-bit) and 32-bit float WAVs, including WAVE_FORMAT_EXTENSIBLE and files
 * with extra chunks (LIST, fact) before `data`. Streamed WAVs whose sizes say 0 or 0xFFFFFFFF
 * (sox/espeak writing to a pipe) are read to the end of the bytes.
 */
export function decodeWav(bytes: Uint8Array): PcmAudio {
  if (bytes.byteLength < 12) throw new WavFormatError('too short');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new WavFormatError('no RIFF/WAVE header');
  let at = 12;
  let format: { code: number; channels: number; rate: number; bits: number } | undefined;
  while (at + 8 <= bytes.byteLength) {
    const id = tag(at);
    let size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      let code = v.getUint16(body, true);
      const bits = v.getUint16(body + 14, true);
      if (code === FORMAT_EXTENSIBLE && size >= 40) code = v.getUint16(body + 24, true);
      format = { code, channels: v.getUint16(body + 2, true), rate: v.getUint32(body + 4, true), bits };
    } else if (id === 'data') {
      if (!format) throw new WavFormatError('data before fmt');
      if (size === 0 || size === 0xffffffff || body + size > bytes.byteLength) size = bytes.byteLength - body;
      return { sampleRate: format.rate, channels: format.channels, samples: toInt16(bytes.subarray(body, body + size), format) };
    }
    at = body + size + (size & 1);
  }
  throw new WavFormatError('no data chunk');
}

function toInt16(data: Uint8Array, f: { code: number; bits: number }): Int16Array {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = f.bits / 8;
  const n = Math.floor(data.byteLength / width);
  const out = new Int16Array(n);
  if (f.code === FORMAT_FLOAT && f.bits === 32) {
    for (let i = 0; i < n; i++) out[i] = floatSampleToInt16(v.getFloat32(i * 4, true));
    return out;
  }
  if (f.code !== FORMAT_PCM) throw new WavFormatError(`format ${f.code} (${f.bits}-bit) is not PCM or float`);
  switch (f.bits) {
    case 8:
      for (let i = 0; i < n; i++) out[i] = (data[i]! - 128) << 8;
      return out;
    case 16:
      for (let i = 0; i < n; i++) out[i] = v.getInt16(i * 2, true);
      return out;
    case 24:
      for (let i = 0; i < n; i++) out[i] = (v.getInt8(i * 3 + 2) << 8) | data[i * 3 + 1]!;
      return out;
    case 32:
      for (let i = 0; i < n; i++) out[i] = v.getInt32(i * 4, true) >> 16;
      return out;
    default:
      throw new WavFormatError(`${f.bits}-bit PCM`);
  }
}

export function floatSampleToInt16(x: number): number {
  const c = Math.max(-1, Math.min(1, Number.isFinite(x) ? x : 0));
  return c < 0 ? Math.round(c * 0x8000) : Math.round(c * 0x7fff);
}

export function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = floatSampleToInt16(samples[i]!);
  return out;
}

export function int16ToFloat(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / 0x8000;
  return out;
}

/** Averages the channels into one float track in [-1, 1). */
export function toMonoFloat(audio: PcmAudio): Float32Array {
  const { channels, samples } = audio;
  if (channels <= 1) return int16ToFloat(samples);
  const frames = Math.floor(samples.length / channels);
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[i * channels + c]!;
    out[i] = sum / channels / 0x8000;
  }
  return out;
}

export function durationSeconds(audio: PcmAudio): number {
  return audio.samples.length / Math.max(1, audio.channels) / audio.sampleRate;
}
