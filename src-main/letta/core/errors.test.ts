import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LettaHttp } from './http.js';
import { ROUTES } from './routes.js';
import {
  LettaApiError,
  LettaAuthenticationError,
  LettaBadRequestError,
  LettaConflictError,
  LettaConnectionError,
  LettaDecodeError,
  LettaError,
  LettaNotFoundError,
  LettaPermissionError,
  LettaRateLimitError,
  LettaRedirectError,
  LettaServerError,
  LettaValidationError,
} from './errors.js';
import { closedPort, json, startTestServer, text, type TestServer } from '../../../test/fixtures/sse-server.js';

async function rejection(p: Promise<unknown>): Promise<LettaError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LettaError);
    return err as LettaError;
  }
  throw new Error('expected the call to fail');
}

let srv: TestServer;
let http: LettaHttp;
beforeAll(async () => {
  srv = await startTestServer();
  http = new LettaHttp({ baseUrl: srv.url, retry: { maxRetries: 0 } });
});
afterAll(() => srv.close());

describe('HTTP status → error class', () => {
  const cases: Array<[number, new (...a: never[]) => LettaApiError, string]> = [
    [400, LettaBadRequestError, 'bad_request'],
    [401, LettaAuthenticationError, 'unauthorized'],
    [403, LettaPermissionError, 'forbidden'],
    [404, LettaNotFoundError, 'not_found'],
    [409, LettaConflictError, 'conflict'],
    [429, LettaRateLimitError, 'rate_limited'],
    [500, LettaServerError, 'server_error'],
    [502, LettaServerError, 'server_error'],
  ];

  it.each(cases)('%i → %o carrying method, URL, status and the server message', async (status, cls, code) => {
    srv.handle((_req, res) => json(res, status, { detail: `agent agent-42 says ${status}` }));
    const err = await rejection(http.request(ROUTES.retrieve_agent, { path: { agent_id: 'agent-42' } }));
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(LettaApiError);
    expect(err.code).toBe(code);
    expect(err.method).toBe('GET');
    expect(err.url).toBe(`${srv.url}/v1/agents/agent-42`);
    expect(err.status).toBe(status);
    expect(err.serverMessage).toBe(`agent agent-42 says ${status}`);
    expect(err.message).toContain(`agent agent-42 says ${status}`);
    expect(err.message).toContain(`GET ${srv.url}/v1/agents/agent-42`);
    expect(err.message).toContain(String(status));
  });

  it('reads `message` and nested `error.message` bodies too', async () => {
    srv.handle((_req, res) => json(res, 500, { error: { message: 'database is locked' } }));
    const err = await rejection(http.request(ROUTES.list_agents));
    expect(err).toBeInstanceOf(LettaServerError);
    expect(err.serverMessage).toBe('database is locked');

    srv.handle((_req, res) => json(res, 409, { message: 'name already taken' }));
    const err2 = await rejection(http.request(ROUTES.create_agent, { body: { name: 'x' } }));
    expect(err2).toBeInstanceOf(LettaConflictError);
    expect(err2.method).toBe('POST');
    expect(err2.serverMessage).toBe('name already taken');
  });

  it('502 from a proxy answering plain text keeps the text as the message', async () => {
    srv.handle((_req, res) => text(res, 502, 'Bad Gateway: upstream letta unreachable'));
    const err = await rejection(http.request(ROUTES.list_agents));
    expect(err).toBeInstanceOf(LettaServerError);
    expect(err.status).toBe(502);
    expect(err.serverMessage).toBe('Bad Gateway: upstream letta unreachable');
  });

  it('422 with FastAPI `detail` issues → LettaValidationError.issues and a readable message', async () => {
    srv.handle((_req, res) =>
      json(res, 422, {
        detail: [
          { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
          { loc: ['body', 'memory_blocks', 0, 'limit'], msg: 'Input should be a valid integer', type: 'int_parsing' },
        ],
      }),
    );
    const err = await rejection(http.request(ROUTES.create_agent, { body: { memory_blocks: [{ limit: 'x' }] } }));
    expect(err).toBeInstanceOf(LettaValidationError);
    const v = err as LettaValidationError;
    expect(v.code).toBe('validation');
    expect(v.status).toBe(422);
    expect(v.method).toBe('POST');
    expect(v.issues).toEqual([
      { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
      { loc: ['body', 'memory_blocks', 0, 'limit'], msg: 'Input should be a valid integer', type: 'int_parsing' },
    ]);
    expect(v.serverMessage).toBe('body.name: Field required; body.memory_blocks.0.limit: Input should be a valid integer');
    expect(v.message).toContain('body.name: Field required');
    expect(v.message).not.toContain('[object Object]');
  });

  it('422 with a string detail keeps it and has no issues', async () => {
    srv.handle((_req, res) => json(res, 422, { detail: 'agent_type unsupported' }));
    const err = (await rejection(http.request(ROUTES.create_agent, { body: {} }))) as LettaValidationError;
    expect(err).toBeInstanceOf(LettaValidationError);
    expect(err.issues).toEqual([]);
    expect(err.serverMessage).toBe('agent_type unsupported');
  });
});

describe('redirects', () => {
  it('3xx → LettaRedirectError with the location, and the redirect is not followed', async () => {
    srv.handle((req, res) => {
      if (req.url === '/v1/agents/') {
        res.writeHead(307, { location: '/letta/v1/agents/', 'content-length': 0 });
        res.end();
      } else {
        json(res, 200, [{ id: 'followed' }]);
      }
    });
    const before = srv.requests.length;
    const err = await rejection(http.request(ROUTES.list_agents));
    expect(err).toBeInstanceOf(LettaRedirectError);
    expect(err.code).toBe('redirect');
    expect(err.status).toBe(307);
    expect((err as LettaRedirectError).location).toBe('/letta/v1/agents/');
    expect(err.message).toContain('/letta/v1/agents/');
    expect(srv.requests.length - before).toBe(1);
  });

  it('a GET is not retried on a redirect either', async () => {
    srv.handle((_req, res) => {
      res.writeHead(301, { location: 'https://elsewhere.example/v1/health/', 'content-length': 0 });
      res.end();
    });
    const retrying = new LettaHttp({ baseUrl: srv.url, sleep: async () => {} });
    const before = srv.requests.length;
    const err = await rejection(retrying.request(ROUTES.health_check));
    expect(err).toBeInstanceOf(LettaRedirectError);
    expect((err as LettaRedirectError).location).toBe('https://elsewhere.example/v1/health/');
    expect(srv.requests.length - before).toBe(1);
  });
});

describe('transport failures', () => {
  it('connection refused → LettaConnectionError with reason ECONNREFUSED', async () => {
    const port = await closedPort();
    const dead = new LettaHttp({ baseUrl: `http://127.0.0.1:${port}`, retry: { maxRetries: 0 } });
    const err = await rejection(dead.request(ROUTES.health_check));
    expect(err).toBeInstanceOf(LettaConnectionError);
    expect(err.code).toBe('connection');
    expect((err as LettaConnectionError).reason).toBe('ECONNREFUSED');
    expect(err.method).toBe('GET');
    expect(err.url).toBe(`http://127.0.0.1:${port}/v1/health/`);
    expect(err.status).toBeUndefined();
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('unreadable JSON on a 2xx with a JSON content type → LettaDecodeError', async () => {
    srv.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "agent-1", "name": ');
    });
    const err = await rejection(http.request(ROUTES.retrieve_agent, { path: { agent_id: 'agent-1' } }));
    expect(err).toBeInstanceOf(LettaDecodeError);
    expect(err.code).toBe('decode');
    expect(err.status).toBe(200);
    expect(err.url).toBe(`${srv.url}/v1/agents/agent-1`);
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('a 2xx JSON body decodes, and an empty 204 resolves to undefined', async () => {
    srv.handle((_req, res) => json(res, 200, { id: 'agent-1', name: 'Ada' }));
    await expect(http.request(ROUTES.retrieve_agent, { path: { agent_id: 'agent-1' } })).resolves.toEqual({
      id: 'agent-1',
      name: 'Ada',
    });
    srv.handle((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    await expect(http.request(ROUTES.delete_agent, { path: { agent_id: 'agent-1' } })).resolves.toBeUndefined();
  });

  it('toJSON() carries the fields the IPC layer needs and no stack', async () => {
    srv.handle((_req, res) => json(res, 404, { detail: 'Agent agent-9 not found' }));
    const err = await rejection(http.request(ROUTES.retrieve_agent, { path: { agent_id: 'agent-9' } }));
    const plain = JSON.parse(JSON.stringify(err)) as Record<string, unknown>;
    expect(plain).toEqual({
      name: 'LettaNotFoundError',
      code: 'not_found',
      message: err.message,
      method: 'GET',
      url: `${srv.url}/v1/agents/agent-9`,
      status: 404,
      serverMessage: 'Agent agent-9 not found',
    });
  });
});
