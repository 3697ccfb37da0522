import { describe, expect, it } from 'vitest';
import { conversation } from '../../../test/fixtures/messages.js';
import { databaseAt, insertProfileAndAgent, insertMessages } from './testing.js';

describe('migration 001-core (empty → v1)', () => {
  it('creates the tables a v1 cache stores profiles, agents, messages and cursors in', () => {
    const db = databaseAt(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['agents', 'message_cursors', 'messages', 'profiles']);
  });

  it('holds real rows, scoped to their profile, and drops them with it', () => {
    const db = databaseAt(1);
    const { profilePk, agentPk } = insertProfileAndAgent(db, { id: 'agent-1', name: 'Agent' });
    insertMessages(db, profilePk, agentPk, conversation(200, { seed: 1 }));
    db.prepare('INSERT INTO message_cursors (agent_pk, head_id, tail_id, history_complete) VALUES (?, ?, ?, 1)').run(agentPk, 'h', 't');
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(200);

    db.prepare('DELETE FROM profiles WHERE pk = ?').run(profilePk);
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM message_cursors').pluck().get()).toBe(0);
  });

  it('refuses a message for an agent that does not exist', () => {
    const db = databaseAt(1);
    const { profilePk } = insertProfileAndAgent(db);
    expect(() => insertMessages(db, profilePk, 999, conversation(1))).toThrow(/FOREIGN KEY/);
  });
});
