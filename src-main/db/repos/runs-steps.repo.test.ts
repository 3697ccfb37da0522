import { beforeEach, describe, expect, it } from 'vitest';
import { createRepos, type CacheRepos } from '../cache.js';
import { openCache } from '../connection.js';

let repos: CacheRepos;
beforeEach(() => {
  repos = createRepos(openCache({ path: ':memory:' }).db);
  repos.profiles.ensure('p1', 'http://localhost:8283');
});

const run = (id: string, minute: number, agentId: string, status = 'completed') => ({
  id,
  status,
  created_at: new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString().replace('Z', ''),
  completed_at: null,
  metadata: { agent_id: agentId },
  job_type: 'run',
});

describe('RunsRepo', () => {
  it('lists runs newest first, per agent, by keyset pages', () => {
    const runs = Array.from({ length: 25 }, (_, i) => run(`run-${i}`, i, i % 2 === 0 ? 'a' : 'b'));
    repos.runs.upsertMany('p1', runs);
    const ids: string[] = [];
    let page = repos.runs.list('p1', { limit: 10 });
    for (;;) {
      ids.push(...page.runs.map((r) => r.id));
      if (page.next === null) break;
      page = repos.runs.list('p1', { limit: 10, before: page.next });
    }
    expect(ids).toEqual(runs.map((r) => r.id).reverse());
    expect(repos.runs.list('p1', { agentId: 'b', limit: 3 }).runs.map((r) => r.id)).toEqual(['run-23', 'run-21', 'run-19']);
    expect(repos.runs.get('p1', 'run-3')).toMatchObject({ agentId: 'b', status: 'completed', createdAt: '2025-01-01T00:03:00.000Z' });
  });

  it('asks for the steps of a run again when its status changes', () => {
    repos.runs.upsertMany('p1', [run('r1', 1, 'a', 'running')]);
    repos.runs.saveStepCursor('p1', 'r1', 'step-2', true);
    expect(repos.runs.pendingStepSync('p1')).toEqual([]);
    repos.runs.upsertMany('p1', [run('r1', 1, 'a', 'completed')]);
    expect(repos.runs.pendingStepSync('p1')).toEqual([{ runId: 'r1', status: 'completed', stepsAfter: 'step-2' }]);
  });
});

describe('StepsRepo', () => {
  it('keeps token usage per step, sums it per run, and stores provider traces', () => {
    repos.steps.upsertMany(
      'p1',
      [
        { id: 's1', job_id: 'r1', agent_id: 'a', model: 'gpt', prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, messages: [] },
        { id: 's2', agent_id: 'a', model: 'gpt', prompt_tokens: 50, completion_tokens: 5, total_tokens: 55, completion_tokens_details: { reasoning_tokens: 3 } },
        { id: 's3', run_id: 'r1', prompt_tokens: 'lots' },
        { no: 'id' },
      ],
      'r1',
    );
    expect(repos.steps.listForRun('p1', 'r1').map((s) => [s.id, s.totalTokens])).toEqual([
      ['s1', 120],
      ['s2', 55],
      ['s3', null],
    ]);
    expect(repos.steps.usageForRun('p1', 'r1')).toEqual({ steps: 3, promptTokens: 150, completionTokens: 25, totalTokens: 175 });
    expect(repos.steps.get('p1', 's2')?.step).toMatchObject({ completion_tokens_details: { reasoning_tokens: 3 } });

    expect(repos.steps.getTrace('p1', 's1')).toBeNull();
    repos.steps.saveTrace('p1', 's1', { id: 't', step_id: 's1', request_json: { messages: [] }, response_json: { choices: [] } }, 42);
    expect(repos.steps.getTrace('p1', 's1')).toEqual({ stepId: 's1', trace: expect.objectContaining({ request_json: { messages: [] } }), fetchedAt: 42 });
  });
});
