import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Block } from '../../../src-shared/letta-types';

const calls: { channel: string; args: unknown }[] = [];
let blocks: Block[] = [];
let updateFails = false;

vi.mock('../api', () => {
  const record = <T>(channel: string, fn: (args: never) => T) => async (args: unknown) => {
    calls.push({ channel, args });
    return fn(args as never);
  };
  return {
    api: {
      blocks: {
        list: record('blocks:list', () => blocks.map((b) => ({ ...b }))),
        get: record('blocks:get', (args: { blockId: string }) => ({ ...blocks.find((x) => x.id === args.blockId)! })),
        listAgents: record('blocks:list-agents', () => [{ id: 'agent-1', name: 'Helper' }]),
        update: record('blocks:update', (args: { blockId: string; patch: Partial<Block> }) => {
          if (updateFails) throw { code: 'rejected', message: 'Edit failed: limit' };
          const b = blocks.find((x) => x.id === args.blockId)!;
          Object.assign(b, args.patch);
          return { ...b };
        }),
        create: record('blocks:create', (args: { body: Omit<Block, 'id'> }) => ({ id: 'block-new', ...args.body })),
        delete: record('blocks:delete', () => undefined),
      },
      agents: { list: record('agents:list', () => [{ id: 'agent-1', name: 'Helper' }, { id: 'agent-2', name: 'Other' }]) },
      memory: { attachBlock: record('memory:attach-block', () => ({ id: 'agent-2' })) },
    },
    asApiError: (e: unknown) => e,
    onEvent: () => () => {},
  };
});

const { BlocksState, blockFormProblem, emptyBlockForm } = await import('./blocks.svelte');

beforeEach(() => {
  calls.length = 0;
  updateFails = false;
  blocks = [
    { id: 'block-1', label: 'project', value: 'Letta Desk', limit: 20, description: 'Team notes', is_template: false },
    { id: 'block-2', label: 'human', value: 'Ada', limit: 5000, name: 'ada-template', is_template: true },
  ];
});

async function opened(): Promise<InstanceType<typeof BlocksState>> {
  const state = new BlocksState();
  await Promise.all([state.list.load(), state.agents.load()]);
  state.select('block-1');
  await state.users.load();
  return state;
}

describe('BlocksState', () => {
  it('refuses an over-limit value before any request and keeps the draft', async () => {
    const state = await opened();
    state.edit({ value: 'x'.repeat(25) });
    expect(await state.save()).toBe('invalid');
    expect(state.problem).toContain('over the limit of 20');
    expect(calls.some((c) => c.channel === 'blocks:update')).toBe(false);
    expect(state.draft?.value).toBe('x'.repeat(25));
  });

  it('saves a valid edit, sending only the fields the user changed', async () => {
    const state = await opened();
    state.edit({ value: 'Letta Desk 2', description: 'Updated' });
    expect(state.dirty).toBe(true);
    expect(await state.save()).toBe('saved');
    expect(calls.at(-1)).toEqual({ channel: 'blocks:update', args: { blockId: 'block-1', patch: { value: 'Letta Desk 2', description: 'Updated' } } });
    expect(state.dirty).toBe(false);
  });

  it('does not overwrite a value changed elsewhere since the draft began; a second save does, knowingly', async () => {
    const state = await opened();
    state.edit({ value: 'Mine' });
    blocks[0]!.value = 'Written by an agent';
    expect(await state.save()).toBe('conflict');
    expect(calls.some((c) => c.channel === 'blocks:update')).toBe(false);
    expect(state.problem).toMatch(/changed on the server after you started editing/);
    expect(state.selected?.value).toBe('Written by an agent');
    expect(state.draft?.value).toBe('Mine');
    expect(state.dirty).toBe(true);
    expect(await state.save()).toBe('saved');
    expect(blocks[0]!.value).toBe('Mine');
  });

  it('a change elsewhere to another field does not stop the save, and is not undone by it', async () => {
    const state = await opened();
    state.edit({ description: 'Mine' });
    blocks[0]!.value = 'Written by an agent';
    expect(await state.save()).toBe('saved');
    expect(blocks[0]).toMatchObject({ value: 'Written by an agent', description: 'Mine' });
  });

  it('an untouched draft follows the server\'s newer version when the block is read again', async () => {
    const state = new BlocksState();
    await Promise.all([state.list.load(), state.agents.load()]);
    blocks[0]!.value = 'Newer';
    state.select('block-1');
    await vi.waitFor(() => expect(state.draft?.value).toBe('Newer'));
    expect(state.dirty).toBe(false);
  });

  it('keeps what was typed when the server refuses', async () => {
    const state = await opened();
    updateFails = true;
    state.edit({ value: 'new text' });
    expect(await state.save()).toBe('failed');
    expect(state.editor.error?.message).toBe('Edit failed: limit');
    expect(state.draft?.value).toBe('new text');
  });

  it('lists the agents using a block and offers only the others for attaching', async () => {
    const state = await opened();
    expect(state.users.value.map((a) => a.name)).toEqual(['Helper']);
    expect(state.attachable.map((a) => a.name)).toEqual(['Other']);
    await state.attach('agent-2');
    expect(calls.find((c) => c.channel === 'memory:attach-block')?.args).toEqual({ agentId: 'agent-2', blockId: 'block-1' });
  });

  it('filters by label locally and asks the server for templates only', async () => {
    const state = new BlocksState();
    await state.list.load();
    state.setTextFilter('proj');
    expect(state.visible.map((b) => b.id)).toEqual(['block-1']);
    state.setTemplatesOnly(true);
    await vi.waitFor(() => expect(calls.at(-1)).toEqual({ channel: 'blocks:list', args: { limit: 1000, templates_only: true } }));
  });

  it('names what is wrong with a new block', () => {
    expect(blockFormProblem({ ...emptyBlockForm(), value: 'x' })).toContain('label');
    expect(blockFormProblem({ ...emptyBlockForm(), label: 'a', limit: 0 })).toContain('limit');
    expect(blockFormProblem({ ...emptyBlockForm(), label: 'a', limit: 3, value: 'abcd' })).toContain('over the limit of 3');
    expect(blockFormProblem({ ...emptyBlockForm(), label: 'a', value: 'ok' })).toBeNull();
  });
});
