/**
 * Helpers for the migration tests: a database stopped at an old version, filled the way the app
 * of that version filled it (plain SQL against that version's schema, not today's repositories).
 */
import Database from 'better-sqlite3';
import { rowBody, toMessageRows } from '../message-row.js';
import { migrate } from './index.js';
import { messageScope } from '../repos/scope.js';

export function databaseAt(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, { to: version });
  return db;
}

/**
 * Messages as the app of that version stored them: columns plus the server JSON, positions in
 * time order, and from v2 on an index entry written beside each row.
 */
export function insertMessages(db: Database.Database, profilePk: number, agentPk: number, messages: readonly unknown[]): void {
  const insert = db.prepare(
    `INSERT INTO messages (pos, profile_pk, agent_pk, id, id_hash, kind, part, date_ms, step_id, body, json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // From v2 on, the app also wrote the row's scope and its index entry.
  const indexed = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'message_fts'").get() !== undefined;
  const setScope = indexed ? db.prepare('UPDATE messages SET scope = ? WHERE pos = ?') : null;
  const index = indexed ? db.prepare('INSERT INTO message_fts (rowid, body, scope) VALUES (?, ?, ?)') : null;
  let last = -1;
  db.transaction(() => {
    for (const row of toMessageRows(messages, 0).rows) {
      const pos = Math.max(row.dateMs * 1024, last + 1);
      last = pos;
      insert.run(pos, profilePk, agentPk, row.id, row.idHash, row.kind, row.part, row.dateMs, row.stepId, rowBody(row), row.json);
      const scope = messageScope(profilePk, agentPk, row.kind);
      setScope?.run(scope, pos);
      index?.run(pos, rowBody(row), scope);
    }
  })();
}

export function insertProfileAndAgent(db: Database.Database, agentJson: unknown = null, profileId = 'p1'): { profilePk: number; agentPk: number } {
  const profilePk = Number(
    db.prepare('INSERT INTO profiles (id, server_url, created_at) VALUES (?, ?, ?)').run(profileId, 'http://localhost:8283', 1).lastInsertRowid,
  );
  const id = (agentJson as { id?: string } | null)?.id ?? 'agent-1';
  const agentPk = Number(
    db
      .prepare('INSERT INTO agents (profile_pk, id, name, json, synced_at) VALUES (?, ?, ?, ?, ?)')
      .run(profilePk, id, 'Agent', agentJson === null ? null : JSON.stringify(agentJson), 1000).lastInsertRowid,
  );
  return { profilePk, agentPk };
}
