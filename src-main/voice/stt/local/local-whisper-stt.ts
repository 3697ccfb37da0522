/**
 * Offline speech-to-text: whisper.cpp (the prebuilt `@napi-rs/whisper` addon) in a worker thread,
 * on a ggml model file that is already on disk (downloaded with consent by ModelStore, or picked
 * by the user). The worker is started on first use and kept warm; cancelling a transcription
 * terminates it (whisper.cpp cannot be interrupted mid-inference), and the next call starts a
 * fresh one.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { resample } from '../../../../src-shared/voice/resample.js';
import { decodeWav, durationSeconds, toMonoFloat } from '../../../../src-shared/voice/wav.js';
import { SpeechServiceError } from '../../speech-errors.js';
import type { SpeechToText, TranscribeOptions, Transcript } from '../stt.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './whisper-worker.js';

export interface LocalWhisperOptions {
  /** The ggml model file (e.g. from ModelStore). */
  modelPath: string;
  /**
   * The built worker entry. Default: `whisper-worker.js` next to this module, which is where the
   * main-process bundle must emit it.
   */
  workerUrl?: URL;
  /** For running the TypeScript worker under tests or tsx: `['--import', 'tsx']`. */
  execArgv?: string[];
  /** A module exporting `createRunner` instead of whisper.cpp (tests: a fake runner). */
  runnerModule?: string;
  /**
   * Inference threads (default: all cores but one, 1 to 4). ggml's threads spin while they wait
   * for each other, so on a busy machine more threads than free cores is far slower, not faster:
   * measured here on 2 shared cores, 2 threads ran 4–15× slower than 1 (bench/voice.bench.ts).
   */
  threads?: number;
  language?: string;
  /**
   * Run the encoder over the clip's length (plus 1 s, at least 384 frames ≈ 7.7 s) instead of
   * Whisper's whole 30 s window (false). Default true: on the bench's 24 spoken requests
   * (bench/voice.bench.ts, `stt_local_set_*`) it was about 5× faster and heard as many words or
   * more; it does change some of them (either way can win on one sentence), and below ~384
   * frames it loops on hallucinations, hence the floor.
   */
  fitAudioContext?: boolean;
}

/** Whisper's encoder runs 50 frames per second of audio, 1500 for its 30 s window. */
export function fittedAudioContext(seconds: number): number {
  return Math.min(1500, Math.max(384, Math.ceil(((seconds + 1) * 50) / 64) * 64));
}

const SERVICE = 'local speech-to-text';
const WHISPER_RATE = 16_000;

interface Pending {
  resolve: (r: { text: string; elapsedMs: number }) => void;
  reject: (e: Error) => void;
}

export class LocalWhisperStt implements SpeechToText {
  readonly engine = 'local-whisper' as const;
  private worker: Worker | undefined;
  private ready: Promise<Worker> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Model load time of the current worker, for diagnostics and the bench. */
  loadMs: number | undefined;

  constructor(private readonly options: LocalWhisperOptions) {}

  /** Starts the worker and loads the model now (e.g. when the user turns voice on). */
  warmUp(): Promise<void> {
    return this.start().then(() => undefined);
  }

  async transcribe(wav: Uint8Array, options: TranscribeOptions = {}): Promise<Transcript> {
    if (options.signal?.aborted) throw new SpeechServiceError(SERVICE, 'aborted', 'cancelled');
    const audio = decodeWav(wav);
    const mono = toMonoFloat(audio);
    const samples = audio.sampleRate === WHISPER_RATE ? mono : resample(mono, audio.sampleRate, WHISPER_RATE);
    // A cancel while the model loads rejects at once; the worker goes on loading for the next call.
    const worker = await untilAborted(this.start(), options.signal);
    const id = this.nextId++;
    const result = new Promise<{ text: string; elapsedMs: number }>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const onAbort = () => {
      // whisper_full cannot be interrupted: end the thread; the next call starts a new one.
      this.stop(new SpeechServiceError(SERVICE, 'aborted', 'cancelled'));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    const request: WorkerRequest = {
      type: 'transcribe',
      id,
      samples,
      options: {
        threads: this.options.threads ?? Math.min(4, Math.max(1, availableParallelism() - 1)),
        ...((options.language ?? this.options.language) ? { language: options.language ?? this.options.language } : {}),
        ...(options.prompt ? { prompt: options.prompt } : {}),
        ...(this.options.fitAudioContext !== false ? { audioCtx: fittedAudioContext(samples.length / WHISPER_RATE) } : {}),
      },
    };
    worker.postMessage(request, [samples.buffer as ArrayBuffer]);
    try {
      const { text, elapsedMs } = await result;
      return { text, audioSeconds: durationSeconds(audio), elapsedMs, engine: this.engine };
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    this.stop(new SpeechServiceError(SERVICE, 'aborted', 'closed'));
  }

  private start(): Promise<Worker> {
    if (this.ready) return this.ready;
    if (!existsSync(this.options.modelPath)) {
      return Promise.reject(new SpeechServiceError(SERVICE, 'model_missing', `no model file at ${this.options.modelPath}`));
    }
    const init: WorkerInit = { modelPath: this.options.modelPath, ...(this.options.runnerModule ? { runnerModule: this.options.runnerModule } : {}) };
    const worker = new Worker(this.options.workerUrl ?? new URL('./whisper-worker.js', import.meta.url), {
      workerData: init,
      ...(this.options.execArgv ? { execArgv: this.options.execArgv } : {}),
    });
    this.worker = worker;
    this.ready = new Promise<Worker>((resolve, reject) => {
      worker.on('message', (msg: WorkerReply) => {
        if (msg.type === 'ready') {
          this.loadMs = msg.loadMs;
          resolve(worker);
        } else if (msg.type === 'result') {
          this.pending.get(msg.id)?.resolve(msg);
          this.pending.delete(msg.id);
        } else if (msg.id === undefined) {
          const err = new SpeechServiceError(SERVICE, 'unavailable', `the model could not be loaded: ${msg.message}`);
          reject(err);
          this.stop(err);
        } else {
          this.pending.get(msg.id)?.reject(new SpeechServiceError(SERVICE, 'bad_response', msg.message));
          this.pending.delete(msg.id);
        }
      });
      worker.on('error', (err) => {
        const e = new SpeechServiceError(SERVICE, 'unavailable', `the speech worker failed: ${err.message}`, { cause: err });
        reject(e);
        this.stop(e);
      });
      worker.on('exit', (code) => {
        if (this.worker !== worker) return;
        const e = new SpeechServiceError(SERVICE, 'unavailable', `the speech worker exited (code ${code})`);
        reject(e);
        this.stop(e);
      });
    });
    return this.ready;
  }

  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
    if (worker) void worker.terminate();
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new SpeechServiceError(SERVICE, 'aborted', 'cancelled'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
