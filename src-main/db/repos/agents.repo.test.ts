import { beforeEach, describe, expect, it } from 'vitest';
import { createRepos, type CacheRepos } from '../cache.js';
import { openCache } from '../connection.js';

let repos: CacheRepos;
beforeEach(() => {
  repos = createRepos(openCache({ path: ':memory:' }).db);
  repos.profiles.ensure('p1', 'http://localhost:8283');
});

const agent = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  tags: ['travel'],
  updated_at: '2025-01-01T00:00:00',
  memory: { blocks: [] },
  tools: [{ id: 't1', name: 'send_message' }],
  sources: [{ id: 's1', name: 'docs' }],
  llm_config: { model: 'm' },
  ...extra,
});

describe('AgentsRepo', () => {
  it('keeps the whole AgentState, including fields this app does not know', () => {
    const result = repos.agents.upsertMany('p1', [agent('a1', 'Zed', { brand_new_field: { x: 1 } }), agent('a2', 'amy'), { name: 'no id' }, null]);
    expect(result).toEqual({ changed: ['a1', 'a2'], skipped: 2 });
    expect(repos.agents.list('p1').map((a) => a.name)).toEqual(['amy', 'Zed']);
    expect(repos.agents.get('p1', 'a1')?.agent).toMatchObject({ brand_new_field: { x: 1 }, tools: [{ name: 'send_message' }], sources: [{ name: 'docs' }] });
    expect(repos.agents.get('p1', 'a1')?.tags).toEqual(['travel']);
  });

  it('reports only real changes', () => {
    repos.agents.upsertMany('p1', [agent('a1', 'A')]);
    expect(repos.agents.upsertMany('p1', [agent('a1', 'A')]).changed).toEqual([]);
    expect(repos.agents.upsertMany('p1', [agent('a1', 'B')]).changed).toEqual(['a1']);
  });

  it('marks agents the server stopped listing as removed, keeps them readable, and revives them', () => {
    repos.agents.upsertMany('p1', [agent('a1', 'A'), agent('a2', 'B')]);
    expect(repos.agents.markRemovedExcept('p1', ['a1'], 5)).toEqual(['a2']);
    expect(repos.agents.list('p1').map((a) => a.id)).toEqual(['a1']);
    expect(repos.agents.list('p1', { includeRemoved: true }).find((a) => a.id === 'a2')?.removedAt).toBe(5);
    expect(repos.agents.get('p1', 'a2')).not.toBeNull();
    expect(repos.agents.upsertMany('p1', [agent('a2', 'B')]).changed).toEqual(['a2']);
    expect(repos.agents.list('p1').map((a) => a.id)).toEqual(['a1', 'a2']);
  });
});
