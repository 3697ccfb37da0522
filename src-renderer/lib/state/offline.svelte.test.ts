import { describe, expect, it, vi } from 'vitest';
import type { CacheStatus } from '../../../src-shared/cache-types';
import { OfflineState, type OfflineDeps } from './offline.svelte';

const status = (reachability: 'online' | 'offline'): CacheStatus => ({
  profileId: 'p',
  path: '/tmp/cache.sqlite',
  sizeBytes: 1,
  counts: { agents: 1, messages: 2, blocks: 0 },
  agents: [],
  connectivity: { reachability, since: null, lastSyncAt: '2025-01-01T10:00:00.000Z', reason: null, syncing: false, nextAttemptAt: null },
  notice: null,
});

describe('OfflineState', () => {
  it('reports first paint after a frame and follows connection changes', async () => {
    let current = status('online');
    const listeners: (() => void)[] = [];
    const frames: (() => void)[] = [];
    const firstPaint = vi.fn(async () => undefined);
    const deps: OfflineDeps = {
      cache: { getStatus: vi.fn(async () => current) as never },
      sync: { firstPaint: firstPaint as never, now: vi.fn(async () => undefined) as never },
      onEvent: ((_: string, listener: () => void) => {
        listeners.push(listener);
        return () => undefined;
      }) as never,
      frame: (cb) => frames.push(cb),
    };
    const state = new OfflineState(deps);
    state.start();
    expect(firstPaint).not.toHaveBeenCalled();
    frames.splice(0).forEach((f) => f());
    expect(firstPaint).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(state.status).not.toBeNull());
    expect(state.offline).toBe(false);

    current = status('offline');
    listeners.forEach((l) => l());
    await vi.waitFor(() => expect(state.offline).toBe(true));
    expect(state.lastSyncAt).toBe('2025-01-01T10:00:00.000Z');
  });
});
