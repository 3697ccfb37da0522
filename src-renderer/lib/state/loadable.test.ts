import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { Loadable, Mutation, reloadCounted } from './loadable.svelte';

describe('Loadable', () => {
  it('keeps the last value when a reload fails, and reports the error', async () => {
    let fail = false;
    const list = new Loadable(async () => {
      if (fail) throw new ApiError({ code: 'unreachable', message: 'Server down' });
      return ['a'];
    }, [] as string[]);
    expect(list.loadedOnce).toBe(false);
    await list.load();
    expect(list.value).toEqual(['a']);
    fail = true;
    await list.load();
    expect(list.value).toEqual(['a']);
    expect(list.error?.message).toBe('Server down');
    expect(list.loadedOnce).toBe(true);
  });

  it('drops an answer that arrives after a newer load started', async () => {
    const resolvers: ((v: string) => void)[] = [];
    const item = new Loadable(() => new Promise<string>((r) => resolvers.push(r)), '');
    const first = item.load();
    const second = item.load();
    resolvers[1]!('new');
    await second;
    resolvers[0]!('old');
    await first;
    expect(item.value).toBe('new');
  });
});

describe('Mutation', () => {
  it('shows what runs and keeps the failure', async () => {
    const m = new Mutation();
    const pending = m.run('saving', async () => {
      throw new ApiError({ code: 'rejected', message: 'Name taken' });
    });
    expect(m.running).toBe('saving');
    expect(await pending).toBeUndefined();
    expect(m.running).toBeNull();
    expect(m.error?.code).toBe('rejected');
  });
});

describe('reloadCounted', () => {
  it('asks for the total only when the list grew or shrank (or was never counted)', async () => {
    let items = ['a', 'b'];
    const count = vi.fn(async () => items.length + 100);
    const list = new Loadable(async () => [...items], [] as string[]);
    const total = new Loadable<number | null>(count, null);
    await reloadCounted(list, total);
    expect(count).toHaveBeenCalledTimes(1);
    await reloadCounted(list, total);
    expect(count).toHaveBeenCalledTimes(1);
    items = ['a', 'b', 'c'];
    await reloadCounted(list, total);
    expect(count).toHaveBeenCalledTimes(2);
    expect(total.value).toBe(103);
  });
});
