import { describe, expect, it, vi } from 'vitest';
import type { VoiceStreamChunk } from '../../../src-shared/app-types';
import type { LettaMessageUnion } from '../../../src-shared/letta-types';
import { DEFAULT_VOICE_SETTINGS } from '../../../src-shared/voice/voice-settings';
import { decodeWav, encodeWav } from '../../../src-shared/voice/wav';
import { ApiError } from '../api';
import { ChatState, type ChatDeps, type ChatEntry } from './chat.svelte';
import { joinPcm, meterValue, MicrophoneError, VoiceSession, type MicrophoneFrame, type VadEvent, type VoiceAudio, type VoiceDeps } from './voice.svelte';

type Listener = (payload: never) => void;

/** 20 ms of a tone at `amplitude` (0–32767), and its level. */
function frame(amplitude: number): MicrophoneFrame {
  const pcm = Int16Array.from({ length: 320 }, (_, i) => Math.round(amplitude * Math.sin(i / 3)));
  const rms = amplitude / Math.SQRT2 / 32768;
  return { pcm, levelDbfs: rms > 0 ? 20 * Math.log10(rms) : -100 };
}

class FakeAudio implements VoiceAudio {
  onFrame: ((f: MicrophoneFrame) => void) | null = null;
  vadEvent: ((e: VadEvent) => void) | null = null;
  opened = 0;
  closed = 0;
  played: Array<{ sampleRate: number; samples: Int16Array }> = [];
  stops = 0;
  micError: Error | null = null;
  #listener = { idle: () => undefined as void, peak: (_p: number) => undefined as void };
  #queued = 0;

  async openMicrophone(_deviceId: string | null, onFrame: (f: MicrophoneFrame) => void) {
    if (this.micError) throw this.micError;
    this.opened++;
    this.onFrame = onFrame;
    return {
      flush: async () => undefined,
      close: () => {
        this.closed++;
        this.onFrame = null;
      },
    };
  }
  async createVad(onEvent: (e: VadEvent) => void) {
    this.vadEvent = onEvent;
    return { kind: 'silero' as const, push: () => undefined, reset: () => undefined, close: () => undefined };
  }
  play(audio: { sampleRate: number; samples: Int16Array }): void {
    this.played.push(audio);
    this.#queued++;
    this.#listener.peak(0.4);
  }
  get playing(): boolean {
    return this.#queued > 0;
  }
  async stopPlayback() {
    if (this.#queued === 0) return null;
    this.#queued = 0;
    this.stops++;
    return { stopMs: 2 };
  }
  /** Everything queued has been heard. */
  finishPlaying(): void {
    this.#queued = 0;
    this.#listener.idle();
  }
  onPlayback(listener: { idle: () => void; peak: (p: number) => void }): void {
    this.#listener = listener;
  }
  encodeWav(pcm: readonly Int16Array[]): Uint8Array {
    return encodeWav(joinPcm(pcm), 16_000);
  }
  dispose(): void {}
}

function harness() {
  const listeners = new Map<string, Set<Listener>>();
  let ids = 0;
  const clock = { now: 0 };
  const history: LettaMessageUnion[] = [];
  const on = ((event: string, listener: Listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  }) as VoiceDeps['onEvent'];
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload as never));
  const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
  const chatDeps: ChatDeps = {
    api: {
      chat: {
        listMessages: vi.fn(async () => history),
        startStream: vi.fn(async (a: { requestId: string }) => ({ requestId: a.requestId })),
        cancel: vi.fn(async () => ({ cancelled: true })),
      } as unknown as ChatDeps['api']['chat'],
      runs: { get: vi.fn() } as unknown as ChatDeps['api']['runs'],
      settings: { get: async () => ({ theme: 'system', sendOnEnter: true, streamTokens: true, streamReplies: true, lastProfileId: null }) } as unknown as ChatDeps['api']['settings'],
    },
    onEvent: on,
    frame: (callback) => callback(),
    wait: async () => undefined,
    newId,
  };
  const chat = new ChatState('agent-1', chatDeps);
  const audio = new FakeAudio();
  const calls = {
    startTurn: vi.fn(async (a: { requestId: string; wavBase64?: string }) => ({ requestId: a.requestId })),
    cancel: vi.fn(async () => ({ cancelled: true })),
    getSettings: vi.fn(async () => ({ ...DEFAULT_VOICE_SETTINGS, sttKeySet: false, ttsKeySet: false })),
  };
  const deps: VoiceDeps = {
    api: { voice: calls as unknown as VoiceDeps['api']['voice'] },
    onEvent: on,
    audio: () => audio,
    newId,
    chatTurn: (cancel) => chat.beginExternalTurn(cancel),
    frame: (callback) => callback(),
    now: () => clock.now,
  };
  const voice = new VoiceSession('agent-1', deps);
  const stops = [chat.start(), voice.start()];
  const stream = (chunk: VoiceStreamChunk, requestId = calls.startTurn.mock.calls.at(-1)![0].requestId) => emit('voice:stream', { requestId, chunk });
  /** The WAV of the newest turn, as samples. */
  const lastWav = () => decodeWav(Uint8Array.from(atob(calls.startTurn.mock.calls.at(-1)![0].wavBase64!), (c) => c.charCodeAt(0)));
  return { chat, voice, audio, calls, stream, emit, lastWav, clock, dispose: () => stops.forEach((s) => s()) };
}

function texts(entries: ChatEntry[]): string[] {
  return entries.map((e) => {
    if (e.kind === 'pending-user') return `you: ${e.text}`;
    if (e.kind === 'notice') return `${e.tone}: ${e.message}`;
    if (e.kind === 'run') return 'run';
    const m = (e.kind === 'live' ? e.box.message : e.message) as { message_type: string; content?: unknown; reasoning?: string; tool_call?: { name: string } };
    return `${m.message_type}: ${typeof m.content === 'string' ? m.content : (m.reasoning ?? m.tool_call?.name ?? '')}`;
  });
}

/** Holds the talk button while the microphone hears `frames` frames of a tone. */
async function talk(h: ReturnType<typeof harness>, frames = 40, amplitude = 8000): Promise<void> {
  await h.voice.pressTalk();
  for (let i = 0; i < frames; i++) h.audio.onFrame!(frame(amplitude));
  // The press must last long enough to be speech, not a click.
  h.clock.now += 1000;
  await h.voice.releaseTalk();
}

describe('VoiceSession push-to-talk', () => {
  it('records while held, sends the recording as WAV, and shows the turn in the chat as it streams', async () => {
    const h = harness();
    await vi.waitFor(() => expect(h.chat.loaded).toBe(true));
    await h.voice.pressTalk();
    expect(h.voice.status).toBe('listening');
    expect(h.audio.opened).toBe(1);
    for (let i = 0; i < 50; i++) h.audio.onFrame!(frame(8000));
    expect(h.voice.level).toBeGreaterThan(0.5);
    h.clock.now += 1000;
    await h.voice.releaseTalk();

    // The microphone is closed at once (push-to-talk), and the whole press went out as one WAV.
    expect(h.audio.closed).toBe(1);
    expect(h.calls.startTurn).toHaveBeenCalledTimes(1);
    const wav = h.lastWav();
    expect(wav.sampleRate).toBe(16_000);
    expect(wav.samples.length).toBe(50 * 320);
    expect(h.voice.status).toBe('transcribing');
    expect(h.chat.busy).toBe(true);

    h.stream({ type: 'transcript', text: 'What is the weather in Lisbon' });
    expect(h.voice.status).toBe('thinking');
    h.stream({ type: 'side', event: { type: 'reasoning', id: 'message-r', text: 'The user asks ' } });
    h.stream({ type: 'side', event: { type: 'reasoning', id: 'message-r', text: 'about weather.' } });
    h.stream({ type: 'delta', text: 'Sunny, ' });
    h.stream({ type: 'delta', text: 'warm.' });
    expect(texts(h.chat.entries)).toEqual(['you: What is the weather in Lisbon', 'reasoning_message: The user asks about weather.', 'assistant_message: Sunny, warm.']);
    expect(h.voice.transcript).toBe('What is the weather in Lisbon');
    expect(h.voice.reply).toBe('Sunny, warm.');

    h.stream({ type: 'audio', index: 0, sampleRate: 24_000, pcmBase64: btoa('\x01\x00\xff\x7f') });
    expect(h.voice.status).toBe('speaking');
    expect(h.audio.played[0]!.samples).toEqual(Int16Array.from([1, 32767]));
    expect(h.voice.outputPeak).toBeCloseTo(0.4);
    h.stream({ type: 'done', transport: 'agent-stream' });
    // The turn is over for the chat; the voice keeps speaking until its queue is heard.
    expect(h.chat.busy).toBe(false);
    expect(h.voice.status).toBe('speaking');
    expect(h.voice.transport).toBe('agent-stream');
    h.audio.finishPlaying();
    expect(h.voice.status).toBe('idle');
    h.dispose();
  });

  it('a press that heard only silence sends nothing and says so', async () => {
    const h = harness();
    await talk(h, 40, 0);
    expect(h.calls.startTurn).not.toHaveBeenCalled();
    expect(h.voice.status).toBe('idle');
    expect(h.voice.notice).toMatch(/Nothing was heard/);
    expect(h.chat.entries).toEqual([]);
    h.dispose();
  });

  it('pressing while the agent speaks silences it and cancels the rest of its turn', async () => {
    const h = harness();
    await talk(h);
    h.stream({ type: 'transcript', text: 'Tell me a story' });
    h.stream({ type: 'delta', text: 'Once upon a time.' });
    h.stream({ type: 'audio', index: 0, sampleRate: 16_000, pcmBase64: btoa('\x00\x10') });
    const first = h.calls.startTurn.mock.calls[0]![0].requestId;

    await h.voice.pressTalk();
    expect(h.audio.stops).toBe(1);
    expect(h.voice.bargeIns).toBe(1);
    expect(h.voice.lastStopMs).toBe(2);
    expect(h.calls.cancel).toHaveBeenCalledWith({ requestId: first });
    expect(h.voice.status).toBe('listening');
    // The interrupted turn keeps what was said, with a note; later chunks of it are ignored.
    expect(texts(h.chat.entries).at(-1)).toMatch(/^stopped: Interrupted/);
    h.stream({ type: 'delta', text: ' The end.' }, first);
    expect(h.voice.reply).toBe('Once upon a time.');
    h.dispose();
  });

  it('an error before the transcript is voice trouble: shown on the voice bar, not in the conversation', async () => {
    const h = harness();
    await talk(h);
    h.stream({ type: 'error', error: { code: 'unreachable', message: 'The speech-to-text service at http://127.0.0.1:9/v1 cannot be reached (connection refused).' } });
    expect(h.voice.status).toBe('error');
    expect(h.voice.error?.message).toMatch(/speech-to-text.*cannot be reached/);
    expect(h.chat.entries).toEqual([]);
    expect(h.chat.busy).toBe(false);
    h.voice.dismissError();
    expect(h.voice.status).toBe('idle');
    h.dispose();
  });

  it('a reply cut off after the transcript is noted in the conversation too', async () => {
    const h = harness();
    await talk(h);
    h.stream({ type: 'transcript', text: 'Hello' });
    h.stream({ type: 'delta', text: 'Hi the' });
    h.stream({ type: 'error', error: { code: 'stream_error', message: "The agent's reply was cut off before it finished." } });
    expect(h.voice.status).toBe('error');
    expect(texts(h.chat.entries)).toEqual(['you: Hello', 'assistant_message: Hi the', "error: The agent's reply was cut off before it finished."]);
    h.dispose();
  });

  it('a refused start (no local model) shows the reason and leaves the chat free', async () => {
    const h = harness();
    h.calls.startTurn.mockRejectedValueOnce(new ApiError({ code: 'model_missing', message: 'The local speech model is not installed — download it in Voice settings' }));
    await talk(h);
    expect(h.voice.status).toBe('error');
    expect(h.voice.error?.code).toBe('model_missing');
    expect(h.chat.busy).toBe(false);
    h.dispose();
  });

  it('a microphone the system refuses is named as such', async () => {
    const h = harness();
    h.audio.micError = new MicrophoneError('permission-denied', 'Letta Desk is not allowed to use the microphone.');
    await h.voice.pressTalk();
    expect(h.voice.status).toBe('error');
    expect(h.voice.error?.message).toMatch(/not allowed to use the microphone/);
    expect(h.voice.error?.hint).toMatch(/system settings/);
    await h.voice.releaseTalk();
    expect(h.calls.startTurn).not.toHaveBeenCalled();
    h.dispose();
  });

  it('refuses to talk over a typed turn that is still streaming', async () => {
    const h = harness();
    await vi.waitFor(() => expect(h.chat.loaded).toBe(true));
    await h.chat.send('typed');
    await talk(h);
    expect(h.calls.startTurn).not.toHaveBeenCalled();
    expect(h.voice.error?.message).toMatch(/still answering a typed message/);
    h.dispose();
  });
});

describe('VoiceSession hands-free', () => {
  it('each utterance the detector ends becomes a turn; speech over the reply barges in', async () => {
    const h = harness();
    await h.voice.toggleHandsFree();
    expect(h.voice.handsFree).toBe(true);
    expect(h.voice.status).toBe('listening');
    expect(h.voice.vadKind).toBe('silero');
    h.audio.vadEvent!({ type: 'speech-start' });
    h.audio.vadEvent!({ type: 'speech-end', pcm: frame(8000).pcm, speechMs: 900 });
    await vi.waitFor(() => expect(h.calls.startTurn).toHaveBeenCalledTimes(1));
    h.stream({ type: 'transcript', text: 'Tell me about Lisbon' });
    h.stream({ type: 'delta', text: 'Lisbon sits on seven hills.' });
    h.stream({ type: 'audio', index: 0, sampleRate: 16_000, pcmBase64: btoa('\x00\x10') });
    expect(h.voice.status).toBe('speaking');
    // The microphone stayed open the whole time.
    expect(h.audio.closed).toBe(0);

    h.audio.vadEvent!({ type: 'speech-start' });
    await vi.waitFor(() => expect(h.calls.cancel).toHaveBeenCalledTimes(1));
    expect(h.audio.stops).toBe(1);
    expect(h.voice.bargeIns).toBe(1);
    expect(h.voice.status).toBe('listening');
    h.audio.vadEvent!({ type: 'speech-end', pcm: frame(8000).pcm, speechMs: 700 });
    await vi.waitFor(() => expect(h.calls.startTurn).toHaveBeenCalledTimes(2));

    await h.voice.toggleHandsFree();
    expect(h.voice.handsFree).toBe(false);
    expect(h.audio.closed).toBe(1);
    expect(h.calls.cancel).toHaveBeenCalledTimes(2);
    expect(h.voice.status).toBe('idle');
    h.dispose();
  });

  it('speech while the last utterance is still being transcribed is sent together with it', async () => {
    const h = harness();
    await h.voice.toggleHandsFree();
    const first = Int16Array.from({ length: 320 }, () => 1000);
    const second = Int16Array.from({ length: 320 }, () => 2000);
    h.audio.vadEvent!({ type: 'speech-end', pcm: first, speechMs: 600 });
    await vi.waitFor(() => expect(h.calls.startTurn).toHaveBeenCalledTimes(1));
    h.audio.vadEvent!({ type: 'speech-start' });
    await vi.waitFor(() => expect(h.calls.cancel).toHaveBeenCalledTimes(1));
    expect(h.voice.bargeIns).toBe(0);
    h.audio.vadEvent!({ type: 'speech-end', pcm: second, speechMs: 600 });
    await vi.waitFor(() => expect(h.calls.startTurn).toHaveBeenCalledTimes(2));
    const samples = h.lastWav().samples;
    expect(samples.length).toBe(320 + 4800 + 320);
    expect(samples[0]).toBe(1000);
    expect(samples.at(-1)).toBe(2000);
    h.dispose();
  });
});

describe('meterValue', () => {
  it('maps -60…0 dBFS onto 0…1 and clamps', () => {
    expect(meterValue(-100)).toBe(0);
    expect(meterValue(-30)).toBeCloseTo(0.5);
    expect(meterValue(3)).toBe(1);
  });
});
