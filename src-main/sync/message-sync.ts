/**
 * Incremental message sync of one agent, resumable after a crash at any point.
 *
 * The list endpoint returns the most recent `limit` messages between two ids, oldest first, so
 * the walk always goes from new to old:
 *   1. catch-up: the newest page after `head`; if it is full there is a hole between `head`
 *      and that page, filled page by page with `before = gapBefore, after = head`;
 *   2. backfill: older history below `tail` until the server has nothing older.
 * Each page's rows are committed together with the cursor that points past them (see
 * MessageCursorsRepo), so a crash, a cancel or a failed page leaves a cursor that only claims
 * committed rows and the next run continues from there. Pages are grouped into one commit up to
 * `commitRows` rows or `commitMs` of fetching: a commit per network page costs a sync most of
 * its time in index writes, while a bounded group keeps each write short.
 */
import type { CacheRepos } from '../db/cache.js';
import type { MessageCursor } from '../db/repos/message-cursors.repo.js';
import type { MessageListQuery } from './ports.js';

export interface MessageSyncContext {
  profileId: string;
  repos: CacheRepos;
  /** One page from the server; the caller binds cancellation and reachability tracking. */
  listMessages: (agentId: string, query: MessageListQuery) => Promise<readonly unknown[]>;
  pageSize: number;
  commitRows: number;
  commitMs: number;
  signal: AbortSignal | undefined;
  now: () => number;
  /** After each commit: the rows are durable; tell the app. */
  onCommit: (agentId: string, info: { fetched: number; changed: boolean }) => void;
}

export interface MessageSyncResult {
  fetched: number;
  inserted: number;
  updated: number;
  skipped: number;
}

function idOf(message: unknown): string | null {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : null;
}

function firstId(page: readonly unknown[]): string | null {
  for (const m of page) {
    const id = idOf(m);
    if (id !== null) return id;
  }
  return null;
}

function lastId(page: readonly unknown[]): string | null {
  for (let i = page.length - 1; i >= 0; i--) {
    const id = idOf(page[i]);
    if (id !== null) return id;
  }
  return null;
}

/**
 * The server counts `limit` in stored messages, each of which may come back as several parts
 * with one id; a page is the last one when it holds fewer distinct ids than asked for. Also
 * requiring fewer entries than `limit` keeps this right for a server that counts parts instead.
 */
function isLastPage(page: readonly unknown[], limit: number): boolean {
  if (page.length >= limit) return false;
  const ids = new Set<string>();
  for (const m of page) {
    const id = idOf(m);
    if (id !== null) ids.add(id);
  }
  return ids.size < limit;
}

class PendingCommit {
  private pages: (readonly unknown[])[] = [];
  private rows = 0;
  private cursor: MessageCursor | null = null;
  private startedAt = 0;
  fetched = 0;
  readonly result: MessageSyncResult = { fetched: 0, inserted: 0, updated: 0, skipped: 0 };

  constructor(
    private readonly ctx: MessageSyncContext,
    private readonly agentId: string,
  ) {}

  add(page: readonly unknown[], cursor: MessageCursor): void {
    if (this.pages.length === 0 && this.cursor === null) this.startedAt = this.ctx.now();
    if (page.length > 0) this.pages.push(page);
    this.rows += page.length;
    this.fetched += page.length;
    this.cursor = { ...cursor, syncedAt: this.ctx.now() };
    if (this.rows >= this.ctx.commitRows || this.ctx.now() - this.startedAt >= this.ctx.commitMs) this.flush();
  }

  flush(): void {
    const cursor = this.cursor;
    if (cursor === null) return;
    const { repos, profileId } = this.ctx;
    const pages = this.pages;
    let changed = false;
    repos.transaction(() => {
      for (const page of pages) {
        const r = repos.messages.upsert(profileId, this.agentId, page, this.ctx.now());
        this.result.inserted += r.inserted;
        this.result.updated += r.updated;
        this.result.skipped += r.skipped;
        if (r.inserted + r.updated > 0) changed = true;
      }
      repos.cursors.save(profileId, this.agentId, cursor);
    });
    this.result.fetched = this.fetched;
    this.pages = [];
    this.rows = 0;
    this.cursor = null;
    this.ctx.onCommit(this.agentId, { fetched: this.fetched, changed });
  }
}

/** Thrown when the server no longer knows the cursor's message (history reset or deleted). */
function isStaleCursorError(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return status === 400 || status === 404 || status === 422;
}

/**
 * `full` walks the whole history again from the newest message (idempotent: unchanged rows are
 * skipped, edited ones updated); otherwise only what is new, plus any history not yet fetched.
 */
export async function syncAgentMessages(
  ctx: MessageSyncContext,
  agentId: string,
  options: { full?: boolean } = {},
): Promise<MessageSyncResult> {
  const stored = ctx.repos.cursors.get(ctx.profileId, agentId);
  const start: MessageCursor = options.full
    ? { headId: null, tailId: null, historyComplete: false, gapTopId: null, gapBeforeId: null, syncedAt: stored.syncedAt }
    : stored;
  try {
    return await walk(ctx, agentId, start);
  } catch (err) {
    if (options.full || stored.headId === null || !isStaleCursorError(err)) throw err;
    // The server rejects our cursor: its history was reset under us. Start over from the top;
    // what the cache already holds stays (it was acknowledged) and is deduplicated by key.
    return walk(ctx, agentId, { ...start, headId: null, tailId: null, historyComplete: false, gapTopId: null, gapBeforeId: null });
  }
}

async function walk(ctx: MessageSyncContext, agentId: string, start: MessageCursor): Promise<MessageSyncResult> {
  const limit = ctx.pageSize;
  const pending = new PendingCommit(ctx, agentId);
  const cursor: MessageCursor = { ...start };
  const fetch = async (query: { before?: string; after?: string }): Promise<readonly unknown[]> => {
    ctx.signal?.throwIfAborted();
    return ctx.listMessages(agentId, { ...query, limit });
  };

  try {
    if (cursor.gapBeforeId === null) {
      const page = await fetch(cursor.headId === null ? {} : { after: cursor.headId });
      const newest = lastId(page);
      const oldest = firstId(page);
      if (newest === null || oldest === null) {
        // Nothing new; with no head this agent has no history at all.
        if (cursor.headId === null) cursor.historyComplete = true;
      } else if (cursor.headId === null) {
        cursor.headId = newest;
        cursor.tailId = oldest;
        cursor.historyComplete = isLastPage(page, limit);
      } else if (isLastPage(page, limit)) {
        cursor.headId = newest;
      } else {
        cursor.gapTopId = newest;
        cursor.gapBeforeId = oldest;
      }
      pending.add(page, cursor);
    }

    while (cursor.gapBeforeId !== null && cursor.headId !== null) {
      const page = await fetch({ before: cursor.gapBeforeId, after: cursor.headId });
      const oldest = firstId(page);
      if (oldest === null || isLastPage(page, limit)) {
        cursor.headId = cursor.gapTopId ?? cursor.headId;
        cursor.gapTopId = null;
        cursor.gapBeforeId = null;
      } else {
        cursor.gapBeforeId = oldest;
      }
      pending.add(page, cursor);
    }

    while (!cursor.historyComplete && cursor.tailId !== null) {
      const page = await fetch({ before: cursor.tailId });
      const oldest = firstId(page);
      if (oldest !== null) cursor.tailId = oldest;
      cursor.historyComplete = oldest === null || isLastPage(page, limit);
      pending.add(page, cursor);
    }
  } finally {
    // Whatever was fetched before a failure, a cancel or the end is valid with its cursor.
    // If this commit itself fails, that error is the one worth seeing.
    pending.flush();
  }
  pending.result.fetched = pending.fetched;
  return pending.result;
}
