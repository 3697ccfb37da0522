import { beforeEach, describe, expect, it, vi } from 'vitest';

const deleted: string[] = [];
let failIds = new Set<string>();
/** Resolves a pending delete; the test drives them one by one. */
let pending: (() => void)[] = [];

const listCalls: Record<string, unknown>[] = [];
let pageOverride: ((args: Record<string, unknown>) => { id: string }[]) | null = null;

vi.mock('../api', () => ({
  api: {
    archival: {
      list: async (args: Record<string, unknown>) => {
        listCalls.push(args);
        if (pageOverride) return pageOverride(args).map((p) => ({ ...p, text: `text ${p.id}`, embedding: null, embedding_config: null }));
        return ['p1', 'p2', 'p3', 'p4'].map((id) => ({ id, text: `text ${id}`, embedding: null, embedding_config: null }));
      },
      delete: ({ passageId }: { passageId: string }) =>
        new Promise<void>((resolve, reject) => {
          pending.push(() => {
            if (failIds.has(passageId)) reject(new Error(`passage ${passageId} is locked`));
            else {
              deleted.push(passageId);
              resolve();
            }
          });
        }),
    },
  },
  asApiError: (e: unknown) => e,
  onEvent: () => () => {},
}));

const { ArchivalState } = await import('./archival.svelte');

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

async function next(): Promise<void> {
  while (pending.length === 0) await settle();
  pending.shift()!();
  await settle();
}

beforeEach(() => {
  listCalls.length = 0;
  pageOverride = null;
  deleted.length = 0;
  failIds = new Set();
  pending = [];
});

describe('ArchivalState bulk delete', () => {
  it('reports n of m as it goes, keeps per-item failures and drops only what was deleted', async () => {
    const archival = new ArchivalState('agent-1');
    await archival.load();
    archival.selectAll(true);
    failIds = new Set(['p2']);

    const run = archival.bulkDelete();
    expect(archival.bulk).toMatchObject({ total: 4, done: 0, running: true });
    await next();
    expect(archival.bulk).toMatchObject({ done: 1, deleted: 1 });
    await next();
    expect(archival.bulk?.done).toBe(2);
    expect(archival.bulk?.failures).toEqual([{ passageId: 'p2', message: 'passage p2 is locked' }]);
    await next();
    await next();
    const result = await run;

    expect(result).toMatchObject({ total: 4, done: 4, deleted: 3, running: false, cancelled: false });
    expect(deleted).toEqual(['p1', 'p3', 'p4']);
    expect(archival.passages.map((p) => p.id)).toEqual(['p2']);
    expect([...archival.selected]).toEqual(['p2']);
  });

  it('stops before the next item when cancelled', async () => {
    const archival = new ArchivalState('agent-1');
    await archival.load();
    archival.toggle('p1');
    archival.toggle('p3');
    archival.toggle('p4');

    const run = archival.bulkDelete();
    await next();
    archival.cancelBulk();
    await next();
    const result = await run;

    expect(result).toMatchObject({ total: 3, done: 2, deleted: 2, cancelled: true, running: false });
    expect(pending).toEqual([]);
    expect(deleted).toEqual(['p1', 'p3']);
    expect(archival.passages.map((p) => p.id)).toEqual(['p2', 'p4']);
  });
});

describe('ArchivalState paging and search', () => {
  it('pages with the last passage as cursor while pages come back full, and searches from the first page', async () => {
    const all = Array.from({ length: 120 }, (_, i) => ({ id: `p${i}` }));
    pageOverride = (args) => {
      const start = args.after ? all.findIndex((p) => p.id === args.after) + 1 : 0;
      return all.slice(start, start + (args.limit as number));
    };
    const archival = new ArchivalState('agent-1');
    await archival.load();
    expect(archival.passages).toHaveLength(50);
    expect(archival.hasMore).toBe(true);
    await archival.loadMore();
    await archival.loadMore();
    expect(archival.passages).toHaveLength(120);
    expect(archival.hasMore).toBe(false);
    expect(listCalls.map((c) => c.after)).toEqual([undefined, 'p49', 'p99']);

    archival.toggle('p3');
    await archival.setSearch('  moons ');
    expect(listCalls.at(-1)).toEqual({ agentId: 'agent-1', limit: 50, search: 'moons' });
    expect(archival.selected.size).toBe(0);
  });
});
