/**
 * v4: memory blocks as rows of their own, which agents they are attached to, and a snapshot of
 * a block's value each time the cache sees it change — the memory history.
 *
 * Until v3 a block existed only inside its agent's JSON (`memory.blocks`); this migration lifts
 * those blocks out, links them to their agents and records their current value as the first
 * snapshot, so history starts from what the user has already seen rather than from empty.
 * `step_id`/`run_id` name what changed the value when the sync can tell (a memory tool call);
 * `changed_at` is that call's time, `observed_at` when the cache noticed.
 */
import type { Migration } from './index.js';

export const migration004: Migration = {
  version: 4,
  name: '004-blocks',
  up(db) {
    db.exec(`
      CREATE TABLE blocks (
        pk          INTEGER PRIMARY KEY,
        profile_pk  INTEGER NOT NULL REFERENCES profiles(pk) ON DELETE CASCADE,
        id          TEXT NOT NULL,
        label       TEXT,
        json        TEXT NOT NULL,
        listed      INTEGER NOT NULL DEFAULT 0,
        synced_at   INTEGER,
        UNIQUE (profile_pk, id)
      ) STRICT;
      CREATE INDEX blocks_by_label ON blocks (profile_pk, label);

      CREATE TABLE agent_blocks (
        agent_pk  INTEGER NOT NULL REFERENCES agents(pk) ON DELETE CASCADE,
        block_pk  INTEGER NOT NULL REFERENCES blocks(pk) ON DELETE CASCADE,
        PRIMARY KEY (agent_pk, block_pk)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX agent_blocks_by_block ON agent_blocks (block_pk);

      CREATE TABLE block_history (
        pk           INTEGER PRIMARY KEY,
        block_pk     INTEGER NOT NULL REFERENCES blocks(pk) ON DELETE CASCADE,
        value        TEXT NOT NULL,
        observed_at  INTEGER NOT NULL,
        changed_at   INTEGER,
        agent_id     TEXT,
        step_id      TEXT,
        run_id       TEXT
      ) STRICT;
      CREATE INDEX block_history_by_block ON block_history (block_pk, pk);

      CREATE TEMP TABLE v3_blocks AS
        SELECT a.pk AS agent_pk, a.profile_pk AS profile_pk, b.value AS block,
               coalesce(a.synced_at, 0) AS seen_at
        FROM (SELECT * FROM agents WHERE json IS NOT NULL AND json_valid(json)) AS a,
             json_each(a.json, '$.memory.blocks') AS b
        WHERE json_type(b.value, '$.id') = 'text';

      INSERT INTO blocks (profile_pk, id, label, json, synced_at)
        SELECT profile_pk, json_extract(block, '$.id'), json_extract(block, '$.label'), block, max(seen_at)
        FROM v3_blocks
        GROUP BY profile_pk, json_extract(block, '$.id');

      INSERT OR IGNORE INTO agent_blocks (agent_pk, block_pk)
        SELECT v.agent_pk, bl.pk
        FROM v3_blocks AS v
        JOIN blocks AS bl ON bl.profile_pk = v.profile_pk AND bl.id = json_extract(v.block, '$.id');

      INSERT INTO block_history (block_pk, value, observed_at)
        SELECT pk, coalesce(json_extract(json, '$.value'), ''), coalesce(synced_at, 0)
        FROM blocks;

      DROP TABLE v3_blocks;
    `);
  },
};
