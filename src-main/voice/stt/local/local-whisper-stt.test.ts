import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../../../src-shared/voice/wav.js';
import type { FakeWhisperModel } from '../../../../test/fake-voice/fake-whisper-runner.js';
import { LocalWhisperStt, fittedAudioContext, type LocalWhisperOptions } from './local-whisper-stt.js';

// The worker is TypeScript here (loaded through a tsx bootstrap); the app runs the bundled worker.
const workerOptions: Partial<LocalWhisperOptions> = {
  workerUrl: new URL('../../../../test/fake-voice/whisper-worker.tsx-bootstrap.mjs', import.meta.url),
  runnerModule: fileURLToPath(new URL('../../../../test/fake-voice/fake-whisper-runner.ts', import.meta.url)),
  threads: 1,
};

let dir: string;
async function model(m: Omit<FakeWhisperModel, 'fakeWhisper'>): Promise<string> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify({ fakeWhisper: true, ...m }));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'letta-desk-whisper-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const wav = (seconds: number, rate: number) => encodeWav(new Int16Array(Math.round(seconds * rate)), rate);

describe('LocalWhisperStt (worker thread, fake runner)', () => {
  it('transcribes in the worker, resampling to 16 kHz mono; the model loads once', async () => {
    const stt = new LocalWhisperStt({ ...workerOptions, modelPath: await model({ transcript: 'hello' }), language: 'en', fitAudioContext: false });
    try {
      const a = await stt.transcribe(wav(1, 48_000));
      expect(a).toMatchObject({ text: 'hello [1.00 s, en]', audioSeconds: 1, engine: 'local-whisper' });
      const load = stt.loadMs;
      expect(load).toBeGreaterThanOrEqual(0);
      const stereo = encodeWav(new Int16Array(2 * 22_050), 22_050, 2);
      expect((await stt.transcribe(stereo)).text).toBe('hello [1.00 s, en]');
      expect(stt.loadMs).toBe(load);
    } finally {
      await stt.close();
    }
  });

  it('fits the encoder window to the clip by default (audio_ctx), never below 384 frames', async () => {
    expect(fittedAudioContext(2)).toBe(384);
    expect(fittedAudioContext(10)).toBe(576);
    expect(fittedAudioContext(29)).toBe(1500);
    const stt = new LocalWhisperStt({ ...workerOptions, modelPath: await model({ transcript: 'short' }) });
    try {
      expect((await stt.transcribe(wav(2, 16_000))).text).toBe('short [2.00 s, ctx 384]');
      expect((await stt.transcribe(wav(12, 16_000))).text).toBe('short [12.00 s, ctx 704]');
    } finally {
      await stt.close();
    }
  });

  it('keeps the event loop free while the model runs, and a cancel ends it at once', async () => {
    const stt = new LocalWhisperStt({ ...workerOptions, modelPath: await model({ transcript: 'slow', msPerAudioSecond: 10_000 }) });
    try {
      await stt.warmUp();
      const controller = new AbortController();
      const pending = stt.transcribe(wav(2, 16_000), { signal: controller.signal });
      // Timers still fire on this thread during the 20 s "inference".
      const ticks = await new Promise<number>((resolve) => {
        let n = 0;
        const t = setInterval(() => {
          if (++n === 5) {
            clearInterval(t);
            resolve(n);
          }
        }, 10);
      });
      expect(ticks).toBe(5);
      const t0 = performance.now();
      controller.abort();
      await expect(pending).rejects.toMatchObject({ code: 'aborted' });
      expect(performance.now() - t0).toBeLessThan(1000);
    } finally {
      await stt.close();
    }
  });

  it('after a cancel the next utterance gets a fresh worker', async () => {
    const stt = new LocalWhisperStt({ ...workerOptions, modelPath: await model({ transcript: 'again', msPerAudioSecond: 200 }) });
    try {
      // Cancelled while the model is still loading: rejected at once.
      const early = new AbortController();
      const loading = stt.transcribe(wav(1, 16_000), { signal: early.signal });
      early.abort();
      await expect(loading).rejects.toMatchObject({ code: 'aborted' });
      await stt.warmUp();
      const firstLoad = stt.loadMs;
      const controller = new AbortController();
      const first = stt.transcribe(wav(5, 16_000), { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await expect(first).rejects.toMatchObject({ code: 'aborted' });
      expect((await stt.transcribe(wav(0.5, 16_000))).text).toBe('again [0.50 s, ctx 384]');
      expect(stt.loadMs).not.toBe(firstLoad); // a new worker loaded the model again
    } finally {
      await stt.close();
    }
  });

  it('a missing or unloadable model is reported, not hung on', async () => {
    await expect(new LocalWhisperStt({ ...workerOptions, modelPath: join(dir, 'nothing.bin') }).transcribe(wav(0.1, 16_000))).rejects.toMatchObject({ code: 'model_missing' });
    const broken = new LocalWhisperStt({ ...workerOptions, modelPath: await model({ transcript: '', failLoad: true }) });
    await expect(broken.transcribe(wav(0.1, 16_000))).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/invalid model file/) });
  });
});
