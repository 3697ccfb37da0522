/**
 * The stream decoders of agents.messages, groups.messages and voice against a real local server
 * that writes SSE in awkward pieces: frames split mid-line, mid-JSON and inside multi-byte UTF-8
 * characters, several frames in one write.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LettaHttp, type SseMessage } from '../core/http.js';
import { LettaStreamError } from '../core/errors.js';
import type { LettaStream, RawStreamEvent } from '../core/stream.js';
import type { LettaStreamEvent } from '../types/streaming.js';
import type { VoiceStreamEvent } from '../types/voice.js';
import { AgentMessages, decodeLettaStreamEvent, isLettaMessage } from './agent-messages.js';
import { Groups } from './groups.js';
import { Voice, decodeChatCompletionChunk } from './voice.js';
import { DONE, frame, sseHeaders, startTestServer, write, type TestServer } from '../../../test/fixtures/sse-server.js';

let srv: TestServer;
let http: LettaHttp;
beforeAll(async () => {
  srv = await startTestServer();
  http = new LettaHttp({ baseUrl: srv.url, streamIdleTimeoutMs: 10_000 });
});
afterAll(() => srv.close());

/**
 * Answers with `body` cut into byte slices of cycling sizes (1, 2, 3, 5, 8, 13 bytes), so slice
 * edges land inside `data:`, inside JSON strings and inside UTF-8 sequences; `end: false` leaves
 * the connection open as a server that died mid-reply would, then drops it.
 */
function serveInPieces(body: string, { end = true }: { end?: boolean } = {}): void {
  srv.handle(async (_req, res: ServerResponse) => {
    sseHeaders(res);
    const bytes = Buffer.from(body, 'utf8');
    const sizes = [1, 2, 3, 5, 8, 13];
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const n = sizes[i % sizes.length]!;
      await write(res, bytes.subarray(at, at + n));
      at += n;
    }
    if (end) res.end();
    else res.destroy();
  });
}

async function drain<T>(stream: LettaStream<T>): Promise<{ events: Array<T | RawStreamEvent>; error: unknown }> {
  const events: Array<T | RawStreamEvent> = [];
  try {
    for await (const e of stream) events.push(e);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

const label = (e: LettaStreamEvent): string => ('kind' in e ? `raw:${String((e.json as { message_type?: unknown } | undefined)?.message_type ?? e.data)}` : e.message_type);

const base = { date: '2025-05-20T10:00:01Z' };
const reasoning1 = { ...base, id: 'message-r', message_type: 'reasoning_message', reasoning: 'Greet them — 👋 ' };
const reasoning2 = { ...base, id: 'message-r', message_type: 'reasoning_message', reasoning: 'in 日本語.' };
const toolDelta = { ...base, id: 'message-t', message_type: 'tool_call_message', tool_call: { arguments: '{"query": "gre' } };
const reply1 = { ...base, id: 'message-a', message_type: 'assistant_message', content: 'こんにちは ' };
const reply2 = { ...base, id: 'message-a', message_type: 'assistant_message', content: '✨ welcome!' };
const future = { ...base, id: 'message-f', message_type: 'approval_request_message', tool_call: { name: 'delete_everything' } };
const legacy = { internal_monologue: 'an old-style event', date: base.date, id: 'message-l' };
const broken = { ...base, id: 'message-b', message_type: 'assistant_message' }; // no content
const usage = { message_type: 'usage_statistics', completion_tokens: 18, prompt_tokens: 1500, total_tokens: 1518, step_count: 1 };

const agentBody =
  [reasoning1, reasoning2, toolDelta, reply1, future, reply2, legacy, broken, usage].map((d) => frame({ data: d })).join('') +
  ': keep-alive comment\n\n' +
  DONE;

describe('agents.messages.createStream', () => {
  it('types known messages and the usage line, and passes unknown, legacy and malformed lines through raw', async () => {
    serveInPieces(agentBody);
    const stream = await new AgentMessages(http).createStream('agent-1', {
      messages: [{ role: 'user', content: 'hi' }],
      stream_tokens: true,
    });
    const { events, error } = await drain(stream);

    expect(error).toBeUndefined();
    expect(stream.completed).toBe(true);
    expect(events.map(label)).toEqual([
      'reasoning_message',
      'reasoning_message',
      'tool_call_message',
      'assistant_message',
      'raw:approval_request_message',
      'assistant_message',
      `raw:${JSON.stringify(legacy)}`,
      'raw:assistant_message',
      'usage_statistics',
    ]);

    // Token slices reassemble across the byte-level cuts, multi-byte characters intact.
    const text = (t: string) =>
      events
        .filter((e): e is LettaStreamEvent & { message_type: string } => !('kind' in e) && e.message_type === t)
        .map((e) => ('reasoning' in e ? e.reasoning : 'content' in e ? e.content : ''))
        .join('');
    expect(text('reasoning_message')).toBe('Greet them — 👋 in 日本語.');
    expect(text('assistant_message')).toBe('こんにちは ✨ welcome!');

    // The unknown type keeps everything the server sent.
    const raw = events[4] as RawStreamEvent;
    expect(raw.kind).toBe('raw');
    expect(raw.json).toEqual(future);

    const last = events.at(-1)!;
    expect('kind' in last).toBe(false);
    if (!('kind' in last) && last.message_type === 'usage_statistics') {
      expect(last.total_tokens).toBe(1518);
      expect(last.step_count).toBe(1);
    }

    const req = srv.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/agents/agent-1/messages/stream');
    expect(req.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(req.body)).toEqual({ messages: [{ role: 'user', content: 'hi' }], stream_tokens: true });
  });

  it('turns an error payload mid-stream into a LettaStreamError after the messages before it', async () => {
    serveInPieces(frame({ data: reasoning1 }) + frame({ data: { error: 'Stream failed: context window exceeded', code: 'CONTEXT_WINDOW_EXCEEDED' } }) + DONE);
    const { events, error } = await drain(await new AgentMessages(http).createStream('agent-1', { messages: [{ role: 'user', content: 'hi' }] }));
    expect(events.map(label)).toEqual(['reasoning_message']);
    expect(error).toBeInstanceOf(LettaStreamError);
    expect((error as LettaStreamError).serverMessage).toContain('context window exceeded');
  });
});

describe('groups.messages.createStream', () => {
  it('uses the same decoder: typed per sender, unknown types raw', async () => {
    const fromA = { ...reply1, sender_id: 'agent-a' };
    const fromB = { ...reply2, id: 'message-b2', sender_id: 'agent-b' };
    serveInPieces([fromA, future, fromB, usage].map((d) => frame({ data: d })).join('') + DONE);
    const stream = await new Groups(http).messages.createStream('group-1', { messages: [{ role: 'user', content: 'hi all' }] });
    const { events, error } = await drain(stream);
    expect(error).toBeUndefined();
    expect(events.map(label)).toEqual(['assistant_message', 'raw:approval_request_message', 'assistant_message', 'usage_statistics']);
    expect(events.flatMap((e) => (!('kind' in e) && e.message_type === 'assistant_message' ? [e.sender_id] : []))).toEqual(['agent-a', 'agent-b']);
    expect(srv.requests.at(-1)!.path).toBe('/v1/groups/group-1/messages/stream');
  });
});

const chunk = (content: string, finish: string | null = null) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1747735200,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: finish }],
});

describe('voice.createChatCompletions', () => {
  const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Wann kommt mein Paket?' }] };

  it('yields typed chunks, passes other lines raw, and completes on [DONE]', async () => {
    serveInPieces([chunk('Morgen '), { object: 'something.else' }, chunk('früh. 📦', 'stop')].map((d) => frame({ data: d })).join('') + DONE);
    const stream = await new Voice(http).createChatCompletions('agent-v', request);
    const { events, error } = await drain<VoiceStreamEvent>(stream);
    expect(error).toBeUndefined();
    expect(stream.completed).toBe(true);
    expect(events.map((e) => ('kind' in e ? 'raw' : e.object))).toEqual(['chat.completion.chunk', 'raw', 'chat.completion.chunk']);
    expect(events.map((e) => ('kind' in e ? '' : (e.choices[0]?.delta.content ?? ''))).join('')).toBe('Morgen früh. 📦');

    const req = srv.requests.at(-1)!;
    expect(req.path).toBe('/v1/voice-beta/agent-v/chat/completions');
    // The server always streams; the body says so, so it also satisfies the streaming schema.
    expect(JSON.parse(req.body)).toEqual({ ...request, stream: true });
  });

  it('raises LettaStreamError when the stream ends before [DONE] (how the voice agent reports failures)', async () => {
    serveInPieces([chunk('Einen '), chunk('Moment')].map((d) => frame({ data: d })).join(''));
    const stream = await new Voice(http).createChatCompletions('agent-v', request);
    const { events, error } = await drain<VoiceStreamEvent>(stream);
    expect(events).toHaveLength(2);
    expect(stream.completed).toBe(false);
    expect(error).toBeInstanceOf(LettaStreamError);
    expect((error as LettaStreamError).serverMessage).toMatch(/before \[DONE\]/);
  });

  it('raises when the connection drops mid-frame, keeping the chunks that arrived whole', async () => {
    const whole = frame({ data: chunk('Einen ') });
    serveInPieces(whole + frame({ data: chunk('Moment') }).slice(0, 40), { end: false });
    const stream = await new Voice(http).createChatCompletions('agent-v', request);
    const { events, error } = await drain<VoiceStreamEvent>(stream);
    expect(events.map((e) => ('kind' in e ? 'raw' : e.choices[0]?.delta.content))).toEqual(['Einen ']);
    expect(error).toBeInstanceOf(Error);
    expect(stream.completed).toBe(false);
  });
});

describe('decoders without a network', () => {
  const msg = (data: unknown): SseMessage => ({ event: undefined, data: JSON.stringify(data), id: undefined });

  it('isLettaMessage narrows only known types with their key field', () => {
    expect(isLettaMessage(reply1)).toBe(true);
    expect(isLettaMessage({ ...base, id: 'm', message_type: 'tool_return_message', tool_return: 'ok', status: 'success', tool_call_id: 'c' })).toBe(true);
    expect(isLettaMessage({ ...base, id: 'm', message_type: 'hidden_reasoning_message', state: 'redacted' })).toBe(true);
    expect(isLettaMessage({ ...base, id: 'm', message_type: 'system_message', content: 'You are…' })).toBe(true);
    expect(isLettaMessage({ ...base, id: 'm', message_type: 'user_message', content: [{ type: 'text', text: 'hi' }] })).toBe(true);
    expect(isLettaMessage(broken)).toBe(false);
    expect(isLettaMessage(future)).toBe(false);
    expect(isLettaMessage({ ...base, message_type: 'toString', id: 'm' })).toBe(false);
    expect(isLettaMessage({ ...reply1, id: 7 })).toBe(false);
    expect(isLettaMessage(null)).toBe(false);
  });

  it('decodeLettaStreamEvent returns the same object when typed and a raw wrapper otherwise', () => {
    expect(decodeLettaStreamEvent(reply1, msg(reply1))).toBe(reply1);
    expect(decodeLettaStreamEvent(usage, msg(usage))).toBe(usage);
    expect(decodeLettaStreamEvent(['not', 'an', 'object'], msg([]))).toMatchObject({ kind: 'raw' });
    expect(decodeLettaStreamEvent(future, msg(future))).toEqual({ kind: 'raw', event: undefined, data: JSON.stringify(future), json: future });
  });

  it('decodeChatCompletionChunk wants the chunk object tag and a choices array', () => {
    const c = chunk('hi');
    expect(decodeChatCompletionChunk(c, msg(c))).toBe(c);
    expect(decodeChatCompletionChunk({ ...c, choices: undefined }, msg({}))).toMatchObject({ kind: 'raw' });
    expect(decodeChatCompletionChunk({ ...c, object: 'chat.completion' }, msg({}))).toMatchObject({ kind: 'raw' });
  });
});
