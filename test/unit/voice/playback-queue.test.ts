import { describe, expect, it } from 'vitest';
import { PlaybackQueue, type QueuedSpeech } from '../../../src-renderer/features/voice/audio/playback-queue.js';
import { FakeOfflineAudioContext, RENDER_QUANTUM } from '../../fake-voice/offline-audio.js';

const tone = (seconds: number, rate = 24_000, amp = 0.5) => ({
  sampleRate: rate,
  samples: Int16Array.from({ length: Math.round(seconds * rate) }, (_, i) => Math.round(amp * 32767 * Math.sin((2 * Math.PI * 300 * i) / rate))),
});

describe('PlaybackQueue bookkeeping', () => {
  it('schedules sentences back to back after a short lead, and reports each end and the idle queue', () => {
    const ctx = new FakeOfflineAudioContext(48_000);
    const ended: QueuedSpeech[] = [];
    let idle = 0;
    const q = new PlaybackQueue(ctx, { onItemEnd: (i) => ended.push(i), onIdle: () => idle++ });
    const a = q.enqueue(tone(0.3), 'one');
    const b = q.enqueue(tone(0.2, 22_050), 'two');
    expect(a.startAt).toBeCloseTo(0.03);
    expect(b.startAt).toBe(a.endAt); // gapless
    expect(q.size).toBe(2);
    expect(q.pendingSeconds).toBeCloseTo(0.53, 2);
    ctx.render(0.35);
    expect(ended.map((e) => e.label)).toEqual(['one']);
    ctx.render(0.3);
    expect(ended.map((e) => e.label)).toEqual(['one', 'two']);
    expect(idle).toBe(1);
    expect(q.size).toBe(0);
    // Idle again: the next sentence starts a lead after "now", not at the old end.
    const c = q.enqueue(tone(0.1));
    expect(c.startAt).toBeCloseTo(ctx.currentTime + 0.03, 5);
  });

  it('the rendered audio is the sentences, resampled, with no gap at the seam', () => {
    const ctx = new FakeOfflineAudioContext(48_000);
    const q = new PlaybackQueue(ctx, { leadSeconds: 0 });
    q.enqueue(tone(0.1));
    q.enqueue(tone(0.1));
    ctx.render(0.25);
    const out = ctx.rendered;
    const seam = Math.round(0.1 * 48_000);
    const around = out.slice(seam - 200, seam + 200);
    expect(Math.max(...around.map(Math.abs))).toBeGreaterThan(0.3); // still playing across the seam
    expect(Math.max(...out.slice(Math.round(0.21 * 48_000)).map(Math.abs))).toBe(0);
  });
});

describe('PlaybackQueue.bargeIn', () => {
  it('is silent within one render quantum, without a click, and drops what was queued', async () => {
    const ctx = new FakeOfflineAudioContext(48_000);
    let idle = 0;
    const q = new PlaybackQueue(ctx, { onIdle: () => idle++ });
    q.enqueue(tone(1), 'playing');
    q.enqueue(tone(1), 'waiting');
    ctx.render(0.5);
    const bargeFrame = ctx.rendered.length;
    const pending = q.bargeIn();
    ctx.render(0.05);
    const report = await pending;
    const after = ctx.rendered.slice(bargeFrame);
    const lastSound = after.reduce((last, v, i) => (v !== 0 ? i : last), -1);
    expect(lastSound).toBeLessThan(RENDER_QUANTUM);
    expect(report.stopMs).toBeLessThanOrEqual((RENDER_QUANTUM / 48_000) * 1000);
    expect(report.silentAt).toBeCloseTo(report.requestedAt + 0.002, 6);
    expect(report.confirmedAt).toBeDefined();
    expect(report.confirmedAt! - report.requestedAt).toBeLessThanOrEqual((2 * RENDER_QUANTUM) / 48_000);
    expect(report.dropped).toBe(2);
    expect(q.size).toBe(0);
    expect(idle).toBe(0); // interrupted is not "finished"
    // The fade: no step between neighbouring samples larger than the tone itself makes.
    const steps = after.slice(0, 200).map((v, i, a) => Math.abs(v - (a[i - 1] ?? ctx.rendered[bargeFrame - 1]!)));
    expect(Math.max(...steps)).toBeLessThan(0.05);
  });

  it('sentences enqueued after a barge-in play at full volume', async () => {
    const ctx = new FakeOfflineAudioContext(44_100);
    const q = new PlaybackQueue(ctx);
    q.enqueue(tone(0.5));
    ctx.render(0.1);
    const barge = q.bargeIn();
    ctx.render(0.01);
    await barge;
    const start = ctx.rendered.length;
    q.enqueue(tone(0.2, 24_000, 0.5));
    ctx.render(0.15);
    expect(Math.max(...ctx.rendered.slice(start).map(Math.abs))).toBeGreaterThan(0.45);
  });

  it('with nothing playing it resolves at once', async () => {
    const ctx = new FakeOfflineAudioContext();
    const report = await new PlaybackQueue(ctx).bargeIn();
    expect(report).toMatchObject({ dropped: 0, confirmedAt: undefined });
  });
});
