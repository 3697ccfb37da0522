import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentState, Tool, ToolReturnMessage } from '../../../src-shared/letta-types';

const calls: { channel: string; args: unknown }[] = [];
const server = {
  tools: [] as Tool[],
  agents: [] as { id: string; name: string; toolIds: string[] }[],
  /** Set to make the next write fail with this message. */
  failNext: null as string | null,
};

class FakeApiError extends Error {
  hint = undefined;
  code = 'rejected';
  status = 400;
}

function failIfAsked(): void {
  if (server.failNext) {
    const message = server.failNext;
    server.failNext = null;
    throw new FakeApiError(message);
  }
}

function fromSource(source: string, id: string, extra: Partial<Tool> = {}): Tool {
  const name = /^def\s+(\w+)/m.exec(source)?.[1] ?? 'x';
  return {
    id,
    name,
    tool_type: 'custom',
    source_code: source,
    description: 'From the docstring.',
    tags: [],
    return_char_limit: 6000,
    json_schema: { name, parameters: { properties: { text: { type: 'string' }, count: { type: 'integer' }, request_heartbeat: { type: 'boolean' } } } },
    ...extra,
  };
}

vi.mock('../api', () => {
  const record = <T>(channel: string, fn: (args: never) => T) => async (args: unknown) => {
    calls.push({ channel, args });
    return fn(args as never);
  };
  return {
    api: {
      tools: {
        list: record('tools:list', (args: { name?: string }) => server.tools.filter((t) => !args.name || t.name === args.name)),
        create: record('tools:create', (args: { body: { source_code: string; tags?: string[] } }) => {
          failIfAsked();
          const tool = fromSource(args.body.source_code, `tool-${server.tools.length + 1}`, { tags: args.body.tags ?? [] });
          server.tools.push(tool);
          return tool;
        }),
        upsert: record('tools:upsert', (args: { body: { source_code: string } }) => {
          const name = /^def\s+(\w+)/m.exec(args.body.source_code)?.[1];
          const existing = server.tools.find((t) => t.name === name)!;
          Object.assign(existing, { source_code: args.body.source_code });
          return { ...existing };
        }),
        update: record('tools:update', (args: { toolId: string; patch: Partial<Tool> }) => {
          failIfAsked();
          const tool = server.tools.find((t) => t.id === args.toolId)!;
          Object.assign(tool, args.patch);
          return { ...tool };
        }),
        delete: record('tools:delete', (args: { toolId: string }) => {
          server.tools = server.tools.filter((t) => t.id !== args.toolId);
        }),
        run: record('tools:run', (args: { args: Record<string, unknown> }): ToolReturnMessage => ({
          id: 'message-1',
          date: '2026-01-01T00:00:00Z',
          message_type: 'tool_return_message',
          tool_return: `ran with ${JSON.stringify(args.args)}`,
          status: 'success',
          tool_call_id: 'call-1',
          stdout: ['out\n'],
          stderr: [],
        })),
        listAgents: record('tools:list-agents', (args: { toolId: string }) =>
          server.agents.map((a) => ({ id: a.id, name: a.name, attached: a.toolIds.includes(args.toolId) })),
        ),
        attach: record('tools:attach', (args: { agentId: string; toolId: string }) => {
          const agent = server.agents.find((a) => a.id === args.agentId)!;
          agent.toolIds.push(args.toolId);
          return { id: agent.id, name: agent.name, tools: agent.toolIds.map((id) => ({ id })) } as unknown as AgentState;
        }),
        detach: record('tools:detach', (args: { agentId: string; toolId: string }) => {
          const agent = server.agents.find((a) => a.id === args.agentId)!;
          agent.toolIds = agent.toolIds.filter((id) => id !== args.toolId);
          return { id: agent.id, name: agent.name, tools: agent.toolIds.map((id) => ({ id })) } as unknown as AgentState;
        }),
      },
    },
    asApiError: (e: unknown) => e,
    onEvent: () => () => {},
  };
});

const { ToolsState, NEW_TOOL, exampleArgs, functionNameOf, parseArgs, toolKind } = await import('./tools.svelte');

const SOURCE = `def greet(text: str, count: int = 1) -> str:
    """
    Greet.

    Args:
        text (str): Who.
        count (int): How often.
    """
    return text * count
`;

async function loaded(): Promise<InstanceType<typeof ToolsState>> {
  const state = new ToolsState();
  await state.list.load();
  return state;
}

beforeEach(() => {
  calls.length = 0;
  server.tools = [
    fromSource('def send_message(message: str):\n    pass\n', 'tool-base', { tool_type: 'letta_core', source_code: null, tags: [] }),
    fromSource('def add_numbers(a: int, b: int):\n    pass\n', 'tool-mcp', { tool_type: 'external_mcp', tags: ['mcp:desk'], description: 'Adds.' }),
  ];
  server.agents = [
    { id: 'agent-a', name: 'Alpha', toolIds: [] },
    { id: 'agent-b', name: 'Beta', toolIds: [] },
  ];
  server.failNext = null;
});

describe('tool helpers', () => {
  it('sort tool types into custom, built-in and external', () => {
    expect(toolKind({ tool_type: 'custom' })).toBe('custom');
    expect(toolKind({ tool_type: 'letta_memory_core' })).toBe('builtin');
    expect(toolKind({ tool_type: 'external_composio' })).toBe('external');
  });

  it('find the function the tool is named after, ignoring nested ones', () => {
    expect(functionNameOf(SOURCE)).toBe('greet');
    expect(functionNameOf('    def inner():\n        pass\n')).toBeNull();
  });

  it('prefill arguments from the schema without request_heartbeat, else from the signature', () => {
    expect(exampleArgs(server.tools[1]!, '')).toEqual({ text: '', count: 0 });
    expect(exampleArgs(null, 'def f(a: int, tags: list[str] = [1, 2], flag: bool = False, *args, **kw):\n')).toEqual({ a: 0, tags: [], flag: false });
  });

  it('accept a JSON object as arguments and say what is wrong with anything else', () => {
    expect(parseArgs('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseArgs('   ')).toEqual({ ok: true, value: {} });
    expect(parseArgs('[1]')).toMatchObject({ ok: false, error: expect.stringContaining('JSON object') });
    expect(parseArgs('{"a": ')).toMatchObject({ ok: false, error: expect.stringContaining('not valid JSON') });
  });
});

describe('ToolsState', () => {
  it('filters by kind and searches name, description and tags', async () => {
    const state = await loaded();
    expect(state.counts()).toEqual({ all: 2, custom: 0, builtin: 1, external: 1 });
    state.kind = 'builtin';
    expect(state.visible.map((t) => t.name)).toEqual(['send_message']);
    state.kind = 'all';
    state.query = 'mcp:desk';
    expect(state.visible.map((t) => t.name)).toEqual(['add_numbers']);
  });

  it('creates a new tool from the draft and selects it', async () => {
    const state = await loaded();
    state.select(NEW_TOOL);
    state.edit(NEW_TOOL, { source: SOURCE, tags: 'a, b' });
    expect(await state.save()).toBe('created');
    expect(state.selected?.name).toBe('greet');
    expect(calls.find((c) => c.channel === 'tools:create')?.args).toEqual({ body: { source_code: SOURCE, tags: ['a', 'b'], return_char_limit: 6000 } });
    expect(state.isDirty(state.selectedKey!)).toBe(false);
  });

  it('stops a create whose name is taken, then replaces that tool by name on request', async () => {
    const state = await loaded();
    state.select(NEW_TOOL);
    state.edit(NEW_TOOL, { source: SOURCE });
    await state.save();
    const first = state.selected!;
    state.select(NEW_TOOL);
    state.edit(NEW_TOOL, { source: SOURCE.replace('text * count', 'text') });
    expect(await state.save()).toBe('name-taken');
    expect(state.nameTaken?.id).toBe(first.id);
    expect(calls.filter((c) => c.channel === 'tools:create')).toHaveLength(1);
    expect(await state.save({ replace: true })).toBe('created');
    expect(state.selected?.id).toBe(first.id);
    expect(state.selected?.source_code).toContain('return text\n');
  });

  it('keeps the edited draft when the server refuses the save, and sends only what changed', async () => {
    const state = await loaded();
    state.select(NEW_TOOL);
    state.edit(NEW_TOOL, { source: SOURCE });
    await state.save();
    const id = state.selectedKey!;
    state.edit(id, { description: 'Better words.' });
    server.failNext = 'The server said no.';
    expect(await state.save()).toBe('failed');
    expect(state.write.error?.message).toBe('The server said no.');
    expect(state.draft(id)?.description).toBe('Better words.');
    expect(state.isDirty(id)).toBe(true);
    expect(await state.save()).toBe('saved');
    expect(calls.filter((c) => c.channel === 'tools:update').at(-1)?.args).toEqual({ toolId: id, patch: { description: 'Better words.' } });
    expect(state.isDirty(id)).toBe(false);
  });

  it('refuses a bad return limit or a source without a function before any request', async () => {
    const state = await loaded();
    state.select(NEW_TOOL);
    state.edit(NEW_TOOL, { returnCharLimit: 'lots' });
    expect(await state.save()).toBe('invalid');
    expect(state.invalid).toMatch(/return limit/);
    state.edit(NEW_TOOL, { returnCharLimit: '100', source: 'print(1)\n' });
    expect(await state.save()).toBe('invalid');
    expect(state.invalid).toMatch(/top-level Python function/);
    expect(calls.filter((c) => c.channel !== 'tools:list')).toEqual([]);
  });

  it('runs the unsaved draft with the typed arguments; bad JSON never reaches the server', async () => {
    const state = await loaded();
    state.select(NEW_TOOL);
    state.edit(NEW_TOOL, { source: SOURCE });
    state.setArgs(NEW_TOOL, '{"text": ');
    expect(await state.run(NEW_TOOL)).toBeNull();
    expect(state.runError(NEW_TOOL)).toMatch(/not valid JSON/);
    expect(calls.some((c) => c.channel === 'tools:run')).toBe(false);
    state.setArgs(NEW_TOOL, '{"text": "hi"}');
    const result = await state.run(NEW_TOOL);
    expect(result?.tool_return).toBe('ran with {"text":"hi"}');
    expect(calls.find((c) => c.channel === 'tools:run')?.args).toEqual({ source_code: SOURCE, args: { text: 'hi' }, name: 'greet' });
    expect(state.result(NEW_TOOL)?.stdout).toEqual(['out\n']);
  });

  it('lists which agents have the selected tool, attaches and detaches', async () => {
    const state = await loaded();
    state.select('tool-mcp');
    await state.agents.load();
    expect(state.agents.value.map((a) => [a.name, a.attached])).toEqual([['Alpha', false], ['Beta', false]]);
    expect(await state.attach('agent-b')).toBe(true);
    expect(state.agents.value.find((a) => a.id === 'agent-b')?.attached).toBe(true);
    expect(await state.detach('agent-b')).toBe(true);
    expect(state.agents.value.find((a) => a.id === 'agent-b')?.attached).toBe(false);
  });

  it('deletes the selected tool and clears the selection', async () => {
    const state = await loaded();
    state.select('tool-mcp');
    expect(await state.remove()).toBe(true);
    expect(state.selected).toBeNull();
    expect(state.list.value.map((t) => t.id)).toEqual(['tool-base']);
  });
});
