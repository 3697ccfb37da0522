/**
 * Append-only schema history. Each file moves the schema from version N-1 to N and is never
 * edited once shipped; a change of mind is a new file. The version lives in
 * `PRAGMA user_version`, which SQLite writes inside the same transaction as the migration, so a
 * crash leaves the file at N-1 or N, never in between.
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { migration001 } from './001-core.js';
import { migration002 } from './002-message-search.js';
import { migration003 } from './003-runs-steps.js';
import { migration004 } from './004-blocks.js';

type Db = Database.Database;

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004];
export const LATEST_VERSION = MIGRATIONS.length;

export interface MigrationResult {
  from: number;
  to: number;
  /** Copy of the file as it was before migrating, when there was anything to keep. */
  backup: string | null;
}

export interface MigrateOptions {
  /** Where to copy the database before changing its schema; null for in-memory databases. */
  backupPath?: string | null;
  /** Stop at this version (tests build an old schema with it). */
  to?: number;
}

export function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * A consistent copy of the file. Once the WAL is checkpointed into it and truncated, the file
 * alone is the database and a plain copy is a backup: about a second per GB, where VACUUM INTO
 * (the fallback when another connection holds the WAL) rebuilds every index and takes many.
 */
function copyDatabase(db: Db, target: string): void {
  if (existsSync(target)) rmSync(target);
  const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (checkpoint?.busy === 0 && db.name !== ':memory:' && existsSync(db.name)) copyFileSync(db.name, target);
  else db.prepare('VACUUM INTO ?').run(target);
}

export function migrate(db: Db, options: MigrateOptions = {}): MigrationResult {
  MIGRATIONS.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  const target = options.to ?? LATEST_VERSION;
  const from = userVersion(db);
  if (from >= target) return { from, to: from, backup: null };

  let backup: string | null = null;
  if (from > 0 && options.backupPath) {
    backup = `${options.backupPath}-v${from}`;
    copyDatabase(db, backup);
  }

  for (const m of MIGRATIONS) {
    if (m.version <= from || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: target, backup };
}
