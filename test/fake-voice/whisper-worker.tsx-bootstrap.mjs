// Runs the TypeScript speech worker in tests: a worker thread does not inherit the test runner's
// TypeScript loader, so it registers tsx itself before loading the real entry.
import { register } from 'tsx/esm/api';

register();
await import('../../src-main/voice/stt/local/whisper-worker.ts');
