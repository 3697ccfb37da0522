import { describe, expect, it } from 'vitest';
import { conversation } from '../../../test/fixtures/messages.js';
import { migrate } from './index.js';
import { databaseAt, insertProfileAndAgent, insertMessages } from './testing.js';

describe('migration 002-message-search (v1 → v2)', () => {
  it('indexes the messages a v1 cache already held', () => {
    const db = databaseAt(1);
    const { profilePk, agentPk } = insertProfileAndAgent(db);
    const messages = conversation(500, { seed: 2 });
    insertMessages(db, profilePk, agentPk, messages);
    const withLisbon = db.prepare("SELECT count(*) FROM messages WHERE body LIKE '%Lisbon%'").pluck().get() as number;
    expect(withLisbon).toBeGreaterThan(0);

    migrate(db, { to: 2 });

    expect(db.prepare("SELECT count(*) FROM message_fts WHERE message_fts MATCH 'lisbon'").pluck().get()).toBe(withLisbon);
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(500);
    expect(() => db.prepare("INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
  });

  it('removes index entries when messages go, including by cascade', () => {
    const db = databaseAt(1);
    const { profilePk, agentPk } = insertProfileAndAgent(db);
    insertMessages(db, profilePk, agentPk, conversation(300, { seed: 3 }));
    migrate(db, { to: 2 });
    const before = db.prepare("SELECT count(*) FROM message_fts WHERE message_fts MATCH 'the'").pluck().get() as number;
    expect(before).toBeGreaterThan(0);

    db.prepare('DELETE FROM agents WHERE pk = ?').run(agentPk);

    expect(db.prepare("SELECT count(*) FROM message_fts WHERE message_fts MATCH 'the'").pluck().get()).toBe(0);
    expect(() => db.prepare("INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
  });
});
