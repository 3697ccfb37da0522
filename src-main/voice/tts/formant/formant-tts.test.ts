import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../../../src-shared/voice/wav.js';
import { LocalWhisperStt } from '../../stt/local/local-whisper-stt.js';
import { FORMANT_SAMPLE_RATE, FormantTts, synthesize } from './formant-tts.js';
import { normalizeText, numberToWords, textToTokens, wordToPhonemes } from './letter-to-sound.js';

function rms(x: Int16Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (x[i]! / 32768) ** 2;
  return Math.sqrt(s / Math.max(1, to - from));
}

/** Pitch of a voiced stretch by autocorrelation, 70–300 Hz. */
function pitch(x: Int16Array, rate: number): number {
  let best = 0;
  let bestLag = 0;
  for (let lag = Math.floor(rate / 300); lag <= Math.ceil(rate / 70); lag++) {
    let s = 0;
    for (let i = 0; i + lag < x.length; i++) s += x[i]! * x[i + lag]!;
    if (s > best) {
      best = s;
      bestLag = lag;
    }
  }
  return rate / bestLag;
}

describe('letter-to-sound', () => {
  it.each([
    ['make', 'M EY K'], ['time', 'T AY M'], ['home', 'HH OW M'], ['cat', 'K AE T'], ['ship', 'SH IH P'], ['church', 'CH ER CH'],
    ['city', 'S IH T IY'], ['phone', 'F OW N'], ['night', 'N AY T'], ['thinking', 'TH IH N K IH NG'], ['station', 'S T AE SH AX N'],
    ['my', 'M AY'], ['happy', 'HH AE P IY'], ['rain', 'R EY N'], ['dogs', 'D AA G Z'], ['cats', 'K AE T S'], ['the', 'DH AX'],
  ])('%s → %s', (word, phonemes) => {
    expect(wordToPhonemes(word).join(' ')).toBe(phonemes);
  });

  it('spells out numbers, symbols, decimals and acronyms', () => {
    expect(numberToWords(0)).toBe('zero');
    expect(numberToWords(42)).toBe('forty two');
    expect(numberToWords(1_205_017)).toBe('one million two hundred five thousand seventeen');
    const said = normalizeText('Get 20% off at $5 & see 3.14 in the USA via https://x.io/a').replace(/\s+/g, ' ').trim();
    expect(said).toBe('Get twenty percent off at five dollars and see three point one four in the you ess ay via link');
  });

  it('marks pauses: short at commas, long at sentence ends, questions flagged', () => {
    const kinds = textToTokens('Yes, really? Fine.').map((t) => (t.kind === 'pause' ? `pause${t.ms}${t.question ? '?' : ''}` : 'word'));
    expect(kinds).toEqual(['word', 'pause180', 'word', 'pause380?', 'word', 'pause380']);
  });
});

describe('FormantTts', () => {
  it('speaks: non-silent 16-bit mono at 22.05 kHz, longer text takes longer, deterministic', async () => {
    const tts = new FormantTts();
    const short = await tts.synthesize('Hello.');
    const long = await tts.synthesize('Hello. This sentence is quite a bit longer than the first one.');
    expect(short.sampleRate).toBe(FORMANT_SAMPLE_RATE);
    expect(rms(short.samples)).toBeGreaterThan(0.05);
    expect(Math.max(...short.samples.map(Math.abs))).toBeLessThanOrEqual(Math.round(0.7 * 32767));
    expect(long.samples.length).toBeGreaterThan(short.samples.length * 3);
    expect(synthesize('Hello.').samples).toEqual(short.samples);
  });

  it('starts and ends in silence (no click) and leaves gaps at pauses', () => {
    const { samples, sampleRate } = synthesize('One, two.');
    expect(rms(samples, 0, Math.round(0.02 * sampleRate))).toBeLessThan(0.01);
    expect(rms(samples, samples.length - Math.round(0.03 * sampleRate))).toBeLessThan(0.01);
  });

  it('rises in pitch at a question and falls at a statement', () => {
    const at = (text: string) => {
      const { samples, sampleRate } = synthesize(text);
      // The last vowel before the final pause: 80 ms just ahead of the trailing 460 ms of silence.
      const end = samples.length - Math.round(0.46 * sampleRate);
      return pitch(samples.subarray(end - Math.round(0.08 * sampleRate), end), sampleRate);
    };
    expect(at('You are going home?')).toBeGreaterThan(at('You are going home.') + 15);
  });

  it('speed 1.5 is shorter, empty text is a short silence, a cancelled call rejects', async () => {
    expect(synthesize('Speak slowly now.', { speed: 1.5 }).samples.length).toBeLessThan(synthesize('Speak slowly now.').samples.length * 0.8);
    const empty = synthesize('');
    expect(empty.samples.length).toBeLessThan(0.2 * FORMANT_SAMPLE_RATE);
    const controller = new AbortController();
    controller.abort();
    await expect(new FormantTts().synthesize('x', { signal: controller.signal })).rejects.toThrow(/cancelled/);
  });

  // With the real offline model installed (`npx tsx scripts/voice-model.ts`), check that
  // Whisper understands the voice: the measure of "intelligible enough".
  const model = fileURLToPath(new URL('../../../../.cache/voice-models/whisper-tiny.en.ggml.bin', import.meta.url));
  // Under `npm test` the model is installed first and required (LETTA_DESK_REQUIRE_VOICE_MODEL).
  it.skipIf(!existsSync(model) && !process.env.LETTA_DESK_REQUIRE_VOICE_MODEL)('is understood by Whisper (tiny.en) on simple sentences', async () => {
    const stt = new LocalWhisperStt({
      modelPath: model,
      workerUrl: new URL('../../../../test/fake-voice/whisper-worker.tsx-bootstrap.mjs', import.meta.url),
      language: 'en',
      // This measures the voice, so Whisper gets its steadiest setting (the whole 30 s window).
      fitAudioContext: false,
    });
    try {
      const heard = await stt.transcribe(encodeWav(synthesize('Hello there.').samples, FORMANT_SAMPLE_RATE));
      expect(heard.text.toLowerCase()).toMatch(/hello there/);
    } finally {
      await stt.close();
    }
  }, 60_000);
});
