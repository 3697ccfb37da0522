/**
 * v1: connection profiles, agents, messages and the per-agent message cursor.
 *
 * Every row hangs off a profile (directly or through its agent), so two servers never share a
 * row and deleting a profile removes its whole cache in one cascade.
 *
 * Messages: `pos` is the row's place in time, `date_ms * 1024 + n` (see messages.repo.ts), so
 * history pages and newest-first search both walk an integer key instead of sorting. The
 * server's JSON is kept whole; the columns beside it are only what queries filter or order on.
 * `(agent_pk, id, kind, part)` identifies a message because the server expands one stored
 * message into several with the same id (reasoning + tool call); `id_hash` makes that lookup an
 * integer index instead of a wide random-text one, which is what an insert-heavy sync pays for.
 */
import type { Migration } from './index.js';

export const migration001: Migration = {
  version: 1,
  name: '001-core',
  up(db) {
    db.exec(`
      CREATE TABLE profiles (
        pk           INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        server_url   TEXT NOT NULL,
        last_sync_at INTEGER,
        created_at   INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE agents (
        pk          INTEGER PRIMARY KEY,
        profile_pk  INTEGER NOT NULL REFERENCES profiles(pk) ON DELETE CASCADE,
        id          TEXT NOT NULL,
        name        TEXT,
        updated_at  TEXT,
        json        TEXT,
        synced_at   INTEGER,
        removed_at  INTEGER,
        UNIQUE (profile_pk, id)
      ) STRICT;

      CREATE TABLE messages (
        pos         INTEGER PRIMARY KEY,
        profile_pk  INTEGER NOT NULL,
        agent_pk    INTEGER NOT NULL REFERENCES agents(pk) ON DELETE CASCADE,
        id          TEXT NOT NULL,
        id_hash     INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        part        TEXT NOT NULL,
        date_ms     INTEGER NOT NULL,
        step_id     TEXT,
        body        TEXT NOT NULL,
        json        TEXT NOT NULL
      ) STRICT;
      CREATE INDEX messages_by_agent ON messages (agent_pk);
      CREATE INDEX messages_by_id ON messages (agent_pk, id_hash);

      CREATE TABLE message_cursors (
        agent_pk          INTEGER PRIMARY KEY REFERENCES agents(pk) ON DELETE CASCADE,
        head_id           TEXT,
        tail_id           TEXT,
        history_complete  INTEGER NOT NULL DEFAULT 0,
        gap_top_id        TEXT,
        gap_before_id     TEXT,
        synced_at         INTEGER
      ) STRICT;
    `);
  },
};
