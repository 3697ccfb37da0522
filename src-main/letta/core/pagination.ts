/**
 * Async iteration over the cursor-paginated lists. Letta lists take `limit` plus an id as cursor:
 * `after` walks forward (most lists), `before` walks back in time (messages: each page is the
 * most recent `limit` before the cursor, oldest first). Works with any list method, so the
 * resources keep exactly one method per operation.
 */
import { LettaAbortError } from './errors.js';

export interface PageParams {
  limit?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface PaginateOptions {
  /** `after`: oldest→newest from the start; `before`: newest→oldest from the end (messages). */
  direction?: 'after' | 'before';
  pageSize?: number;
  /** Stop after this many items in total. */
  max?: number;
  signal?: AbortSignal;
}

export async function* paginate<T extends { id: string }, P extends PageParams>(
  list: (params: P) => Promise<T[]>,
  params: P = {} as P,
  options: PaginateOptions = {},
): AsyncGenerator<T, void, undefined> {
  const direction = options.direction ?? 'after';
  const pageSize = options.pageSize ?? params.limit ?? 50;
  let cursor: string | null | undefined = direction === 'after' ? params.after : params.before;
  let yielded = 0;
  if (options.max !== undefined && options.max <= 0) return;
  // Ids handed out on earlier pages.
  const seen = new Set<string>();
  for (;;) {
    // Cancelled between pages: the same error a cancelled request gives, so callers check one type.
    if (options.signal?.aborted) throw new LettaAbortError({ method: 'GET', url: '(between pages)', cause: options.signal.reason });
    const page = await list({ ...params, limit: pageSize, [direction]: cursor ?? undefined } as P);
    if (page.length === 0) return;
    // `before` pages come oldest-first; walking back we hand them out newest-first.
    const ordered = direction === 'before' ? [...page].reverse() : page;
    const pageIds = new Set<string>();
    for (const item of ordered) {
      // Several LettaMessages can share one id (reasoning + tool call of one step); they arrive
      // in the same page and are all kept. An id from an earlier page is the server repeating
      // itself (a cursor it ignores or treats as inclusive): skipped, and no progress.
      if (seen.has(item.id)) continue;
      pageIds.add(item.id);
      yield item;
      if (options.max !== undefined && ++yielded >= options.max) return;
    }
    for (const id of pageIds) seen.add(id);
    if (page.length < pageSize || pageIds.size === 0) return;
    const edge = direction === 'before' ? page[0] : page[page.length - 1];
    cursor = edge!.id;
  }
}
