/**
 * Where the speech worker's entry is. The main-process bundle emits `whisper-worker.js` next to
 * itself (this module is bundled into it, so `import.meta.url` is the bundle's). Run from source
 * (the web shell under tsx) only the TypeScript entry exists, and a worker thread does not get
 * tsx's loader from its parent on Node 20, so it starts from a tiny inline module that registers
 * tsx and then imports the entry.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function defaultWhisperWorkerUrl(): URL {
  const built = new URL('./whisper-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  const entry = new URL('./whisper-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsx)};\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}
