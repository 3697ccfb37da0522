/**
 * The tools channels this app adds on top of plain REST calls: which agents have a tool (the
 * server cannot filter agents by tool, so the service walks the agent list asking only for their
 * tools) and the upsert, both through the real router against a local fake server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { json, startTestServer, type TestServer } from '../../test/fixtures/sse-server.js';
import { coreFixture, type CoreFixture } from '../testing/core-fixture.js';

describe('tools service', () => {
  let srv: TestServer;
  let fixture: CoreFixture;

  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.close();
  });
  afterEach(() => fixture?.close());

  /** `count` agents, agent-3 and agent-501 have tool-x; pages of the size the client asks for. */
  function serve(count: number): void {
    const agents = Array.from({ length: count }, (_, i) => ({
      id: `agent-${i + 1}`,
      name: `Agent ${i + 1}`,
      tools: i + 1 === 3 || i + 1 === 501 ? [{ id: 'tool-x' }] : [{ id: 'tool-other' }],
    }));
    srv.handle(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/v1/health/') return json(res, 200, { version: '0.7.29', status: 'ok' });
      if (url.pathname === '/v1/agents/') {
        const limit = Number(url.searchParams.get('limit') ?? 50);
        const after = url.searchParams.get('after');
        const start = after ? agents.findIndex((a) => a.id === after) + 1 : 0;
        return json(res, 200, agents.slice(start, start + limit));
      }
      if (url.pathname === '/v1/tools/' && req.method === 'PUT') return json(res, 200, { id: 'tool-x', tool_type: 'custom', name: 'greet', tags: [], return_char_limit: 6000 });
      return json(res, 404, { detail: 'not found' });
    });
  }

  async function connected(count: number): Promise<CoreFixture> {
    serve(count);
    const f = coreFixture();
    const profile = (await f.call('profiles:create', { name: 'Fake', baseUrl: srv.url, kind: 'self-hosted' })) as { value: { id: string } };
    expect(await f.call('connection:connect', { profileId: profile.value.id })).toMatchObject({ ok: true });
    return f;
  }

  it('lists every agent with whether it has the tool, across pages, asking only for tools', async () => {
    fixture = await connected(620);
    const reply = (await fixture.call('tools:list-agents', { toolId: 'tool-x' })) as { ok: true; value: { id: string; attached: boolean }[] };
    expect(reply.ok).toBe(true);
    expect(reply.value).toHaveLength(620);
    expect(reply.value.filter((a) => a.attached).map((a) => a.id)).toEqual(['agent-3', 'agent-501']);
    // (Connecting lists agents too; ours are the ones asking for tools only.)
    const lists = srv.requests.filter((r) => r.path === '/v1/agents/' && r.query.has('include_relationships'));
    expect(lists).toHaveLength(2);
    expect(lists[0]!.query.getAll('include_relationships')).toEqual(['tools']);
    expect(lists[1]!.query.get('after')).toBe('agent-500');
  });

  it('upserts with PUT and tells the renderer tools changed', async () => {
    fixture = await connected(1);
    const body = { source_code: 'def greet(name: str) -> str:\n    return name\n', tags: ['a'] };
    expect(await fixture.call('tools:upsert', { body })).toMatchObject({ ok: true, value: { id: 'tool-x' } });
    const put = srv.requests.find((r) => r.method === 'PUT' && r.path === '/v1/tools/');
    expect(JSON.parse(put!.body)).toEqual(body);
    expect(fixture.events.some((e) => e.event === 'tools:changed')).toBe(true);
  });
});
