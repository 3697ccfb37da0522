import { describe, expect, it, vi } from 'vitest';

vi.mock('../api', () => ({ api: {}, asApiError: (e: unknown) => e, onEvent: () => () => {} }));
const { formatDuration, isActive, runDuration } = await import('./runs.svelte');

describe('run durations', () => {
  it('measures created → completed, and created → now while the run is active', () => {
    const created_at = '2026-01-01T10:00:00Z';
    expect(runDuration({ created_at, completed_at: '2026-01-01T10:00:02.500Z', status: 'completed' })).toBe(2500);
    expect(runDuration({ created_at, completed_at: null, status: 'running' }, Date.parse('2026-01-01T10:01:00Z'))).toBe(60_000);
    expect(runDuration({ created_at, completed_at: null, status: 'failed' })).toBeNull();
    expect(runDuration({ created_at: null, completed_at: null, status: 'created' })).toBeNull();
  });

  it('formats them for people', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(640)).toBe('640 ms');
    expect(formatDuration(2500)).toBe('2.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });

  it('knows which statuses are still going', () => {
    expect(['created', 'running', 'pending', 'not_started'].every((status) => isActive({ status }))).toBe(true);
    expect(['completed', 'failed', 'cancelled', 'expired'].some((status) => isActive({ status }))).toBe(false);
  });
});
