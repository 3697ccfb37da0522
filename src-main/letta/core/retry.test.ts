import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LettaHttp, type ClientOptions } from './http.js';
import { ROUTES } from './routes.js';
import {
  LettaConnectionError,
  LettaError,
  LettaNotFoundError,
  LettaRateLimitError,
  LettaServerError,
  LettaTimeoutError,
} from './errors.js';
import { json, startTestServer, type TestServer } from '../../../test/fixtures/sse-server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

let delays: number[];
let hitsBefore: number;
beforeEach(() => {
  delays = [];
  hitsBefore = srv.requests.length;
});
const hits = () => srv.requests.length - hitsBefore;

/** A client whose backoff sleeps are recorded instead of waited, with a scripted jitter source. */
function client(randoms: number[] = [0.5], extra: Partial<ClientOptions> = {}): LettaHttp {
  let i = 0;
  return new LettaHttp({
    baseUrl: srv.url,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => randoms[Math.min(i++, randoms.length - 1)]!,
    ...extra,
  });
}

/** Fails the first `failures` requests with `status` (and headers), then answers 200. */
function failThenOk(failures: number, status: number, headers: Record<string, string> = {}): void {
  let n = 0;
  srv.handle((_req, res) => {
    if (n++ < failures) json(res, status, { detail: `try ${n} failed` }, headers);
    else json(res, 200, [{ id: 'agent-1' }]);
  });
}

async function rejection(p: Promise<unknown>): Promise<LettaError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LettaError);
    return err as LettaError;
  }
  throw new Error('expected the call to fail');
}

describe('GET retries', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries a GET answered %i, then succeeds', async (status) => {
    failThenOk(1, status);
    await expect(client().request(ROUTES.list_agents)).resolves.toEqual([{ id: 'agent-1' }]);
    expect(hits()).toBe(2);
    expect(delays).toHaveLength(1);
  });

  it.each([400, 401, 403, 404, 409, 422])('does not retry a GET answered %i', async (status) => {
    failThenOk(1, status);
    await rejection(client().request(ROUTES.list_agents));
    expect(hits()).toBe(1);
    expect(delays).toEqual([]);
  });

  it('backs off exponentially with equal jitter: half the window fixed, half from random()', async () => {
    failThenOk(3, 503);
    const http = client([0, 0.5, 1], { retry: { maxRetries: 3, baseDelayMs: 400, maxDelayMs: 8_000 } });
    await http.request(ROUTES.list_agents);
    // windows 400, 800, 1600 → [w/2 + r·w/2]
    expect(delays).toEqual([200, 600, 1600]);
    expect(hits()).toBe(4);
  });

  it('caps the backoff window at maxDelayMs', async () => {
    failThenOk(4, 500);
    const http = client([1], { retry: { maxRetries: 4, baseDelayMs: 1_000, maxDelayMs: 3_000 } });
    await http.request(ROUTES.list_agents);
    expect(delays).toEqual([1_000, 2_000, 3_000, 3_000]);
  });

  it('uses the real jitter: two clients with different random() sleep differently', async () => {
    failThenOk(1, 503);
    await client([0]).request(ROUTES.list_agents);
    failThenOk(1, 503);
    await client([0.99]).request(ROUTES.list_agents);
    expect(delays[0]).toBe(200);
    expect(delays[1]).toBeGreaterThan(390);
    expect(delays[1]).toBeLessThanOrEqual(400);
  });

  it('stops after maxRetries and reports the last answer (counting server hits)', async () => {
    srv.handle((_req, res) => json(res, 503, { detail: 'overloaded' }));
    const err = await rejection(client([0.5], { retry: { maxRetries: 3 } }).request(ROUTES.list_agents));
    expect(err).toBeInstanceOf(LettaServerError);
    expect(err.status).toBe(503);
    expect(err.serverMessage).toBe('overloaded');
    expect(hits()).toBe(4);
    expect(delays).toHaveLength(3);
  });

  it('default policy: 2 retries, 3 hits in all', async () => {
    srv.handle((_req, res) => json(res, 500, { detail: 'boom' }));
    await rejection(client().request(ROUTES.list_agents));
    expect(hits()).toBe(3);
  });

  it('a per-call maxRetries overrides the policy', async () => {
    srv.handle((_req, res) => json(res, 500, { detail: 'boom' }));
    await rejection(client().request(ROUTES.list_agents, {}, { maxRetries: 0 }));
    expect(hits()).toBe(1);
    await rejection(client().request(ROUTES.list_agents, {}, { maxRetries: 4 }));
    expect(hits()).toBe(1 + 5);
  });

  it('retries a GET whose connection was reset before any answer', async () => {
    let n = 0;
    srv.handle((req, res) => {
      if (n++ === 0) req.socket.destroy();
      else json(res, 200, { id: 'agent-1' });
    });
    await expect(client().request(ROUTES.retrieve_agent, { path: { agent_id: 'agent-1' } })).resolves.toEqual({
      id: 'agent-1',
    });
    expect(hits()).toBe(2);
    expect(delays).toEqual([300]);
  });

  it('a GET reset on every try ends in LettaConnectionError', async () => {
    srv.handle((req) => {
      req.socket.destroy();
    });
    const err = await rejection(client().request(ROUTES.list_agents));
    expect(err).toBeInstanceOf(LettaConnectionError);
    expect(hits()).toBe(3);
  });
});

describe('Retry-After', () => {
  it('honours Retry-After in seconds instead of the backoff', async () => {
    failThenOk(1, 429, { 'retry-after': '7' });
    await client().request(ROUTES.list_agents);
    expect(delays).toEqual([7_000]);
  });

  it('honours fractional seconds', async () => {
    failThenOk(1, 503, { 'retry-after': '1.5' });
    await client().request(ROUTES.list_agents);
    expect(delays).toEqual([1_500]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 10_000);
    failThenOk(1, 503, { 'retry-after': at.toUTCString() });
    await client().request(ROUTES.list_agents);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(8_500);
    expect(delays[0]).toBeLessThanOrEqual(11_000);
  });

  it('an HTTP date in the past retries at once', async () => {
    failThenOk(1, 503, { 'retry-after': new Date(Date.now() - 60_000).toUTCString() });
    await client().request(ROUTES.list_agents);
    expect(delays).toEqual([0]);
  });

  it('an unreadable Retry-After falls back to the backoff', async () => {
    failThenOk(1, 503, { 'retry-after': 'soon-ish' });
    await client([0.5]).request(ROUTES.list_agents);
    expect(delays).toEqual([300]);
  });

  it('a Retry-After beyond maxRetryAfterMs fails at once instead of hanging', async () => {
    failThenOk(1, 429, { 'retry-after': '3600' });
    const err = await rejection(client().request(ROUTES.list_agents));
    expect(err).toBeInstanceOf(LettaRateLimitError);
    expect(hits()).toBe(1);
    expect(delays).toEqual([]);
  });

  it('the cap applies to an HTTP date too, and is configurable', async () => {
    failThenOk(1, 503, { 'retry-after': new Date(Date.now() + 120_000).toUTCString() });
    await rejection(client().request(ROUTES.list_agents));
    expect(hits()).toBe(1);

    failThenOk(1, 503, { 'retry-after': '5' });
    await rejection(client([0.5], { retry: { maxRetryAfterMs: 4_000 } }).request(ROUTES.list_agents));
    expect(hits()).toBe(2);
    expect(delays).toEqual([]);
  });
});

describe('sends are never retried', () => {
  it('a POST (send message) answered 503 is tried once', async () => {
    failThenOk(1, 503, { 'retry-after': '1' });
    const err = await rejection(
      client().request(ROUTES.send_message, {
        path: { agent_id: 'agent-1' },
        body: { messages: [{ role: 'user', content: 'hi' }] },
      }),
    );
    expect(err).toBeInstanceOf(LettaServerError);
    expect(err.method).toBe('POST');
    expect(hits()).toBe(1);
    expect(delays).toEqual([]);
    expect(JSON.parse(srv.requests.at(-1)!.body)).toEqual({ messages: [{ role: 'user', content: 'hi' }] });
  });

  it('a POST whose connection was reset is tried once', async () => {
    srv.handle((req) => {
      req.socket.destroy();
    });
    const err = await rejection(
      client().request(ROUTES.send_message, { path: { agent_id: 'agent-1' }, body: { messages: [] } }),
    );
    expect(err).toBeInstanceOf(LettaConnectionError);
    expect(hits()).toBe(1);
  });

  it('even a per-call maxRetries does not make a send retry', async () => {
    srv.handle((_req, res) => json(res, 502, { detail: 'gateway' }));
    await rejection(client().request(ROUTES.create_agent, { body: {} }, { maxRetries: 5 }));
    await rejection(client().request(ROUTES.modify_agent, { path: { agent_id: 'a' }, body: {} }, { maxRetries: 5 }));
    await rejection(client().request(ROUTES.delete_agent, { path: { agent_id: 'a' } }, { maxRetries: 5 }));
    expect(hits()).toBe(3);
  });

  it('a streamed send is not retried either', async () => {
    srv.handle((_req, res) => json(res, 503, { detail: 'busy' }));
    const err = await rejection(
      client().stream(ROUTES.create_agent_message_stream, { path: { agent_id: 'agent-1' }, body: { messages: [] } }),
    );
    expect(err).toBeInstanceOf(LettaServerError);
    expect(hits()).toBe(1);
  });
});

describe('timeouts are retried for reads only', () => {
  it('a GET that times out waiting for headers is retried', async () => {
    let n = 0;
    srv.handle((_req, res) => {
      if (n++ === 0) return; // never answers; the client gives up on its own
      json(res, 200, []);
    });
    await expect(client([0.5], { timeoutMs: 150 }).request(ROUTES.list_agents)).resolves.toEqual([]);
    expect(hits()).toBe(2);
  });

  it('not found after a retry is still reported as not found', async () => {
    let n = 0;
    srv.handle((_req, res) => (n++ === 0 ? json(res, 500, {}) : json(res, 404, { detail: 'gone' })));
    const err = await rejection(client().request(ROUTES.retrieve_agent, { path: { agent_id: 'x' } }));
    expect(err).toBeInstanceOf(LettaNotFoundError);
    expect(hits()).toBe(2);
    expect(err).not.toBeInstanceOf(LettaTimeoutError);
  });
});
