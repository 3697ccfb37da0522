/**
 * What a voice turn sends to the renderer (the `voice:stream` event's chunk), in the order
 * runVoiceTurn produces it: plain JSON, so Electron IPC and the web shell's frames carry it alike
 * (which is why the PCM travels as base64).
 */
import type { AppError } from '../result.js';
import type { ReplySideEvent, ReplyTransportKind } from './reply-events.js';

export type VoiceTurnChunk =
  | { type: 'transcript'; text: string }
  /** Nothing was understood: no turn was sent to the agent. */
  | { type: 'nothing-heard' }
  | { type: 'delta'; text: string }
  | { type: 'side'; event: ReplySideEvent }
  | { type: 'sentence'; index: number; text: string }
  /** Sentence `index`, mono 16-bit little-endian PCM at `sampleRate`, base64 (queue it for playback). */
  | { type: 'audio'; index: number; sampleRate: number; pcmBase64: string }
  | { type: 'done'; transport: ReplyTransportKind }
  | { type: 'cancelled' }
  | { type: 'error'; error: AppError };

/** Int16 samples → little-endian bytes (the wire form of an `audio` chunk). */
export function pcmToBytes(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const v = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) v.setInt16(i * 2, samples[i]!, true);
  return out;
}

/** The renderer's side of `pcmToBytes`. */
export function bytesToPcm(bytes: Uint8Array): Int16Array {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int16Array(Math.floor(bytes.byteLength / 2));
  for (let i = 0; i < out.length; i++) out[i] = v.getInt16(i * 2, true);
  return out;
}
