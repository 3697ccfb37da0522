/**
 * Runs (one per message request the server processed), newest first per profile or agent, and
 * the cursor of each run's steps. A run's agent lives in `metadata.agent_id` on 0.7.x servers.
 */
import type Database from 'better-sqlite3';
import { parseServerDate } from '../message-row.js';
import type { Scope } from './scope.js';

type Db = Database.Database;

export interface CachedRun {
  id: string;
  agentId: string | null;
  status: string | null;
  createdAt: string | null;
  completedAt: string | null;
  /** The server's Run as received. */
  run: unknown;
}

export interface RunPage {
  runs: CachedRun[];
  /** Pass as `before` for the next (older) page; null at the end. */
  next: string | null;
}

export interface RunListQuery {
  agentId?: string;
  before?: string;
  /** Default 50, at most 200. */
  limit?: number;
}

export interface StepSyncState {
  runId: string;
  status: string | null;
  /** Last step id stored for this run: the `after` of the next steps page. */
  stepsAfter: string | null;
}

interface RunRow {
  pk: number;
  id: string;
  agent_id: string | null;
  status: string | null;
  created_ms: number;
  completed_ms: number | null;
  json: string;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function iso(ms: number | null): string | null {
  return ms === null || ms === 0 ? null : new Date(ms).toISOString();
}

/** Runs page with `(created_ms, pk)` as the key, encoded so callers cannot depend on it. */
function encodeCursor(row: RunRow): string {
  return `${row.created_ms}:${row.pk}`;
}

function decodeCursor(cursor: string): [number, number] | null {
  const m = /^(-?\d+):(\d+)$/.exec(cursor);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export class RunsRepo {
  private readonly scope: Scope;
  private readonly existingStmt;
  private readonly upsertStmt;
  private readonly firstPageStmt;
  private readonly nextPageStmt;
  private readonly firstAgentPageStmt;
  private readonly nextAgentPageStmt;
  private readonly getStmt;
  private readonly pendingStmt;
  private readonly saveStepCursorStmt;

  constructor(db: Db, scope: Scope) {
    this.scope = scope;
    this.existingStmt = db.prepare<[string, number, string], { same: number }>(
      'SELECT json IS ? AS same FROM runs WHERE profile_pk = ? AND id = ?',
    );
    this.upsertStmt = db.prepare<[number, string, string | null, string | null, number, number | null, string]>(
      `INSERT INTO runs (profile_pk, id, agent_id, status, created_ms, completed_ms, json) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (profile_pk, id) DO UPDATE SET
         agent_id = excluded.agent_id, status = excluded.status, created_ms = excluded.created_ms,
         completed_ms = excluded.completed_ms, json = excluded.json,
         steps_complete = CASE WHEN runs.status IS excluded.status THEN runs.steps_complete ELSE 0 END`,
    );
    const cols = 'SELECT pk, id, agent_id, status, created_ms, completed_ms, json FROM runs';
    this.firstPageStmt = db.prepare<[number, number], RunRow>(
      `${cols} WHERE profile_pk = ? ORDER BY created_ms DESC, pk DESC LIMIT ?`,
    );
    this.nextPageStmt = db.prepare<[number, number, number, number], RunRow>(
      `${cols} WHERE profile_pk = ? AND (created_ms, pk) < (?, ?) ORDER BY created_ms DESC, pk DESC LIMIT ?`,
    );
    this.firstAgentPageStmt = db.prepare<[number, string, number], RunRow>(
      `${cols} WHERE profile_pk = ? AND agent_id = ? ORDER BY created_ms DESC, pk DESC LIMIT ?`,
    );
    this.nextAgentPageStmt = db.prepare<[number, string, number, number, number], RunRow>(
      `${cols} WHERE profile_pk = ? AND agent_id = ? AND (created_ms, pk) < (?, ?) ORDER BY created_ms DESC, pk DESC LIMIT ?`,
    );
    this.getStmt = db.prepare<[number, string], RunRow>(`${cols} WHERE profile_pk = ? AND id = ?`);
    this.pendingStmt = db.prepare<[number], { id: string; status: string | null; steps_after: string | null }>(
      'SELECT id, status, steps_after FROM runs WHERE profile_pk = ? AND steps_complete = 0 ORDER BY created_ms',
    );
    this.saveStepCursorStmt = db.prepare<[string | null, number, number, string]>(
      'UPDATE runs SET steps_after = ?, steps_complete = ? WHERE profile_pk = ? AND id = ?',
    );
  }

  upsertMany(profileId: string, runs: readonly unknown[]): { changed: string[]; skipped: number } {
    const profilePk = this.scope.requireProfilePk(profileId);
    const result = { changed: [] as string[], skipped: 0 };
    for (const entry of runs) {
      const run = record(entry);
      const id = run && typeof run.id === 'string' && run.id !== '' ? run.id : null;
      if (!run || id === null) {
        result.skipped++;
        continue;
      }
      const json = JSON.stringify(run);
      if (this.existingStmt.get(json, profilePk, id)?.same === 1) continue;
      const metaAgent = record(run.metadata)?.agent_id;
      const agentId = typeof metaAgent === 'string' ? metaAgent : typeof run.agent_id === 'string' ? run.agent_id : null;
      const status = typeof run.status === 'string' ? run.status : null;
      this.upsertStmt.run(
        profilePk,
        id,
        agentId,
        status,
        parseServerDate(run.created_at) ?? 0,
        parseServerDate(run.completed_at),
        json,
      );
      result.changed.push(id);
    }
    return result;
  }

  list(profileId: string, query: RunListQuery = {}): RunPage {
    const profilePk = this.scope.profilePk(profileId);
    if (profilePk === null) return { runs: [], next: null };
    const limit = Math.min(Math.max(Math.floor(query.limit ?? 50), 1), 200);
    const key = query.before === undefined ? null : decodeCursor(query.before);
    let rows: RunRow[];
    if (query.agentId !== undefined) {
      rows = key
        ? this.nextAgentPageStmt.all(profilePk, query.agentId, key[0], key[1], limit + 1)
        : this.firstAgentPageStmt.all(profilePk, query.agentId, limit + 1);
    } else {
      rows = key ? this.nextPageStmt.all(profilePk, key[0], key[1], limit + 1) : this.firstPageStmt.all(profilePk, limit + 1);
    }
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { runs: page.map(toRun), next: rows.length > limit && last ? encodeCursor(last) : null };
  }

  get(profileId: string, runId: string): CachedRun | null {
    const profilePk = this.scope.profilePk(profileId);
    const row = profilePk === null ? undefined : this.getStmt.get(profilePk, runId);
    return row ? toRun(row) : null;
  }

  /** Runs whose steps may still change or were not read to the end. */
  pendingStepSync(profileId: string): StepSyncState[] {
    const profilePk = this.scope.profilePk(profileId);
    if (profilePk === null) return [];
    return this.pendingStmt.all(profilePk).map((r) => ({ runId: r.id, status: r.status, stepsAfter: r.steps_after }));
  }

  saveStepCursor(profileId: string, runId: string, stepsAfter: string | null, complete: boolean): void {
    const profilePk = this.scope.requireProfilePk(profileId);
    this.saveStepCursorStmt.run(stepsAfter, complete ? 1 : 0, profilePk, runId);
  }
}

function toRun(row: RunRow): CachedRun {
  return {
    id: row.id,
    agentId: row.agent_id,
    status: row.status,
    createdAt: iso(row.created_ms),
    completedAt: iso(row.completed_ms),
    run: JSON.parse(row.json) as unknown,
  };
}
