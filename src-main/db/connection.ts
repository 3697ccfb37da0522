/**
 * Opening the cache file: pragmas, corruption detection, moving a damaged file aside, and
 * bringing the schema up to date. The cache is disposable (the server is the source of truth),
 * so a file that cannot be trusted is never repaired in place: it is kept beside the new one
 * for a bug report and the app rebuilds from the server, telling the user once.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, statSync } from 'node:fs';
import { migrate, LATEST_VERSION, type MigrationResult } from './migrations/index.js';

export type Db = Database.Database;

export type CacheNotice =
  | { kind: 'rebuilt'; reason: string; movedTo: string | null }
  | { kind: 'migrated'; from: number; to: number; backup: string | null };

export interface OpenCacheOptions {
  /** File path, or ':memory:' for tests. */
  path: string;
  /**
   * `auto` runs the full `quick_check` only after an unclean shutdown or on small files, where
   * it costs little; otherwise the header and schema are read, which catches a file that is not
   * a database, a truncated one and a damaged schema. `always` is for tests and a manual check.
   */
  verify?: 'auto' | 'always' | 'never';
  now?: () => number;
}

export interface OpenedCache {
  db: Db;
  path: string;
  /** What the app should tell the user about (a rebuild) or log (a migration). */
  notices: CacheNotice[];
  /** True when a damaged cache was moved aside and this one starts empty. */
  rebuilt: boolean;
}

/** A file up to this size is fully checked on every open; checking it costs well under 100 ms. */
const ALWAYS_CHECK_BELOW_BYTES = 64 * 1024 * 1024;

export class CacheCorruptError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`The offline cache is damaged: ${reason}`, options);
    this.name = 'CacheCorruptError';
  }
}

/** The SQLite result codes that mean "this file cannot be trusted", as better-sqlite3 names them. */
export function isCorruptionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    err instanceof CacheCorruptError ||
    code === 'SQLITE_CORRUPT' ||
    code === 'SQLITE_NOTADB' ||
    code === 'SQLITE_CORRUPT_VTAB' ||
    code === 'SQLITE_CORRUPT_INDEX' ||
    code === 'SQLITE_CORRUPT_SEQUENCE'
  );
}

export function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode never loses a committed transaction to a killed process, only to a power
  // cut, after which the rolled-back cursor makes the next sync fetch the same pages again.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  // Reading history pages through a mapping instead of a read() per page took the p99 of a
  // page at 1M messages from 1.4 ms to 0.5 ms; the cache is rebuilt from the server if an I/O
  // error ever surfaces as a crash here.
  db.pragma('mmap_size = 1073741824');
  // A checkpoint runs inside whichever commit crosses this many WAL pages, on the thread that
  // answers IPC. At 8192 pages it held that thread ~100 ms at a time during a first sync; at 2000
  // about 60 ms, and the 100k sync took no longer in the bench (pages rewritten between
  // checkpoints are copied more often, up to ~10 % in a looser probe). Measured by
  // bench/cache.bench.ts (sync_pause_*, sync_100k_s).
  db.pragma('wal_autocheckpoint = 2000');
}

function check(db: Db, full: boolean): void {
  // Reading the schema forces SQLite to parse the header and page 1; garbage fails here.
  db.prepare('SELECT count(*) FROM sqlite_schema').get();
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_VERSION) {
    throw new CacheCorruptError(`it was written by a newer Letta Desk (schema ${version}, this one knows ${LATEST_VERSION})`);
  }
  if (!full) return;
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) throw new CacheCorruptError(problems.slice(0, 3).join('; '));
}

function moveAside(path: string, stamp: string): string | null {
  const target = `${path}.corrupt-${stamp}`;
  let moved: string | null = null;
  for (const suffix of ['', '-wal', '-shm']) {
    if (!existsSync(path + suffix)) continue;
    renameSync(path + suffix, target + suffix);
    if (suffix === '') moved = target;
  }
  return moved;
}

function describe(err: unknown): string {
  if (err instanceof CacheCorruptError) return err.message.replace(/^The offline cache is damaged: /, '');
  return err instanceof Error ? err.message : String(err);
}

export function openCache(options: OpenCacheOptions): OpenedCache {
  const { path } = options;
  const now = options.now ?? Date.now;
  const inMemory = path === ':memory:';
  const notices: CacheNotice[] = [];

  // A WAL left with content means the last process did not close the file: exactly when a
  // full check is worth its cost.
  const walPath = `${path}-wal`;
  const unclean = !inMemory && existsSync(walPath) && statSync(walPath).size > 0;
  const small = inMemory || !existsSync(path) || statSync(path).size < ALWAYS_CHECK_BELOW_BYTES;
  const verify = options.verify ?? 'auto';
  const full = verify === 'always' || (verify === 'auto' && (unclean || small));

  const backupPath = inMemory ? null : `${path}.backup`;
  let db: Db | null = null;
  let rebuilt = false;
  let result: MigrationResult;
  try {
    db = new Database(path);
    applyPragmas(db);
    if (verify !== 'never') check(db, full);
    // Migrations read every row they transform, so damage can also surface here.
    result = migrate(db, { backupPath });
  } catch (err) {
    db?.close();
    if (inMemory || !isCorruptionError(err)) throw err;
    const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
    const movedTo = moveAside(path, stamp);
    notices.push({ kind: 'rebuilt', reason: describe(err), movedTo });
    rebuilt = true;
    db = new Database(path);
    applyPragmas(db);
    result = migrate(db, { backupPath: null });
  }

  if (result.from !== result.to && result.from !== 0) {
    notices.push({ kind: 'migrated', from: result.from, to: result.to, backup: result.backup });
  }
  return { db, path, notices, rebuilt };
}

/**
 * A query met a damaged page while the app was running (`isCorruptionError`): close this
 * connection, move the file aside and open a fresh one, with the same notice as on open.
 * Repositories built on the old connection must be rebuilt on the new one.
 */
export function rebuildCache(opened: OpenedCache, reason: string, now: () => number = Date.now): OpenedCache {
  if (opened.path === ':memory:') throw new Error('an in-memory cache cannot be rebuilt');
  try {
    if (opened.db.open) opened.db.close();
  } catch {
    // Closing a damaged file may fail; it is being moved aside either way.
  }
  const movedTo = moveAside(opened.path, new Date(now()).toISOString().replace(/[:.]/g, '-'));
  const db = new Database(opened.path);
  applyPragmas(db);
  migrate(db, { backupPath: null });
  return { db, path: opened.path, notices: [{ kind: 'rebuilt', reason, movedTo }], rebuilt: true };
}

/** Close so the WAL is checkpointed and removed: the next open then knows the exit was clean. */
export function closeCache(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('optimize');
  } finally {
    db.close();
  }
}
