/**
 * What runs inside the speech worker: a loaded model that turns 16 kHz mono float samples into
 * text, synchronously (whisper.cpp's `whisper_full` blocks its thread, which is why it lives in a
 * worker). The real runner wraps the prebuilt whisper.cpp addon `@napi-rs/whisper`; tests load a
 * fake runner module instead (see LocalWhisperOptions.runnerModule).
 */
import { createRequire } from 'node:module';

export interface RunnerOptions {
  language?: string;
  prompt?: string;
  threads: number;
  /**
   * Encoder frames to run (whisper.cpp's `audio_ctx`; 1500 = the full 30 s window). Fewer frames
   * make short clips several times faster at a small cost in accuracy.
   */
  audioCtx?: number;
}

export interface WhisperRunner {
  transcribe(samples16k: Float32Array, options: RunnerOptions): string;
  dispose?(): void;
}

/** The export a runner module provides. */
export type CreateRunner = (modelPath: string) => Promise<WhisperRunner>;

/** `@napi-rs/whisper` (its typings ship with the package). */
type NapiWhisper = typeof import('@napi-rs/whisper');

/** A CommonJS native addon: `require`, not `import()`, so its named exports are all there. */
const requireAddon = createRequire(import.meta.url);

export const createRunner: CreateRunner = async (modelPath) => {
  let addon: NapiWhisper;
  try {
    addon = requireAddon('@napi-rs/whisper') as NapiWhisper;
  } catch (cause) {
    throw new Error(`the whisper.cpp addon (@napi-rs/whisper) cannot be loaded on ${process.platform}-${process.arch}`, { cause });
  }
  const model = new addon.Whisper(modelPath);
  return {
    transcribe(samples, options) {
      const params = new addon.WhisperFullParams(addon.WhisperSamplingStrategy.Greedy);
      params.nThreads = options.threads;
      params.language = options.language ?? (model.isMultilingual ? 'auto' : 'en');
      if (options.prompt) params.initialPrompt = options.prompt;
      if (options.audioCtx) params.audioCtx = options.audioCtx;
      params.noTimestamps = true;
      params.printProgress = false;
      params.printRealtime = false;
      params.printTimestamps = false;
      params.printSpecial = false;
      return model.full(params, samples).trim();
    },
  };
};
