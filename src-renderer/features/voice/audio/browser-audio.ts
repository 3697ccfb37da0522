/**
 * The real `VoiceAudio` behind voice mode: one AudioContext for both directions, so Chromium's
 * echo canceller (which removes only what this page plays) keeps the agent's own voice out of
 * the microphone, and barge-in can be heard over it.
 *
 *   microphone ─ getUserMedia(echoCancellation…) ─ MediaStreamSource ─ pcm-capture worklet ─▶ frames
 *   sentences ─ PlaybackQueue ─ analyser (the output's peak) ─ destination
 *
 * The context is created on the first user gesture that needs it (autoplay rules) and kept; the
 * microphone is opened only while the user talks or hands-free is on, and its tracks are stopped
 * as soon as it is not needed, so the system's "microphone in use" light tells the truth.
 */
import { MicrophoneError, type MicrophoneFrame, type OpenMicrophone, type VadEvent, type VoiceActivityDetector, type VoiceAudio } from '../../../lib/state/voice.svelte';
import captureUrl from './pcm-capture.worklet.ts?worker&url';
import type { CaptureMessage } from './pcm-capture.worklet';
import { EnergyVad } from './energy-vad';
import { PlaybackQueue } from './playback-queue';
import { framesToWav } from './wav-encoder';

export class BrowserVoiceAudio implements VoiceAudio {
  #ctx: AudioContext | null = null;
  #queue: PlaybackQueue | null = null;
  #analyser: AnalyserNode | null = null;
  #workletReady: Promise<void> | null = null;
  #listener: { idle: () => void; peak: (peak: number) => void } = { idle: () => undefined, peak: () => undefined };
  #metering = false;
  #scratch: Float32Array<ArrayBuffer> | null = null;

  #context(): AudioContext {
    if (!this.#ctx) {
      this.#ctx = new AudioContext({ latencyHint: 'interactive' });
      const analyser = this.#ctx.createAnalyser();
      analyser.fftSize = 2048;
      analyser.connect(this.#ctx.destination);
      this.#analyser = analyser;
      this.#queue = new PlaybackQueue(this.#ctx, { onIdle: () => this.#listener.idle() }, analyser);
    }
    // Called from a click or key press: a suspended context may resume now.
    if (this.#ctx.state === 'suspended') void this.#ctx.resume();
    return this.#ctx;
  }

  async openMicrophone(deviceId: string | null, onFrame: (frame: MicrophoneFrame) => void): Promise<OpenMicrophone> {
    if (!navigator.mediaDevices?.getUserMedia) throw new MicrophoneError('unsupported', 'This window has no access to microphones.');
    const ctx = this.#context();
    this.#workletReady ??= ctx.audioWorklet.addModule(captureUrl);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
          channelCount: 1,
          echoCancellation: true,
          noiseSuppression: true,
          autoGainControl: true,
        },
      });
    } catch (error) {
      throw mediaError(error, deviceId);
    }
    try {
      await this.#workletReady;
    } catch (error) {
      stream.getTracks().forEach((t) => t.stop());
      this.#workletReady = null;
      throw new MicrophoneError('unsupported', `The audio capture module could not load (${(error as Error).message}).`);
    }
    const source = ctx.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(ctx, 'pcm-capture', { numberOfInputs: 1, numberOfOutputs: 0 });
    let flushed: (() => void) | null = null;
    node.port.onmessage = (event: MessageEvent<CaptureMessage>) => {
      if (event.data.type === 'frame') onFrame({ pcm: event.data.pcm, levelDbfs: event.data.levelDbfs });
      else if (event.data.type === 'flushed') flushed?.();
    };
    source.connect(node);
    let closed = false;
    return {
      flush: () =>
        closed
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              // A worklet that stopped running would never answer; a render quantum or two is plenty.
              const timer = setTimeout(resolve, 250);
              flushed = () => {
                clearTimeout(timer);
                flushed = null;
                resolve();
              };
              node.port.postMessage({ type: 'flush' });
            }),
      close: () => {
        if (closed) return;
        closed = true;
        source.disconnect();
        node.port.onmessage = null;
        node.port.close();
        stream.getTracks().forEach((t) => t.stop());
      },
    };
  }

  async createVad(onEvent: (event: VadEvent) => void): Promise<VoiceActivityDetector> {
    try {
      // Loaded on first use: the model runtime stays off the start-up path.
      const { createSileroVad } = await import('./silero-vad');
      return await createSileroVad(onEvent);
    } catch (error) {
      // The energy detector needs no model: worse at telling speech from noise, but it works.
      console.warn('Silero VAD unavailable, using the energy detector:', error);
      return energyDetector(onEvent);
    }
  }

  play(audio: { sampleRate: number; samples: Int16Array }): void {
    this.#context();
    this.#queue!.enqueue(audio);
    this.#meter();
  }

  get playing(): boolean {
    return (this.#queue?.size ?? 0) > 0;
  }

  async stopPlayback(): Promise<{ stopMs: number } | null> {
    if (!this.#queue || this.#queue.size === 0) return null;
    const report = await this.#queue.bargeIn();
    return { stopMs: report.stopMs };
  }

  onPlayback(listener: { idle: () => void; peak: (peak: number) => void }): void {
    this.#listener = listener;
  }

  encodeWav(pcm: readonly Int16Array[]): Uint8Array {
    return framesToWav(pcm);
  }

  /** While something plays, the output's peak is read each frame (what the user actually hears). */
  #meter(): void {
    if (this.#metering || !this.#analyser) return;
    this.#metering = true;
    const analyser = this.#analyser;
    this.#scratch ??= new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(this.#scratch!);
      let peak = 0;
      for (const v of this.#scratch!) peak = Math.max(peak, Math.abs(v));
      this.#listener.peak(peak);
      if (this.playing) requestAnimationFrame(tick);
      else this.#metering = false;
    };
    requestAnimationFrame(tick);
  }

  dispose(): void {
    void this.#ctx?.close().catch(() => undefined);
    this.#ctx = null;
    this.#queue = null;
    this.#analyser = null;
    this.#workletReady = null;
  }
}

function energyDetector(onEvent: (event: VadEvent) => void): VoiceActivityDetector {
  const vad = new EnergyVad();
  return {
    kind: 'energy',
    push(frame) {
      const e = vad.push(frame.pcm, frame.levelDbfs);
      if (e.type === 'speech-start') onEvent({ type: 'speech-start' });
      else if (e.type === 'speech-end') onEvent({ type: 'speech-end', pcm: e.pcm, speechMs: e.speechMs });
      else if (e.type === 'misfire') onEvent({ type: 'misfire' });
    },
    reset: () => vad.reset(),
    close: () => vad.reset(),
  };
}

/** getUserMedia's DOMExceptions, as problems the user can act on. */
function mediaError(error: unknown, deviceId: string | null): MicrophoneError {
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new MicrophoneError('permission-denied', 'Letta Desk is not allowed to use the microphone.');
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new MicrophoneError('no-microphone', deviceId ? 'The microphone chosen in Voice settings is not connected.' : 'No microphone was found.');
    case 'NotReadableError':
    case 'AbortError':
      return new MicrophoneError('device-busy', 'The microphone could not be started.');
    default:
      return new MicrophoneError('unsupported', `The microphone could not be opened (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** The audio inputs for the settings panel (names appear once the microphone was allowed). */
export async function listInputDevices(): Promise<Array<{ deviceId: string; label: string }>> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'audioinput' && d.deviceId && d.deviceId !== 'default' && d.deviceId !== 'communications')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
}
