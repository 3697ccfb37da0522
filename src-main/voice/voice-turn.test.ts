import { describe, expect, it } from 'vitest';
import { LettaAbortError } from '../letta/core/errors.js';
import type { ReplySideEvent } from '../../src-shared/voice/reply-events.js';
import type { SpeechToText } from './stt/stt.js';
import { ReplyInterruptedError, type ReplyOptions, type ReplyTransport } from './transports.js';
import type { SpeechAudio, SynthesizeOptions, TextToSpeech } from './tts/tts.js';
import { runVoiceTurn, type VoiceTurnEvent } from './voice-turn.js';

const tick = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

function fakeStt(text: string): SpeechToText & { calls: number } {
  return {
    engine: 'openai-compatible',
    calls: 0,
    async transcribe() {
      this.calls++;
      return { text, audioSeconds: 1, elapsedMs: 5, engine: 'openai-compatible' };
    },
  };
}

/** Streams `deltas` with a tick between them; optionally breaks off, or reports side events first. */
function fakeTransport(deltas: string[], opts: { cutAfter?: number; side?: ReplySideEvent[] } = {}) {
  const seen: { signal?: AbortSignal; text?: string; calls: number } = { calls: 0 };
  const transport: ReplyTransport = {
    kind: 'voice-beta',
    async *reply(_agentId: string, text: string, options: ReplyOptions = {}) {
      seen.calls++;
      seen.signal = options.signal;
      seen.text = text;
      for (const s of opts.side ?? []) options.onSide?.(s);
      for (let i = 0; i < deltas.length; i++) {
        if (options.signal?.aborted) throw new LettaAbortError({ method: 'POST', url: 'x' });
        if (opts.cutAfter === i) {
          throw new ReplyInterruptedError('voice-beta', new LettaAbortError({ method: 'POST', url: 'x' }), deltas.slice(0, i).join(''));
        }
        await tick(2);
        yield { type: 'text' as const, text: deltas[i]! };
      }
      yield { type: 'done' as const, transport: 'voice-beta' as const };
    },
  };
  return { transport, seen };
}

/** Each sentence takes `delayFor(text)` ms; records concurrency and the signals it got. */
function fakeTts(delayFor: (text: string) => number = () => 1) {
  const state = { running: 0, maxRunning: 0, signals: [] as AbortSignal[], started: [] as string[] };
  const tts: TextToSpeech = {
    engine: 'formant',
    async synthesize(text: string, options: SynthesizeOptions = {}): Promise<SpeechAudio> {
      state.running++;
      state.maxRunning = Math.max(state.maxRunning, state.running);
      state.started.push(text);
      if (options.signal) state.signals.push(options.signal);
      try {
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, delayFor(text));
          options.signal?.addEventListener('abort', () => {
            clearTimeout(t);
            reject(new Error('tts aborted'));
          });
        });
        return { sampleRate: 16_000, samples: new Int16Array(text.length) };
      } finally {
        state.running--;
      }
    },
  };
  return { tts, state };
}

async function collect(events: AsyncIterable<VoiceTurnEvent>) {
  const out: VoiceTurnEvent[] = [];
  let error: unknown;
  try {
    for await (const e of events) out.push(e);
  } catch (err) {
    error = err;
  }
  return { events: out, error };
}

const REPLY = ['Hello', ' there.', ' The weather', ' is fine.', ' Bye'];

describe('runVoiceTurn', () => {
  it('transcribes, streams, splits and speaks each sentence in order, then done', async () => {
    const { transport, seen } = fakeTransport(REPLY);
    const { tts } = fakeTts();
    const { events, error } = await collect(runVoiceTurn({ agentId: 'a', wav: new Uint8Array(), stt: fakeStt('how is the weather'), transport, tts }));
    expect(error).toBeUndefined();
    expect(seen.text).toBe('how is the weather');
    expect(events[0]).toMatchObject({ type: 'transcript', text: 'how is the weather' });
    expect(events.filter((e) => e.type === 'text').map((e) => (e.type === 'text' ? e.text : '')).join('')).toBe(REPLY.join(''));
    const audio = events.filter((e) => e.type === 'audio');
    expect(audio.map((e) => (e.type === 'audio' ? [e.index, e.text] : []))).toEqual([
      [0, 'Hello there.'],
      [1, 'The weather is fine.'],
      [2, 'Bye'],
    ]);
    expect(events.at(-1)).toEqual({ type: 'done', transport: 'voice-beta' });
  });

  it('the first sentence is spoken while the reply is still streaming', async () => {
    const { transport } = fakeTransport(REPLY);
    const { tts } = fakeTts();
    const { events } = await collect(runVoiceTurn({ agentId: 'a', text: 'hi', transport, tts }));
    const firstAudio = events.findIndex((e) => e.type === 'audio');
    const lastText = events.map((e) => e.type).lastIndexOf('text');
    expect(firstAudio).toBeGreaterThan(-1);
    expect(firstAudio).toBeLessThan(lastText);
  });

  it('delivers audio in sentence order even when a later sentence is synthesized first, with bounded concurrency', async () => {
    const { transport } = fakeTransport(['One is long and slow.', ' Two.', ' Three.', ' Four.']);
    const { tts, state } = fakeTts((t) => (t.startsWith('One') ? 40 : 1));
    const { events } = await collect(runVoiceTurn({ agentId: 'a', text: 'x', transport, tts, ttsConcurrency: 2 }));
    expect(events.filter((e) => e.type === 'audio').map((e) => (e.type === 'audio' ? e.index : -1))).toEqual([0, 1, 2, 3]);
    expect(state.maxRunning).toBe(2);
  });

  it('without a TTS (replies not spoken) the sentences are reported and no audio follows', async () => {
    const { transport } = fakeTransport(REPLY);
    const { events, error } = await collect(runVoiceTurn({ agentId: 'a', text: 'hi', transport }));
    expect(error).toBeUndefined();
    expect(events.some((e) => e.type === 'sentence')).toBe(true);
    expect(events.some((e) => e.type === 'audio')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'done' });
  });

  it('side events pass through', async () => {
    const side: ReplySideEvent[] = [{ type: 'reasoning', id: 'm1', text: 'thinking' }];
    const { transport } = fakeTransport(['Ok.'], { side });
    const { events } = await collect(runVoiceTurn({ agentId: 'a', text: 'x', transport, tts: fakeTts().tts }));
    expect(events).toContainEqual({ type: 'side', event: side[0] });
  });

  it('a reply that breaks off is spoken up to the break, then the interruption is reported', async () => {
    const { transport } = fakeTransport(['First.', ' Second half', ' never'], { cutAfter: 2 });
    const { events, error } = await collect(runVoiceTurn({ agentId: 'a', text: 'x', transport, tts: fakeTts().tts }));
    expect(error).toBeInstanceOf(ReplyInterruptedError);
    expect(events.filter((e) => e.type === 'audio').map((e) => (e.type === 'audio' ? e.text : ''))).toEqual(['First.', 'Second half']);
    expect(events.some((e) => e.type === 'done')).toBe(false);
  });

  it('barge-in (abort) stops the stream and every pending synthesis', async () => {
    const { transport, seen } = fakeTransport(['One.', ' Two.', ' Three.', ' Four.', ' Five.']);
    const { tts, state } = fakeTts(() => 1000);
    const controller = new AbortController();
    const pending = collect(runVoiceTurn({ agentId: 'a', text: 'x', transport, tts, signal: controller.signal }));
    await tick(20);
    controller.abort();
    const { events, error } = await pending;
    expect(error).toBeDefined();
    expect(events.some((e) => e.type === 'audio')).toBe(false);
    expect(seen.signal?.aborted).toBe(true);
    expect(state.signals.length).toBeGreaterThan(0);
    expect(state.signals.every((s) => s.aborted)).toBe(true);
  });

  it('a consumer that stops iterating stops the work behind it', async () => {
    const { transport, seen } = fakeTransport(['One.', ' Two.', ' Three.']);
    for await (const e of runVoiceTurn({ agentId: 'a', text: 'x', transport, tts: fakeTts().tts })) {
      if (e.type === 'text') break;
    }
    expect(seen.signal?.aborted).toBe(true);
  });

  it('an empty transcript sends nothing to the agent', async () => {
    const { transport, seen } = fakeTransport(['x']);
    const { events } = await collect(runVoiceTurn({ agentId: 'a', wav: new Uint8Array(), stt: fakeStt('  '), transport, tts: fakeTts().tts }));
    expect(events.map((e) => e.type)).toEqual(['transcript', 'nothing-heard']);
    expect(seen.calls).toBe(0);
  });

  it('a failing synthesis ends the turn with its error', async () => {
    const { transport } = fakeTransport(['Fine.', ' Broken.']);
    const tts: TextToSpeech = {
      engine: 'openai-compatible',
      async synthesize(text) {
        if (text === 'Broken.') throw new Error('tts down');
        return { sampleRate: 16_000, samples: new Int16Array(10) };
      },
    };
    const { events, error } = await collect(runVoiceTurn({ agentId: 'a', text: 'x', transport, tts }));
    expect((error as Error).message).toBe('tts down');
    expect(events.filter((e) => e.type === 'audio').map((e) => (e.type === 'audio' ? e.text : ''))).toEqual(['Fine.']);
  });
});

describe('toVoiceChunk', () => {
  it('turns events into plain IPC chunks, PCM as base64 little-endian bytes that round-trip', async () => {
    const { bytesToPcm } = await import('../../src-shared/voice/voice-chunks.js');
    const { toVoiceChunk } = await import('./voice-turn.js');
    expect(toVoiceChunk({ type: 'text', text: 'Hi' })).toEqual({ type: 'delta', text: 'Hi' });
    expect(toVoiceChunk({ type: 'done', transport: 'agent-stream' })).toEqual({ type: 'done', transport: 'agent-stream' });
    const samples = Int16Array.from([0, 1, -1, 32767, -32768]);
    const chunk = toVoiceChunk({ type: 'audio', index: 3, text: 'x', audio: { sampleRate: 22_050, samples }, elapsedMs: 1 });
    expect(chunk).toMatchObject({ type: 'audio', index: 3, sampleRate: 22_050 });
    if (chunk.type !== 'audio') throw new Error('not audio');
    expect(typeof chunk.pcmBase64).toBe('string');
    expect(JSON.parse(JSON.stringify(chunk))).toEqual(chunk);
    expect(bytesToPcm(new Uint8Array(Buffer.from(chunk.pcmBase64, 'base64')))).toEqual(samples);
  });
});
