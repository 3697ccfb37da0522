import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LettaAbortError } from './errors.js';
import { LettaHttp } from './http.js';
import { ROUTES } from './routes.js';
import { paginate, type PageParams, type PaginateOptions } from './pagination.js';
import { json, startTestServer, type TestServer } from '../../../test/fixtures/sse-server.js';

interface Item {
  id: string;
  n: number;
  message_type?: string;
}

/** `count` items with ids m01…, in creation order; `shared` makes pairs share one id (reasoning + tool call). */
function dataset(count: number, shared = false): Item[] {
  return Array.from({ length: count }, (_, i) => {
    const idNum = shared ? Math.floor(i / 2) + 1 : i + 1;
    const item: Item = { id: `message-${String(idNum).padStart(3, '0')}`, n: i + 1 };
    if (shared) item.message_type = i % 2 === 0 ? 'reasoning_message' : 'tool_call_message';
    return item;
  });
}

type Quirk = 'none' | 'ignores-cursor' | 'inclusive-cursor';

/**
 * Serves `data` the way Letta's list endpoints do: `after` → the next `limit` items after the
 * cursor, oldest first; `before` → the `limit` items just before it, still oldest first; no
 * cursor with `before` paging → the most recent `limit`. Cursors compare by id, so all items
 * sharing an id sit on the same side of it.
 */
function serve(data: Item[], quirk: Quirk = 'none'): void {
  srv.handle((req, res, rec) => {
    const limit = Number(rec.query.get('limit') ?? 50);
    const after = quirk === 'ignores-cursor' ? null : rec.query.get('after');
    const before = quirk === 'ignores-cursor' ? null : rec.query.get('before');
    const incl = quirk === 'inclusive-cursor';
    let page: Item[];
    if (before) {
      const older = data.filter((d) => (incl ? d.id <= before : d.id < before));
      page = older.slice(Math.max(0, older.length - limit));
    } else if (after) {
      page = data.filter((d) => (incl ? d.id >= after : d.id > after)).slice(0, limit);
    } else if (rec.query.get('order') === 'desc') {
      page = data.slice(Math.max(0, data.length - limit));
    } else {
      page = data.slice(0, limit);
    }
    void req;
    json(res, 200, page);
  });
}

let srv: TestServer;
let http: LettaHttp;
let base: number;
beforeAll(async () => {
  srv = await startTestServer();
  http = new LettaHttp({ baseUrl: srv.url });
});
afterAll(() => srv.close());
beforeEach(() => {
  base = srv.requests.length;
});
const sent = () => srv.requests.slice(base).map((r) => Object.fromEntries(r.query));

interface ListParams extends PageParams {
  order?: 'asc' | 'desc';
}
const listMessages = (p: ListParams) =>
  http.request<Item[]>(ROUTES.list_messages, { path: { agent_id: 'agent-1' }, query: p as Record<string, string | number> });

async function all(params: ListParams, options: PaginateOptions): Promise<Item[]> {
  const out: Item[] = [];
  for await (const item of paginate(listMessages, params, options)) out.push(item);
  return out;
}
const ns = (items: Item[]) => items.map((i) => i.n);
const range = (from: number, to: number) => Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => (from <= to ? from + i : from - i));

describe('paginate', () => {
  it('walks forward with `after`, one request per page, stopping on the short last page', async () => {
    serve(dataset(23));
    expect(ns(await all({}, { pageSize: 5 }))).toEqual(range(1, 23));
    expect(sent()).toEqual([
      { limit: '5' },
      { limit: '5', after: 'message-005' },
      { limit: '5', after: 'message-010' },
      { limit: '5', after: 'message-015' },
      { limit: '5', after: 'message-020' },
    ]);
  });

  it('an exact multiple of the page size ends on the empty page', async () => {
    serve(dataset(10));
    expect(ns(await all({}, { pageSize: 5 }))).toEqual(range(1, 10));
    expect(sent()).toHaveLength(3);
  });

  it('starts from a given `after` cursor and takes the page size from params.limit', async () => {
    serve(dataset(12));
    expect(ns(await all({ after: 'message-004', limit: 3 }, {}))).toEqual(range(5, 12));
    expect(sent()[0]).toEqual({ limit: '3', after: 'message-004' });
  });

  it('walks back with `before` (messages): each page arrives oldest-first, items come newest-first', async () => {
    serve(dataset(23));
    const items = await all({ order: 'desc' }, { direction: 'before', pageSize: 5 });
    expect(ns(items)).toEqual(range(23, 1));
    expect(sent().map((q) => q.before)).toEqual([undefined, 'message-019', 'message-014', 'message-009', 'message-004']);
  });

  it('`before` from a given cursor', async () => {
    serve(dataset(30));
    const items = await all({ before: 'message-011' }, { direction: 'before', pageSize: 4 });
    expect(ns(items)).toEqual(range(10, 1));
  });

  it('`max` stops early and does not fetch pages it does not need', async () => {
    serve(dataset(50));
    expect(ns(await all({}, { pageSize: 5, max: 7 }))).toEqual(range(1, 7));
    expect(sent()).toHaveLength(2);
  });

  it('`max: 0` yields nothing and sends nothing', async () => {
    serve(dataset(50));
    expect(await all({}, { pageSize: 5, max: 0 })).toEqual([]);
    expect(sent()).toHaveLength(0);
  });

  it('an empty list is one request and no items', async () => {
    serve([]);
    expect(await all({}, {})).toEqual([]);
    expect(sent()).toEqual([{ limit: '50' }]);
  });

  it('items sharing an id (one step’s reasoning + tool call) are all kept, in order', async () => {
    const data = dataset(20, true); // 10 ids, 2 items each
    serve(data);
    const items = await all({}, { pageSize: 4 });
    expect(items).toEqual(data);
  });

  it('a server that ignores the cursor does not loop forever nor repeat its page', async () => {
    serve(dataset(20), 'ignores-cursor');
    const items = await all({}, { pageSize: 5 });
    expect(ns(items)).toEqual(range(1, 5));
    expect(sent()).toHaveLength(2);
  });

  it('a page made only of one shared id, answered again and again, ends the walk', async () => {
    const same = Array.from({ length: 4 }, (_, i) => ({ id: 'message-001', n: i + 1 }));
    srv.handle((_req, res) => json(res, 200, same));
    const items = await all({}, { pageSize: 4 });
    expect(ns(items)).toEqual([1, 2, 3, 4]);
    expect(sent()).toHaveLength(2);
  });

  it('an inclusive cursor (the cursor item answered again) yields every item exactly once', async () => {
    serve(dataset(23), 'inclusive-cursor');
    expect(ns(await all({}, { pageSize: 5 }))).toEqual(range(1, 23));
    serve(dataset(23), 'inclusive-cursor');
    expect(ns(await all({ order: 'desc' }, { direction: 'before', pageSize: 5 }))).toEqual(range(23, 1));
  });

  it('stops between pages once the signal is aborted', async () => {
    serve(dataset(50));
    const ac = new AbortController();
    const got: Item[] = [];
    await expect(
      (async () => {
        for await (const item of paginate(listMessages, {}, { pageSize: 5, signal: ac.signal })) {
          got.push(item);
          if (item.n === 5) ac.abort();
        }
      })(),
    ).rejects.toBeInstanceOf(LettaAbortError);
    expect(ns(got)).toEqual(range(1, 5));
    expect(sent()).toHaveLength(1);
  });
});
