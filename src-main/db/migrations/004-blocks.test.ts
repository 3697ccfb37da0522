import { describe, expect, it } from 'vitest';
import { migrate } from './index.js';
import { databaseAt, insertProfileAndAgent } from './testing.js';

function agent(id: string, blocks: unknown[]): unknown {
  return {
    id,
    name: id,
    agent_type: 'memgpt_agent',
    memory: { blocks, prompt_template: '{% for block in blocks %}…' },
    tools: [{ id: 'tool-1', name: 'send_message' }],
    sources: [],
  };
}

describe('migration 004-blocks (v3 → v4)', () => {
  it('lifts the blocks out of v3 agent JSON, links them, and starts their history', () => {
    const db = databaseAt(3);
    const shared = { id: 'block-shared', label: 'org', value: 'Shared facts', limit: 5000 };
    const { profilePk } = insertProfileAndAgent(
      db,
      agent('agent-1', [{ id: 'block-human', label: 'human', value: 'Name: Ada', limit: 5000 }, shared, { label: 'no id' }]),
    );
    db.prepare('INSERT INTO agents (profile_pk, id, json, synced_at) VALUES (?, ?, ?, ?)').run(
      profilePk,
      'agent-2',
      JSON.stringify(agent('agent-2', [shared, { id: 'block-persona', label: 'persona', value: 'I am Sam' }])),
      2000,
    );
    db.prepare('INSERT INTO agents (profile_pk, id, json) VALUES (?, ?, ?)').run(profilePk, 'agent-stub', null);
    db.prepare('INSERT INTO agents (profile_pk, id, json) VALUES (?, ?, ?)').run(profilePk, 'agent-odd', '{"memory": "not an object"}');

    migrate(db, { to: 4 });

    expect(db.prepare('SELECT id, label FROM blocks ORDER BY id').all()).toEqual([
      { id: 'block-human', label: 'human' },
      { id: 'block-persona', label: 'persona' },
      { id: 'block-shared', label: 'org' },
    ]);
    const links = db
      .prepare('SELECT a.id AS agent, b.id AS block FROM agent_blocks ab JOIN agents a ON a.pk = ab.agent_pk JOIN blocks b ON b.pk = ab.block_pk ORDER BY 1, 2')
      .all();
    expect(links).toEqual([
      { agent: 'agent-1', block: 'block-human' },
      { agent: 'agent-1', block: 'block-shared' },
      { agent: 'agent-2', block: 'block-persona' },
      { agent: 'agent-2', block: 'block-shared' },
    ]);
    const history = db
      .prepare('SELECT b.id, h.value, h.observed_at FROM block_history h JOIN blocks b ON b.pk = h.block_pk ORDER BY b.id')
      .all();
    expect(history).toEqual([
      { id: 'block-human', value: 'Name: Ada', observed_at: 1000 },
      { id: 'block-persona', value: 'I am Sam', observed_at: 2000 },
      { id: 'block-shared', value: 'Shared facts', observed_at: 2000 },
    ]);
    // The agents themselves are untouched.
    expect(db.prepare('SELECT count(*) FROM agents').pluck().get()).toBe(4);
  });
});
