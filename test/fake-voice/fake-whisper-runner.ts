/**
 * A stand-in for whisper.cpp inside the speech worker, for tests that exercise the worker,
 * the protocol and cancellation without a real model. The "model file" is JSON:
 * `{ "fakeWhisper": true, "transcript": "...", "msPerAudioSecond": 0 }`. The answer is the
 * transcript followed by the audio length it received (so tests see resampling to 16 kHz),
 * and the thread blocks for msPerAudioSecond × seconds, as whisper_full does.
 */
import { readFileSync } from 'node:fs';
import type { CreateRunner } from '../../src-main/voice/stt/local/runner.js';

export interface FakeWhisperModel {
  fakeWhisper: true;
  transcript: string;
  msPerAudioSecond?: number;
  /** Fail to load, like a corrupt model file. */
  failLoad?: boolean;
}

export const createRunner: CreateRunner = async (modelPath) => {
  const model = JSON.parse(readFileSync(modelPath, 'utf8')) as FakeWhisperModel;
  if (!model.fakeWhisper) throw new Error('not a fake whisper model');
  if (model.failLoad) throw new Error('invalid model file (fake)');
  const blocker = new Int32Array(new SharedArrayBuffer(4));
  return {
    transcribe(samples, options) {
      const seconds = samples.length / 16_000;
      const block = (model.msPerAudioSecond ?? 0) * seconds;
      if (block > 0) Atomics.wait(blocker, 0, 0, block);
      const extras = [options.language, options.audioCtx ? `ctx ${options.audioCtx}` : undefined].filter(Boolean);
      return `${model.transcript} [${[`${seconds.toFixed(2)} s`, ...extras].join(', ')}]`;
    },
  };
};
