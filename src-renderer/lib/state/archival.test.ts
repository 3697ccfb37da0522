import { beforeEach, describe, expect, it, vi } from 'vitest';

const deleted: string[] = [];
let failIds = new Set<string>();
/** Resolves a pending delete; the test drives them one by one. */
let pending: (() => void)[] = [];

vi.mock('../api', () => ({
  api: {
    archival: {
      list: async () => ['p1', 'p2', 'p3', 'p4'].map((id) => ({ id, text: `text ${id}`, embedding: null, embedding_config: null })),
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
