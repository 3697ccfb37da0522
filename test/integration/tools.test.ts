/**
 * Tools through the typed client against the real server: a custom Python tool's whole life, the
 * built-in tools, running source once, an agent calling our tool, MCP servers (a real MCP server
 * of ours, over stdio and over SSE), and what the server says to Composio and to bad input.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LettaBadRequestError,
  LettaConflictError,
  LettaNotFoundError,
  LettaServerError,
  LettaValidationError,
} from '../../src-main/letta/core/errors.js';
import { paginate } from '../../src-main/letta/core/pagination.js';
import type { LettaMessageUnion, ToolCallMessage, ToolReturnMessage } from '../../src-main/letta/types/messages.js';
import type { SSEServerConfig, StdioServerConfig, Tool } from '../../src-main/letta/types/tools.js';
import { fakeLlmCommands as cmd, replyFor } from '../fake-llm/commands.js';
import { freePort } from '../harness/letta-server.js';
import { expectServerRefusal, testClient } from './support/coverage.js';
import { createAgent, uniqueName } from './support/kit.js';
import { pollUntil } from './support/poll.js';
import { expectEachFields, expectFields } from './support/shape.js';
import { MCP_TOOL, SSE_SERVER, STDIO_SERVER, TOOL, TOOL_RETURN_MESSAGE } from './support/type-rules.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The Letta venv's interpreter has the `mcp` package (Letta depends on it). */
const venvPython = resolve(projectRoot, '.cache/letta-venv/bin/python');
const mcpFixture = resolve(projectRoot, 'test/fixtures/mcp/desk_mcp_server.py');

const client = testClient();
const cleanup: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  // The custom-tool test counts tools; with the base tools already there, the count moves only
  // by what the test itself does.
  await client.tools.addBaseTools();
});

afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo().catch(() => undefined);
});

/** A Python identifier no earlier run on a reused server has taken (tool names are unique). */
function uniqueFunctionName(prefix: string): string {
  return uniqueName(prefix).replace(/\W/g, '_');
}

/** A tool the server can derive a schema for: typed arguments and a Google-style docstring. */
function diceSource(fn: string, summary = 'Roll dice.'): string {
  return `def ${fn}(sides: int, times: int = 1) -> str:
    """
    ${summary}

    Args:
        sides (int): Number of sides of each die.
        times (int): How many dice to roll.

    Returns:
        str: What was rolled.
    """
    import sys
    print(f"rolling {times}d{sides}")
    print("dice are loud", file=sys.stderr)
    return f"rolled {times}d{sides}"
`;
}

function isToolCall(m: LettaMessageUnion): m is ToolCallMessage {
  return m.message_type === 'tool_call_message';
}
function isToolReturn(m: LettaMessageUnion): m is ToolReturnMessage {
  return m.message_type === 'tool_return_message';
}

describe('custom tools', () => {
  it('live a whole life: create → retrieve → list → count → modify → upsert by name → delete', async () => {
    const fn = uniqueFunctionName('roll_dice');
    const countWithBase = await client.tools.count({ include_base_tools: true });
    const countDefault = await client.tools.count();

    const tool = await client.tools.create({ source_code: diceSource(fn), description: 'Dice for board games.', tags: ['desk', 'games'] });
    cleanup.push(() => client.tools.delete(tool.id));
    expectFields('created tool', tool, TOOL);
    expect(tool).toMatchObject({ name: fn, tool_type: 'custom', source_type: 'python', description: 'Dice for board games.', tags: ['desk', 'games'] });
    // The schema is derived from the signature and docstring, plus Letta's request_heartbeat.
    const params = (tool.json_schema as { parameters: { properties: Record<string, unknown>; required: string[] } }).parameters;
    expect(Object.keys(params.properties)).toEqual(['sides', 'times', 'request_heartbeat']);
    expect(params.required).toEqual(['sides', 'request_heartbeat']);

    expect(await client.tools.retrieve(tool.id)).toEqual(tool);

    // The name filter is exact and answers a list of at most one.
    expect((await client.tools.list({ name: fn })).map((t) => t.id)).toEqual([tool.id]);
    expect(await client.tools.list({ name: `${fn}_nope` })).toEqual([]);

    // One page holds every tool: as many as the full count, ours among them.
    const all = await client.tools.list({ limit: 1000 });
    expectEachFields('listed tools', all, TOOL);
    expect(all.length).toBe(countWithBase + 1);
    expect(all.filter((t) => t.id === tool.id)).toHaveLength(1);

    // Paging is another matter. Server 0.7.29 on SQLite compares the `after` cursor's created_at
    // (sent with microseconds) with stored whole seconds as text, so each page skips every tool
    // created in the same second as the cursor tool; the base tools, created together at
    // start-up, mostly vanish from a paged walk. The walk repeats nothing and invents nothing.
    const walked: Tool[] = [];
    for await (const t of paginate((p) => client.tools.list(p), {}, { pageSize: 4 })) walked.push(t);
    const allIds = new Set(all.map((t) => t.id));
    expect(new Set(walked.map((t) => t.id)).size).toBe(walked.length);
    expect(walked.every((t) => allIds.has(t.id))).toBe(true);
    expect(walked.length).toBeLessThan(all.length);
    expect(walked.slice(0, 4)).toEqual(all.slice(0, 4));

    // Server 0.7.29: without include_base_tools the count is of the base tools only (it filters
    // on their names), so a custom tool moves only the full count.
    expect(await client.tools.count({ include_base_tools: true })).toBe(countWithBase + 1);
    expect(await client.tools.count()).toBe(countDefault);

    const modified = await client.tools.modify(tool.id, { description: 'Dice, modified.', tags: ['desk'], return_char_limit: 500 });
    expect(modified).toMatchObject({ id: tool.id, description: 'Dice, modified.', tags: ['desk'], return_char_limit: 500 });
    expect(await client.tools.retrieve(tool.id)).toMatchObject({ description: 'Dice, modified.', return_char_limit: 500 });

    // Upsert finds the tool by the function name in the source: same id, new docstring; the
    // fields the body leaves out fall back to their defaults (tags [] and the derived description).
    const upserted = await client.tools.upsert({ source_code: diceSource(fn, 'Roll some dice, upserted.') });
    expect(upserted.id).toBe(tool.id);
    expect(upserted).toMatchObject({ description: 'Roll some dice, upserted.', tags: [] });
    expect((upserted.json_schema as { description: string }).description).toBe('Roll some dice, upserted.');

    await client.tools.delete(tool.id);
    await expect(client.tools.retrieve(tool.id)).rejects.toBeInstanceOf(LettaNotFoundError);
    expect(await client.tools.list({ name: fn })).toEqual([]);
  });

  it('add_base_tools answers Letta\'s built-in tools, by kind', async () => {
    const base = await client.tools.addBaseTools();
    expectEachFields('base tools', base, TOOL);
    const byName = new Map(base.map((t) => [t.name, t.tool_type]));
    expect(byName.get('send_message')).toBe('letta_core');
    expect(byName.get('core_memory_append')).toBe('letta_memory_core');
    expect(byName.get('send_message_to_agent_async')).toBe('letta_multi_agent_core');
    expect(byName.get('search_memory')).toBe('letta_voice_sleeptime_core');
    expect(byName.get('web_search')).toBe('letta_builtin');
    // Idempotent: a second call answers the same tools (ids kept).
    const again = await client.tools.addBaseTools();
    expect(again.map((t) => t.id).sort()).toEqual(base.map((t) => t.id).sort());
  });

  it('runs source once without saving it: return value, stdout and stderr; an exception is status error', async () => {
    const fn = uniqueFunctionName('roll_once');
    const result = await client.tools.run({ source_code: diceSource(fn), args: { sides: 20, times: 3 } });
    expectFields('run result', result, TOOL_RETURN_MESSAGE);
    expect(result).toMatchObject({ message_type: 'tool_return_message', status: 'success', tool_return: 'rolled 3d20', stdout: ['rolling 3d20\n'], stderr: ['dice are loud\n'] });
    expect(await client.tools.list({ name: fn })).toEqual([]);

    const failing = `def ${fn}_fails(x: int) -> str:
    """
    Always fails.

    Args:
        x (int): Ignored.
    """
    raise ValueError("no dice")
`;
    const failed = await client.tools.run({ source_code: failing, args: { x: 1 } });
    expect(failed.status).toBe('error');
    expect(failed.tool_return).toBe(`Error executing function ${fn}_fails: ValueError: no dice`);
    expect(failed.stderr?.join('')).toContain('ValueError: no dice');
  });

  it('an agent calls our tool: the turn shows the call with its arguments and the return with its output', async () => {
    const fn = uniqueFunctionName('roll_for_agent');
    const tool = await client.tools.create({ source_code: diceSource(fn) });
    cleanup.push(() => client.tools.delete(tool.id));
    const agent = await createAgent(client, { tool_ids: [tool.id] });
    cleanup.push(() => client.agents.delete(agent.id));
    expect((await client.agents.tools.list(agent.id)).map((t) => t.name)).toContain(fn);

    const text = `roll for me ${cmd.call(fn, { sides: 6, times: 2 })}`;
    const response = await client.agents.messages.create(agent.id, { messages: [{ role: 'user', content: text }] });

    const call = response.messages.find(isToolCall);
    const ret = response.messages.find(isToolReturn);
    expect(call?.tool_call.name).toBe(fn);
    expect(JSON.parse(call?.tool_call.arguments ?? '{}')).toMatchObject({ sides: 6, times: 2 });
    expectFields('tool return in a turn', ret!, TOOL_RETURN_MESSAGE);
    expect(ret).toMatchObject({ tool_return: 'rolled 2d6', status: 'success', tool_call_id: call?.tool_call.tool_call_id, stdout: ['rolling 2d6\n'] });
    expect(response.messages.at(-1)).toMatchObject({ message_type: 'assistant_message', content: replyFor(text) });
  });
});

describe('MCP servers', () => {
  let sseServer: ChildProcess | undefined;

  afterAll(() => {
    // The SSE fixture keeps Letta's open SSE connection and ignores SIGTERM while it lasts.
    sseServer?.kill('SIGKILL');
  });

  it('stdio: Letta starts our MCP server, lists its tools, registers one as a Letta tool an agent can call', async () => {
    const name = uniqueName('desk-stdio');
    const config: StdioServerConfig = { type: 'stdio', server_name: name, command: venvPython, args: [mcpFixture] };
    // Adding connects first (the server spawns the process and runs the MCP handshake).
    const configs = await client.tools.mcp.addServer(config);
    cleanup.push(() => client.tools.mcp.deleteServer(name));
    const added = configs.find((c) => c.server_name === name);
    expectFields('stdio config', added as StdioServerConfig, STDIO_SERVER);
    // The answer echoes the body (env null); the list re-reads ~/.letta/mcp_config.json, where it became {}.
    expect(added).toEqual({ ...config, env: null });

    const servers = await client.tools.mcp.listServers();
    expect(servers[name]).toEqual({ ...config, env: {} });
    expectFields('listed stdio config', servers[name] as StdioServerConfig, STDIO_SERVER);

    const tools = await client.tools.mcp.listTools(name);
    expectEachFields('MCP tools', tools, MCP_TOOL);
    expect(tools).toEqual([
      {
        name: 'add_numbers',
        description: 'Add two integers and answer the sum as text.',
        inputSchema: {
          type: 'object',
          title: 'add_numbersArguments',
          properties: { a: { title: 'A', type: 'integer' }, b: { title: 'B', type: 'integer' } },
          required: ['a', 'b'],
        },
      },
    ]);

    // Registering keeps the first registration's server in metadata_ when a tool of that name
    // already exists (the update path drops metadata_), so start from none, e.g. on a reused server.
    for (const stale of await client.tools.list({ name: 'add_numbers' })) await client.tools.delete(stale.id);
    const tool = await client.tools.mcp.addTool(name, 'add_numbers');
    cleanup.push(() => client.tools.delete(tool.id));
    expectFields('MCP tool as Letta tool', tool, TOOL);
    expect(tool).toMatchObject({ name: 'add_numbers', tool_type: 'external_mcp', tags: [`mcp:${name}`], metadata_: { mcp: { server_name: name } } });

    // The agent's call goes through Letta to our MCP process and back.
    const agent = await createAgent(client, { tool_ids: [tool.id] });
    cleanup.push(() => client.agents.delete(agent.id));
    const response = await client.agents.messages.create(agent.id, { messages: [{ role: 'user', content: `sum ${cmd.call('add_numbers', { a: 2, b: 3 })}` }] });
    expect(response.messages.find(isToolReturn)).toMatchObject({ name: 'add_numbers', tool_return: '2 + 3 = 5', status: 'success' });

    // A tool the MCP server does not have is a 400 naming the ones it has.
    const missing = await client.tools.mcp.addTool(name, 'no_such_tool').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(LettaBadRequestError);
    expect((missing as LettaBadRequestError).body).toMatchObject({ detail: { code: 'MCPToolNotFoundError' } });
    expect((missing as LettaBadRequestError).serverMessage).toContain('available tools: add_numbers');

    const remaining = await client.tools.mcp.deleteServer(name);
    expect(remaining.map((c) => c.server_name)).not.toContain(name);
    expect(Object.keys(await client.tools.mcp.listServers())).not.toContain(name);
    const again = await client.tools.mcp.deleteServer(name).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(LettaBadRequestError);
    expect((again as LettaBadRequestError).serverMessage).toBe(`Server name ${name} not found in MCP config file`);
  });

  it('SSE: a running MCP server is added by URL, listed keyed by name, asked for its tools, deleted', async () => {
    const port = await freePort();
    sseServer = spawn(venvPython, [mcpFixture, 'sse', String(port)], { stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}/sse`;
    await pollUntil(
      'fixture MCP SSE server',
      async () => {
        const ac = new AbortController();
        try {
          const res = await fetch(url, { signal: ac.signal });
          return res.ok;
        } catch {
          return false;
        } finally {
          ac.abort();
        }
      },
      (up) => up,
      { timeoutMs: 20_000 },
    );

    const name = uniqueName('desk-sse');
    const config: SSEServerConfig = { type: 'sse', server_name: name, server_url: url };
    const configs = await client.tools.mcp.addServer(config);
    cleanup.push(() => client.tools.mcp.deleteServer(name));
    expectFields('sse config', configs.find((c) => c.server_name === name) as SSEServerConfig, SSE_SERVER);

    const servers = await client.tools.mcp.listServers();
    expect(servers[name]).toEqual(config);
    expect((await client.tools.mcp.listTools(name)).map((t) => t.name)).toEqual(['add_numbers']);

    expect((await client.tools.mcp.deleteServer(name)).map((c) => c.server_name)).not.toContain(name);
    expect(Object.keys(await client.tools.mcp.listServers())).not.toContain(name);
  });

  it('refuses an MCP server it cannot connect to, and tools of a server it does not know', async () => {
    // Adding connects first; an unreachable URL fails inside the server: a bare 500.
    const dead = await client.tools.mcp
      .addServer({ type: 'sse', server_name: uniqueName('desk-dead'), server_url: 'http://127.0.0.1:9/sse' })
      .catch((e: unknown) => e);
    expect(dead).toBeInstanceOf(LettaServerError);
    expect((dead as LettaServerError).status).toBe(500);

    const unknown = await client.tools.mcp.listTools('desk-never-added').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(LettaBadRequestError);
    expect((unknown as LettaBadRequestError).body).toMatchObject({ detail: { code: 'MCPServerNotFoundError', mcp_server_name: 'desk-never-added' } });
  });
});

describe('Composio', () => {
  const reason = 'needs COMPOSIO_API_KEY and Composio\'s cloud; the offline test server has neither (400)';

  it('without COMPOSIO_API_KEY the server refuses to list apps, actions, or add a tool', async () => {
    const apps = await expectServerRefusal('list_composio_apps', 400, reason, () => client.tools.composio.listApps());
    expect(apps.serverMessage).toMatch(/^No API keys found for Composio/);
    const actions = await expectServerRefusal('list_composio_actions_by_app', 400, reason, () => client.tools.composio.listActions('github'));
    expect(actions.serverMessage).toMatch(/COMPOSIO_API_KEY/);
    const add = await expectServerRefusal('add_composio_tool', 400, reason, () => client.tools.composio.add('GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER'));
    expect(add.body).toMatchObject({ detail: { code: 'ComposioClientError', composio_action_name: 'GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER' } });
  });
});

describe('tools: bad input and unknown ids', () => {
  const unknownId = 'tool-00000000-0000-4000-8000-000000000000';

  it('a body without source_code is a 422 naming the field', async () => {
    const err = await client.tools.create({} as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LettaValidationError);
    expect((err as LettaValidationError).issues).toEqual([{ loc: ['body', 'source_code'], msg: 'Field required', type: 'missing' }]);
  });

  it('source the server cannot derive a schema from is a 500 (not a 400), and so is a taken name (not a 409)', async () => {
    const noSchema = await client.tools.create({ source_code: 'def f(x):\n    return x\n' }).catch((e: unknown) => e);
    expect(noSchema).toBeInstanceOf(LettaServerError);
    expect((noSchema as LettaServerError).serverMessage).toContain('is missing a json_schema');

    // A taken name: the route means to answer 409, but on SQLite the unique-constraint failure
    // is caught by the server's database error handler first (it takes it for a stale schema)
    // and the answer is a plain-text 500.
    const fn = uniqueFunctionName('taken');
    const first = await client.tools.create({ source_code: diceSource(fn) });
    cleanup.push(() => client.tools.delete(first.id));
    const dup = await client.tools.create({ source_code: diceSource(fn) }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(LettaServerError);
    expect(dup).not.toBeInstanceOf(LettaConflictError);
    expect((dup as LettaServerError).serverMessage).toBe('Internal Server Error');
    expect((await client.tools.list({ name: fn })).map((t) => t.id)).toEqual([first.id]);
  });

  it('an unknown id: retrieve 404, delete 400, modify 500 — each as the server answers it', async () => {
    const get = await client.tools.retrieve(unknownId).catch((e: unknown) => e);
    expect(get).toBeInstanceOf(LettaNotFoundError);
    expect((get as LettaNotFoundError).serverMessage).toMatch(/^Tool not found with id=tool-0{8}/);
    const del = await client.tools.delete(unknownId).catch((e: unknown) => e);
    expect(del).toBeInstanceOf(LettaBadRequestError);
    expect((del as LettaBadRequestError).serverMessage).toBe(`Tool with id ${unknownId} not found.`);
    const mod = await client.tools.modify(unknownId, { description: 'x' }).catch((e: unknown) => e);
    expect(mod).toBeInstanceOf(LettaServerError);
    expect((mod as LettaServerError).serverMessage).toMatch(/^An unexpected error occurred: Tool not found/);
  });
});
