/**
 * Worker-thread entry for local speech-to-text: loads the model once, then answers one
 * transcription at a time. Runs off the main process's event loop (whisper.cpp blocks its thread
 * for the whole inference) and is terminated to cancel one.
 *
 * Protocol (see local-whisper-stt.ts): in `{type:'transcribe', id, samples, options}`; out
 * `{type:'ready', loadMs}` once, `{type:'result', id, text, elapsedMs}`, `{type:'error', id?, message}`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { createRunner as createNapiRunner, type CreateRunner, type RunnerOptions, type WhisperRunner } from './runner.js';

export interface WorkerInit {
  modelPath: string;
  /** A module exporting `createRunner` (tests use a fake); default: whisper.cpp. */
  runnerModule?: string;
}

export type WorkerRequest = { type: 'transcribe'; id: number; samples: Float32Array; options: RunnerOptions };

export type WorkerReply =
  | { type: 'ready'; loadMs: number }
  | { type: 'result'; id: number; text: string; elapsedMs: number }
  | { type: 'error'; id?: number; message: string };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('whisper-worker must run in a worker thread');
  const init = workerData as WorkerInit;
  const send = (reply: WorkerReply) => port.postMessage(reply);
  let runner: WhisperRunner;
  const started = performance.now();
  try {
    const create: CreateRunner = init.runnerModule
      ? ((await import(init.runnerModule.startsWith('file:') ? init.runnerModule : pathToFileURL(init.runnerModule).href)) as { createRunner: CreateRunner }).createRunner
      : createNapiRunner;
    runner = await create(init.modelPath);
  } catch (err) {
    send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  send({ type: 'ready', loadMs: performance.now() - started });
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type !== 'transcribe') return;
    const t0 = performance.now();
    try {
      const text = runner.transcribe(msg.samples, msg.options);
      send({ type: 'result', id: msg.id, text, elapsedMs: performance.now() - t0 });
    } catch (err) {
      send({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) });
    }
  });
}

void main();
