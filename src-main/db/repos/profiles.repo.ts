/**
 * Connection profiles as the cache knows them: which server each one's rows came from, and when
 * it last finished a sync (what an offline screen shows as "last synced").
 */
import type Database from 'better-sqlite3';

type Db = Database.Database;

export interface CachedProfile {
  id: string;
  serverUrl: string;
  lastSyncAt: number | null;
}

export interface EnsureProfileResult {
  /** True when the profile now points at another server and its old rows were dropped. */
  reset: boolean;
}

/** Same server, however the user typed it: no trailing slash, lower-case scheme and host. */
export function normalizeServerUrl(url: string): string {
  const trimmed = url.trim();
  try {
    // URL already lower-cases the scheme and host and drops a default port.
    const u = new URL(trimmed);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return trimmed.replace(/\/+$/, '');
  }
}

interface ProfileDbRow {
  pk: number;
  id: string;
  server_url: string;
  last_sync_at: number | null;
}

export class ProfilesRepo {
  private readonly db: Db;
  private readonly findStmt;
  private readonly listStmt;
  private readonly insertStmt;
  private readonly deleteStmt;
  private readonly syncedStmt;

  constructor(db: Db) {
    this.db = db;
    this.findStmt = db.prepare<[string], ProfileDbRow>('SELECT pk, id, server_url, last_sync_at FROM profiles WHERE id = ?');
    this.listStmt = db.prepare<[], ProfileDbRow>('SELECT pk, id, server_url, last_sync_at FROM profiles ORDER BY id');
    this.insertStmt = db.prepare<[string, string, number]>('INSERT INTO profiles (id, server_url, created_at) VALUES (?, ?, ?)');
    this.deleteStmt = db.prepare<[string]>('DELETE FROM profiles WHERE id = ?');
    this.syncedStmt = db.prepare<[number, string]>('UPDATE profiles SET last_sync_at = ? WHERE id = ?');
  }

  /**
   * Make sure rows can be stored for this profile. If the profile was edited to point at a
   * different server, everything cached for it is dropped first: mixing two servers' agents
   * and messages under one profile is the one thing the cache must never do.
   */
  ensure(profileId: string, serverUrl: string, now = Date.now()): EnsureProfileResult {
    const url = normalizeServerUrl(serverUrl);
    return this.db.transaction((): EnsureProfileResult => {
      const existing = this.findStmt.get(profileId);
      if (existing && existing.server_url === url) return { reset: false };
      if (existing) this.deleteStmt.run(profileId);
      this.insertStmt.run(profileId, url, now);
      return { reset: existing !== undefined };
    })();
  }

  get(profileId: string): CachedProfile | null {
    const row = this.findStmt.get(profileId);
    return row ? { id: row.id, serverUrl: row.server_url, lastSyncAt: row.last_sync_at } : null;
  }

  list(): CachedProfile[] {
    return this.listStmt.all().map((row) => ({ id: row.id, serverUrl: row.server_url, lastSyncAt: row.last_sync_at }));
  }

  markSynced(profileId: string, at: number): void {
    this.syncedStmt.run(at, profileId);
  }

  /** The user deleted the connection profile: its whole cache goes with it. */
  remove(profileId: string): void {
    this.deleteStmt.run(profileId);
  }
}
