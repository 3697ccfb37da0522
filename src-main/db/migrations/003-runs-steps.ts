/**
 * v3: runs, their steps (token usage pulled out for sums) and provider traces.
 *
 * Steps keep a cursor on their run (`steps_after`) committed with each page of steps, and
 * `steps_complete` once a finished run has been read to the end, so a sync never asks again for
 * the steps of a run that can no longer change. Traces are keyed by step id, not by a step row,
 * because the app may open a trace before the step itself is cached.
 */
import type { Migration } from './index.js';

export const migration003: Migration = {
  version: 3,
  name: '003-runs-steps',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        pk              INTEGER PRIMARY KEY,
        profile_pk      INTEGER NOT NULL REFERENCES profiles(pk) ON DELETE CASCADE,
        id              TEXT NOT NULL,
        agent_id        TEXT,
        status          TEXT,
        created_ms      INTEGER,
        completed_ms    INTEGER,
        json            TEXT NOT NULL,
        steps_after     TEXT,
        steps_complete  INTEGER NOT NULL DEFAULT 0,
        UNIQUE (profile_pk, id)
      ) STRICT;
      CREATE INDEX runs_by_agent ON runs (profile_pk, agent_id, created_ms);
      CREATE INDEX runs_by_time ON runs (profile_pk, created_ms);

      CREATE TABLE steps (
        pk                 INTEGER PRIMARY KEY,
        profile_pk         INTEGER NOT NULL REFERENCES profiles(pk) ON DELETE CASCADE,
        id                 TEXT NOT NULL,
        run_id             TEXT,
        agent_id           TEXT,
        model              TEXT,
        prompt_tokens      INTEGER,
        completion_tokens  INTEGER,
        total_tokens       INTEGER,
        json               TEXT NOT NULL,
        UNIQUE (profile_pk, id)
      ) STRICT;
      CREATE INDEX steps_by_run ON steps (profile_pk, run_id);
      CREATE INDEX steps_by_agent ON steps (profile_pk, agent_id);

      CREATE TABLE provider_traces (
        profile_pk  INTEGER NOT NULL REFERENCES profiles(pk) ON DELETE CASCADE,
        step_id     TEXT NOT NULL,
        json        TEXT NOT NULL,
        fetched_at  INTEGER NOT NULL,
        PRIMARY KEY (profile_pk, step_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
