import { describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import type { ChatStreamChunk } from '../../../src-shared/app-types';
import type { LettaMessageUnion, Run } from '../../../src-shared/letta-types';
import { ChatState, mergeDelta, type ChatDeps, type ChatEntry } from './chat.svelte';

type Listener = (payload: never) => void;

function harness(history: LettaMessageUnion[] = []) {
  const listeners = new Map<string, Set<Listener>>();
  const frames: (() => void)[] = [];
  let ids = 0;
  const runStatuses: string[] = [];
  const settings = { streamReplies: true };
  const calls = {
    send: vi.fn(async () => ({ messages: [], usage: { message_type: 'usage_statistics', prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, step_count: 1 } })),
    startStream: vi.fn(async (args: { requestId: string }) => ({ requestId: args.requestId })),
    cancel: vi.fn(async () => ({ cancelled: true })),
    listMessages: vi.fn(async () => history),
    sendAsync: vi.fn(async () => ({ id: 'run-1', status: 'created' }) as Run),
    runsGet: vi.fn(async () => ({ id: 'run-1', status: runStatuses.shift() ?? 'completed' }) as Run),
  };
  const deps: ChatDeps = {
    api: {
      chat: {
        listMessages: calls.listMessages,
        startStream: calls.startStream,
        send: calls.send,
        cancel: calls.cancel,
        sendAsync: calls.sendAsync,
      } as unknown as ChatDeps['api']['chat'],
      runs: { get: calls.runsGet },
      settings: { get: async () => ({ theme: 'system', sendOnEnter: true, streamTokens: true, streamReplies: settings.streamReplies, lastProfileId: null }) },
    },
    onEvent: ((event: string, listener: Listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    }) as ChatDeps['onEvent'],
    frame: (callback) => void frames.push(callback),
    wait: async () => undefined,
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  };
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload as never));
  const runFrames = () => frames.splice(0).forEach((f) => f());
  return { deps, calls, emit, frames, runFrames, runStatuses, settings };
}

const assistantDelta = (text: string): LettaMessageUnion => ({ id: 'message-a', date: '2026-01-01T00:00:00Z', message_type: 'assistant_message', content: text });

function texts(entries: ChatEntry[]): string[] {
  return entries.map((e) => {
    if (e.kind === 'pending-user') return `you: ${e.text}`;
    if (e.kind === 'notice') return `${e.tone}: ${e.message}`;
    if (e.kind === 'run') return `run ${e.run.status}`;
    const m = (e.kind === 'live' ? e.box.message : e.message) as { message_type: string; content?: unknown; reasoning?: string };
    return `${m.message_type}: ${typeof m.content === 'string' ? m.content : (m.reasoning ?? '')}`;
  });
}

async function started(h: ReturnType<typeof harness>) {
  const chat = new ChatState('agent-1', h.deps);
  const stop = chat.start();
  await vi.waitFor(() => expect(chat.loaded).toBe(true));
  return { chat, stop };
}

describe('ChatState streaming', () => {
  it('coalesces many deltas into one published update per frame', async () => {
    const h = harness();
    const { chat } = await started(h);
    await chat.send('hello');
    const requestId = h.calls.startStream.mock.calls[0]![0].requestId;
    expect(chat.status).toBe('streaming');

    const stream = (chunk: ChatStreamChunk) => h.emit('chat:stream', { requestId, chunk });
    stream({ type: 'message', message: { id: 'message-a', date: 'd', message_type: 'reasoning_message', reasoning: 'Think' } as never });
    stream({ type: 'message', message: { id: 'message-a', date: 'd', message_type: 'reasoning_message', reasoning: 'ing' } as never });
    for (const word of ['Hel', 'lo ', 'wor', 'ld']) stream({ type: 'message', message: assistantDelta(word) as never });

    // Nothing is painted until the frame runs, and only one frame was asked for.
    expect(h.frames).toHaveLength(1);
    expect(texts(chat.entries)).toEqual(['you: hello']);
    h.runFrames();
    flushSync();
    expect(texts(chat.entries)).toEqual(['you: hello', 'reasoning_message: Thinking', 'assistant_message: Hello world']);

    stream({ type: 'message', message: assistantDelta('!') as never });
    expect(h.frames).toHaveLength(1);
    stream({ type: 'done' });
    // The end of the turn is published at once, without waiting for the frame.
    expect(texts(chat.entries).at(-1)).toBe('assistant_message: Hello world!');
    expect(chat.status).toBe('idle');
  });

  it('ignores chunks of other requests', async () => {
    const h = harness();
    const { chat } = await started(h);
    await chat.send('hello');
    h.emit('chat:stream', { requestId: 'someone-else', chunk: { type: 'message', message: assistantDelta('nope') } });
    h.runFrames();
    expect(texts(chat.entries)).toEqual(['you: hello']);
  });

  it('cancels through chat:cancel and says the turn was stopped', async () => {
    const h = harness();
    const { chat } = await started(h);
    await chat.send('tell me a long story');
    const requestId = h.calls.startStream.mock.calls[0]![0].requestId;
    h.emit('chat:stream', { requestId, chunk: { type: 'message', message: assistantDelta('Once') } });
    await chat.cancel();
    expect(h.calls.cancel).toHaveBeenCalledWith({ requestId });
    expect(chat.status).toBe('cancelling');
    h.emit('chat:stream', { requestId, chunk: { type: 'cancelled' } });
    expect(chat.status).toBe('idle');
    expect(texts(chat.entries)).toEqual(['you: tell me a long story', 'assistant_message: Once', 'stopped: Stopped. What the agent had done so far is kept.']);
  });

  it('shows a refused send inline with the server message, hint and the text to retry', async () => {
    const h = harness();
    h.calls.startStream.mockRejectedValueOnce(Object.assign(new Error('x'), {}));
    const { chat } = await started(h);
    expect(await chat.send('hi')).toBe(false);
    const notice = chat.entries.at(-1);
    expect(notice).toMatchObject({ kind: 'notice', tone: 'error', retryText: 'hi' });
    expect(chat.status).toBe('idle');
  });

  it('reports a stream error with its message and hint', async () => {
    const h = harness();
    const { chat } = await started(h);
    await chat.send('hi');
    const requestId = h.calls.startStream.mock.calls[0]![0].requestId;
    h.emit('chat:stream', { requestId, chunk: { type: 'error', error: { code: 'server', message: 'The server answered 500', hint: 'Check the model' } } });
    expect(chat.entries.at(-1)).toMatchObject({ kind: 'notice', tone: 'error', message: 'The server answered 500', hint: 'Check the model' });
  });
});

describe('ChatState history', () => {
  it('keeps unknown message types as they came, without failing', async () => {
    const odd = { id: 'message-z', date: 'd', message_type: 'approval_request_message', payload: { x: 1 } } as LettaMessageUnion;
    const h = harness([{ id: 'message-s', date: 'd', message_type: 'system_message', content: 'sys' }, odd]);
    const { chat } = await started(h);
    expect(chat.entries).toHaveLength(2);
    expect(chat.entries[1]).toMatchObject({ kind: 'message', message: odd });
  });

  it('pages back with the first message id as the cursor and stops when nothing older is left', async () => {
    const latest: LettaMessageUnion[] = [{ id: 'message-3', date: 'd', message_type: 'user_message', content: 'three' }];
    const h = harness(latest);
    const { chat } = await started(h);
    h.calls.listMessages.mockResolvedValueOnce([{ id: 'message-2', date: 'd', message_type: 'user_message', content: 'two' }]);
    await chat.loadOlder();
    expect(h.calls.listMessages).toHaveBeenLastCalledWith({ agentId: 'agent-1', before: 'message-3', limit: 50 });
    h.calls.listMessages.mockResolvedValueOnce([]);
    await chat.loadOlder();
    expect(chat.hasOlder).toBe(false);
    expect(texts(chat.entries)).toEqual(['user_message: two', 'user_message: three']);
  });

  it('follows a background run until it completes, then reloads', async () => {
    const h = harness();
    h.runStatuses.push('running', 'running');
    const { chat } = await started(h);
    await chat.sendAsync('later please');
    await vi.waitFor(() => expect(texts(chat.entries)).toEqual(['run completed']));
    expect(h.calls.runsGet).toHaveBeenCalledTimes(3);
    expect(h.calls.listMessages).toHaveBeenCalledTimes(2);
  });
});

describe('ChatState at scale', () => {
  it('streams into a 100k-message history without per-frame work growing with it', async () => {
    const history: LettaMessageUnion[] = Array.from({ length: 100_000 }, (_, i) => ({
      id: `message-${i}`,
      date: 'd',
      message_type: i % 2 ? 'assistant_message' : 'user_message',
      content: `m${i}`,
    }));
    const h = harness(history);
    const { chat } = await started(h);
    expect(chat.entries).toHaveLength(100_000);
    await chat.send('one more');
    const requestId = h.calls.startStream.mock.calls[0]![0].requestId;
    // The first frame adds the reply to the list; the rest only grow its text.
    for (let i = 0; i < 20; i++) h.emit('chat:stream', { requestId, chunk: { type: 'message', message: assistantDelta('w ') } });
    h.runFrames();
    flushSync();
    const entriesBefore = chat.entries;
    expect(entriesBefore).toHaveLength(100_002);
    const started_ = performance.now();
    for (let frame = 1; frame < 60; frame++) {
      for (let i = 0; i < 20; i++) h.emit('chat:stream', { requestId, chunk: { type: 'message', message: assistantDelta('w ') } });
      h.runFrames();
      flushSync();
    }
    const perFrame = (performance.now() - started_) / 59;
    // Growing text never re-publishes (or copies) the 100k-item list.
    expect(chat.entries).toBe(entriesBefore);
    // A frame is 16 ms; publishing a frame of deltas must stay a small part of it.
    expect(perFrame).toBeLessThan(4);
    const last = chat.entries.at(-1);
    expect(last?.kind === 'live' && (last.box.message as { content: string }).content.length).toBe(2400);
  });
});

describe('mergeDelta', () => {
  it('concatenates tool call argument slices', () => {
    const a = { id: 'm', date: 'd', message_type: 'tool_call_message', tool_call: { name: 'f', arguments: '{"a"', tool_call_id: 't' } } as LettaMessageUnion;
    const b = { id: 'm', date: 'd', message_type: 'tool_call_message', tool_call: { arguments: ':1}' } } as LettaMessageUnion;
    expect(mergeDelta(a, b)).toMatchObject({ tool_call: { name: 'f', arguments: '{"a":1}', tool_call_id: 't' } });
  });
});

describe('ChatState without streaming (Preferences)', () => {
  it('waits for the whole turn in one request, shows my message meanwhile, then reads the history again', async () => {
    const h = harness();
    h.settings.streamReplies = false;
    const { chat } = await started(h);
    let answer: (v: unknown) => void = () => undefined;
    h.calls.send.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve as (v: unknown) => void)) as never);
    const sent = chat.send('hello there');
    await vi.waitFor(() => expect(h.calls.send).toHaveBeenCalledWith({ agentId: 'agent-1', text: 'hello there' }));
    expect(h.calls.startStream).not.toHaveBeenCalled();
    expect(chat.status).toBe('sending');
    expect(chat.cancellable).toBe(false);
    expect(texts(chat.entries)).toEqual(['you: hello there']);
    const listsBefore = h.calls.listMessages.mock.calls.length;
    answer({ messages: [], usage: { message_type: 'usage_statistics', prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, step_count: 1 } });
    expect(await sent).toBe(true);
    expect(chat.status).toBe('idle');
    expect(chat.usage?.total_tokens).toBe(15);
    expect(h.calls.listMessages.mock.calls.length).toBe(listsBefore + 1);
    expect(texts(chat.entries)).toEqual([]);
  });

  it('a refused whole-turn send leaves a notice with the text to retry', async () => {
    const h = harness();
    h.settings.streamReplies = false;
    const { chat } = await started(h);
    h.calls.send.mockRejectedValueOnce(Object.assign(new Error('The server is unreachable.'), { code: 'unreachable' }) as never);
    expect(await chat.send('are you there')).toBe(false);
    const notice = chat.entries.at(-1);
    expect(notice).toMatchObject({ kind: 'notice', tone: 'error', retryText: 'are you there' });
  });
});
