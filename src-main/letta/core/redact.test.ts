import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LettaHttp } from './http.js';
import { ROUTES } from './routes.js';
import { LettaStream } from './stream.js';
import {
  LettaAuthenticationError,
  LettaConnectionError,
  LettaDecodeError,
  LettaError,
  LettaRedirectError,
  LettaServerError,
  LettaStreamError,
  LettaTimeoutError,
  LettaValidationError,
} from './errors.js';
import { redactSecrets } from './redact.js';
import { closedPort, frame, json, sseBody, startTestServer, text, type TestServer } from '../../../test/fixtures/sse-server.js';

// Shaped like a real key, with characters that change under percent-encoding.
const TOKEN = 'sk-let-MzFhYjE0ZGMtN2Q4Zi00N2Ix+OWQ1/LWYzYjdiMGE2NDk1Ng==';

let srv: TestServer;
let http: LettaHttp;
beforeAll(async () => {
  srv = await startTestServer();
  http = new LettaHttp({ baseUrl: srv.url, token: TOKEN, retry: { maxRetries: 0 }, timeoutMs: 200 });
});
afterAll(() => srv.close());

/** Every way an error gets turned into text in logs, IPC and crash reports. */
function renderings(err: LettaError): Record<string, string> {
  return {
    message: err.message,
    toJSON: JSON.stringify(err.toJSON()),
    stringify: JSON.stringify(err),
    string: String(err),
    stack: err.stack ?? '',
    inspect: inspect(err, { depth: Infinity }),
    inspectDefault: inspect(err),
    serverMessage: err.serverMessage ?? '',
    url: err.url,
    body: inspect(err.body, { depth: Infinity }),
  };
}

const FORMS = [TOKEN, encodeURIComponent(TOKEN), new URLSearchParams({ t: TOKEN }).toString().slice(2)];

function expectNoToken(err: unknown): void {
  expect(err).toBeInstanceOf(LettaError);
  for (const [where, textOf] of Object.entries(renderings(err as LettaError))) {
    for (const form of FORMS) expect(textOf.includes(form), `token (${form}) visible in ${where}:\n${textOf}`).toBe(false);
  }
}

async function failure(p: Promise<unknown>): Promise<LettaError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LettaError);
    return err as LettaError;
  }
  throw new Error('expected the call to fail');
}

describe('what is sent', () => {
  it('sends the token as `authorization: Bearer <token>` and never in the URL', async () => {
    srv.handle((_req, res) => json(res, 200, { status: 'ok' }));
    await http.request(ROUTES.health_check);
    const req = srv.requests.at(-1)!;
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.url).toBe('/v1/health/');
    expect(req.headers.user_id).toBeUndefined();
  });

  it('sends `user_id` (and `user-id`) when userId is set, and no authorization without a token', async () => {
    srv.handle((_req, res) => json(res, 200, []));
    const asUser = new LettaHttp({ baseUrl: srv.url, userId: 'user-00000000-1111' });
    await asUser.request(ROUTES.list_agents);
    const req = srv.requests.at(-1)!;
    expect(req.headers.user_id).toBe('user-00000000-1111');
    expect(req.headers['user-id']).toBe('user-00000000-1111');
    expect(req.headers.authorization).toBeUndefined();
    expect(asUser.hasToken).toBe(false);
    expect(http.hasToken).toBe(true);
  });

  it('the LettaHttp object itself does not show the token when logged', () => {
    expect(inspect(http, { depth: Infinity, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(http)).not.toContain(TOKEN);
  });
});

describe('the token never appears in an error', () => {
  it('401 whose body echoes the Authorization header back', async () => {
    srv.handle((req, res) =>
      json(res, 401, {
        detail: `Invalid API key: ${req.headers.authorization}`,
        request: { headers: { authorization: req.headers.authorization, 'x-api-key': TOKEN } },
      }),
    );
    const err = await failure(http.request(ROUTES.list_agents));
    expect(err).toBeInstanceOf(LettaAuthenticationError);
    expect(err.serverMessage).toContain('Invalid API key');
    expectNoToken(err);
  });

  it('500 whose plain-text body contains the bare token', async () => {
    srv.handle((_req, res) => text(res, 500, `Traceback: KeyError('${TOKEN}') while loading key ${TOKEN}`));
    const err = await failure(http.request(ROUTES.list_agents));
    expect(err).toBeInstanceOf(LettaServerError);
    expect(err.serverMessage).toContain('Traceback');
    expectNoToken(err);
  });

  it('422 whose issues echo the header value as `input`', async () => {
    srv.handle((req, res) =>
      json(res, 422, {
        detail: [{ loc: ['header', 'authorization'], msg: `bad value ${req.headers.authorization}`, type: 'value_error', input: req.headers.authorization }],
      }),
    );
    const err = await failure(http.request(ROUTES.create_agent, { body: {} }));
    expect(err).toBeInstanceOf(LettaValidationError);
    expectNoToken(err);
    expect(JSON.stringify((err as LettaValidationError).issues)).not.toContain(TOKEN);
  });

  it('the token sitting in the URL query (under a secret-looking name or not)', async () => {
    srv.handle((_req, res) => json(res, 404, { detail: 'not here' }));
    const a = await failure(http.request(ROUTES.list_agents, { query: { token: TOKEN } }));
    expectNoToken(a);
    const b = await failure(http.request(ROUTES.list_agents, { query: { name: TOKEN, tags: ['x', TOKEN] } }));
    expectNoToken(b);
    // The query really went out (the redaction is only in what is shown).
    expect(srv.requests.at(-1)!.query.get('name')).toBe(TOKEN);
  });

  it('connection refused, with the token in the query', async () => {
    const port = await closedPort();
    const dead = new LettaHttp({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, retry: { maxRetries: 0 } });
    const err = await failure(dead.request(ROUTES.list_agents, { query: { q: TOKEN } }));
    expect(err).toBeInstanceOf(LettaConnectionError);
    expectNoToken(err);
  });

  it('a timeout, with the token in the query', async () => {
    srv.handle(() => {});
    const err = await failure(http.request(ROUTES.list_agents, { query: { api_key: TOKEN } }));
    expect(err).toBeInstanceOf(LettaTimeoutError);
    expectNoToken(err);
  });

  it('a redirect to a URL carrying the token', async () => {
    srv.handle((_req, res) => {
      res.writeHead(302, { location: `https://login.example/?next=/v1/agents/&session=${encodeURIComponent(TOKEN)}&raw=${TOKEN}` });
      res.end();
    });
    const err = await failure(http.request(ROUTES.list_agents));
    expect(err).toBeInstanceOf(LettaRedirectError);
    expect((err as LettaRedirectError).location).toContain('login.example');
    expectNoToken(err);
  });

  it('unreadable JSON on a 2xx that echoes the token', async () => {
    srv.handle((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`${TOKEN} {"authorization": "${req.headers.authorization}"`);
    });
    const err = await failure(http.request(ROUTES.list_agents));
    expect(err).toBeInstanceOf(LettaDecodeError);
    expectNoToken(err);
  });

  it('an error event mid-stream that echoes the token', async () => {
    srv.handle((_req, res) =>
      sseBody(res, frame({ data: { error: { message: `provider rejected key ${TOKEN}`, key: TOKEN } } }) + frame({ event: 'error', data: TOKEN })),
    );
    const stream = new LettaStream(await http.stream(ROUTES.create_agent_message_stream, { path: { agent_id: 'a' }, body: {} }), (j) => j);
    const err = await failure((async () => {
      for await (const _ of stream) void _;
    })());
    expect(err).toBeInstanceOf(LettaStreamError);
    expect(err.serverMessage).toContain('provider rejected key');
    expectNoToken(err);
  });

  it('an `event: error` whose whole data is the token', async () => {
    srv.handle((_req, res) => sseBody(res, frame({ event: 'error', data: TOKEN })));
    const stream = new LettaStream(await http.stream(ROUTES.create_agent_message_stream, { path: { agent_id: 'a' }, body: {} }), (j) => j);
    const err = await failure((async () => {
      for await (const _ of stream) void _;
    })());
    expectNoToken(err);
  });
});

describe('redactSecrets', () => {
  it('masks bearer values and secret query parameters even for tokens it was never told about', () => {
    const out = redactSecrets('GET http://h/v1/x?password=hunter2hunter&limit=5 with Authorization: Bearer abcdefghijklmnop');
    expect(out).not.toContain('hunter2hunter');
    expect(out).not.toContain('abcdefghijklmnop');
    expect(out).toContain('limit=5');
  });

  it('leaves ordinary text alone', () => {
    const s = 'Agent agent-123 not found (GET http://127.0.0.1:8283/v1/agents/agent-123)';
    expect(redactSecrets(s)).toBe(s);
  });
});
