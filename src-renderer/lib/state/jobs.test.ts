import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../../../src-shared/letta-types';

const calls: { channel: string; args: unknown }[] = [];
const server = { jobs: [] as Job[] };

vi.mock('../api', () => {
  const record = <T>(channel: string, fn: (args: never) => T) => async (args: unknown) => {
    calls.push({ channel, args });
    return fn(args as never);
  };
  return {
    api: {
      jobs: {
        list: record('jobs:list', (a: { activeOnly?: boolean }) =>
          server.jobs.filter((j) => !a.activeOnly || j.status === 'running' || j.status === 'created'),
        ),
        delete: record('jobs:delete', (a: { jobId: string }) => {
          server.jobs = server.jobs.filter((j) => j.id !== a.jobId);
        }),
      },
    },
    asApiError: (e: unknown) => e,
    onEvent: () => () => {},
  };
});

const { JobsState, jobSubject } = await import('./jobs.svelte');

function job(id: string, status: string, created_at: string): Job {
  return { id, status, job_type: 'job', created_at, metadata: { type: 'embedding', filename: `${id}.txt` } };
}

beforeEach(() => {
  calls.length = 0;
  server.jobs = [job('a', 'completed', '2026-12-01T10:00:00'), job('b', 'completed', '2026-12-02T10:00:00')];
});

describe('JobsState', () => {
  it('lists newest first and asks the server for active jobs only when filtered', async () => {
    const jobs = new JobsState();
    await jobs.load();
    expect(jobs.jobs.value.map((j) => j.id)).toEqual(['b', 'a']);
    jobs.setActiveOnly(true);
    await vi.waitFor(() => expect(jobs.jobs.value).toEqual([]));
    expect(calls.at(-1)).toEqual({ channel: 'jobs:list', args: { activeOnly: true } });
  });

  it('keeps refreshing while a job is active, and stops once none is', async () => {
    vi.useFakeTimers();
    try {
      server.jobs = [job('c', 'running', '2026-12-03T10:00:00')];
      const jobs = new JobsState({ refreshMs: 2000 });
      await jobs.load();
      expect(vi.getTimerCount()).toBe(1);
      server.jobs = [job('c', 'completed', '2026-12-03T10:00:00')];
      await vi.advanceTimersByTimeAsync(2000);
      expect(jobs.jobs.value[0]?.status).toBe('completed');
      expect(calls.filter((c) => c.channel === 'jobs:list')).toHaveLength(2);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('deletes a job and closes its details', async () => {
    const jobs = new JobsState();
    await jobs.load();
    jobs.select('a');
    expect(jobs.selected?.id).toBe('a');
    expect(await jobs.remove('a')).toBe(true);
    expect(jobs.selected).toBeNull();
    expect(jobs.jobs.value.map((j) => j.id)).toEqual(['b']);
  });

  it('names an import by its file', () => {
    expect(jobSubject(job('x', 'completed', ''))).toBe('Import of x.txt');
    expect(jobSubject({ metadata: null })).toBe('—');
  });
});
