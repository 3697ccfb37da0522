import { describe, expect, it } from 'vitest';
import { conversation } from '../../../test/fixtures/messages.js';
import { migrate } from './index.js';
import { databaseAt, insertProfileAndAgent, insertMessages } from './testing.js';

describe('migration 003-runs-steps (v2 → v3)', () => {
  it('keeps a v2 cache whole and searchable, and adds runs, steps and traces', () => {
    const db = databaseAt(2);
    const { profilePk, agentPk } = insertProfileAndAgent(db);
    insertMessages(db, profilePk, agentPk, conversation(400, { seed: 5 }));
    const matches = db.prepare("SELECT count(*) FROM message_fts WHERE message_fts MATCH 'sourdough'").pluck().get();

    migrate(db, { to: 3 });

    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(400);
    expect(db.prepare("SELECT count(*) FROM message_fts WHERE message_fts MATCH 'sourdough'").pluck().get()).toBe(matches);
    db.prepare("INSERT INTO runs (profile_pk, id, agent_id, status, created_ms, json) VALUES (?, 'run-1', 'agent-1', 'completed', 1, '{}')").run(profilePk);
    db.prepare("INSERT INTO steps (profile_pk, id, run_id, prompt_tokens, json) VALUES (?, 'step-1', 'run-1', 10, '{}')").run(profilePk);
    db.prepare("INSERT INTO provider_traces (profile_pk, step_id, json, fetched_at) VALUES (?, 'step-1', '{}', 1)").run(profilePk);

    db.prepare('DELETE FROM profiles WHERE pk = ?').run(profilePk);
    for (const table of ['runs', 'steps', 'provider_traces', 'messages']) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    }
  });
});
