/**
 * The hands-free detector: its window logic with a scripted scorer, and the real Silero v5 model
 * (the file from @ricky0123/vad-web, run by onnxruntime-web's Node build) on a sentence espeak-ng
 * speaks — the same model and code the renderer runs, minus the browser.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { SileroScorer } from '../../../src-renderer/features/voice/audio/silero-scorer.js';
import { WindowedVad, type WindowScorer } from '../../../src-renderer/features/voice/audio/windowed-vad.js';
import type { VadEvent } from '../../../src-renderer/lib/state/voice.svelte.js';
import { resample } from '../../../src-shared/voice/resample.js';
import { decodeWav, floatToInt16, toMonoFloat } from '../../../src-shared/voice/wav.js';

const FRAME = 320;

/** Scores each window with the next probability of the script (then 0), remembering resets. */
class ScriptedScorer implements WindowScorer {
  readonly window = 512;
  readonly context = 64;
  resets = 0;
  scored = 0;
  constructor(private readonly probabilities: number[]) {}
  async score(samples: Float32Array): Promise<number> {
    expect(samples.length).toBe(576);
    return this.probabilities[this.scored++] ?? 0;
  }
  reset(): void {
    this.resets++;
  }
}

/** Pushes `frames` frames one by one, noting after which frame (in ms of audio) each event came. */
async function feed(vad: WindowedVad, frames: Int16Array[], events: Array<VadEvent & { atMs: number }>, sink: VadEvent[]): Promise<void> {
  let ms = 0;
  for (const pcm of frames) {
    vad.push({ pcm, levelDbfs: -30 });
    await vad.settled();
    ms += 20;
    for (const e of sink.splice(0)) events.push({ ...e, atMs: ms });
  }
}

function silence(ms: number): Int16Array[] {
  return Array.from({ length: ms / 20 }, () => new Int16Array(FRAME));
}

describe('WindowedVad with a scripted scorer', () => {
  it('regroups 20 ms frames into 32 ms windows, starts at the first likely window and ends after the hangover', async () => {
    // Windows of 32 ms: 10 quiet, 40 speech (1.28 s), then quiet.
    const scorer = new ScriptedScorer([...Array(10).fill(0.01), ...Array(40).fill(0.9), ...Array(60).fill(0.01)]);
    const sink: VadEvent[] = [];
    const vad = new WindowedVad('silero', scorer, (e) => sink.push(e));
    const events: Array<VadEvent & { atMs: number }> = [];
    await feed(vad, silence(3000), events, sink);
    expect(events.map((e) => e.type)).toEqual(['speech-start', 'speech-end']);
    // The 11th window ends at 352 ms of audio: the frame that completes it ends at 360 ms.
    expect(events[0]!.atMs).toBe(360);
    // Speech ends at window 50 (1600 ms); 22 quiet windows (704 ms ≥ 700) later it is over.
    expect(events[1]!.atMs).toBe(Math.ceil(((50 + 22) * 512) / 320) * 20);
    const end = events[1] as Extract<VadEvent, { type: 'speech-end' }>;
    expect(end.speechMs).toBeCloseTo(40 * 32, 5);
    // The utterance has its pre-roll (320 ms) before the first speech frame, and no more than 200 ms of tail.
    const ms = end.pcm.length / 16;
    expect(ms).toBeGreaterThanOrEqual(1280 + 200);
    expect(ms).toBeLessThanOrEqual(320 + 1280 + 200 + 60);
    expect(scorer.scored).toBe(Math.floor((3000 * 16) / 512));
  });

  it('a blip shorter than the minimum is a misfire, and a short dip inside speech does not end it', async () => {
    const scorer = new ScriptedScorer([0.9, 0.9, ...Array(30).fill(0), ...Array(10).fill(0.9), ...Array(10).fill(0.1), ...Array(10).fill(0.9), ...Array(40).fill(0)]);
    const sink: VadEvent[] = [];
    const vad = new WindowedVad('silero', scorer, (e) => sink.push(e));
    const events: Array<VadEvent & { atMs: number }> = [];
    await feed(vad, silence(4000), events, sink);
    expect(events.map((e) => e.type)).toEqual(['speech-start', 'misfire', 'speech-start', 'speech-end']);
    const end = events[3] as Extract<VadEvent, { type: 'speech-end' }>;
    // 10 + 10 (the dip counts as speech) + 10 windows.
    expect(end.speechMs).toBeCloseTo(30 * 32, 5);
  });

  it('reset() drops what was queued and what the model was scoring, and restarts its state', async () => {
    let release: (p: number) => void = () => undefined;
    const slow: WindowScorer = {
      window: 512,
      context: 64,
      score: () => new Promise<number>((resolve) => (release = resolve)),
      reset: () => undefined,
    };
    const sink: VadEvent[] = [];
    const vad = new WindowedVad('silero', slow, (e) => sink.push(e));
    for (const f of silence(200)) vad.push({ pcm: f, levelDbfs: -30 });
    await new Promise((r) => setTimeout(r, 0));
    vad.reset();
    release(0.99);
    await vad.settled();
    expect(sink).toEqual([]);
    expect(vad.speaking).toBe(false);
  });
});

describe('Silero v5 on real speech', async () => {
  const require = createRequire(import.meta.url);
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(readFileSync(require.resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx')), { executionProviders: ['wasm'] });

  /** espeak-ng's sentence at 16 kHz in 20 ms frames, with `leadMs` of silence before and `tailMs` after. */
  function spoken(sentence: string, leadMs: number, tailMs: number): { frames: Int16Array[]; speechMs: number } {
    let raw: Buffer;
    try {
      raw = execFileSync('espeak-ng', ['-v', 'en-us', '-s', '140', '--stdout', sentence]);
    } catch (error) {
      throw new Error(`espeak-ng is needed to speak the test sentence (scripts/bootstrap.sh installs it): ${String(error)}`);
    }
    const audio = decodeWav(new Uint8Array(raw));
    const speech = floatToInt16(resample(toMonoFloat(audio), audio.sampleRate, 16_000));
    const all = new Int16Array(((leadMs + tailMs) * 16) + Math.ceil(speech.length / FRAME) * FRAME);
    all.set(speech, leadMs * 16);
    const frames: Int16Array[] = [];
    for (let i = 0; i + FRAME <= all.length; i += FRAME) frames.push(all.slice(i, i + FRAME));
    return { frames, speechMs: speech.length / 16 };
  }

  it('hears the sentence start within 150 ms of its first sound, ends it after the pause, and hears nothing in silence', async () => {
    const { frames, speechMs } = spoken('What is the weather like in Lisbon', 1000, 2000);
    // Where the sentence audibly starts: the first frame above -40 dBFS.
    const loud = frames.findIndex((f) => Math.sqrt(f.reduce((s, v) => s + v * v, 0) / f.length) / 32768 > 0.01);
    const sink: VadEvent[] = [];
    const vad = new WindowedVad('silero', new SileroScorer(ort, session), (e) => sink.push(e));
    const events: Array<VadEvent & { atMs: number }> = [];
    await feed(vad, frames, events, sink);
    expect(events.map((e) => e.type)).toEqual(['speech-start', 'speech-end']);
    const onsetMs = loud * 20;
    expect(events[0]!.atMs - onsetMs).toBeGreaterThanOrEqual(0);
    expect(events[0]!.atMs - onsetMs).toBeLessThanOrEqual(150);
    const end = events[1] as Extract<VadEvent, { type: 'speech-end' }>;
    // The whole sentence is in the utterance (its quiet edges aside), and it ended after the sentence did.
    expect(end.pcm.length / 16).toBeGreaterThan(speechMs * 0.85);
    expect(events[1]!.atMs).toBeGreaterThan(1000 + speechMs);

    const quiet: VadEvent[] = [];
    const idle = new WindowedVad('silero', new SileroScorer(ort, session), (e) => quiet.push(e));
    for (const f of silence(3000)) idle.push({ pcm: f, levelDbfs: -100 });
    await idle.settled();
    expect(quiet).toEqual([]);
  });
});
