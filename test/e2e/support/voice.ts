/**
 * The fake microphone of the voice specs: a sentence espeak-ng speaks at test time, written where
 * the `voice` project's Chromium reads it (`--use-file-for-fake-audio-capture`). Chromium loops
 * the file and starts it again each time the page opens the microphone, so the sentence sits
 * after a short lead-in (the VAD measures the room first) and before a long silence (the VAD's
 * hangover ends the utterance, and a reply has time to start playing before the next loop).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resample } from '../../../src-shared/voice/resample.js';
import { decodeWav, encodeWav, floatToInt16, toMonoFloat } from '../../../src-shared/voice/wav.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where `npx tsx scripts/voice-model.ts` installs the offline speech model; the web shell looks there. */
export const VOICE_MODELS_DIR = join(root, '.cache', 'voice-models');

/** Fixed, so playwright.config.ts can name it in the browser's arguments before it exists. */
export const MIC_WAV = join(root, '.cache', 'e2e', 'voice-mic.wav');

/** What the fake microphone says. Whisper tiny.en transcribes espeak-ng's en-us voice at this rate word for word. */
export const SPOKEN_SENTENCE = 'What is the weather like in Lisbon';
/** Words of the sentence a real transcription must contain. */
export const SPOKEN_KEYWORDS = ['weather', 'Lisbon'];

export const MIC_RATE = 48_000;
export const MIC_LEAD_IN_SECONDS = 0.5;
/** One loop of the fake microphone: lead-in, ~2.5 s of speech, silence. */
export const MIC_LOOP_SECONDS = 7;

/** Speaks `sentence` with espeak-ng into a 16-bit PCM mono WAV at 48 kHz (what Chromium's fake capture reads), padded to one loop. */
export function writeSpokenWav(path = MIC_WAV, sentence = SPOKEN_SENTENCE): { speechSeconds: number } {
  let raw: Buffer;
  try {
    raw = execFileSync('espeak-ng', ['-v', 'en-us', '-s', '140', '--stdout', sentence]);
  } catch (error) {
    throw new Error(`espeak-ng could not speak the voice tests' sentence (scripts/bootstrap.sh installs it): ${String(error)}`);
  }
  const spoken = decodeWav(new Uint8Array(raw));
  const speech = resample(toMonoFloat(spoken), spoken.sampleRate, MIC_RATE);
  const loop = new Float32Array(Math.round(MIC_LOOP_SECONDS * MIC_RATE));
  const at = Math.round(MIC_LEAD_IN_SECONDS * MIC_RATE);
  if (at + speech.length > loop.length - MIC_RATE * 3) throw new Error(`the spoken sentence is too long for a ${MIC_LOOP_SECONDS} s loop`);
  loop.set(speech, at);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodeWav(floatToInt16(loop), MIC_RATE));
  return { speechSeconds: speech.length / MIC_RATE };
}
