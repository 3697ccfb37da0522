/**
 * AudioWorklet processor `pcm-capture`: microphone → 16 kHz mono 16-bit PCM frames of 20 ms,
 * posted to the main thread with their level, so the page never touches raw audio on its own
 * thread. Load it with Vite's worker URL import so it is bundled with what it imports:
 *
 *   import captureUrl from './pcm-capture.worklet.ts?worker&url';
 *   await ctx.audioWorklet.addModule(captureUrl);
 *   const node = new AudioWorkletNode(ctx, 'pcm-capture', { numberOfOutputs: 0 });
 *   node.port.onmessage = (e: MessageEvent<CaptureMessage>) => …;
 *   micSource.connect(node);
 *
 * Messages out: `{ type: 'frame', pcm, levelDbfs }` (the Int16Array's buffer is transferred).
 * Messages in: `{ type: 'flush' }` posts the last partial frame, then `{ type: 'flushed' }`.
 */
import { PcmFramer } from './pcm-framer.js';

export type CaptureMessage = { type: 'frame'; pcm: Int16Array; levelDbfs: number } | { type: 'flushed' };
export type CaptureCommand = { type: 'flush' };

// The AudioWorkletGlobalScope is not in TypeScript's DOM library.
declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: new () => WorkletProcessorShape): void;
declare const AudioWorkletProcessor: { prototype: WorkletProcessorShape; new (): WorkletProcessorShape };
interface WorkletProcessorShape {
  readonly port: MessagePort;
  process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean;
}

class PcmCaptureProcessor extends AudioWorkletProcessor {
  private readonly framer = new PcmFramer(sampleRate);

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<CaptureCommand>) => {
      if (e.data?.type !== 'flush') return;
      for (const f of this.framer.flush()) this.post(f.pcm, f.levelDbfs);
      this.port.postMessage({ type: 'flushed' } satisfies CaptureMessage);
    };
  }

  override process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (channels && channels.length > 0) for (const f of this.framer.push(channels)) this.post(f.pcm, f.levelDbfs);
    return true; // keep running while the microphone is connected
  }

  private post(pcm: Int16Array, levelDbfs: number): void {
    this.port.postMessage({ type: 'frame', pcm, levelDbfs } satisfies CaptureMessage, [pcm.buffer]);
  }
}

registerProcessor('pcm-capture', PcmCaptureProcessor);
