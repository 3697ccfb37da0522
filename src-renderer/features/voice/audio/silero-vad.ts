/**
 * Hands-free voice-activity detection with the Silero VAD model (v5): the ONNX file that ships in
 * the npm package `@ricky0123/vad-web`, run by onnxruntime-web's single-threaded wasm backend on
 * the page's own capture frames (one microphone pipeline, no second worklet). The window logic is
 * in windowed-vad.ts; this file owns the model: loading it once per page, and its recurrent state.
 *
 * Assets: Vite emits both files from their packages (`?url`) and the page fetches them from its
 * own origin (the CSP allows `connect-src 'self'` and `'wasm-unsafe-eval'` for exactly this). The
 * page is not cross-origin isolated, so there are no threads and no worker: inference runs on the
 * main thread, about 1 ms per 32 ms window on these 2 cores.
 */
import * as ort from 'onnxruntime-web/wasm';
import modelUrl from '@ricky0123/vad-web/dist/silero_vad_v5.onnx?url';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { VadEvent, VoiceActivityDetector } from '../../../lib/state/voice.svelte';
import { SileroScorer } from './silero-scorer';
import { WindowedVad, type WindowedVadOptions } from './windowed-vad';

/** One compiled model for the whole page: compiling the wasm and the graph takes 1–3 s here. */
let session: Promise<ort.InferenceSession> | null = null;

function loadSession(): Promise<ort.InferenceSession> {
  if (!session) {
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.wasm.wasmPaths = { wasm: wasmUrl };
    ort.env.logLevel = 'warning';
    session = (async () => {
      const response = await fetch(modelUrl);
      if (!response.ok) throw new Error(`the voice-activity model could not be read (HTTP ${response.status})`);
      const model = new Uint8Array(await response.arrayBuffer());
      return ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    })();
    // A failed load may be retried by the next hands-free start.
    session.catch(() => (session = null));
  }
  return session;
}

export async function createSileroVad(onEvent: (event: VadEvent) => void, options: WindowedVadOptions = {}): Promise<VoiceActivityDetector> {
  return new WindowedVad('silero', new SileroScorer(ort, await loadSession()), onEvent, options);
}
