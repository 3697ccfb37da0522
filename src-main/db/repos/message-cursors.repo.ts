/**
 * Where the message sync of each agent stands. Saved in the same transaction as the rows it
 * describes, so after a crash the cursor never claims rows the cache does not have.
 *
 * The synced history is one contiguous run of the server's list, `tail … head`. New messages
 * are fetched newest first (the list endpoint returns the most recent `limit` after a cursor),
 * so while a catch-up larger than one page is in progress there is a hole between `head` and
 * the pages already stored; `gapTop`/`gapBefore` remember that hole so an interrupted catch-up
 * resumes filling it instead of skipping it.
 */
import type Database from 'better-sqlite3';
import type { Scope } from './scope.js';

type Db = Database.Database;

export interface MessageCursor {
  /** Newest message id of the contiguous synced run; null before the first page. */
  headId: string | null;
  /** Oldest message id of that run. */
  tailId: string | null;
  /** The run reaches the start of the agent's history. */
  historyComplete: boolean;
  /** During a catch-up: the newest id fetched, which becomes `headId` when the hole is filled. */
  gapTopId: string | null;
  /** During a catch-up: continue with `before = gapBeforeId, after = headId`. */
  gapBeforeId: string | null;
  syncedAt: number | null;
}

export const EMPTY_CURSOR: MessageCursor = Object.freeze({
  headId: null,
  tailId: null,
  historyComplete: false,
  gapTopId: null,
  gapBeforeId: null,
  syncedAt: null,
});

interface CursorRow {
  head_id: string | null;
  tail_id: string | null;
  history_complete: number;
  gap_top_id: string | null;
  gap_before_id: string | null;
  synced_at: number | null;
}

export class MessageCursorsRepo {
  private readonly scope: Scope;
  private readonly getStmt;
  private readonly saveStmt;

  constructor(db: Db, scope: Scope) {
    this.scope = scope;
    this.getStmt = db.prepare<[number], CursorRow>(
      'SELECT head_id, tail_id, history_complete, gap_top_id, gap_before_id, synced_at FROM message_cursors WHERE agent_pk = ?',
    );
    this.saveStmt = db.prepare<[number, string | null, string | null, number, string | null, string | null, number | null]>(
      `INSERT INTO message_cursors (agent_pk, head_id, tail_id, history_complete, gap_top_id, gap_before_id, synced_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (agent_pk) DO UPDATE SET
         head_id = excluded.head_id, tail_id = excluded.tail_id, history_complete = excluded.history_complete,
         gap_top_id = excluded.gap_top_id, gap_before_id = excluded.gap_before_id, synced_at = excluded.synced_at`,
    );
  }

  get(profileId: string, agentId: string): MessageCursor {
    const profilePk = this.scope.profilePk(profileId);
    const agentPk = profilePk === null ? null : this.scope.agentPk(profilePk, agentId);
    const row = agentPk === null ? undefined : this.getStmt.get(agentPk);
    if (!row) return { ...EMPTY_CURSOR };
    return {
      headId: row.head_id,
      tailId: row.tail_id,
      historyComplete: row.history_complete === 1,
      gapTopId: row.gap_top_id,
      gapBeforeId: row.gap_before_id,
      syncedAt: row.synced_at,
    };
  }

  save(profileId: string, agentId: string, cursor: MessageCursor): void {
    const profilePk = this.scope.requireProfilePk(profileId);
    const agentPk = this.scope.ensureAgentPk(profilePk, agentId);
    this.saveStmt.run(
      agentPk,
      cursor.headId,
      cursor.tailId,
      cursor.historyComplete ? 1 : 0,
      cursor.gapTopId,
      cursor.gapBeforeId,
      cursor.syncedAt,
    );
  }
}
