import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LettaHttp } from './http.js';
import { ROUTES, type Route } from './routes.js';
import { json, startTestServer, type TestServer } from '../../../test/fixtures/sse-server.js';

let srv: TestServer;
let http: LettaHttp;
let base: number;
beforeAll(async () => {
  srv = await startTestServer((_req, res) => json(res, 200, {}));
  http = new LettaHttp({ baseUrl: srv.url, retry: { maxRetries: 0 } });
});
afterAll(() => srv.close());
beforeEach(() => {
  base = srv.requests.length;
  srv.handle((_req, res) => json(res, 200, {}));
});
const sent = () => srv.requests.slice(base);
const last = () => srv.requests.at(-1)!;

describe('path parameters', () => {
  it('ids are percent-encoded into one path segment each', async () => {
    await http.request(ROUTES.retrieve_core_memory_block, { path: { agent_id: 'agent-1', block_label: 'notes/2025 ?#%&=+ é😀' } });
    expect(last().url).toBe('/v1/agents/agent-1/core-memory/blocks/notes%2F2025%20%3F%23%25%26%3D%2B%20%C3%A9%F0%9F%98%80');
    expect(decodeURIComponent(last().path.split('/').at(-1)!)).toBe('notes/2025 ?#%&=+ é😀');
  });

  it('several placeholders in one route, numbers too', async () => {
    await http.request(ROUTES.add_mcp_tool, { path: { mcp_server_name: 'my server', mcp_tool_name: 'tool:v2' } });
    expect(last().method).toBe('POST');
    expect(last().url).toBe('/v1/tools/mcp/servers/my%20server/tool%3Av2');
    await http.request(ROUTES.retrieve_step, { path: { step_id: 42 } });
    expect(last().url).toBe('/v1/steps/42');
  });

  it('a missing, empty or null path parameter throws before any request', async () => {
    await expect(http.request(ROUTES.retrieve_agent, {})).rejects.toThrow(/agent_id/);
    await expect(http.request(ROUTES.retrieve_agent, { path: { agent_id: '' } })).rejects.toBeInstanceOf(TypeError);
    await expect(
      http.request(ROUTES.modify_core_memory_block, { path: { agent_id: 'agent-1' }, body: { value: 'x' } }),
    ).rejects.toThrow(/block_label/);
    await expect(
      http.request(ROUTES.retrieve_agent, { path: { agent_id: null as unknown as string } }),
    ).rejects.toBeInstanceOf(TypeError);
    await expect(http.stream(ROUTES.create_agent_message_stream, { body: {} })).rejects.toThrow(/agent_id/);
    expect(sent()).toHaveLength(0);
  });

  it('"." and ".." are refused: URL parsing would turn them into another endpoint', async () => {
    await expect(
      http.request(ROUTES.retrieve_core_memory_block, { path: { agent_id: 'agent-1', block_label: '..' } }),
    ).rejects.toBeInstanceOf(TypeError);
    await expect(http.request(ROUTES.delete_mcp_server, { path: { mcp_server_name: '.' } })).rejects.toBeInstanceOf(TypeError);
    expect(sent()).toHaveLength(0);
    // Dots inside a value are ordinary.
    await http.request(ROUTES.retrieve_core_memory_block, { path: { agent_id: 'agent-1', block_label: '...' } });
    await http.request(ROUTES.get_source_id_by_name, { path: { source_name: 'v1.2..notes' } });
    expect(sent().map((r) => r.url)).toEqual(['/v1/agents/agent-1/core-memory/blocks/...', '/v1/sources/name/v1.2..notes']);
  });
});

describe('query strings', () => {
  it('arrays as repeated keys, booleans, numbers, dates; undefined and null left out', async () => {
    const date = new Date('2025-03-04T05:06:07.089Z');
    await http.request(ROUTES.list_agents, {
      query: {
        tags: ['red team', 'a&b', 'ü'],
        match_all_tags: true,
        include_relationships: false,
        limit: 25,
        after: undefined,
        before: null,
        created_after: date,
        name: 'x=1&y=2',
      },
    });
    const q = last().query;
    expect(q.getAll('tags')).toEqual(['red team', 'a&b', 'ü']);
    expect(q.get('match_all_tags')).toBe('true');
    expect(q.get('include_relationships')).toBe('false');
    expect(q.get('limit')).toBe('25');
    expect(q.get('created_after')).toBe('2025-03-04T05:06:07.089Z');
    expect(q.get('name')).toBe('x=1&y=2');
    expect(q.has('after')).toBe(false);
    expect(q.has('before')).toBe(false);
    expect([...q.keys()]).toEqual(['tags', 'tags', 'tags', 'match_all_tags', 'include_relationships', 'limit', 'created_after', 'name']);
    expect(last().path).toBe('/v1/agents/');
  });

  it('an empty query adds no "?"', async () => {
    await http.request(ROUTES.list_agents, { query: { after: undefined } });
    expect(last().url).toBe('/v1/agents/');
    await http.request(ROUTES.list_agents, { query: { tags: [] } });
    expect(last().url).toBe('/v1/agents/');
  });

  it('build() reports the request as it goes over the wire', () => {
    const b = http.build(ROUTES.list_messages, { path: { agent_id: 'a b' }, query: { limit: 2, use_assistant_message: true } });
    expect(b).toEqual({
      method: 'GET',
      url: `${srv.url}/v1/agents/a%20b/messages?limit=2&use_assistant_message=true`,
      path: '/v1/agents/a%20b/messages',
      query: '?limit=2&use_assistant_message=true',
    });
  });
});

describe('trailing slashes and base URLs', () => {
  /** Fills a template independently of the code under test. */
  const fill = (template: string) => template.replace(/\{([a-z_]+)\}/g, (_, name: string) => `x-${name}`);
  const params = (template: string) =>
    Object.fromEntries([...template.matchAll(/\{([a-z_]+)\}/g)].map((m) => [m[1]!, `x-${m[1]!}`]));

  it('every route reaches the server with exactly the route table’s path, trailing slash or not (no 307)', async () => {
    // Behaves like FastAPI: a path that differs only by its trailing slash is answered 307.
    const known = new Set(Object.values(ROUTES).map((r: Route) => `${r.method} ${fill(r.path)}`));
    srv.handle((req, res, rec) => {
      if (known.has(`${rec.method} ${rec.path}`)) return json(res, 200, {});
      const other = rec.path.endsWith('/') ? rec.path.slice(0, -1) : `${rec.path}/`;
      res.writeHead(known.has(`${rec.method} ${other}`) ? 307 : 404, { location: other, 'content-length': 0 });
      res.end();
      void req;
    });
    const routes = Object.values(ROUTES) as Route[];
    for (const route of routes) {
      await http.request(route, { path: params(route.path), ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }) });
    }
    expect(sent().map((r) => `${r.method} ${r.path}`)).toEqual(routes.map((r) => `${r.method} ${fill(r.path)}`));
    expect(sent().filter((r) => r.path.endsWith('/')).length).toBeGreaterThan(10);
  });

  it('a base URL typed with trailing slashes or spaces does not double the slash', async () => {
    const typed = new LettaHttp({ baseUrl: `  ${srv.url}//  ` });
    await typed.request(ROUTES.health_check);
    expect(last().url).toBe('/v1/health/');
  });

  it('a base URL with a path prefix (reverse proxy) keeps it', async () => {
    const proxied = new LettaHttp({ baseUrl: `${srv.url}/letta/` });
    await proxied.request(ROUTES.list_agents, { query: { limit: 1 } });
    expect(last().url).toBe('/letta/v1/agents/?limit=1');
  });
});
