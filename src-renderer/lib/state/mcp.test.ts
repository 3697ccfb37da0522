import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MCPServerConfig, Tool } from '../../../src-shared/letta-types';

const calls: { channel: string; args: unknown }[] = [];
const server = {
  configs: {} as Record<string, MCPServerConfig>,
  tools: [] as Tool[],
  refuseAdd: null as string | null,
};

vi.mock('../api', () => {
  const record = <T>(channel: string, fn: (args: never) => T) => async (args: unknown) => {
    calls.push({ channel, args });
    return fn(args as never);
  };
  return {
    api: {
      mcp: {
        listServers: record('mcp:list-servers', () => ({ ...server.configs })),
        addServer: record('mcp:add-server', (args: { config: MCPServerConfig }) => {
          if (server.refuseAdd) throw Object.assign(new Error(server.refuseAdd), { status: 500 });
          server.configs[args.config.server_name] = args.config;
          return Object.values(server.configs);
        }),
        deleteServer: record('mcp:delete-server', (args: { serverName: string }) => {
          delete server.configs[args.serverName];
          return Object.values(server.configs);
        }),
        listTools: record('mcp:list-tools', () => [{ name: 'add_numbers', description: 'Adds.', inputSchema: { type: 'object', properties: { a: { type: 'integer' } } } }]),
        addTool: record('mcp:add-tool', (args: { serverName: string; toolName: string }) => {
          // Like 0.7.29 when the tool already exists from another server: the old tag stays.
          const tool = { id: 'tool-1', name: args.toolName, tool_type: 'external_mcp', tags: ['mcp:older'], return_char_limit: 6000 } as Tool;
          server.tools = [tool];
          return tool;
        }),
      },
      tools: { list: record('tools:list', () => server.tools) },
    },
    asApiError: (e: unknown) => e,
    onEvent: () => () => {},
  };
});

const { McpState, parseServerForm, describeServer, EMPTY_SERVER_FORM } = await import('./mcp.svelte');

beforeEach(() => {
  calls.length = 0;
  server.configs = {};
  server.tools = [];
  server.refuseAdd = null;
});

describe('the add-server form', () => {
  it('builds a stdio config with one argument per line and KEY=value environment', () => {
    const parsed = parseServerForm({ ...EMPTY_SERVER_FORM, name: ' desk ', command: '/usr/bin/python3', args: '/srv/my server.py\n\n--quiet', env: 'TOKEN=a=b\n' });
    expect(parsed).toEqual({ ok: true, config: { type: 'stdio', server_name: 'desk', command: '/usr/bin/python3', args: ['/srv/my server.py', '--quiet'], env: { TOKEN: 'a=b' } } });
    expect(describeServer((parsed as { config: MCPServerConfig }).config)).toBe('/usr/bin/python3 /srv/my server.py --quiet');
  });

  it('builds an SSE config and names what is missing or malformed', () => {
    expect(parseServerForm({ ...EMPTY_SERVER_FORM, type: 'sse', name: 'remote', url: 'http://127.0.0.1:8000/sse' })).toEqual({
      ok: true,
      config: { type: 'sse', server_name: 'remote', server_url: 'http://127.0.0.1:8000/sse' },
    });
    expect(parseServerForm({ ...EMPTY_SERVER_FORM, type: 'sse', name: 'remote', url: 'localhost:8000' })).toMatchObject({ ok: false, error: expect.stringContaining('http://') });
    expect(parseServerForm({ ...EMPTY_SERVER_FORM, command: 'npx' })).toMatchObject({ ok: false, error: expect.stringContaining('name') });
    expect(parseServerForm({ ...EMPTY_SERVER_FORM, name: 'x', command: 'npx', env: 'JUSTAKEY' })).toMatchObject({ ok: false, error: 'Environment line 1 should read KEY=value.' });
  });
});

describe('McpState', () => {
  it('keeps the form when the server refuses it, and clears it once the server is added', async () => {
    const mcp = new McpState();
    mcp.editForm({ name: 'desk', command: 'not-a-command' });
    server.refuseAdd = 'Internal Server Error';
    expect(await mcp.add()).toBe(false);
    expect(mcp.write.error?.message).toBe('Internal Server Error');
    expect(mcp.form).toMatchObject({ name: 'desk', command: 'not-a-command' });

    server.refuseAdd = null;
    mcp.editForm({ command: 'python3' });
    expect(await mcp.add()).toBe(true);
    expect(mcp.form.name).toBe('');
    expect(mcp.selectedName).toBe('desk');
    expect(mcp.servers.value.map((s) => s.server_name)).toEqual(['desk']);
  });

  it('refuses an invalid form without a request', async () => {
    const mcp = new McpState();
    expect(await mcp.add()).toBe(false);
    expect(mcp.formError).toContain('name');
    expect(calls).toEqual([]);
  });

  it('lists the selected server\'s tools and marks the one it added as in Letta', async () => {
    server.configs = { desk: { type: 'stdio', server_name: 'desk', command: 'python3', args: [] } };
    const mcp = new McpState();
    await mcp.servers.load();
    mcp.select('desk');
    await mcp.tools.load();
    expect(mcp.tools.value.map((t) => t.name)).toEqual(['add_numbers']);
    expect(mcp.registered('desk', 'add_numbers')).toBeUndefined();
    const tool = await mcp.addTool('add_numbers');
    expect(calls.find((c) => c.channel === 'mcp:add-tool')?.args).toEqual({ serverName: 'desk', toolName: 'add_numbers' });
    expect(mcp.registered('desk', 'add_numbers')?.id).toBe(tool?.id);
  });

  it('deletes a server and drops the selection', async () => {
    server.configs = { desk: { type: 'sse', server_name: 'desk', server_url: 'http://x/sse' } };
    const mcp = new McpState();
    await mcp.servers.load();
    mcp.select('desk');
    expect(await mcp.remove('desk')).toBe(true);
    expect(mcp.selectedName).toBeNull();
    expect(mcp.servers.value).toEqual([]);
  });
});
