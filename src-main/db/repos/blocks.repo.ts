/**
 * Memory blocks (attached to agents or listed globally by the server) and the history of their
 * values: a snapshot each time a sync or an edit in the app sees a value it has not seen last.
 * Consecutive snapshots are what the memory screen diffs.
 */
import type Database from 'better-sqlite3';
import type { Scope } from './scope.js';

type Db = Database.Database;

export interface CachedBlock {
  id: string;
  label: string | null;
  value: string | null;
  /** The server's Block as received (limit, description, read_only, metadata, …). */
  block: unknown;
}

export interface BlockSnapshot {
  /** Increasing per block; pass as `before` to page back through older snapshots. */
  seq: number;
  value: string;
  /** When the cache saw this value. */
  observedAt: number;
  /** When the change happened, if a memory tool call accounts for it. */
  changedAt: number | null;
  agentId: string | null;
  stepId: string | null;
  /** From the snapshot, or from the cached step that made the change. */
  runId: string | null;
}

export interface BlockChangeCause {
  agentId?: string | null;
  stepId?: string | null;
  runId?: string | null;
  changedAt?: number | null;
}

export interface BlockUpsertOptions {
  /** These are exactly this agent's blocks now: link them, unlink the rest. */
  agentId?: string;
  /** These came from the server's global block list. */
  listed?: boolean;
  now?: number;
  /** Asked only for a block whose value changed since its last snapshot. */
  causeOf?: (block: { id: string; label: string | null; previousObservedAt: number }) => BlockChangeCause | null;
}

export interface BlockUpsertResult {
  changed: string[];
  /** How many new history snapshots were written. */
  snapshots: number;
  skipped: number;
}

interface BlockRow {
  id: string;
  label: string | null;
  json: string;
}

interface HistoryRow {
  pk: number;
  value: string;
  observed_at: number;
  changed_at: number | null;
  agent_id: string | null;
  step_id: string | null;
  run_id: string | null;
}

function valueOf(block: Record<string, unknown>): string | null {
  const v = block.value;
  if (typeof v === 'string') return v;
  return v === undefined || v === null ? null : JSON.stringify(v);
}

export class BlocksRepo {
  private readonly scope: Scope;
  private readonly existingStmt;
  private readonly upsertStmt;
  private readonly lastSnapshotStmt;
  private readonly snapshotStmt;
  private readonly linkStmt;
  private readonly unlinkOthersStmt;
  private readonly byAgentStmt;
  private readonly allStmt;
  private readonly listedStmt;
  private readonly getStmt;
  private readonly historyStmt;

  constructor(db: Db, scope: Scope) {
    this.scope = scope;
    this.existingStmt = db.prepare<[string, number, string], { pk: number; same: number }>(
      'SELECT pk, json IS ? AS same FROM blocks WHERE profile_pk = ? AND id = ?',
    );
    this.upsertStmt = db.prepare<[number, string, string | null, string, number, number], { pk: number }>(
      `INSERT INTO blocks (profile_pk, id, label, json, listed, synced_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (profile_pk, id) DO UPDATE SET
         label = excluded.label, json = excluded.json, listed = max(blocks.listed, excluded.listed), synced_at = excluded.synced_at
       RETURNING pk`,
    );
    this.lastSnapshotStmt = db.prepare<[number], { value: string; observed_at: number }>(
      'SELECT value, observed_at FROM block_history WHERE block_pk = ? ORDER BY pk DESC LIMIT 1',
    );
    this.snapshotStmt = db.prepare<[number, string, number, number | null, string | null, string | null, string | null]>(
      `INSERT INTO block_history (block_pk, value, observed_at, changed_at, agent_id, step_id, run_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.linkStmt = db.prepare<[number, number]>('INSERT OR IGNORE INTO agent_blocks (agent_pk, block_pk) VALUES (?, ?)');
    this.unlinkOthersStmt = db.prepare<[number, string]>(
      'DELETE FROM agent_blocks WHERE agent_pk = ? AND block_pk NOT IN (SELECT value FROM json_each(?))',
    );
    const cols = 'SELECT b.id, b.label, b.json FROM blocks AS b';
    this.byAgentStmt = db.prepare<[number], BlockRow>(
      `${cols} JOIN agent_blocks AS ab ON ab.block_pk = b.pk WHERE ab.agent_pk = ? ORDER BY b.label, b.id`,
    );
    this.allStmt = db.prepare<[number], BlockRow>(`${cols} WHERE b.profile_pk = ? ORDER BY b.label, b.id`);
    this.listedStmt = db.prepare<[number], BlockRow>(`${cols} WHERE b.profile_pk = ? AND b.listed = 1 ORDER BY b.label, b.id`);
    this.getStmt = db.prepare<[number, string], BlockRow & { pk: number }>(
      'SELECT b.pk, b.id, b.label, b.json FROM blocks AS b WHERE b.profile_pk = ? AND b.id = ?',
    );
    this.historyStmt = db.prepare<[number, number, number], HistoryRow>(
      `SELECT h.pk, h.value, h.observed_at, h.changed_at, h.agent_id, h.step_id, coalesce(h.run_id, s.run_id) AS run_id
       FROM block_history AS h
       JOIN blocks AS b ON b.pk = h.block_pk
       LEFT JOIN steps AS s ON s.profile_pk = b.profile_pk AND s.id = h.step_id
       WHERE h.block_pk = ? AND h.pk < ?
       ORDER BY h.pk DESC LIMIT ?`,
    );
  }

  upsertMany(profileId: string, blocks: readonly unknown[], options: BlockUpsertOptions = {}): BlockUpsertResult {
    const profilePk = this.scope.requireProfilePk(profileId);
    const now = options.now ?? Date.now();
    const result: BlockUpsertResult = { changed: [], snapshots: 0, skipped: 0 };
    const pks: number[] = [];
    for (const entry of blocks) {
      const block = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : null;
      const id = block && typeof block.id === 'string' && block.id !== '' ? block.id : null;
      if (!block || id === null) {
        result.skipped++;
        continue;
      }
      const json = JSON.stringify(block);
      const label = typeof block.label === 'string' ? block.label : null;
      const existing = this.existingStmt.get(json, profilePk, id);
      let pk: number;
      if (existing && existing.same === 1 && !options.listed) {
        pk = existing.pk;
      } else {
        const row = this.upsertStmt.get(profilePk, id, label, json, options.listed ? 1 : 0, now);
        if (!row) throw new Error(`block ${id} was not stored`);
        pk = row.pk;
        if (!existing || existing.same !== 1) result.changed.push(id);
      }
      pks.push(pk);

      const value = valueOf(block) ?? '';
      const last = this.lastSnapshotStmt.get(pk);
      if (!last || last.value !== value) {
        // The first sighting has no cause to find: it is where the history starts.
        const cause = last && options.causeOf ? options.causeOf({ id, label, previousObservedAt: last.observed_at }) : null;
        this.snapshotStmt.run(
          pk,
          value,
          now,
          cause?.changedAt ?? null,
          cause?.agentId ?? null,
          cause?.stepId ?? null,
          cause?.runId ?? null,
        );
        result.snapshots++;
      }
    }
    if (options.agentId !== undefined) {
      const agentPk = this.scope.ensureAgentPk(profilePk, options.agentId);
      for (const pk of pks) this.linkStmt.run(agentPk, pk);
      this.unlinkOthersStmt.run(agentPk, JSON.stringify(pks));
    }
    return result;
  }

  listForAgent(profileId: string, agentId: string): CachedBlock[] {
    const profilePk = this.scope.profilePk(profileId);
    const agentPk = profilePk === null ? null : this.scope.agentPk(profilePk, agentId);
    return agentPk === null ? [] : this.byAgentStmt.all(agentPk).map(toBlock);
  }

  /** Every cached block of the profile, or only those the server lists globally. */
  list(profileId: string, options: { listedOnly?: boolean } = {}): CachedBlock[] {
    const profilePk = this.scope.profilePk(profileId);
    if (profilePk === null) return [];
    return (options.listedOnly ? this.listedStmt : this.allStmt).all(profilePk).map(toBlock);
  }

  get(profileId: string, blockId: string): CachedBlock | null {
    const profilePk = this.scope.profilePk(profileId);
    const row = profilePk === null ? undefined : this.getStmt.get(profilePk, blockId);
    return row ? toBlock(row) : null;
  }

  /** Newest first. */
  history(profileId: string, blockId: string, query: { before?: number; limit?: number } = {}): { snapshots: BlockSnapshot[]; next: number | null } {
    const profilePk = this.scope.profilePk(profileId);
    const row = profilePk === null ? undefined : this.getStmt.get(profilePk, blockId);
    if (!row) return { snapshots: [], next: null };
    const limit = Math.min(Math.max(Math.floor(query.limit ?? 50), 1), 200);
    const rows = this.historyStmt.all(row.pk, query.before ?? Number.MAX_SAFE_INTEGER, limit + 1);
    const snapshots = rows.slice(0, limit).map(toSnapshot);
    const last = snapshots[snapshots.length - 1];
    return { snapshots, next: rows.length > limit && last ? last.seq : null };
  }
}

function toBlock(row: BlockRow): CachedBlock {
  const block = JSON.parse(row.json) as Record<string, unknown>;
  return { id: row.id, label: row.label, value: valueOf(block), block };
}

function toSnapshot(row: HistoryRow): BlockSnapshot {
  return {
    seq: row.pk,
    value: row.value,
    observedAt: row.observed_at,
    changedAt: row.changed_at,
    agentId: row.agent_id,
    stepId: row.step_id,
    runId: row.run_id,
  };
}
