import { beforeEach, describe, expect, it } from 'vitest';
import { createRepos, type CacheRepos } from '../cache.js';
import { openCache } from '../connection.js';

let repos: CacheRepos;
beforeEach(() => {
  repos = createRepos(openCache({ path: ':memory:' }).db);
  repos.profiles.ensure('p1', 'http://localhost:8283');
});

const block = (id: string, label: string, value: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  label,
  value,
  limit: 5000,
  description: null,
  read_only: false,
  metadata: {},
  ...extra,
});

describe('BlocksRepo', () => {
  it('links an agent to exactly its current blocks', () => {
    repos.blocks.upsertMany('p1', [block('b1', 'human', 'Ada'), block('b2', 'persona', 'Sam')], { agentId: 'a1' });
    expect(repos.blocks.listForAgent('p1', 'a1').map((b) => b.id)).toEqual(['b1', 'b2']);
    repos.blocks.upsertMany('p1', [block('b2', 'persona', 'Sam')], { agentId: 'a1' });
    expect(repos.blocks.listForAgent('p1', 'a1').map((b) => b.id)).toEqual(['b2']);
    expect(repos.blocks.get('p1', 'b1')?.value).toBe('Ada');
  });

  it('snapshots a value each time it changes, with its cause when known, newest first', () => {
    repos.blocks.upsertMany('p1', [block('b1', 'human', 'v1')], { agentId: 'a1', now: 10 });
    repos.blocks.upsertMany('p1', [block('b1', 'human', 'v1', { limit: 9000 })], { agentId: 'a1', now: 20 });
    repos.blocks.upsertMany('p1', [block('b1', 'human', 'v2')], {
      agentId: 'a1',
      now: 30,
      causeOf: ({ previousObservedAt, label }) => ({ agentId: 'a1', stepId: `step-for-${label}-after-${previousObservedAt}`, changedAt: 25 }),
    });
    repos.blocks.upsertMany('p1', [block('b1', 'human', 'v3')], { agentId: 'a1', now: 40 });
    repos.steps.upsertMany('p1', [{ id: 'step-for-human-after-10', job_id: 'run-7' }]);

    const { snapshots, next } = repos.blocks.history('p1', 'b1');
    expect(next).toBeNull();
    expect(snapshots.map((s) => [s.value, s.observedAt, s.changedAt, s.stepId, s.runId])).toEqual([
      ['v3', 40, null, null, null],
      ['v2', 30, 25, 'step-for-human-after-10', 'run-7'],
      ['v1', 10, null, null, null],
    ]);
  });

  it('pages history by sequence', () => {
    for (let i = 0; i < 7; i++) repos.blocks.upsertMany('p1', [block('b1', 'human', `v${i}`)], { now: i });
    const first = repos.blocks.history('p1', 'b1', { limit: 3 });
    expect(first.snapshots.map((s) => s.value)).toEqual(['v6', 'v5', 'v4']);
    const second = repos.blocks.history('p1', 'b1', { limit: 3, before: first.next! });
    expect(second.snapshots.map((s) => s.value)).toEqual(['v3', 'v2', 'v1']);
  });

  it('keeps the global list apart from blocks only seen on agents', () => {
    repos.blocks.upsertMany('p1', [block('b1', 'human', 'x')], { agentId: 'a1' });
    repos.blocks.upsertMany('p1', [block('g1', 'org', 'y')], { listed: true });
    expect(repos.blocks.list('p1', { listedOnly: true }).map((b) => b.id)).toEqual(['g1']);
    expect(repos.blocks.list('p1').map((b) => b.id)).toEqual(['b1', 'g1']);
  });

  it('stores a value of the wrong type as JSON text rather than failing', () => {
    expect(repos.blocks.upsertMany('p1', [block('b1', 'human', { nested: true }), { label: 'no id' }])).toMatchObject({ skipped: 1 });
    expect(repos.blocks.get('p1', 'b1')?.value).toBe('{"nested":true}');
  });
});
