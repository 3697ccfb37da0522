/**
 * The sources service over IPC against a local fake server: passages cross without their vectors,
 * and an upload reaches the server as the multipart file it was picked as.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestServer, type TestServer } from '../../test/fixtures/sse-server.js';
import { coreFixture, type CoreFixture } from '../testing/core-fixture.js';

describe('sources service', () => {
  let srv: TestServer;
  let fixture: CoreFixture | undefined;

  beforeAll(async () => {
    srv = await startTestServer();
    srv.handle(async (req, res) => {
      const url = req.url ?? '';
      if (url === '/v1/health/') return json(res, 200, { version: '0.7.29', status: 'ok' });
      if (url.startsWith('/v1/agents/?')) return json(res, 200, []);
      if (url.startsWith('/v1/sources/source-1/passages')) {
        return json(res, 200, [{ id: 'passage-1', text: 'Tea is left of the sink.', embedding: new Array(4096).fill(0.5), embedding_config: null, source_id: 'source-1' }]);
      }
      if (url === '/v1/sources/name/Kitchen') return json(res, 200, 'source-1');
      if (url.startsWith('/v1/sources/name/')) return json(res, 404, { detail: 'Source not found' });
      if (url === '/v1/sources/' && req.method === 'POST') return json(res, 200, { id: 'source-2', name: 'Garden', embedding_config: {} });
      if (url === '/v1/sources/source-1' && req.method === 'PATCH') return json(res, 200, { id: 'source-1', name: 'Kitchen', embedding_config: {} });
      if (url === '/v1/sources/source-1/upload') return json(res, 200, { id: 'job-1', status: 'created', job_type: 'job', metadata: { filename: 'notes.txt' } });
      return json(res, 404, { detail: 'not found' });
    });
  });
  afterAll(async () => {
    await srv.close();
  });
  afterEach(() => fixture?.close());

  async function connected(): Promise<CoreFixture> {
    const f = coreFixture();
    const profile = (await f.call('profiles:create', { name: 'Fake', baseUrl: srv.url, kind: 'self-hosted' })) as { value: { id: string } };
    expect(await f.call('connection:connect', { profileId: profile.value.id })).toMatchObject({ ok: true });
    return f;
  }

  it('lists passages without their 4096-float vectors', async () => {
    fixture = await connected();
    const answer = (await fixture.call('sources:list-passages', { sourceId: 'source-1', limit: 20 })) as { ok: true; value: { text: string; embedding: unknown }[] };
    expect(answer.ok).toBe(true);
    expect(answer.value).toEqual([expect.objectContaining({ id: 'passage-1', text: 'Tea is left of the sink.', embedding: null })]);
    expect(srv.requests.find((r) => r.path === '/v1/sources/source-1/passages')!.query.get('limit')).toBe('20');
  });

  it('uploads the decoded bytes as a multipart file and says the jobs changed', async () => {
    fixture = await connected();
    const dataBase64 = Buffer.from('Descale the kettle.').toString('base64');
    const answer = await fixture.call('sources:upload-file', { sourceId: 'source-1', file: { fileName: 'notes.txt', contentType: 'text/plain', dataBase64 } });
    expect(answer).toMatchObject({ ok: true, value: { id: 'job-1', status: 'created' } });
    const body = srv.requests.find((r) => r.path === '/v1/sources/source-1/upload')!.body;
    expect(body).toContain('filename="notes.txt"');
    expect(body).toContain('Descale the kettle.');
    expect(fixture.events.map((e) => e.event)).toEqual(expect.arrayContaining(['sources:changed', 'runs:changed']));
  });

  it('refuses a name another source has before creating or renaming, and lets a free one through', async () => {
    fixture = await connected();
    const embedding_config = { embedding_endpoint_type: 'openai', embedding_model: 'e', embedding_dim: 8 };
    const before = srv.requests.length;
    const taken = await fixture.call('sources:create', { body: { name: 'Kitchen', embedding_config } });
    expect(taken).toMatchObject({ ok: false, error: { code: 'conflict', message: 'A source named "Kitchen" already exists.' } });
    expect(srv.requests.slice(before).some((r) => r.method === 'POST')).toBe(false);

    expect(await fixture.call('sources:create', { body: { name: 'Garden', embedding_config } })).toMatchObject({ ok: true, value: { id: 'source-2' } });
    // Keeping its own name is no clash; taking another's is.
    expect(await fixture.call('sources:update', { sourceId: 'source-1', patch: { name: 'Kitchen' } })).toMatchObject({ ok: true });
    expect(await fixture.call('sources:update', { sourceId: 'source-3', patch: { name: 'Kitchen' } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
