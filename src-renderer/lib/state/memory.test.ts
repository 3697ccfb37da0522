import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Block } from '../../../src-shared/letta-types';

const calls: { channel: string; args: unknown }[] = [];
const server = {
  blocks: [] as Block[],
  templateError: false,
  sharedWith: [] as { id: string; name: string }[],
  steps: [] as { id: string; job_id?: string | null }[],
  /** What the cache kept per label from earlier sessions, newest first (as the channel answers). */
  persisted: {} as Record<string, { value: string; at: string; stepId?: string }[]>,
};

vi.mock('../api', () => {
  const record = <T>(channel: string, fn: (args: never) => T) => async (args: unknown) => {
    calls.push({ channel, args });
    return fn(args as never);
  };
  return {
    api: {
      memory: {
        listBlocks: record('memory:list-blocks', () => server.blocks.map((b) => ({ ...b }))),
        get: record('memory:get', () => {
          if (server.templateError) throw { message: 'Server error (500).', hint: undefined };
          return { blocks: server.blocks, prompt_template: '{% for block in blocks %}<{{ block.label }}>{% endfor %}' };
        }),
        getBlock: record('memory:get-block', (args: { label: string }) => ({ ...server.blocks.find((b) => b.label === args.label)! })),
        updateBlock: record('memory:update-block', (args: { label: string; patch: Partial<Block> }) => {
          const block = server.blocks.find((b) => b.label === args.label)!;
          Object.assign(block, args.patch);
          return { ...block };
        }),
      },
      blocks: { listAgents: record('blocks:list-agents', () => [{ id: 'agent-1', name: 'Me' }, ...server.sharedWith]) },
      steps: { list: record('steps:list', () => server.steps) },
      cache: {
        blockHistory: record('cache:block-history', (args: { label: string }) => {
          const snapshots = server.persisted[args.label];
          if (!snapshots) throw new Error('no cache yet');
          return { snapshots, next: null };
        }),
      },
    },
    asApiError: (e: unknown) => e,
    onEvent: () => () => {},
  };
});

const { MemoryState } = await import('./memory.svelte');

function block(label: string, value: string, limit = 100): Block {
  return { id: `block-${label}`, label, value, limit, description: null };
}

beforeEach(() => {
  calls.length = 0;
  server.blocks = [block('human', 'Name: Ada'), block('persona', 'I help.')];
  server.sharedWith = [];
  server.steps = [];
  server.persisted = {};
  server.templateError = false;
});

describe('MemoryState', () => {
  it('starts a block\'s history with the versions the cache kept from earlier sessions', async () => {
    server.persisted = {
      human: [
        { value: 'Name: Ada', at: '2026-12-01T10:05:00Z', stepId: 'step-2' },
        { value: 'Name: ?', at: '2026-12-01T10:00:00Z' },
      ],
    };
    const memory = new MemoryState('agent-1');
    await memory.load();
    // Oldest first, the agent's change tied to its step, and the current value not repeated.
    expect(memory.history('block-human').map((h) => [h.value, h.source, h.stepId])).toEqual([
      ['Name: ?', 'loaded', undefined],
      ['Name: Ada', 'agent', 'step-2'],
    ]);
    // A block the cache knows nothing about still gets this session's version.
    expect(memory.history('block-persona').map((h) => h.value)).toEqual(['I help.']);
  });

  it('refuses an over-limit value before sending anything', async () => {
    const memory = new MemoryState('agent-1');
    await memory.load();
    memory.edit('block-human', { value: 'x'.repeat(101) });
    expect(memory.isOverLimit('block-human')).toBe(true);
    calls.length = 0;

    expect(await memory.save('block-human')).toBe('over-limit');
    expect(calls).toEqual([]);
    expect(memory.blockError('block-human')).toMatch(/101 characters is 1 over this block's limit of 100/);
  });

  it('asks to confirm a save of a block other agents share, naming them, and only then saves', async () => {
    server.sharedWith = [{ id: 'agent-2', name: 'Sibling' }];
    const memory = new MemoryState('agent-1');
    await memory.load();
    memory.edit('block-human', { value: 'Name: Ada Lovelace' });

    expect(await memory.save('block-human')).toBe('needs-confirmation');
    expect(memory.confirmation?.agents).toEqual([{ id: 'agent-2', name: 'Sibling' }]);
    expect(calls.some((c) => c.channel === 'memory:update-block')).toBe(false);

    expect(await memory.confirmSave()).toBe('saved');
    expect(memory.confirmation).toBeNull();
    expect(server.blocks[0]!.value).toBe('Name: Ada Lovelace');
  });

  it('does not overwrite a version the agent wrote while the user was editing, and saves on the second try', async () => {
    const memory = new MemoryState('agent-1');
    await memory.load();
    memory.edit('block-human', { value: 'Name: Ada (typed by hand)' });

    // The agent rewrites the block during a turn; the refresh afterwards keeps the draft.
    server.blocks[0]!.value = 'Name: Ada. Likes tea.';
    await memory.load();
    expect(memory.draft('block-human')?.value).toBe('Name: Ada (typed by hand)');

    expect(await memory.save('block-human')).toBe('conflict');
    expect(server.blocks[0]!.value).toBe('Name: Ada. Likes tea.');
    expect(calls.some((c) => c.channel === 'memory:update-block')).toBe(false);
    expect(memory.blockError('block-human')).toMatch(/changed on the server after you started editing/);
    expect(memory.history('block-human').map((h) => h.value)).toEqual(['Name: Ada', 'Name: Ada. Likes tea.']);
    expect(memory.draft('block-human')?.value).toBe('Name: Ada (typed by hand)');

    // Having seen it, the user saves again on purpose.
    expect(await memory.save('block-human')).toBe('saved');
    expect(server.blocks[0]!.value).toBe('Name: Ada (typed by hand)');
  });

  it('notices a change made elsewhere that no refresh showed', async () => {
    const memory = new MemoryState('agent-1');
    await memory.load();
    memory.edit('block-persona', { value: 'I help with care.' });
    server.blocks[1]!.value = 'I help. (edited in another client)';
    expect(await memory.save('block-persona')).toBe('conflict');
    expect(memory.blocks.find((b) => b.id === 'block-persona')?.value).toBe('I help. (edited in another client)');
    expect(memory.isDirty('block-persona')).toBe(true);
  });

  it('a description edit is not held up by a value the agent changed', async () => {
    const memory = new MemoryState('agent-1');
    await memory.load();
    memory.edit('block-persona', { description: 'Who I am' });
    server.blocks[1]!.value = 'I help, quickly.';
    expect(await memory.save('block-persona')).toBe('saved');
    expect(server.blocks[1]).toMatchObject({ value: 'I help, quickly.', description: 'Who I am' });
  });

  it('reads the prompt template only when asked, and shows a failure in its place', async () => {
    const memory = new MemoryState('agent-1');
    await memory.load();
    expect(calls.some((c) => c.channel === 'memory:get')).toBe(false);
    server.templateError = true;
    await memory.loadPromptTemplate();
    expect(memory.promptTemplate).toMatchObject({ text: null, error: 'Server error (500).' });
    server.templateError = false;
    await memory.loadPromptTemplate();
    expect(memory.promptTemplate).toMatchObject({ text: expect.stringContaining('block.label'), error: null, loading: false });
  });

  it('saves a block only this agent has without asking', async () => {
    const memory = new MemoryState('agent-1');
    await memory.load();
    memory.edit('block-persona', { value: 'I help a lot.' });
    expect(await memory.save('block-persona')).toBe('saved');
    expect(memory.isDirty('block-persona')).toBe(false);
  });

  it('adds a history snapshot for each change (saved or seen on refresh), tied to the step and run', async () => {
    const memory = new MemoryState('agent-1');
    await memory.load();
    expect(memory.history('block-human')).toHaveLength(1);

    memory.edit('block-human', { value: 'Name: Ada. Likes tea.' });
    await memory.save('block-human');
    expect(memory.history('block-human').map((s) => [s.value, s.source])).toEqual([
      ['Name: Ada', 'loaded'],
      ['Name: Ada. Likes tea.', 'you'],
    ]);

    // A refresh with nothing new adds nothing.
    await memory.load();
    expect(memory.history('block-human')).toHaveLength(2);

    // The agent edits the block during a turn.
    server.blocks[0]!.value = 'Name: Ada. Likes tea. Lives in London.';
    server.steps = [{ id: 'step-9', job_id: 'run-3' }];
    await memory.load();
    const last = memory.history('block-human').at(-1)!;
    expect(last).toMatchObject({ value: 'Name: Ada. Likes tea. Lives in London.', source: 'agent', stepId: 'step-9', runId: 'run-3' });
    expect(memory.history('block-persona')).toHaveLength(1);
  });

  it('does not save a read-only block', async () => {
    server.blocks[1]!.read_only = true;
    const memory = new MemoryState('agent-1');
    await memory.load();
    memory.edit('block-persona', { value: 'changed' });
    calls.length = 0;
    expect(await memory.save('block-persona')).toBe('failed');
    expect(calls).toEqual([]);
    expect(memory.blockError('block-persona')).toMatch(/read-only/);
  });

  it('keeps an unsaved edit across a refresh', async () => {
    const memory = new MemoryState('agent-1');
    await memory.load();
    memory.edit('block-persona', { value: 'draft' });
    await memory.load();
    expect(memory.draft('block-persona')?.value).toBe('draft');
    memory.discard('block-persona');
    expect(memory.draft('block-persona')?.value).toBe('I help.');
  });
});
