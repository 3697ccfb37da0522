import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DONE, frame, json, sseHeaders, startTestServer, write, type TestServer } from '../../test/fixtures/sse-server.js';
import { LettaClient } from '../letta/client.js';
import { LettaAbortError, LettaAuthenticationError, LettaNotFoundError, LettaStreamError } from '../letta/core/errors.js';
import type { ReplySideEvent } from '../../src-shared/voice/reply-events.js';
import {
  AgentStreamTransport,
  ChatCompletionsTransport,
  ReplyInterruptedError,
  VoiceBetaTransport,
  VoiceWithFallbackTransport,
  chooseTransport,
  parseServerVersion,
  servesChatCompletions,
  type ReplyTransport,
} from './transports.js';

const AGENT = 'agent-0b9c3c1e-1111-4222-8333-944445555666';
const TOKEN = 'sk-let-voice-test-secret-123456';

let srv: TestServer;
let client: LettaClient;

beforeEach(async () => {
  srv = await startTestServer();
  client = new LettaClient({ baseUrl: srv.url, token: TOKEN, retry: { maxRetries: 0 } });
});
afterEach(() => srv.close());

function chunk(content: string | null, finish: string | null = null) {
  return frame({
    data: { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: finish }] },
  });
}

async function sendChunks(res: ServerResponse, parts: string[], end: 'done' | 'clean-end' | 'drop' = 'done') {
  sseHeaders(res);
  for (const p of parts) await write(res, chunk(p));
  if (end === 'done') res.end(chunk(null, 'stop') + DONE);
  else if (end === 'clean-end') res.end();
  else res.socket?.destroy();
}

async function collect(transport: ReplyTransport, text = 'hello', side?: ReplySideEvent[]) {
  const events = [];
  let error: unknown;
  try {
    for await (const e of transport.reply(AGENT, text, side ? { onSide: (s) => side.push(s) } : {})) events.push(e);
  } catch (err) {
    error = err;
  }
  return { events, error, text: events.map((e) => (e.type === 'text' ? e.text : '')).join('') };
}

describe('VoiceBetaTransport', () => {
  it('posts the utterance as the last user message (plain string) and yields the chunk deltas, then done', async () => {
    srv.handle((_req, res) => sendChunks(res, ['Hel', 'lo ', 'there.']));
    const { events, error } = await collect(new VoiceBetaTransport(client), 'how are you');
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo ' },
      { type: 'text', text: 'there.' },
      { type: 'done', transport: 'voice-beta' },
    ]);
    const req = await srv.request(1);
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/v1/voice-beta/${AGENT}/chat/completions`);
    expect(JSON.parse(req.body)).toMatchObject({ messages: [{ role: 'user', content: 'how are you' }], stream: true });
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it.each(['clean-end', 'drop'] as const)('a stream cut before [DONE] (%s) is a ReplyInterruptedError with what was said so far', async (end) => {
    srv.handle((_req, res) => sendChunks(res, ['I was saying', ' that'], end));
    const { events, error, text } = await collect(new VoiceBetaTransport(client));
    expect(text).toBe('I was saying that');
    expect(events.some((e) => e.type === 'done')).toBe(false);
    expect(error).toBeInstanceOf(ReplyInterruptedError);
    expect(error).toBeInstanceOf(LettaStreamError); // the services' error mapping still applies
    expect((error as ReplyInterruptedError).transport).toBe('voice-beta');
    expect((error as ReplyInterruptedError).partialText).toBe('I was saying that');
    expect((error as Error).message).toMatch(/broke off before \[DONE\]/);
  });

  it('an HTTP error rejects the first step of iteration, typed', async () => {
    srv.handle((_req, res) => json(res, 404, { detail: 'Agent not found' }));
    const { events, error } = await collect(new VoiceBetaTransport(client));
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(LettaNotFoundError);
  });
});

describe('ChatCompletionsTransport (/v1/chat/completions, not in the 0.7.x client)', () => {
  it('sends the agent id as the model, through the client transport (auth, typed chunks)', async () => {
    srv.handle((_req, res) => sendChunks(res, ['Fine', ', thanks.']));
    const { events, text } = await collect(new ChatCompletionsTransport(client), 'how are you');
    expect(text).toBe('Fine, thanks.');
    expect(events.at(-1)).toEqual({ type: 'done', transport: 'chat-completions' });
    const req = await srv.request(1);
    expect(req.path).toBe('/v1/chat/completions');
    expect(JSON.parse(req.body)).toEqual({ model: AGENT, messages: [{ role: 'user', content: 'how are you' }], stream: true });
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers.accept).toBe('text/event-stream');
  });

  it('a cut stream is ReplyInterruptedError; an error event the server sent stays a plain LettaStreamError', async () => {
    srv.handle((_req, res) => sendChunks(res, ['partial'], 'drop'));
    const cut = await collect(new ChatCompletionsTransport(client));
    expect(cut.error).toBeInstanceOf(ReplyInterruptedError);
    expect((cut.error as ReplyInterruptedError).transport).toBe('chat-completions');

    srv.handle(async (_req, res) => {
      sseHeaders(res);
      res.end(frame({ data: { error: { message: 'model overloaded' } } }));
    });
    const reported = await collect(new ChatCompletionsTransport(client));
    expect(reported.error).toBeInstanceOf(LettaStreamError);
    expect(reported.error).not.toBeInstanceOf(ReplyInterruptedError);
    expect((reported.error as LettaStreamError).serverMessage).toBe('model overloaded');
  });

  it('errors keep the client redaction: a token echoed by the server never shows in the message', async () => {
    srv.handle((req, res) => json(res, 401, { detail: `bad credentials: ${req.headers.authorization}` }));
    const { error } = await collect(new ChatCompletionsTransport(client));
    expect(error).toBeInstanceOf(LettaAuthenticationError);
    expect(String((error as Error).message)).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });
});

describe('VoiceWithFallbackTransport', () => {
  it('a 410 on voice-beta switches to /v1/chat/completions before anything is spoken, and stays switched', async () => {
    srv.handle((req, res) => {
      if (req.url?.startsWith('/v1/voice-beta/')) return json(res, 410, { detail: 'voice-beta was removed; use /v1/chat/completions' });
      return sendChunks(res, ['From the new route.']);
    });
    const transport = new VoiceWithFallbackTransport(new VoiceBetaTransport(client), new ChatCompletionsTransport(client));
    expect(transport.kind).toBe('voice-beta');
    const first = await collect(transport);
    expect(first.error).toBeUndefined();
    expect(first.events).toEqual([
      { type: 'text', text: 'From the new route.' },
      { type: 'done', transport: 'chat-completions' },
    ]);
    expect(transport.kind).toBe('chat-completions');
    await collect(transport);
    expect(srv.requests.map((r) => r.path)).toEqual([
      `/v1/voice-beta/${AGENT}/chat/completions`,
      '/v1/chat/completions',
      '/v1/chat/completions',
    ]);
  });

  it('other errors are not a reason to switch', async () => {
    srv.handle((_req, res) => json(res, 404, { detail: 'no such agent' }));
    const transport = new VoiceWithFallbackTransport(new VoiceBetaTransport(client), new ChatCompletionsTransport(client));
    const { error } = await collect(transport);
    expect(error).toBeInstanceOf(LettaNotFoundError);
    expect(transport.kind).toBe('voice-beta');
    expect(srv.requests).toHaveLength(1);
  });

  it('breaking out early releases the connection', async () => {
    srv.handle(async (_req, res) => {
      sseHeaders(res);
      await write(res, chunk('one. '));
      // never ends by itself
    });
    const transport = new VoiceWithFallbackTransport(new VoiceBetaTransport(client), new ChatCompletionsTransport(client));
    for await (const e of transport.reply(AGENT, 'hi')) {
      expect(e).toEqual({ type: 'text', text: 'one. ' });
      break;
    }
    await (await srv.request(1)).closed;
  });
});

describe('AgentStreamTransport', () => {
  it('speaks only assistant text; reasoning, tool calls and returns, usage go to onSide in order', async () => {
    const base = { date: '2026-01-01T00:00:00Z' };
    srv.handle(async (_req, res) => {
      sseHeaders(res);
      const events = [
        { ...base, id: 'm1', message_type: 'reasoning_message', reasoning: 'User greets. ' },
        { ...base, id: 'm1', message_type: 'reasoning_message', reasoning: 'Check weather.' },
        { ...base, id: 'm2', message_type: 'tool_call_message', tool_call: { name: 'get_weather', tool_call_id: 'call-1', arguments: '{"city":' } },
        { ...base, id: 'm2', message_type: 'tool_call_message', tool_call: { arguments: '"Lisbon"}' } },
        { ...base, id: 'm3', message_type: 'tool_return_message', tool_return: 'sunny', status: 'success', tool_call_id: 'call-1' },
        { ...base, id: 'm4', message_type: 'assistant_message', content: 'It is ' },
        { ...base, id: 'm4', message_type: 'assistant_message', content: [{ type: 'text', text: 'sunny.' }] },
        { id: 'x', message_type: 'a_type_from_the_future', foo: 1 },
        { message_type: 'usage_statistics', completion_tokens: 5, prompt_tokens: 100, total_tokens: 105, step_count: 2 },
      ];
      for (const e of events) await write(res, frame({ data: e }));
      res.end(DONE);
    });
    const side: ReplySideEvent[] = [];
    const { events, text } = await collect(new AgentStreamTransport(client), 'weather?', side);
    expect(text).toBe('It is sunny.');
    expect(events.at(-1)).toEqual({ type: 'done', transport: 'agent-stream' });
    expect(side).toEqual([
      { type: 'reasoning', id: 'm1', text: 'User greets. ' },
      { type: 'reasoning', id: 'm1', text: 'Check weather.' },
      { type: 'tool-call', id: 'm2', toolCallId: 'call-1', name: 'get_weather', argumentsDelta: '{"city":' },
      { type: 'tool-call', id: 'm2', argumentsDelta: '"Lisbon"}' },
      { type: 'tool-return', id: 'm3', toolCallId: 'call-1', status: 'success', text: 'sunny' },
      { type: 'usage', promptTokens: 100, completionTokens: 5, totalTokens: 105, stepCount: 2 },
    ]);
    const req = await srv.request(1);
    expect(req.path).toBe(`/v1/agents/${AGENT}/messages/stream`);
    expect(JSON.parse(req.body)).toEqual({ messages: [{ role: 'user', content: 'weather?' }], stream_tokens: true });
  });

  it('a stream that ends without [DONE] is interrupted; aborting is an abort, not an interruption', async () => {
    srv.handle(async (_req, res) => {
      sseHeaders(res);
      await write(res, frame({ data: { id: 'm', date: 'd', message_type: 'assistant_message', content: 'Half' } }));
      res.end();
    });
    const cut = await collect(new AgentStreamTransport(client));
    expect(cut.error).toBeInstanceOf(ReplyInterruptedError);
    expect((cut.error as ReplyInterruptedError).partialText).toBe('Half');

    srv.handle(async (_req, res) => {
      sseHeaders(res);
      await write(res, frame({ data: { id: 'm', date: 'd', message_type: 'assistant_message', content: 'Start' } }));
    });
    const controller = new AbortController();
    let error: unknown;
    try {
      for await (const e of new AgentStreamTransport(client).reply(AGENT, 'hi', { signal: controller.signal })) {
        if (e.type === 'text') controller.abort();
      }
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LettaAbortError);
  });
});

describe('chooseTransport', () => {
  it.each([
    [{ agent_type: 'memgpt_agent' }, '0.7.29', 'agent-stream'],
    [{ agent_type: 'react_agent' }, '0.13.0', 'agent-stream'],
    [{ agent_type: 'voice_convo_agent' }, '0.7.29', 'voice-beta'],
    [{ agent_type: 'voice_convo_agent' }, '0.12.9', 'voice-beta'],
    [{ agent_type: 'voice_convo_agent' }, undefined, 'voice-beta'],
    [{ agent_type: 'voice_convo_agent' }, '0.13.0', 'chat-completions'],
    [{ agent_type: 'voice_convo_agent' }, 'v1.2.0', 'chat-completions'],
  ] as const)('%j on %s → %s', (agent, version, kind) => {
    expect(chooseTransport(agent as { agent_type: 'memgpt_agent' }, version, client).kind).toBe(kind);
  });

  it('parses the versions servers report', () => {
    expect(parseServerVersion('0.7.29')).toEqual([0, 7, 29]);
    expect(parseServerVersion('0.13.0.dev4')).toEqual([0, 13, 0]);
    expect(parseServerVersion('v1')).toEqual([1, 0, 0]);
    expect(parseServerVersion('unknown')).toBeUndefined();
    expect(servesChatCompletions('0.12.99')).toBe(false);
    expect(servesChatCompletions('0.13.0')).toBe(true);
    expect(servesChatCompletions(undefined)).toBeUndefined();
  });
});
