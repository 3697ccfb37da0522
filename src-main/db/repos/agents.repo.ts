/**
 * Agents as the server last described them (`AgentState` kept whole: memory blocks, tools,
 * sources, llm config), with the name and update time pulled out for the agent list.
 * An agent the server stops listing is marked removed, not deleted: its conversations stay
 * readable offline until the user clears them.
 */
import type Database from 'better-sqlite3';
import type { Scope } from './scope.js';

type Db = Database.Database;

export interface AgentSummary {
  id: string;
  name: string | null;
  tags: string[];
  updatedAt: string | null;
  /** When the server stopped listing it; null while it exists. */
  removedAt: number | null;
  syncedAt: number | null;
}

export interface CachedAgent extends AgentSummary {
  /** The server's AgentState as received; null if only messages of it were cached so far. */
  agent: unknown;
}

export interface AgentUpsertResult {
  /** Ids whose stored JSON changed (or that came back after being removed). */
  changed: string[];
  /** Entries without a string id: nothing to key them by. */
  skipped: number;
}

interface AgentRow {
  id: string;
  name: string | null;
  tags: string | null;
  updated_at: string | null;
  removed_at: number | null;
  synced_at: number | null;
}

function parseTags(tags: string | null): string[] {
  if (!tags) return [];
  try {
    const parsed = JSON.parse(tags) as unknown;
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

function summary(row: AgentRow): AgentSummary {
  return {
    id: row.id,
    name: row.name,
    tags: parseTags(row.tags),
    updatedAt: row.updated_at,
    removedAt: row.removed_at,
    syncedAt: row.synced_at,
  };
}

export class AgentsRepo {
  private readonly scope: Scope;
  private readonly existingStmt;
  private readonly upsertStmt;
  private readonly touchStmt;
  private readonly removeMissingStmt;
  private readonly listStmt;
  private readonly listAllStmt;
  private readonly getStmt;

  constructor(db: Db, scope: Scope) {
    this.scope = scope;
    this.existingStmt = db.prepare<[string, number, string], { same: number; removed_at: number | null }>(
      'SELECT json IS ? AS same, removed_at FROM agents WHERE profile_pk = ? AND id = ?',
    );
    this.upsertStmt = db.prepare<[number, string, string | null, string | null, string, number]>(
      `INSERT INTO agents (profile_pk, id, name, updated_at, json, synced_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (profile_pk, id) DO UPDATE SET
         name = excluded.name, updated_at = excluded.updated_at, json = excluded.json,
         synced_at = excluded.synced_at, removed_at = NULL`,
    );
    this.touchStmt = db.prepare<[number, number, string]>('UPDATE agents SET synced_at = ? WHERE profile_pk = ? AND id = ?');
    this.removeMissingStmt = db.prepare<[number, number, string], { id: string }>(
      `UPDATE agents SET removed_at = ?
       WHERE profile_pk = ? AND removed_at IS NULL AND json IS NOT NULL
         AND id NOT IN (SELECT value FROM json_each(?))
       RETURNING id`,
    );
    const cols = `SELECT id, name, json_extract(json, '$.tags') AS tags, updated_at, removed_at, synced_at FROM agents`;
    this.listStmt = db.prepare<[number], AgentRow>(`${cols} WHERE profile_pk = ? AND removed_at IS NULL ORDER BY name COLLATE NOCASE, id`);
    this.listAllStmt = db.prepare<[number], AgentRow>(`${cols} WHERE profile_pk = ? ORDER BY name COLLATE NOCASE, id`);
    this.getStmt = db.prepare<[number, string], AgentRow & { json: string | null }>(
      `SELECT id, name, json_extract(json, '$.tags') AS tags, updated_at, removed_at, synced_at, json
       FROM agents WHERE profile_pk = ? AND id = ?`,
    );
  }

  upsertMany(profileId: string, agents: readonly unknown[], now = Date.now()): AgentUpsertResult {
    const profilePk = this.scope.requireProfilePk(profileId);
    const result: AgentUpsertResult = { changed: [], skipped: 0 };
    for (const entry of agents) {
      const agent = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : null;
      const id = agent && typeof agent.id === 'string' && agent.id !== '' ? agent.id : null;
      if (!agent || id === null) {
        result.skipped++;
        continue;
      }
      const json = JSON.stringify(agent);
      const existing = this.existingStmt.get(json, profilePk, id);
      if (existing && existing.same === 1 && existing.removed_at === null) {
        this.touchStmt.run(now, profilePk, id);
        continue;
      }
      const name = typeof agent.name === 'string' ? agent.name : null;
      const updatedAt = typeof agent.updated_at === 'string' ? agent.updated_at : null;
      this.upsertStmt.run(profilePk, id, name, updatedAt, json, now);
      result.changed.push(id);
    }
    return result;
  }

  /** After a complete listing: whatever the server no longer has is marked removed. */
  markRemovedExcept(profileId: string, seenIds: readonly string[], now = Date.now()): string[] {
    const profilePk = this.scope.requireProfilePk(profileId);
    return this.removeMissingStmt.all(now, profilePk, JSON.stringify(seenIds)).map((r) => r.id);
  }

  list(profileId: string, options: { includeRemoved?: boolean } = {}): AgentSummary[] {
    const profilePk = this.scope.profilePk(profileId);
    if (profilePk === null) return [];
    return (options.includeRemoved ? this.listAllStmt : this.listStmt).all(profilePk).map(summary);
  }

  get(profileId: string, agentId: string): CachedAgent | null {
    const profilePk = this.scope.profilePk(profileId);
    const row = profilePk === null ? undefined : this.getStmt.get(profilePk, agentId);
    if (!row) return null;
    return { ...summary(row), agent: row.json === null ? null : (JSON.parse(row.json) as unknown) };
  }
}
