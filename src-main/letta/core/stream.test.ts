import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LettaHttp, SseConnection, type RawResponse, type SseMessage } from './http.js';
import { ROUTES } from './routes.js';
import { LettaStream, rawEvent, type RawStreamEvent } from './stream.js';
import { LettaError, LettaNotFoundError, LettaStreamError, LettaValidationError } from './errors.js';
import { DONE, frame, json, sseBody, sseHeaders, startTestServer, write, type TestServer } from '../../../test/fixtures/sse-server.js';

interface Msg {
  kind: 'msg';
  type: string;
  json: Record<string, unknown>;
  id: string | undefined;
}

/** A trivial decoder: known `message_type`s become Msg, everything else passes through raw. */
const KNOWN = new Set(['reasoning_message', 'assistant_message', 'tool_call_message', 'usage_statistics']);
const decode = (j: unknown, m: SseMessage): Msg | RawStreamEvent => {
  const o = j as Record<string, unknown>;
  const type = String(o.message_type ?? '');
  return KNOWN.has(type) ? { kind: 'msg', type, json: o, id: m.id } : rawEvent(j, m);
};

let srv: TestServer;
let http: LettaHttp;
beforeAll(async () => {
  srv = await startTestServer();
  http = new LettaHttp({ baseUrl: srv.url, streamIdleTimeoutMs: 10_000 });
});
afterAll(() => srv.close());

const input = { path: { agent_id: 'agent-1' }, body: { messages: [{ role: 'user', content: 'hi' }] } };

/** Opens a stream against the test server answering `body` as one SSE response and drains it. */
async function run(body: string): Promise<{ events: Array<Msg | RawStreamEvent>; error?: LettaError; stream: LettaStream<Msg> }> {
  srv.handle((_req, res) => sseBody(res, body));
  return drain(new LettaStream(await http.stream(ROUTES.create_agent_message_stream, input), decode));
}

async function drain<T>(stream: LettaStream<T>): Promise<{ events: Array<T | RawStreamEvent>; error?: LettaError; stream: LettaStream<T> }> {
  const events: Array<T | RawStreamEvent> = [];
  try {
    for await (const e of stream) events.push(e);
  } catch (err) {
    expect(err).toBeInstanceOf(LettaError);
    return { events, error: err as LettaError, stream };
  }
  return { events, stream };
}

const reasoning = { id: 'message-1', message_type: 'reasoning_message', reasoning: 'The user greets me — 👋 日本語' };
const assistant = { id: 'message-1', message_type: 'assistant_message', content: 'Hello! ✨\nHow can I help?' };
const usage = { message_type: 'usage_statistics', completion_tokens: 12, prompt_tokens: 900, total_tokens: 912, step_count: 1 };
const typesOf = (events: Array<Msg | RawStreamEvent>) => events.map((e) => (e.kind === 'msg' ? e.type : `raw:${e.data}`));

/** A representative body: ids, an event name, a comment, multi-byte text, multi-line data, [DONE]. */
const TYPICAL =
  ': connected\n\n' +
  frame({ id: '1', data: reasoning }) +
  ':keep-alive\n\n' +
  frame({ id: '2', event: 'message', data: JSON.stringify(assistant, null, 1) }) +
  frame({ data: usage }) +
  DONE;

describe('SSE framing', () => {
  it('decodes a typical stream: ids, comments, multi-line JSON data, [DONE]', async () => {
    const { events, error, stream } = await run(TYPICAL);
    expect(error).toBeUndefined();
    expect(stream.completed).toBe(true);
    expect(events).toEqual([
      { kind: 'msg', type: 'reasoning_message', json: reasoning, id: '1' },
      { kind: 'msg', type: 'assistant_message', json: assistant, id: '2' },
      { kind: 'msg', type: 'usage_statistics', json: usage, id: undefined },
    ]);
  });

  it('events written byte by byte by the server arrive whole and in order', async () => {
    srv.handle(async (req, res) => {
      sseHeaders(res);
      req.socket.setNoDelay(true);
      const bytes = Buffer.from(TYPICAL, 'utf8');
      for (let i = 0; i < bytes.length; i++) {
        await write(res, bytes.subarray(i, i + 1));
        await new Promise<void>((r) => setImmediate(r)); // let each byte go out as its own segment
      }
      res.end();
    });
    const { events, error } = await drain(new LettaStream(await http.stream(ROUTES.create_agent_message_stream, input), decode));
    expect(error).toBeUndefined();
    expect(typesOf(events)).toEqual(['reasoning_message', 'assistant_message', 'usage_statistics']);
    expect((events[0] as Msg).json).toEqual(reasoning);
    expect((events[1] as Msg).json).toEqual(assistant);
  });

  it('splitting the body at every possible byte boundary (and pairs of them) changes nothing', async () => {
    const bytes = Buffer.from(TYPICAL, 'utf8');
    const expected = (await drain(new LettaStream(connectionOf([bytes]), decode))).events;
    expect(expected).toHaveLength(3);
    for (let i = 1; i < bytes.length; i++) {
      const got = await drain(new LettaStream(connectionOf([bytes.subarray(0, i), bytes.subarray(i)]), decode));
      expect(got.error, `split at ${i}`).toBeUndefined();
      expect(got.events, `split at ${i}`).toEqual(expected);
    }
    for (let i = 1; i < bytes.length; i += 7) {
      for (let j = i + 1; j < bytes.length; j += 5) {
        const chunks = [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)];
        const got = await drain(new LettaStream(connectionOf(chunks), decode));
        expect(got.events, `split at ${i},${j}`).toEqual(expected);
      }
    }
  });

  it('CRLF line endings work like LF', async () => {
    const { events, stream } = await run((frame({ data: reasoning }) + DONE).replace(/\n/g, '\r\n'));
    expect(typesOf(events)).toEqual(['reasoning_message']);
    expect(stream.completed).toBe(true);
  });

  it('multi-line `data:` joins with newlines (JSON spread over lines, and text)', async () => {
    const { events } = await run('data: {"message_type":\ndata:  "assistant_message",\ndata: "content": "hi"}\n\n' + 'data: line one\ndata: line two\n\n' + DONE);
    expect(events[0]).toEqual({ kind: 'msg', type: 'assistant_message', json: { message_type: 'assistant_message', content: 'hi' }, id: undefined });
    expect(events[1]).toEqual({ kind: 'raw', event: undefined, data: 'line one\nline two', json: undefined });
  });

  it('comment and keep-alive lines produce no events', async () => {
    const { events, stream } = await run(': ping\n\n:\n\n: ping - 2025-01-01 00:00:00\n\n' + frame({ data: assistant }) + ': ping\n\n' + DONE);
    expect(typesOf(events)).toEqual(['assistant_message']);
    expect(stream.completed).toBe(true);
  });

  it('[DONE] ends the stream; anything after it is ignored', async () => {
    const { events, stream, error } = await run(frame({ data: assistant }) + DONE + frame({ data: reasoning }));
    expect(error).toBeUndefined();
    expect(typesOf(events)).toEqual(['assistant_message']);
    expect(stream.completed).toBe(true);
  });

  it('a final [DONE] without its blank line still completes the stream', async () => {
    const { error, stream } = await run(frame({ data: assistant }) + 'data: [DONE]');
    expect(error).toBeUndefined();
    expect(stream.completed).toBe(true);
  });
});

describe('payloads', () => {
  it('unknown JSON is passed through to the caller, never thrown', async () => {
    const future = { message_type: 'hidden_reasoning_v9', payload: { a: 1 } };
    const { events, error } = await run(frame({ event: 'future', data: future }) + frame({ data: 42 }) + DONE);
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { kind: 'raw', event: 'future', data: JSON.stringify(future), json: future },
      { kind: 'raw', event: undefined, data: '42', json: 42 },
    ]);
  });

  it('non-JSON data becomes a raw event', async () => {
    const { events, error } = await run('data: hello there\n\n' + 'event: status\ndata: {not json\n\n' + DONE);
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { kind: 'raw', event: undefined, data: 'hello there', json: undefined },
      { kind: 'raw', event: 'status', data: '{not json', json: undefined },
    ]);
  });

  it('`data: {"error": {...}}` → LettaStreamError with the server’s message, after the events before it', async () => {
    const { events, error } = await run(
      frame({ data: reasoning }) + frame({ data: { error: { type: 'llm_error', message: 'OpenAI said: context length exceeded' } } }) + frame({ data: assistant }) + DONE,
    );
    expect(typesOf(events)).toEqual(['reasoning_message']);
    expect(error).toBeInstanceOf(LettaStreamError);
    expect(error!.code).toBe('stream');
    expect(error!.serverMessage).toBe('OpenAI said: context length exceeded');
    expect(error!.message).toContain('OpenAI said: context length exceeded');
    expect(error!.body).toEqual({ error: { type: 'llm_error', message: 'OpenAI said: context length exceeded' } });
    expect(error!.method).toBe('POST');
    expect(error!.url).toBe(`${srv.url}/v1/agents/agent-1/messages/stream`);
  });

  it('`data: {"error": "..."}` with a plain string', async () => {
    const { error } = await run(frame({ data: { error: 'Rate limited by provider' } }));
    expect(error).toBeInstanceOf(LettaStreamError);
    expect(error!.serverMessage).toBe('Rate limited by provider');
  });

  it('`event: error` → LettaStreamError, whether its data is JSON or text', async () => {
    const a = await run(frame({ data: assistant }) + frame({ event: 'error', data: { message: 'Agent agent-1 crashed', code: 'INTERNAL' } }));
    expect(typesOf(a.events)).toEqual(['assistant_message']);
    expect(a.error).toBeInstanceOf(LettaStreamError);
    expect(a.error!.serverMessage).toBe('Agent agent-1 crashed');

    const b = await run(frame({ event: 'error', data: 'upstream closed the connection' }));
    expect(b.error).toBeInstanceOf(LettaStreamError);
    expect(b.error!.serverMessage).toBe('upstream closed the connection');
  });

  it('a message object that merely has an `error` field next to its message_type is not an error', async () => {
    const toolReturn = { message_type: 'tool_call_message', error: null, tool_call: { name: 'x' } };
    const { events, error } = await run(frame({ data: toolReturn }) + DONE);
    expect(error).toBeUndefined();
    expect(typesOf(events)).toEqual(['tool_call_message']);
  });
});

describe('endings and non-SSE answers', () => {
  it('a stream ending without [DONE] → LettaStreamError after the events it had', async () => {
    const { events, error, stream } = await run(frame({ data: reasoning }) + frame({ data: assistant }));
    expect(typesOf(events)).toEqual(['reasoning_message', 'assistant_message']);
    expect(error).toBeInstanceOf(LettaStreamError);
    expect(error!.message).toMatch(/\[DONE\]/);
    expect(stream.completed).toBe(false);
  });

  it('requireDone: false accepts an end without [DONE]', async () => {
    srv.handle((_req, res) => sseBody(res, frame({ data: assistant })));
    const conn = await http.stream(ROUTES.create_agent_message_stream, input);
    const { events, error } = await drain(new LettaStream(conn, decode, { requireDone: false }));
    expect(error).toBeUndefined();
    expect(typesOf(events)).toEqual(['assistant_message']);
  });

  it('an empty 200 stream is an error too (nothing and no [DONE])', async () => {
    const { events, error } = await run('');
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(LettaStreamError);
  });

  it('JSON answered instead of SSE, carrying an error → LettaStreamError with its message', async () => {
    srv.handle((_req, res) => json(res, 200, { error: { message: 'streaming is not supported for this model' } }));
    const conn = await http.stream(ROUTES.create_agent_message_stream, input);
    expect(conn.contentType).toContain('application/json');
    const { events, error } = await drain(new LettaStream(conn, decode));
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(LettaStreamError);
    expect(error!.serverMessage).toBe('streaming is not supported for this model');
  });

  it('FastAPI\'s {"detail": …} answered with 200 instead of SSE → LettaStreamError with that detail', async () => {
    srv.handle((_req, res) => json(res, 200, { detail: 'No LLM config for this agent' }));
    const { events, error } = await drain(new LettaStream(await http.stream(ROUTES.create_agent_message_stream, input), decode));
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(LettaStreamError);
    expect(error!.serverMessage).toBe('No LLM config for this agent');
  });

  it('JSON answered instead of SSE, carrying a result → handed to the decoder whole', async () => {
    srv.handle((_req, res) => json(res, 200, assistant));
    const { events } = await drain(new LettaStream(await http.stream(ROUTES.create_agent_message_stream, input), decode));
    expect(events).toEqual([{ kind: 'msg', type: 'assistant_message', json: assistant, id: undefined }]);
  });

  it('an HTTP error status rejects stream() itself, before any iteration', async () => {
    srv.handle((_req, res) => json(res, 404, { detail: 'Agent agent-1 not found' }));
    const err = await http.stream(ROUTES.create_agent_message_stream, input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LettaNotFoundError);
    expect((err as LettaError).serverMessage).toBe('Agent agent-1 not found');

    srv.handle((_req, res) => json(res, 422, { detail: [{ loc: ['body', 'messages'], msg: 'Field required', type: 'missing' }] }));
    const err2 = await http.stream(ROUTES.create_agent_message_stream, input).catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(LettaValidationError);
    expect((err2 as LettaValidationError).issues[0]!.loc).toEqual(['body', 'messages']);
  });

  it('sends the request as an SSE request: POST, JSON body, accept: text/event-stream', async () => {
    await run(DONE);
    const req = srv.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/agents/agent-1/messages/stream');
    expect(req.headers.accept).toBe('text/event-stream');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual(input.body);
  });

  it('a server that drops the connection mid-stream surfaces as an error, not a clean end', async () => {
    srv.handle(async (req, res) => {
      sseHeaders(res);
      await write(res, frame({ data: reasoning }));
      req.socket.destroy();
    });
    const { events, error } = await drain(new LettaStream(await http.stream(ROUTES.create_agent_message_stream, input), decode));
    expect(typesOf(events)).toEqual(['reasoning_message']);
    expect(error).toBeInstanceOf(LettaError);
  });
});

/** An SseConnection over a body delivered in exactly these chunks (for exhaustive boundary tests). */
function connectionOf(chunks: Buffer[]): SseConnection {
  const res: RawResponse = {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    body: Readable.from(chunks) as unknown as RawResponse['body'],
  };
  const controller = new AbortController();
  return new SseConnection(res, controller, { method: 'POST', url: 'http://test/stream', idleTimeoutMs: 1_000, signal: controller.signal });
}
