import { Agent, DecoratorHandler, type Dispatcher } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LettaHttp } from './http.js';
import { ROUTES } from './routes.js';
import { LettaStream } from './stream.js';
import { sleep as realSleep } from './retry.js';
import { LettaAbortError, LettaError } from './errors.js';
import { DONE, frame, json, sseHeaders, startTestServer, write, type TestServer } from '../../../test/fixtures/sse-server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());
let base: number;
beforeEach(() => {
  base = srv.requests.length;
});
/** The n-th request of the current test. */
const nth = (n: number) => srv.request(base + n);

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

describe('plain calls', () => {
  it('aborting an in-flight request → LettaAbortError and the server sees the connection go', async () => {
    srv.handle(() => {}); // never answers
    const http = new LettaHttp({ baseUrl: srv.url, timeoutMs: 60_000 });
    const ac = new AbortController();
    const pending = rejection(http.request(ROUTES.list_agents, {}, { signal: ac.signal }));
    const req = await nth(1);
    ac.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(LettaAbortError);
    expect(err.code).toBe('aborted');
    expect(err.method).toBe('GET');
    expect(err.url).toBe(`${srv.url}/v1/agents/`);
    await req.closed; // resolves only once the client dropped the connection
    expect(srv.requests.length - base).toBe(1); // an abort is not retried
  });

  it('an already-aborted signal fails before anything is sent', async () => {
    const http = new LettaHttp({ baseUrl: srv.url });
    const err = await rejection(http.request(ROUTES.list_agents, {}, { signal: AbortSignal.abort() }));
    expect(err).toBeInstanceOf(LettaAbortError);
    expect(srv.requests.length - base).toBe(0);
  });

  it('aborting during the backoff sleep → LettaAbortError, with no further try', async () => {
    srv.handle((_req, res) => json(res, 503, { detail: 'busy' }));
    const ac = new AbortController();
    let sleeping!: () => void;
    const asleep = new Promise<void>((r) => (sleeping = r));
    const http = new LettaHttp({
      baseUrl: srv.url,
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      // The real sleep, so its reaction to the signal is what is tested; only observed.
      sleep: (ms, signal) => {
        sleeping();
        return realSleep(ms, signal);
      },
    });
    const started = performance.now();
    const pending = rejection(http.request(ROUTES.list_agents, {}, { signal: ac.signal }));
    await asleep;
    ac.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(LettaAbortError);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(srv.requests.length - base).toBe(1);
  });

  it('aborting while the body is still arriving → LettaAbortError', async () => {
    srv.handle(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      await write(res, '[{"id": "agent-1"}, ');
    });
    const ac = new AbortController();
    // Abort exactly when the first body bytes reach the client, observed inside undici.
    const http = new LettaHttp({ baseUrl: srv.url, timeoutMs: 60_000, dispatcher: tapFirstBodyChunk(() => ac.abort()) });
    const pending = rejection(http.request(ROUTES.list_agents, {}, { signal: ac.signal }));
    const req = await nth(1);
    const err = await pending;
    expect(err).toBeInstanceOf(LettaAbortError);
    expect(ac.signal.aborted).toBe(true);
    await req.closed;
  });
});

/** An undici dispatcher that calls `onFirst` right after the first response body chunk was delivered. */
function tapFirstBodyChunk(onFirst: () => void): Dispatcher {
  return new Agent().compose((dispatch) => (opts, handler) => {
    let fired = false;
    // undici's typings omit the new-style handler hooks DecoratorHandler implements.
    const Base = DecoratorHandler as unknown as new (h: unknown) => { onResponseData(...a: unknown[]): boolean };
    class Tap extends Base {
      override onResponseData(...args: unknown[]): boolean {
        const r = super.onResponseData(...args);
        if (!fired) {
          fired = true;
          queueMicrotask(onFirst);
        }
        return r;
      }
    }
    return dispatch(opts, new Tap(handler) as unknown as Dispatcher.DispatchHandler);
  });
}

describe('streams', () => {
  /** A stream that sends `first` events, then stays open until the client leaves. */
  function openEndedStream(first: number, oneChunk = false): void {
    srv.handle(async (_req, res) => {
      sseHeaders(res);
      const frames = Array.from({ length: first }, (_, i) => frame({ data: { message_type: 'assistant_message', content: `t${i}` } }));
      if (oneChunk) await write(res, frames.join(''));
      else for (const f of frames) await write(res, f);
    });
  }

  it('LettaStream.abort() mid-way ends iteration with LettaAbortError and frees the socket', async () => {
    openEndedStream(1);
    const http = new LettaHttp({ baseUrl: srv.url, streamIdleTimeoutMs: 60_000 });
    const stream = new LettaStream(await http.stream(ROUTES.create_agent_message_stream, streamInput), decode);
    const req = await nth(1);
    const seen: unknown[] = [];
    const err = await rejection(
      (async () => {
        for await (const e of stream) {
          seen.push(e);
          stream.abort();
        }
      })(),
    );
    expect(seen).toEqual([{ message_type: 'assistant_message', content: 't0' }]);
    expect(err).toBeInstanceOf(LettaAbortError);
    expect(err.url).toBe(`${srv.url}/v1/agents/agent-1/messages/stream`);
    await req.socketClosed;
    expect(stream.completed).toBe(false);
  });

  it('aborting the caller’s signal mid-stream does the same', async () => {
    openEndedStream(2);
    const ac = new AbortController();
    const http = new LettaHttp({ baseUrl: srv.url, streamIdleTimeoutMs: 60_000 });
    const conn = await http.stream(ROUTES.create_agent_message_stream, streamInput, { signal: ac.signal });
    const req = await nth(1);
    const it = new LettaStream(conn, decode)[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ message_type: 'assistant_message', content: 't0' });
    ac.abort();
    await expect(it.next()).rejects.toBeInstanceOf(LettaAbortError);
    await req.socketClosed;
  });

  it('no events already buffered are handed out after an abort', async () => {
    openEndedStream(3, true); // all three frames in one TCP write
    const http = new LettaHttp({ baseUrl: srv.url, streamIdleTimeoutMs: 60_000 });
    const stream = new LettaStream(await http.stream(ROUTES.create_agent_message_stream, streamInput), decode);
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ message_type: 'assistant_message', content: 't0' });
    stream.abort();
    await expect(it.next()).rejects.toBeInstanceOf(LettaAbortError);
  });

  it('leaving the loop early (break) releases the connection', async () => {
    openEndedStream(1);
    const http = new LettaHttp({ baseUrl: srv.url, streamIdleTimeoutMs: 60_000 });
    const stream = new LettaStream(await http.stream(ROUTES.create_agent_message_stream, streamInput), decode);
    const req = await nth(1);
    for await (const _ of stream) break;
    await req.socketClosed;
  });

  it('aborting before the stream’s headers came → LettaAbortError from stream()', async () => {
    srv.handle(() => {});
    const ac = new AbortController();
    const http = new LettaHttp({ baseUrl: srv.url });
    const pending = rejection(http.stream(ROUTES.create_agent_message_stream, streamInput, { signal: ac.signal }));
    const req = await nth(1);
    ac.abort();
    expect(await pending).toBeInstanceOf(LettaAbortError);
    await req.closed;
  });

  it('a completed stream keeps its keep-alive connection for the next call', async () => {
    // Like uvicorn: [DONE] is one write, the response's terminating chunk a moment later.
    srv.handle(async (_req, res) => {
      sseHeaders(res);
      await write(res, frame({ data: { message_type: 'assistant_message', content: 'hi' } }));
      await write(res, DONE);
      setTimeout(() => res.end(), 5);
    });
    // One connection per origin: a call waits for it to be free, or opens a new one if it was cut.
    const http = new LettaHttp({ baseUrl: srv.url, dispatcher: new Agent({ connections: 1 }) });
    for (let i = 0; i < 4; i++) {
      const stream = new LettaStream(await http.stream(ROUTES.create_agent_message_stream, streamInput), decode);
      for await (const _ of stream) void _;
      expect(stream.completed).toBe(true);
    }
    const sockets = srv.requests.slice(base).map((r) => r.socket);
    expect(new Set(sockets).size).toBe(1);
  });

  it('a completed stream is not an abort: [DONE] then the client can call again on the same client', async () => {
    srv.handle(async (_req, res) => {
      sseHeaders(res);
      res.end(frame({ data: { message_type: 'assistant_message', content: 'hi' } }) + DONE);
    });
    const http = new LettaHttp({ baseUrl: srv.url });
    for (let i = 0; i < 2; i++) {
      const stream = new LettaStream(await http.stream(ROUTES.create_agent_message_stream, streamInput), decode);
      const got: unknown[] = [];
      for await (const e of stream) got.push(e);
      expect(got).toHaveLength(1);
      expect(stream.completed).toBe(true);
    }
  });
});
