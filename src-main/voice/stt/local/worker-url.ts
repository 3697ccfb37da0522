/**
 * Where the speech worker's entry is. The main-process bundle emits `whisper-worker.js` next to
 * itself (this module is bundled into it, so `import.meta.url` is the bundle's); run from source
 * (the web shell under tsx) only the TypeScript entry exists, and the worker thread inherits the
 * parent's `--import tsx`, so it loads that.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function defaultWhisperWorkerUrl(): URL {
  const built = new URL('./whisper-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  return new URL('./whisper-worker.ts', import.meta.url);
}
