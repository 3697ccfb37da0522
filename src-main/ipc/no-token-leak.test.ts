/**
 * No token crosses to the renderer or into a log line, even when the server misbehaves: a fake
 * secured server echoes the Authorization header back in 401/422/500 bodies, in a 200 payload
 * and in a stream error. Every reply, push event and log line of the session is then searched
 * for the token.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frame, json, sseHeaders, startTestServer, write, type TestServer } from '../../test/fixtures/sse-server.js';
import { coreFixture, type CoreFixture } from '../testing/core-fixture.js';

const TOKEN = `ld-secret-${randomUUID()}`;

function echoingServer(srv: TestServer): void {
  srv.handle(async (req, res) => {
    const auth = req.headers.authorization ?? '';
    const url = req.url ?? '';
    if (url === '/v1/health/') return json(res, 200, { version: '0.7.29', status: 'ok' });
    if (auth !== `Bearer ${TOKEN}`) return json(res, 401, { detail: `Unauthorized: got "${auth}"` });
    if (url === '/v1/agents/' || url.startsWith('/v1/agents/?')) {
      return json(res, 200, [{ id: 'agent-1', name: 'Echo', description: `I saw ${auth}`, tags: [TOKEN] }]);
    }
    if (url === '/v1/agents/agent-bad') {
      return json(res, 422, { detail: [{ loc: ['header', 'authorization'], msg: `bad value ${auth}`, input: auth, type: 'value_error' }] });
    }
    if (url === '/v1/agents/agent-1/core-memory/blocks') return json(res, 500, { detail: `crash while handling ${auth}` });
    if (url === '/v1/agents/agent-1/messages/stream') {
      sseHeaders(res);
      await write(res, frame({ data: { id: 'm1', date: new Date().toISOString(), message_type: 'assistant_message', content: `you said ${TOKEN}` } }));
      await write(res, frame({ event: 'error', data: { error: { message: `upstream rejected ${auth}` } } }));
      res.end();
      return;
    }
    return json(res, 404, { detail: `no route for ${url} with ${auth}` });
  });
}

describe('tokens never reach the renderer or the logs', () => {
  let srv: TestServer;
  let fixture: CoreFixture;
  const replies: unknown[] = [];

  beforeAll(async () => {
    srv = await startTestServer();
    echoingServer(srv);
    fixture = coreFixture();
  });
  afterAll(async () => {
    fixture.close();
    await srv.close();
  });

  const call = async (channel: string, args: unknown = {}) => {
    const reply = await fixture.call(channel, args);
    replies.push(reply);
    return reply as { ok: boolean; value?: any; error?: any };
  };

  it('keeps the token out of every reply, event and log line of a whole session', async () => {
    const created = await call('profiles:create', { name: 'Secured', baseUrl: srv.url, kind: 'self-hosted', token: TOKEN, storage: 'session' });
    const profileId = created.value.id as string;
    expect((await call('connection:diagnose', { profileId })).value.ok).toBe(true);
    expect((await call('connection:connect', { profileId })).ok).toBe(true);

    const agents = await call('agents:list');
    expect(agents.value[0].description).toBe('I saw Bearer ***');
    expect(agents.value[0].tags).toEqual(['***']);

    expect((await call('agents:get', { agentId: 'agent-bad' })).error.code).toBe('rejected');
    expect((await call('memory:list-blocks', { agentId: 'agent-1' })).error.code).toBe('server_error');
    expect((await call('tools:get', { toolId: 'tool-1' })).error.code).toBe('not_found');

    const requestId = randomUUID();
    const ended = new Promise<void>((resolve) =>
      fixture.core.events.subscribe((event, payload) => {
        const chunk = (payload as { chunk?: { type: string } }).chunk;
        if (event === 'chat:stream' && chunk && chunk.type !== 'message') resolve();
      }),
    );
    expect((await call('chat:start-stream', { agentId: 'agent-1', requestId, text: 'hello' })).ok).toBe(true);
    await ended;
    const streamError = fixture.events.find((e) => e.event === 'chat:stream' && (e.payload as any).chunk.type === 'error');
    expect(streamError).toBeDefined();

    // A wrong token for the same server: the 401 echo of the wrong one is masked too.
    const wrong = `ld-wrong-${randomUUID()}`;
    await call('profiles:set-token', { profileId, token: wrong, storage: 'session' });
    const refused = await call('connection:connect', { profileId });
    expect(refused.error.code).toBe('unauthorized');

    // The server did receive the real token: it travelled where it must, and only there.
    expect(srv.requests.some((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);

    const everything = JSON.stringify({ replies, events: fixture.events, log: fixture.logLines });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(wrong);
    expect(everything).toContain('***');
  });
});
