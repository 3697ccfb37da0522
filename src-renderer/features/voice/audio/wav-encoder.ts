/**
 * Turns the captured 16 kHz frames of one utterance into the WAV file the speech-to-text
 * services take (and `voice:transcribe` carries to the main process).
 */
import { encodeWav } from '../../../../src-shared/voice/wav.js';
import { CAPTURE_RATE } from './pcm-framer.js';

export { encodeWav, decodeWav } from '../../../../src-shared/voice/wav.js';

export function framesToWav(frames: readonly Int16Array[], sampleRate = CAPTURE_RATE): Uint8Array {
  const total = frames.reduce((n, f) => n + f.length, 0);
  const joined = new Int16Array(total);
  let at = 0;
  for (const f of frames) {
    joined.set(f, at);
    at += f.length;
  }
  return encodeWav(joined, sampleRate, 1);
}
