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
import { messageScope, type Scope } from './scope.js';

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
  id: string;
  kind: string;
  part: string;
  date_ms: number;
  json: string;
}

function keyOf(id: string, kind: string, part: string): string {
  return `${id}\u0000${kind}\u0000${part}`;
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
  private readonly existingStmt;
  private readonly bodyStmt;
  private readonly lastInSlotStmt;
  private readonly insertStmt;
  private readonly insertIfFreeStmt;
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
  private readonly clearAgentStmt;

  constructor(db: Db, scope: Scope) {
    this.scope = scope;
    this.existingStmt = db.prepare<[number, string], ExistingRow>(
      `SELECT pos, id, kind, part, date_ms, json FROM messages
       WHERE agent_pk = ? AND id_hash IN (SELECT value FROM json_each(?))`,
    );
    this.bodyStmt = db.prepare<[number], { body: string; scope: string }>('SELECT body, scope FROM messages WHERE pos = ?');
    this.lastInSlotStmt = db.prepare<[number, number], { pos: number | null }>(
      'SELECT max(pos) AS pos FROM messages WHERE pos BETWEEN ? AND ?',
    );
    const insertSql = `INTO messages (pos, profile_pk, agent_pk, id, id_hash, kind, part, date_ms, step_id, body, json, scope)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    type InsertArgs = [number, number, number, string, number, string, string, number, string | null, string, string, string];
    this.insertStmt = db.prepare<InsertArgs>(`INSERT ${insertSql}`);
    // Only the position can collide: every other column is always given, and a foreign-key
    // failure is not something OR IGNORE ignores.
    this.insertIfFreeStmt = db.prepare<InsertArgs>(`INSERT OR IGNORE ${insertSql}`);
    // The search index is written here rather than by triggers (see migration 002); a change
    // outside the text leaves the index alone.
    // VALUES, not INSERT … SELECT from the row: the latter measured three times slower.
    this.indexStmt = db.prepare<[number, string, string]>('INSERT INTO message_fts (rowid, body, scope) VALUES (?, ?, ?)');
    this.unindexStmt = db.prepare<[number, string, string]>(
      `INSERT INTO message_fts (message_fts, rowid, body, scope) VALUES ('delete', ?, ?, ?)`,
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
    // The delete trigger of migration 002 takes each row out of the search index too.
    this.clearAgentStmt = db.prepare<[number]>('DELETE FROM messages WHERE agent_pk = ?');
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
    // One query finds whatever of the page is already cached; a page of new messages then
    // costs no lookups at all. Comparing the stored JSON in JS measured cheaper than hashing
    // every incoming message to compare hashes (a JS loop over 40 MB of text per 100k).
    const existing = new Map<string, ExistingRow>();
    if (rows.length > 0) {
      const hashes = JSON.stringify(rows.map((r) => r.idHash));
      for (const found of this.existingStmt.all(agentPk, hashes)) existing.set(keyOf(found.id, found.kind, found.part), found);
    }
    const placement = { base: -1, pos: -1 };
    for (const row of rows) {
      const key = keyOf(row.id, row.kind, row.part);
      const found = existing.get(key);
      if (!found) {
        const pos = this.insert(profilePk, agentPk, row, placement);
        existing.set(key, { pos, id: row.id, kind: row.kind, part: row.part, date_ms: row.dateMs, json: row.json });
        result.inserted++;
      } else if (found.json === row.json) {
        result.unchanged++;
      } else if (found.date_ms !== row.dateMs) {
        // Its time moved, so its position must too.
        this.deleteStmt.run(found.pos);
        const pos = this.insert(profilePk, agentPk, row, placement);
        existing.set(key, { ...found, pos, date_ms: row.dateMs, json: row.json });
        result.updated++;
      } else {
        const body = rowBody(row);
        const old = this.bodyStmt.get(found.pos);
        if (old === undefined || old.body === body) this.updateJsonStmt.run(row.json, row.stepId, found.pos);
        else {
          this.unindexStmt.run(found.pos, old.body, old.scope);
          this.updateBodyStmt.run(row.json, body, row.stepId, found.pos);
          this.indexStmt.run(found.pos, body, old.scope);
        }
        found.json = row.json;
        result.updated++;
      }
    }
    return result;
  }

  /**
   * Rows of one batch arrive in time order, so the next free position is almost always the
   * slot's start or one past the previous row; only when that is taken (another message of the
   * same millisecond is already cached) is the slot searched.
   */
  private insert(profilePk: number, agentPk: number, row: MessageRow, placement: { base: number; pos: number }): number {
    const body = rowBody(row);
    const base = slotBase(row.dateMs);
    const guess = base === placement.base ? placement.pos + 1 : base;
    let pos = guess;
    const { id, idHash, kind, part, dateMs, stepId, json } = row;
    const scope = messageScope(profilePk, agentPk, kind);
    if (this.insertIfFreeStmt.run(pos, profilePk, agentPk, id, idHash, kind, part, dateMs, stepId, body, json, scope).changes === 0) {
      pos = this.freeSlot(base);
      this.insertStmt.run(pos, profilePk, agentPk, id, idHash, kind, part, dateMs, stepId, body, json, scope);
    }
    this.indexStmt.run(pos, body, scope);
    placement.base = base;
    placement.pos = pos;
    return pos;
  }

  /** The first free position from this millisecond on; past 1024 messages in one millisecond
   * (only synthetic data does that) they spill into the next one. */
  private freeSlot(base: number): number {
    for (let slot = base; ; slot += SLOTS_PER_MS) {
      const last = this.lastInSlotStmt.get(slot, slot + SLOTS_PER_MS - 1)?.pos ?? null;
      if (last === null) return slot;
      if (last < slot + SLOTS_PER_MS - 1) return last + 1;
    }
  }

  /** Drops an agent's whole cached history (the server reset it); returns how many rows went. */
  clearAgent(profileId: string, agentId: string): number {
    const profilePk = this.scope.profilePk(profileId);
    const agentPk = profilePk === null ? null : this.scope.agentPk(profilePk, agentId);
    return agentPk === null ? 0 : this.clearAgentStmt.run(agentPk).changes;
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

