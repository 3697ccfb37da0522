/**
 * A group's streamed turn through the real channels: every member's messages arrive as
 * `chat:stream` events under the renderer's request id (names intact), ending with done or
 * cancelled, and the group is announced as changed afterwards; the user's message goes out with
 * an otid so its per-member copies can be shown once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DONE, frame, json, sseHeaders, startTestServer, write, type TestServer } from '../../test/fixtures/sse-server.js';
import { coreFixture, type CoreFixture } from '../testing/core-fixture.js';

const said = (id: string, name: string, content: string) => ({ id, date: new Date().toISOString(), name, message_type: 'assistant_message', content });
const usage = { message_type: 'usage_statistics', completion_tokens: 3, prompt_tokens: 5, total_tokens: 8, step_count: 2 };

describe('group streams over IPC events', () => {
  let srv: TestServer;
  let fixture: CoreFixture;
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

  async function connected(): Promise<CoreFixture> {
    srv.handle(async (req, res) => {
      const url = req.url ?? '';
      if (url === '/v1/health/') return json(res, 200, { version: '0.7.29', status: 'ok' });
      if (url.startsWith('/v1/agents/?')) return json(res, 200, []);
      if (url === '/v1/groups/group-pair/messages/stream') {
        sseHeaders(res);
        await write(res, frame({ data: said('m1', 'Ada', 'Hello from Ada') }));
        await write(res, frame({ data: said('m2', 'Bo', 'Hello from Bo') }));
        await write(res, frame({ data: usage }));
        await write(res, DONE);
        res.end();
        return;
      }
      if (url === '/v1/groups/group-slow/messages/stream') {
        sseHeaders(res);
        await write(res, frame({ data: said('m1', 'Ada', 'Thinking') }));
        await new Promise<void>((resolve) => {
          release = resolve;
          res.once('close', resolve);
        });
        res.end();
        return;
      }
      return json(res, 404, { detail: 'Group not found with id=group-missing' });
    });
    const f = coreFixture();
    const profile = (await f.call('profiles:create', { name: 'Fake', baseUrl: srv.url, kind: 'self-hosted' })) as { value: { id: string } };
    expect(await f.call('connection:connect', { profileId: profile.value.id })).toMatchObject({ ok: true });
    return f;
  }

  const chunks = (f: CoreFixture, requestId: string) =>
    f.events
      .filter((e) => e.event === 'chat:stream' && (e.payload as { requestId: string }).requestId === requestId)
      .map((e) => (e.payload as { chunk: { type: string; message?: { name?: string } } }).chunk);

  it('delivers each member\'s messages with its name, then usage and done, and says the group changed', async () => {
    fixture = await connected();
    const requestId = randomUUID();
    expect(await fixture.call('groups:start-stream', { groupId: 'group-pair', requestId, text: 'hi all', streamTokens: false })).toEqual({
      ok: true,
      value: { requestId },
    });
    await expect.poll(() => chunks(fixture, requestId).at(-1)?.type).toBe('done');
    expect(chunks(fixture, requestId).map((c) => [c.type, c.message?.name])).toEqual([
      ['message', 'Ada'],
      ['message', 'Bo'],
      ['usage', undefined],
      ['done', undefined],
    ]);
    expect(fixture.events.some((e) => e.event === 'groups:changed' && (e.payload as { groupId?: string }).groupId === 'group-pair')).toBe(true);
    const sent = JSON.parse(srv.requests.find((r) => r.path.endsWith('/group-pair/messages/stream'))!.body);
    expect(sent).toMatchObject({ messages: [{ role: 'user', content: 'hi all' }], stream_tokens: false });
    expect(sent.messages[0].otid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown group as a not_found reply with no stream left behind', async () => {
    fixture = await connected();
    const requestId = randomUUID();
    expect(await fixture.call('groups:start-stream', { groupId: 'group-missing', requestId, text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', status: 404 },
    });
    expect(await fixture.call('groups:cancel', { requestId })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('stops a running group turn on cancel and ends with cancelled', async () => {
    fixture = await connected();
    const requestId = randomUUID();
    await fixture.call('groups:start-stream', { groupId: 'group-slow', requestId, text: 'hi', streamTokens: false });
    await expect.poll(() => chunks(fixture, requestId).length).toBe(1);
    expect(await fixture.call('groups:cancel', { requestId })).toEqual({ ok: true, value: { cancelled: true } });
    await expect.poll(() => chunks(fixture, requestId).at(-1)?.type).toBe('cancelled');
    expect(chunks(fixture, requestId).map((c) => c.type)).toEqual(['message', 'cancelled']);
  });
});
