import { afterAll, describe, expect, it } from 'vitest';
import { LettaHttp } from './http.js';
import { ROUTES } from './routes.js';
import { LettaStream } from './stream.js';
import { LettaError, LettaTimeoutError } from './errors.js';
import { DONE, frame, sseHeaders, startTestServer, write, type Handler, type TestServer } from '../../../test/fixtures/sse-server.js';

// undici checks its header/body timers with a resolution of about half a second, so each test
// here waits about a second; they run concurrently, each against its own server.
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
async function server(handler: Handler): Promise<TestServer> {
  const s = await startTestServer(handler);
  servers.push(s);
  return s;
}

const decode = (json: unknown) => json as Record<string, unknown>;
const streamInput = { path: { agent_id: 'agent-1' }, body: { messages: [{ role: 'user', content: 'hi' }] } };

async function rejection(p: Promise<unknown>): Promise<LettaError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LettaError);
    return err as LettaError;
  }
  throw new Error('expected the call to fail');
}

describe.concurrent('plain calls', () => {
  it('no response headers within timeoutMs → LettaTimeoutError', async () => {
    const srv = await server(() => {}); // accepts the request and never answers
    const http = new LettaHttp({ baseUrl: srv.url, timeoutMs: 200, retry: { maxRetries: 0 } });
    const started = performance.now();
    const err = await rejection(http.request(ROUTES.retrieve_agent, { path: { agent_id: 'agent-1' } }));
    expect(err).toBeInstanceOf(LettaTimeoutError);
    expect(err.code).toBe('timeout');
    expect((err as LettaTimeoutError).timeoutMs).toBe(200);
    expect(err.method).toBe('GET');
    expect(err.url).toBe(`${srv.url}/v1/agents/agent-1`);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a per-call timeoutMs overrides the client default', async () => {
    const srv = await server(() => {});
    const http = new LettaHttp({ baseUrl: srv.url, timeoutMs: 60_000 });
    const err = await rejection(http.request(ROUTES.send_message, streamInput, { timeoutMs: 150 }));
    expect(err).toBeInstanceOf(LettaTimeoutError);
    expect((err as LettaTimeoutError).timeoutMs).toBe(150);
    expect(err.method).toBe('POST');
  });

  it('headers sent, then the body stalls → LettaTimeoutError (not a raw undici error)', async () => {
    const srv = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id": "agent-1", ');
    });
    const http = new LettaHttp({ baseUrl: srv.url, timeoutMs: 200, retry: { maxRetries: 0 } });
    const err = await rejection(http.request(ROUTES.retrieve_agent, { path: { agent_id: 'agent-1' } }));
    expect(err).toBeInstanceOf(LettaTimeoutError);
    expect(err.url).toBe(`${srv.url}/v1/agents/agent-1`);
  });
});

describe.concurrent('streams', () => {
  it('a stream whose headers never come times out with timeoutMs', async () => {
    const srv = await server(() => {});
    const http = new LettaHttp({ baseUrl: srv.url, timeoutMs: 200, streamIdleTimeoutMs: 60_000 });
    const err = await rejection(http.stream(ROUTES.create_agent_message_stream, streamInput));
    expect(err).toBeInstanceOf(LettaTimeoutError);
    expect((err as LettaTimeoutError).timeoutMs).toBe(200);
  });

  it('a stream that goes silent longer than streamIdleTimeoutMs → LettaTimeoutError after the events so far', async () => {
    const srv = await server(async (_req, res) => {
      sseHeaders(res);
      await write(res, frame({ data: { message_type: 'reasoning_message', reasoning: 'thinking' } }));
      // …and then nothing, with the connection held open.
    });
    const http = new LettaHttp({ baseUrl: srv.url, timeoutMs: 5_000, streamIdleTimeoutMs: 300 });
    const stream = new LettaStream(await http.stream(ROUTES.create_agent_message_stream, streamInput), decode);
    const seen: unknown[] = [];
    const err = await rejection(
      (async () => {
        for await (const e of stream) seen.push(e);
      })(),
    );
    expect(seen).toEqual([{ message_type: 'reasoning_message', reasoning: 'thinking' }]);
    expect(err).toBeInstanceOf(LettaTimeoutError);
    expect((err as LettaTimeoutError).timeoutMs).toBe(300);
    expect(err.message).toMatch(/silent/);
    expect(err.method).toBe('POST');
    expect(err.url).toBe(`${srv.url}/v1/agents/agent-1/messages/stream`);
  });

  it('a per-call streamIdleTimeoutMs overrides the client default', async () => {
    const srv = await server((_req, res) => sseHeaders(res));
    const http = new LettaHttp({ baseUrl: srv.url, streamIdleTimeoutMs: 600_000 });
    const conn = await http.stream(ROUTES.create_agent_message_stream, streamInput, { streamIdleTimeoutMs: 200 });
    const err = await rejection((async () => {
      for await (const _ of new LettaStream(conn, decode)) void _;
    })());
    expect(err).toBeInstanceOf(LettaTimeoutError);
    expect((err as LettaTimeoutError).timeoutMs).toBe(200);
  });

  it('a slow but steady stream, longer in total than the idle timeout, completes', async () => {
    const events = 12;
    const gapMs = 100;
    const srv = await server(async (_req, res) => {
      sseHeaders(res);
      for (let i = 0; i < events; i++) {
        await write(res, frame({ data: { message_type: 'assistant_message', content: `tok${i}` } }));
        await new Promise((r) => setTimeout(r, gapMs)); // pacing of the scenario, not synchronisation
      }
      res.end(DONE);
    });
    // Also shorter than the total as a header/plain timeout: streams must not be cut by timeoutMs.
    const http = new LettaHttp({ baseUrl: srv.url, timeoutMs: 400, streamIdleTimeoutMs: 400 });
    const started = performance.now();
    const stream = new LettaStream(await http.stream(ROUTES.create_agent_message_stream, streamInput), decode);
    const got: unknown[] = [];
    for await (const e of stream) got.push(e);
    expect(performance.now() - started).toBeGreaterThan(events * gapMs * 0.9);
    expect(got).toHaveLength(events);
    expect(stream.completed).toBe(true);
  });
});
