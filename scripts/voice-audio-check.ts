/**
 * `npx tsx scripts/voice-audio-check.ts`: runs the renderer's voice audio modules in real
 * Chromium (Debian's /usr/bin/chromium through Playwright), where the unit tests can only use an
 * offline fake of Web Audio:
 *
 * - the `pcm-capture` AudioWorklet, bundled as the app will bundle it, fed a 440 Hz tone at
 *   48 kHz in an OfflineAudioContext: the 20 ms Int16 frames at 16 kHz and their levels;
 * - the PlaybackQueue's barge-in in an OfflineAudioContext suspended mid-sentence: how long after
 *   bargeIn() the rendered output is exactly zero.
 *
 * Also used by bench/voice.bench.ts (`barge_in_stop_ms_chromium`). Prints JSON.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';

const audioDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src-renderer', 'features', 'voice', 'audio');

export interface ChromiumAudioCheck {
  capture: { frames: number; samplesPerFrame: number[]; levelsDbfs: number[]; sampleType: string };
  bargeIn: { requestedAt: number; stopMs: number; reportedStopMs: number; dropped: number; levelBefore: number };
}

async function bundle(entry: string, format: 'esm' | 'iife', globalName?: string): Promise<string> {
  const out = await build({ entryPoints: [join(audioDir, entry)], bundle: true, format, write: false, ...(globalName ? { globalName } : {}) });
  return out.outputFiles[0]!.text;
}

export async function checkInChromium(executablePath = '/usr/bin/chromium'): Promise<ChromiumAudioCheck> {
  const worklet = await bundle('pcm-capture.worklet.ts', 'esm');
  const queue = await bundle('playback-queue.ts', 'iife', 'VoiceQueue');
  // A secure context (loopback http) is needed for audioWorklet.
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>voice audio check</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.addScriptTag({ content: queue });
    return await page.evaluate(async (workletSource: string) => {
      const ctx = new OfflineAudioContext(1, 48_000, 48_000);
      await ctx.audioWorklet.addModule(URL.createObjectURL(new Blob([workletSource], { type: 'text/javascript' })));
      const osc = new OscillatorNode(ctx, { frequency: 440 });
      const node = new AudioWorkletNode(ctx, 'pcm-capture', { numberOfOutputs: 1 });
      const frames: Array<{ pcm: Int16Array; levelDbfs: number }> = [];
      node.port.onmessage = (e: MessageEvent) => frames.push(e.data as { pcm: Int16Array; levelDbfs: number });
      osc.connect(new GainNode(ctx, { gain: 0.5 })).connect(node).connect(ctx.destination);
      osc.start();
      await ctx.startRendering();
      await new Promise((r) => setTimeout(r, 200)); // the last port messages
      const capture = {
        frames: frames.length,
        samplesPerFrame: [...new Set(frames.map((f) => f.pcm.length))],
        levelsDbfs: frames.slice(3, 6).map((f) => Math.round(f.levelDbfs * 10) / 10),
        sampleType: frames[0]?.pcm.constructor.name ?? 'none',
      };

      const rate = 48_000;
      const pctx = new OfflineAudioContext(1, rate, rate);
      const { PlaybackQueue } = (window as unknown as { VoiceQueue: typeof import('../src-renderer/features/voice/audio/playback-queue.js') }).VoiceQueue;
      const q = new PlaybackQueue(pctx as unknown as ConstructorParameters<typeof PlaybackQueue>[0]);
      const tone = { sampleRate: 24_000, samples: Int16Array.from({ length: 24_000 }, (_, i) => Math.round(16_000 * Math.sin((2 * Math.PI * 300 * i) / 24_000))) };
      q.enqueue(tone);
      q.enqueue(tone);
      let requestedAt = 0;
      let report: Promise<{ stopMs: number; dropped: number }> | undefined;
      void pctx.suspend(0.5).then(() => {
        requestedAt = pctx.currentTime;
        report = q.bargeIn();
        void pctx.resume();
      });
      const rendered = (await pctx.startRendering()).getChannelData(0);
      const r = await report!;
      const from = Math.round(requestedAt * rate);
      let last = from - 1;
      for (let i = from; i < rendered.length; i++) if (rendered[i] !== 0) last = i;
      let before = 0;
      for (let i = from - 480; i < from; i++) before = Math.max(before, Math.abs(rendered[i]!));
      return {
        capture,
        bargeIn: { requestedAt, stopMs: ((last + 1 - from) / rate) * 1000, reportedStopMs: r.stopMs, dropped: r.dropped, levelBefore: before },
      };
    }, worklet);
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await checkInChromium(process.env.CHROMIUM_PATH), null, 2));
}
