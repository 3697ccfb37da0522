/**
 * Silero VAD v5 as a WindowScorer: 512-sample windows at 16 kHz with 64 samples of context
 * (input `[1, 576]`), a recurrent `state` `[2, 1, 128]` carried from window to window (`stateN`),
 * and the rate as an int64 scalar `sr`. Takes the onnxruntime module it runs on, so the renderer
 * passes onnxruntime-web's wasm build and the bench its Node build, on the same model file.
 */
import type * as Ort from 'onnxruntime-web';
import { VAD_RATE, type WindowScorer } from './windowed-vad';

export class SileroScorer implements WindowScorer {
  readonly window = 512;
  readonly context = 64;
  readonly #ort: typeof Ort;
  readonly #session: Ort.InferenceSession;
  readonly #sr: Ort.Tensor;
  #state: Ort.Tensor;
  #epoch = 0;

  constructor(ort: typeof Ort, session: Ort.InferenceSession) {
    this.#ort = ort;
    this.#session = session;
    this.#sr = new ort.Tensor('int64', BigInt64Array.of(BigInt(VAD_RATE)), []);
    this.#state = this.#zero();
  }

  async score(samples: Float32Array): Promise<number> {
    const epoch = this.#epoch;
    const out = await this.#session.run({
      input: new this.#ort.Tensor('float32', samples, [1, this.context + this.window]),
      state: this.#state,
      sr: this.#sr,
    });
    // The state carries on only if nothing reset the detector while the model ran.
    if (epoch === this.#epoch) this.#state = out['stateN']!;
    return (out['output']!.data as Float32Array)[0]!;
  }

  reset(): void {
    this.#epoch++;
    // Not disposed: a run still in flight may hold it (CPU tensors are garbage-collected).
    this.#state = this.#zero();
  }

  #zero(): Ort.Tensor {
    return new this.#ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
  }
}
