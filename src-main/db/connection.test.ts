import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeCache, isCorruptionError, openCache, rebuildCache } from './connection.js';
import { createRepos } from './cache.js';
import { LATEST_VERSION, migrate } from './migrations/index.js';
import { conversation } from '../../test/fixtures/messages.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'letta-cache-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fill(path: string, messages = 300): void {
  const { db } = openCache({ path });
  const repos = createRepos(db);
  repos.profiles.ensure('p', 'http://localhost:8283');
  repos.transaction(() => repos.messages.upsert('p', 'agent-1', conversation(messages, { seed: 4 })));
  closeCache(db);
}

describe('openCache', () => {
  it('opens with WAL, foreign keys and the latest schema', () => {
    const { db, notices, rebuilt } = openCache({ path: join(dir, 'cache.db') });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(notices).toEqual([]);
    expect(rebuilt).toBe(false);
    closeCache(db);
  });

  it('reopens a healthy file without touching it', () => {
    const path = join(dir, 'cache.db');
    fill(path);
    const { db, notices } = openCache({ path, verify: 'always' });
    expect(notices).toEqual([]);
    expect(createRepos(db).messages.count('p', 'agent-1')).toBe(300);
    closeCache(db);
  });

  it('moves a file that is not a database aside and starts fresh, saying so', () => {
    const path = join(dir, 'cache.db');
    writeFileSync(path, 'this is not sqlite '.repeat(500));
    const { db, notices, rebuilt } = openCache({ path, now: () => Date.UTC(2026, 0, 2) });
    expect(rebuilt).toBe(true);
    expect(notices).toHaveLength(1);
    const notice = notices[0];
    expect(notice?.kind).toBe('rebuilt');
    if (notice?.kind !== 'rebuilt') return;
    expect(notice.movedTo).toBe(`${path}.corrupt-2026-01-02T00-00-00-000Z`);
    expect(existsSync(notice.movedTo!)).toBe(true);
    expect(createRepos(db).profiles.list()).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    closeCache(db);
  });

  it('detects a truncated file with the integrity check and rebuilds', () => {
    const path = join(dir, 'cache.db');
    fill(path, 2000);
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const { db, notices, rebuilt } = openCache({ path });
    expect(rebuilt).toBe(true);
    expect(notices[0]?.kind).toBe('rebuilt');
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    closeCache(db);
  });

  it('detects pages overwritten with garbage', () => {
    const path = join(dir, 'cache.db');
    fill(path, 2000);
    const size = statSync(path).size;
    // Scribble over pages in the middle, leaving the header intact.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(16384, 0x5a), 0, 16384, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const { db, rebuilt } = openCache({ path, verify: 'always' });
    expect(rebuilt).toBe(true);
    closeCache(db);
  });

  it('treats a cache from a newer app version as unusable rather than guessing', () => {
    const path = join(dir, 'cache.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.close();
    const { db, notices } = openCache({ path });
    expect(notices[0]).toMatchObject({ kind: 'rebuilt', reason: expect.stringContaining('newer Letta Desk') });
    closeCache(db);
  });

  it('does not hide errors that are not corruption', () => {
    expect(() => openCache({ path: join(dir, 'missing-dir', 'cache.db') })).toThrow();
    expect(isCorruptionError(Object.assign(new Error('x'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isCorruptionError(Object.assign(new Error('x'), { code: 'SQLITE_CORRUPT' }))).toBe(true);
  });

  it('copies the file before migrating an older schema and reports the migration', () => {
    const path = join(dir, 'cache.db');
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    migrate(raw, { to: 1 });
    raw.prepare("INSERT INTO profiles (id, server_url, created_at) VALUES ('p', 'http://x', 0)").run();
    raw.close();
    const { db, notices } = openCache({ path });
    expect(notices).toEqual([{ kind: 'migrated', from: 1, to: LATEST_VERSION, backup: `${path}.backup-v1` }]);
    const backup = new Database(`${path}.backup-v1`, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect(backup.prepare('SELECT id FROM profiles').pluck().all()).toEqual(['p']);
    backup.close();
    closeCache(db);
  });

  it('rebuilds on request when damage shows up while running, keeping the old file aside', () => {
    const path = join(dir, 'cache.db');
    fill(path);
    const opened = openCache({ path });
    const fresh = rebuildCache(opened, 'database disk image is malformed', () => Date.UTC(2026, 0, 3));
    expect(opened.db.open).toBe(false);
    expect(fresh.notices).toEqual([{ kind: 'rebuilt', reason: 'database disk image is malformed', movedTo: `${path}.corrupt-2026-01-03T00-00-00-000Z` }]);
    expect(createRepos(fresh.db).profiles.list()).toEqual([]);
    const old = new Database(`${path}.corrupt-2026-01-03T00-00-00-000Z`, { readonly: true });
    expect(old.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(300);
    old.close();
    closeCache(fresh.db);
  });

  it('leaves no WAL behind after a clean close, so the next open knows the exit was clean', () => {
    const path = join(dir, 'cache.db');
    fill(path);
    expect(readdirSync(dir).filter((f) => f.endsWith('-wal'))).toEqual([]);
  });
});
