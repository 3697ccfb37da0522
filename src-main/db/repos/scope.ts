/**
 * Turns the app's ids (a connection profile id, a server agent id) into the integer keys rows
 * are stored under. Every repository goes through here, which is what keeps one server's rows
 * from being read or written under another profile.
 */
import type Database from 'better-sqlite3';

type Db = Database.Database;

/**
 * The search index's `scope` text of a message: one token each for its profile, agent and
 * type, so filters are index lookups (see migration 002). Type tokens keep letters and digits
 * only, so any `message_type` a server invents stays one token.
 */
export function messageScope(profilePk: number, agentPk: number, kind: string): string {
  return `p${profilePk} a${agentPk} ${kindScopeToken(kind)}`;
}

const kindTokens = new Map<string, string>();

export function kindScopeToken(kind: string): string {
  let token = kindTokens.get(kind);
  if (token === undefined) {
    token = `k${kind.replace(/[^A-Za-z0-9]/g, '')}`;
    // A server cannot grow this without bound: types are a short fixed list plus the odd new one.
    if (kindTokens.size < 1000) kindTokens.set(kind, token);
  }
  return token;
}

export class UnknownProfileError extends Error {
  constructor(profileId: string) {
    super(`No cache for connection profile "${profileId}": call profiles.ensure() first`);
    this.name = 'UnknownProfileError';
  }
}

export class Scope {
  private readonly profileStmt;
  private readonly agentStmt;
  private readonly insertAgentStmt;

  constructor(db: Db) {
    this.profileStmt = db.prepare<[string], { pk: number }>('SELECT pk FROM profiles WHERE id = ?');
    this.agentStmt = db.prepare<[number, string], { pk: number }>('SELECT pk FROM agents WHERE profile_pk = ? AND id = ?');
    this.insertAgentStmt = db.prepare<[number, string]>(
      'INSERT INTO agents (profile_pk, id) VALUES (?, ?) ON CONFLICT (profile_pk, id) DO NOTHING',
    );
  }

  profilePk(profileId: string): number | null {
    return this.profileStmt.get(profileId)?.pk ?? null;
  }

  requireProfilePk(profileId: string): number {
    const pk = this.profilePk(profileId);
    if (pk === null) throw new UnknownProfileError(profileId);
    return pk;
  }

  agentPk(profilePk: number, agentId: string): number | null {
    return this.agentStmt.get(profilePk, agentId)?.pk ?? null;
  }

  /**
   * Messages can arrive before their agent (a stream, or a sync of one agent); a row with only
   * the id holds their place until the agent itself is synced.
   */
  ensureAgentPk(profilePk: number, agentId: string): number {
    const existing = this.agentPk(profilePk, agentId);
    if (existing !== null) return existing;
    this.insertAgentStmt.run(profilePk, agentId);
    const created = this.agentPk(profilePk, agentId);
    if (created === null) throw new Error(`could not create agent row for ${agentId}`);
    return created;
  }
}
