import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: { channel: string; args: unknown }[] = [];

vi.mock('../api', () => {
  const record = <T>(channel: string, fn: (args: never) => T) => async (args: unknown) => {
    calls.push({ channel, args });
    return fn(args as never);
  };
  return {
    api: {
      tags: { list: record('tags:list', () => ['alpha', 'beta']) },
      agents: { list: record('agents:list', () => [{ id: 'agent-1', name: 'Tagged', tags: ['alpha'] }]) },
    },
    asApiError: (e: unknown) => e,
    onEvent: () => () => {},
  };
});

const { TagsState } = await import('./tags.svelte');

beforeEach(() => {
  calls.length = 0;
});

describe('TagsState', () => {
  it('searches tags with the server\'s query_text', async () => {
    const state = new TagsState();
    state.setQuery(' al ');
    await vi.waitFor(() => expect(calls.at(-1)).toEqual({ channel: 'tags:list', args: { limit: 1000, query_text: 'al' } }));
  });

  it('asks for a tag\'s agents with match_all_tags, which the server needs to filter at all', async () => {
    const state = new TagsState();
    state.select('alpha');
    await vi.waitFor(() => expect(state.agents.value.map((a) => a.name)).toEqual(['Tagged']));
    expect(calls.at(-1)).toEqual({ channel: 'agents:list', args: { tags: ['alpha'], match_all_tags: true, limit: 1000 } });
    state.select(null);
    expect(state.agents.value).toEqual([]);
  });
});
