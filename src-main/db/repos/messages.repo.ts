/**
 * Messages of every type, per agent, in the order they happened.
 *
 * A message's `position` is `date_ms * 1024 + n`: the millisecond it happened and a tiebreak
 * for messages of the same millisecond (the parts the server expands one message into share a
 * date, and keep the order they arrived in). Because the position is the table's integer key,
 * a history page is a keyset walk down `(agent, position)` and newest-first search is the FTS
 * index read backwards, with nothing to sort. Positions are opaque to callers: pass back the
 * one a page or a search hit gave you.
 */
import type Database from 'better-sqlite3';
import { hashId, rowBody, toMessageRows, type MessageRow } from '../message-row.js';
import type { Scope } from './scope.js';

type Db = Database.Database;

const SLOTS_PER_MS = 1024;
/** Beyond this a position would not be a safe JS integer (the year 2248). */
const MAX_DATE_MS = Math.floor(Number.MAX_SAFE_INTEGER / SLOTS_PER_MS) - 2;

export function slotBase(dateMs: number): number {
  const clamped = Number.isFinite(dateMs) ? Math.min(Math.max(Math.floor(dateMs), 0), MAX_DATE_MS) : 0;
  return clamped * SLOTS_PER_MS;
}

export interface CachedMessage {
  /** Where the message sits in its conversation; pass it back as a page cursor. */
  position: number;
  id: string;
  /** The server's `message_type` (`unknown` when it sent none). */
  kind: string;
  /** ISO time, as the cache ordered it. */
  date: string;
  /** The server's message exactly as received, including fields this app does not know. */
  message: unknown;
}

export interface MessagePage {
  /** Oldest first, as a conversation reads. */
  messages: CachedMessage[];
  /** Cursor for the page before this one, or null at the start of the cached history. */
  older: number | null;
  /** Cursor for the page after this one; null when the page is known to end at the newest message. */
  newer: number | null;
}

export interface PageQuery {
  /** Messages strictly before this position (older). */
  before?: number;
  /** Messages strictly after this position (newer). Ignored when `before` is given. */
  after?: number;
  /** At most 200; default 50. */
  limit?: number;
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Entries that were not objects and so had nothing to store. */
  skipped: number;
}

/** A memory tool call found in the history, to say which step changed a block. */
export interface MemoryEdit {
  stepId: string | null;
  dateMs: number;
}

interface ExistingRow {
  pos: number;
  same: number;
  /** Only when the JSON differs: what the index holds for this row. */
  body: string | null;
}

interface PageRow {
  pos: number;
  id: string;
  kind: string;
  date_ms: number;
  json: string;
}

function toCached(row: PageRow): CachedMessage {
  return {
    position: row.pos,
    id: row.id,
    kind: row.kind,
    date: new Date(row.date_ms).toISOString(),
    message: JSON.parse(row.json) as unknown,
  };
}

const MAX_PAGE = 200;

export class MessagesRepo {
  private readonly scope: Scope;
  private readonly findStmt;
  private readonly lastInSlotStmt;
  private readonly insertStmt;
  private readonly indexStmt;
  private readonly unindexStmt;
  private readonly updateJsonStmt;
  private readonly updateBodyStmt;
  private readonly deleteStmt;
  private readonly newestStmt;
  private readonly beforeStmt;
  private readonly afterStmt;
  private readonly byIdStmt;
  private readonly countStmt;
  private readonly memoryEditsStmt;

  constructor(db: Db, scope: Scope) {
    this.scope = scope;
    this.findStmt = db.prepare<[string, string, number, number, string, string, string], ExistingRow>(
      `SELECT pos, json = ? AS same, CASE WHEN json = ? THEN NULL ELSE body END AS body
       FROM messages
       WHERE agent_pk = ? AND id_hash = ? AND id = ? AND kind = ? AND part = ?`,
    );
    this.lastInSlotStmt = db.prepare<[number, number], { pos: number | null }>(
      'SELECT max(pos) AS pos FROM messages WHERE pos BETWEEN ? AND ?',
    );
    this.insertStmt = db.prepare<[number, number, number, string, number, string, string, number, string | null, string, string]>(
      `INSERT INTO messages (pos, profile_pk, agent_pk, id, id_hash, kind, part, date_ms, step_id, body, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // The search index is written here rather than by triggers (see migration 002); a change
    // outside the text leaves the index alone.
    this.indexStmt = db.prepare<[number, string]>('INSERT INTO message_fts (rowid, body) VALUES (?, ?)');
    this.unindexStmt = db.prepare<[number, string]>(
      `INSERT INTO message_fts (message_fts, rowid, body) VALUES ('delete', ?, ?)`,
    );
    this.updateJsonStmt = db.prepare<[string, string | null, number]>('UPDATE messages SET json = ?, step_id = ? WHERE pos = ?');
    this.updateBodyStmt = db.prepare<[string, string, string | null, number]>(
      'UPDATE messages SET json = ?, body = ?, step_id = ? WHERE pos = ?',
    );
    this.deleteStmt = db.prepare<[number]>('DELETE FROM messages WHERE pos = ?');
    const cols = 'SELECT pos, id, kind, date_ms, json FROM messages';
    this.newestStmt = db.prepare<[number, number], PageRow>(`${cols} WHERE agent_pk = ? ORDER BY pos DESC LIMIT ?`);
    this.beforeStmt = db.prepare<[number, number, number], PageRow>(
      `${cols} WHERE agent_pk = ? AND pos < ? ORDER BY pos DESC LIMIT ?`,
    );
    this.afterStmt = db.prepare<[number, number, number], PageRow>(`${cols} WHERE agent_pk = ? AND pos > ? ORDER BY pos ASC LIMIT ?`);
    this.byIdStmt = db.prepare<[number, number, string], PageRow>(`${cols} WHERE agent_pk = ? AND id_hash = ? AND id = ? ORDER BY pos`);
    this.countStmt = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM messages WHERE agent_pk = ?');
    // Bounded to the newest few hundred rows since the last snapshot: this runs once per changed
    // block, and a memory edit is always near the end of what was just synced.
    this.memoryEditsStmt = db.prepare<[number, number], { step_id: string | null; date_ms: number; json: string }>(
      `SELECT step_id, date_ms, json FROM (
         SELECT kind, step_id, date_ms, json FROM messages
         WHERE agent_pk = ? AND pos >= ? ORDER BY pos DESC LIMIT 500
       ) WHERE kind = 'tool_call_message'`,
    );
  }

  /**
   * Insert new messages, update changed ones, skip identical ones: the same page stored twice
   * leaves the cache as it was. Call inside the caller's transaction when a cursor must move
   * with the rows; on its own this is not atomic across pages.
   */
  upsert(profileId: string, agentId: string, messages: readonly unknown[], now = Date.now()): UpsertResult {
    const profilePk = this.scope.requireProfilePk(profileId);
    const agentPk = this.scope.ensureAgentPk(profilePk, agentId);
    const { rows, skipped } = toMessageRows(messages, now);
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0, skipped };
    for (const row of rows) {
      const existing = this.findStmt.get(row.json, row.json, agentPk, row.idHash, row.id, row.kind, row.part);
      if (!existing) {
        this.insert(profilePk, agentPk, row);
        result.inserted++;
      } else if (existing.same === 1) {
        result.unchanged++;
      } else if (Math.floor(existing.pos / SLOTS_PER_MS) !== Math.floor(slotBase(row.dateMs) / SLOTS_PER_MS)) {
        // Its time moved, so its position must too.
        this.deleteStmt.run(existing.pos);
        this.insert(profilePk, agentPk, row);
        result.updated++;
      } else {
        const body = rowBody(row);
        if (existing.body === body) this.updateJsonStmt.run(row.json, row.stepId, existing.pos);
        else {
          this.unindexStmt.run(existing.pos, existing.body ?? '');
          this.updateBodyStmt.run(row.json, body, row.stepId, existing.pos);
          this.indexStmt.run(existing.pos, body);
        }
        result.updated++;
      }
    }
    return result;
  }

  private insert(profilePk: number, agentPk: number, row: MessageRow): void {
    let base = slotBase(row.dateMs);
    let pos = base;
    // Find the first free slot of this millisecond; past 1024 messages in one millisecond
    // (only synthetic data does that) spill into the next one.
    for (;;) {
      const last = this.lastInSlotStmt.get(base, base + SLOTS_PER_MS - 1)?.pos ?? null;
      if (last === null) break;
      if (last < base + SLOTS_PER_MS - 1) {
        pos = last + 1;
        break;
      }
      base += SLOTS_PER_MS;
      pos = base;
    }
    const body = rowBody(row);
    this.insertStmt.run(pos, profilePk, agentPk, row.id, row.idHash, row.kind, row.part, row.dateMs, row.stepId, body, row.json);
    this.indexStmt.run(pos, body);
  }

  /** One window of an agent's cached history, by keyset: never an OFFSET. */
  page(profileId: string, agentId: string, query: PageQuery = {}): MessagePage {
    const empty: MessagePage = { messages: [], older: null, newer: null };
    const profilePk = this.scope.profilePk(profileId);
    if (profilePk === null) return empty;
    const agentPk = this.scope.agentPk(profilePk, agentId);
    if (agentPk === null) return empty;
    const limit = Math.min(Math.max(Math.floor(query.limit ?? 50), 1), MAX_PAGE);

    if (query.before === undefined && query.after !== undefined) {
      const rows = this.afterStmt.all(agentPk, query.after, limit + 1);
      const more = rows.length > limit;
      const messages = rows.slice(0, limit).map(toCached);
      return {
        messages,
        older: messages.length > 0 ? (messages[0]?.position ?? null) : query.after + 1,
        newer: more ? (messages[messages.length - 1]?.position ?? null) : null,
      };
    }
    const rows =
      query.before === undefined ? this.newestStmt.all(agentPk, limit + 1) : this.beforeStmt.all(agentPk, query.before, limit + 1);
    const more = rows.length > limit;
    const messages = rows.slice(0, limit).reverse().map(toCached);
    return {
      messages,
      older: more ? (messages[0]?.position ?? null) : null,
      newer: query.before === undefined ? null : (messages[messages.length - 1]?.position ?? query.before - 1),
    };
  }

  /**
   * The page a search hit opens on: up to `limit` messages ending just after `position`, with
   * the hit inside, so the conversation shows what led to it.
   */
  around(profileId: string, agentId: string, position: number, limit = 50): MessagePage {
    const after = Math.max(1, Math.floor(limit / 4));
    const newer = this.page(profileId, agentId, { after: position, limit: after });
    const anchor = newer.messages.length > 0 ? (newer.messages[newer.messages.length - 1]?.position ?? position) + 1 : position + 1;
    return this.page(profileId, agentId, { before: anchor, limit });
  }

  /** Every part the server expanded this message id into, in order. */
  byId(profileId: string, agentId: string, messageId: string): CachedMessage[] {
    const profilePk = this.scope.profilePk(profileId);
    const agentPk = profilePk === null ? null : this.scope.agentPk(profilePk, agentId);
    if (agentPk === null) return [];
    return this.byIdStmt.all(agentPk, hashId(messageId), messageId).map(toCached);
  }

  count(profileId: string, agentId: string): number {
    const profilePk = this.scope.profilePk(profileId);
    const agentPk = profilePk === null ? null : this.scope.agentPk(profilePk, agentId);
    return agentPk === null ? 0 : (this.countStmt.get(agentPk)?.n ?? 0);
  }

  /**
   * The newest memory tool call since `sinceMs` that names this block label, if any: what most
   * likely changed the block. A heuristic on purpose; the history shows "unknown" otherwise.
   */
  findMemoryEdit(profileId: string, agentId: string, label: string, sinceMs: number): MemoryEdit | null {
    const profilePk = this.scope.profilePk(profileId);
    const agentPk = profilePk === null ? null : this.scope.agentPk(profilePk, agentId);
    if (agentPk === null) return null;
    const candidates = this.memoryEditsStmt.all(agentPk, slotBase(sinceMs));
    for (const row of candidates) {
      try {
        const call = (JSON.parse(row.json) as { tool_call?: { name?: unknown; arguments?: unknown } }).tool_call;
        if (typeof call?.name !== 'string' || !call.name.includes('memory') || typeof call.arguments !== 'string') continue;
        const args = JSON.parse(call.arguments) as { label?: unknown };
        if (args.label === label) return { stepId: row.step_id, dateMs: row.date_ms };
      } catch {
        // A call whose arguments are not JSON says nothing about which block it touched.
      }
    }
    return null;
  }
}

