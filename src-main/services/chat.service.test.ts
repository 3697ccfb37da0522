/**
 * Streamed turns through the real channels: chunks arrive as `chat:stream` events under the
 * renderer's request id and end with exactly one of done / cancelled / error; a refused start is
 * an error reply (and frees the id); a reused id is refused; disconnecting stops the stream.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DONE, frame, json, sseHeaders, startTestServer, write, type TestServer } from '../../test/fixtures/sse-server.js';
import { coreFixture, type CoreFixture } from '../testing/core-fixture.js';

const message = (id: string, content: string) => ({ id, date: new Date().toISOString(), message_type: 'assistant_message', content });
const usage = { message_type: 'usage_statistics', completion_tokens: 3, prompt_tokens: 5, total_tokens: 8, step_count: 1 };

describe('chat streams over IPC events', () => {
  let srv: TestServer;
  let fixture: CoreFixture;
  /** Released by a test to let a held-open stream continue. */
  let release: () => void = () => undefined;

  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.close();
  });
  afterEach(() => {
    release();
    fixture?.close();
  });

  function serve(): void {
    srv.handle(async (req, res) => {
      const url = req.url ?? '';
      if (url === '/v1/health/') return json(res, 200, { version: '0.7.29', status: 'ok' });
      if (url.startsWith('/v1/agents/?')) return json(res, 200, []);
      if (url === '/v1/agents/agent-ok/messages/stream') {
        sseHeaders(res);
        await write(res, frame({ data: message('m1', 'Hello') }));
        await write(res, frame({ data: { message_type: 'ping' } }));
        await write(res, frame({ data: usage }));
        await write(res, DONE);
        res.end();
        return;
      }
      if (url === '/v1/agents/agent-slow/messages/stream') {
        sseHeaders(res);
        await write(res, frame({ data: message('m1', 'Thinking') }));
        await new Promise<void>((resolve) => {
          release = resolve;
          res.once('close', resolve);
        });
        res.end();
        return;
      }
      return json(res, 404, { detail: 'Agent not found' });
    });
  }

  async function connected(): Promise<CoreFixture> {
    serve();
    const f = coreFixture();
    const profile = (await f.call('profiles:create', { name: 'Fake', baseUrl: srv.url, kind: 'self-hosted' })) as { value: { id: string } };
    expect(await f.call('connection:connect', { profileId: profile.value.id })).toMatchObject({ ok: true });
    return f;
  }

  const chunks = (f: CoreFixture, requestId: string) =>
    f.events.filter((e) => e.event === 'chat:stream' && (e.payload as { requestId: string }).requestId === requestId).map((e) => (e.payload as { chunk: { type: string } }).chunk);

  it('delivers messages and usage, skips unknown events, and ends with done', async () => {
    fixture = await connected();
    const requestId = randomUUID();
    expect(await fixture.call('chat:start-stream', { agentId: 'agent-ok', requestId, text: 'hi' })).toEqual({ ok: true, value: { requestId } });
    await expect.poll(() => chunks(fixture, requestId).at(-1)?.type).toBe('done');
    expect(chunks(fixture, requestId).map((c) => c.type)).toEqual(['message', 'usage', 'done']);
    expect(fixture.events.some((e) => e.event === 'chat:changed')).toBe(true);
    const sent = JSON.parse(srv.requests.find((r) => r.path.endsWith('/messages/stream'))!.body);
    expect(sent).toEqual({ messages: [{ role: 'user', content: 'hi' }], stream_tokens: true });
  });

  it('answers a refused start as an error reply, with no stream left behind', async () => {
    fixture = await connected();
    const requestId = randomUUID();
    expect(await fixture.call('chat:start-stream', { agentId: 'agent-missing', requestId, text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', status: 404 },
    });
    expect(chunks(fixture, requestId)).toEqual([]);
    expect(await fixture.call('chat:cancel', { requestId })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('cancels on request, refuses a reused id while running, and ends with cancelled', async () => {
    fixture = await connected();
    const requestId = randomUUID();
    await fixture.call('chat:start-stream', { agentId: 'agent-slow', requestId, text: 'hi', streamTokens: false });
    await expect.poll(() => chunks(fixture, requestId).length).toBe(1);
    expect(await fixture.call('chat:start-stream', { agentId: 'agent-slow', requestId, text: 'again' })).toMatchObject({
      ok: false,
      error: { code: 'request_in_progress' },
    });
    expect(await fixture.call('chat:cancel', { requestId })).toEqual({ ok: true, value: { cancelled: true } });
    await expect.poll(() => chunks(fixture, requestId).at(-1)?.type).toBe('cancelled');
    expect(chunks(fixture, requestId).map((c) => c.type)).toEqual(['message', 'cancelled']);
  });

  it('stops running streams when the connection ends', async () => {
    fixture = await connected();
    const requestId = randomUUID();
    await fixture.call('chat:start-stream', { agentId: 'agent-slow', requestId, text: 'hi' });
    await expect.poll(() => chunks(fixture, requestId).length).toBe(1);
    await fixture.call('connection:disconnect');
    await expect.poll(() => chunks(fixture, requestId).at(-1)?.type).toBe('cancelled');
    expect(await fixture.call('chat:start-stream', { agentId: 'agent-ok', requestId: randomUUID(), text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'not_connected' },
    });
  });
});
