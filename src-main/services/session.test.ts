/** Connecting, remembering the last server, and dropping a connection whose profile changed. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, json, startTestServer, type TestServer } from '../../test/fixtures/sse-server.js';
import { coreFixture, type CoreFixture } from '../testing/core-fixture.js';

describe('session', () => {
  let srv: TestServer;
  let fixture: CoreFixture;
  beforeAll(async () => {
    srv = await startTestServer((req, res) =>
      req.url === '/v1/health/' ? json(res, 200, { version: '0.7.29', status: 'ok' }) : json(res, 200, []),
    );
  });
  afterAll(async () => {
    await srv.close();
  });
  afterEach(() => fixture.close());

  const create = async (baseUrl: string) =>
    ((await fixture.call('profiles:create', { name: 'Server', baseUrl, kind: 'self-hosted' })) as { value: { id: string } }).value.id;

  it('connects, remembers the server, and forgets it on an explicit disconnect', async () => {
    fixture = coreFixture();
    const profileId = await create(srv.url);
    const status = await fixture.call('connection:connect', { profileId });
    expect(status).toMatchObject({ ok: true, value: { state: 'connected', profileId, serverVersion: '0.7.29', baseUrl: srv.url } });
    expect(await fixture.call('settings:get')).toMatchObject({ value: { lastProfileId: profileId } });
    expect(await fixture.call('connection:disconnect')).toEqual({ ok: true, value: { state: 'disconnected' } });
    expect(await fixture.call('settings:get')).toMatchObject({ value: { lastProfileId: null } });
    expect(fixture.events.filter((e) => e.event === 'connection:changed')).toHaveLength(2);
  });

  it('reports a failed connect with the doctor\'s words and stays disconnected', async () => {
    fixture = coreFixture();
    const port = await closedPort();
    const profileId = await create(`http://127.0.0.1:${port}`);
    expect(await fixture.call('connection:connect', { profileId })).toMatchObject({
      ok: false,
      error: { code: 'unreachable', message: expect.stringContaining(`Nothing is listening at 127.0.0.1:${port}`) },
    });
    expect(await fixture.call('connection:get-status')).toEqual({ ok: true, value: { state: 'disconnected' } });
  });

  it('drops the connection when its profile\'s URL or token changes', async () => {
    fixture = coreFixture();
    const profileId = await create(srv.url);
    await fixture.call('connection:connect', { profileId });
    await fixture.call('profiles:update', { profileId, name: 'Renamed' });
    expect(await fixture.call('connection:get-status')).toMatchObject({ value: { state: 'connected' } });
    await fixture.call('profiles:set-token', { profileId, token: 'a-new-password', storage: 'session' });
    expect(await fixture.call('connection:get-status')).toEqual({ ok: true, value: { state: 'disconnected' } });
    await fixture.call('connection:connect', { profileId });
    await fixture.call('profiles:update', { profileId, baseUrl: `${srv.url}/` });
    expect(await fixture.call('connection:get-status')).toMatchObject({ value: { state: 'connected' } });
    await fixture.call('profiles:update', { profileId, baseUrl: 'http://127.0.0.1:1' });
    expect(await fixture.call('connection:get-status')).toEqual({ ok: true, value: { state: 'disconnected' } });
  });
});
