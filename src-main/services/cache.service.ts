/**
 * The offline cache, wired to the app: one SQLite file (`<dataDir>/cache.sqlite`) holding every
 * connection profile's rows apart, one sync engine for the connected profile, started only once
 * the renderer says it has painted, and the app's events bridged both ways (sync progress and
 * cache changes out; connects, sends and block edits in).
 *
 * Offline reads: `read()` runs the server call, caches what it got, and when the server cannot be
 * reached answers from the cache instead, in the same shape. Whether the app is offline is one
 * app-wide status (`status().connectivity`, announced with `connection:changed`), not a flag on
 * every result. Writes go through `guardWrite`, so they are refused while offline, never queued.
 */
import { statSync } from 'node:fs';
import type {
  BlockHistoryPage,
  CacheStatus,
  OfflineInfo,
} from '../../src-shared/cache-types.js';
import { closeCache, createRepos, openCache, rebuildCache, type CacheNotice, type CacheRepos, type Db } from '../db/index.js';
import type { LettaClient } from '../letta/index.js';
import type { Logger } from '../log.js';
import { isUnreachableError, OfflineWriteError } from '../sync/connectivity.js';
import { SyncEventHub, type ConnectivityState } from '../sync/events.js';
import type { LettaSyncSource } from '../sync/ports.js';
import { SyncEngine, type SyncEngineOptions } from '../sync/sync-engine.js';
import { AppFailure } from './errors.js';
import type { EventBus } from './events.js';
import type { Session } from './session.js';

export interface CacheServiceOptions {
  /** `<dataDir>/cache.sqlite`, or ':memory:' in tests. */
  path: string;
  session: Session;
  events: EventBus;
  log: Logger;
  /** Engine settings for tests (intervals, backoff, a fake clock). */
  engine?: Partial<Omit<SyncEngineOptions, 'profileId' | 'serverUrl' | 'repos' | 'source' | 'events'>>;
  /** How the engine reaches the server; the typed client by default. */
  sourceFor?: (client: LettaClient) => LettaSyncSource;
}

/** What an offline read needs: the cache's repositories and the profile whose rows to read. */
export interface CacheScope {
  repos: CacheRepos;
  profileId: string;
}

interface Active {
  profileId: string;
  connectedAt: string;
  engine: SyncEngine;
  unsubscribe: () => void;
}

/** The typed client as the narrow port the sync engine asks for. */
export function clientSource(client: LettaClient): LettaSyncSource {
  return {
    listAgents: (query, o) => client.agents.list(query, o),
    retrieveAgent: (agentId, o) => client.agents.retrieve(agentId, o),
    listMessages: (agentId, query, o) => client.agents.messages.list(agentId, query, o),
    listBlocks: (query, o) => client.blocks.list(query, o),
    listRuns: (query, o) => client.runs.list(query, o),
    listRunSteps: (runId, query, o) => client.runs.steps.list(runId, query, o),
    retrieveProviderTrace: (stepId, o) => client.telemetry.retrieveProviderTrace(stepId, o),
  };
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class CacheService {
  private readonly options: CacheServiceOptions;
  private opened: { db: Db; path: string; repos: CacheRepos; notices: CacheNotice[] } | null = null;
  private active: Active | null = null;
  private painted = false;
  private paintListeners: (() => void)[] = [];
  /** A read found the server unreachable before the engine did; cleared by the next success. */
  private readFailure: { since: number; reason: string } | null = null;
  private lastReachability: string | null = null;
  private disposed = false;

  constructor(options: CacheServiceOptions) {
    this.options = options;
    options.events.subscribe((event, payload) => {
      if (event === 'connection:changed') this.followSession();
      else if (event === 'chat:changed') void this.refreshLatest((payload as { agentId: string }).agentId);
    });
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────

  /** Opened on first use (the first connect), never while the window is starting. */
  private cache(): { db: Db; path: string; repos: CacheRepos; notices: CacheNotice[] } {
    if (this.opened) return this.opened;
    const opened = openCache({ path: this.options.path });
    for (const notice of opened.notices) {
      if (notice.kind === 'rebuilt') this.options.log.warn(`offline cache was damaged (${notice.reason}); moved to ${notice.movedTo ?? '—'}, rebuilding`);
      else this.options.log.info(`offline cache migrated from schema ${notice.from} to ${notice.to}`);
    }
    this.opened = { db: opened.db, path: opened.path, repos: createRepos(opened.db), notices: opened.notices };
    return this.opened;
  }

  /** The renderer has painted its first frame: background sync may begin. */
  firstPaint(): void {
    if (this.painted) return;
    this.painted = true;
    for (const listener of this.paintListeners.splice(0)) listener();
  }

  private whenPainted(): Promise<void> {
    return this.painted ? Promise.resolve() : new Promise((resolve) => this.paintListeners.push(resolve));
  }

  /** Follows the session: a new connection gets its own engine over its own profile's rows. */
  private followSession(): void {
    if (this.disposed) return;
    const status = this.options.session.status();
    if (status.state !== 'connected') {
      this.stopActive();
      return;
    }
    if (this.active && this.active.profileId === status.profileId && this.active.connectedAt === status.connectedAt) return;
    this.stopActive();
    let client: LettaClient;
    try {
      client = this.options.session.client();
    } catch {
      return;
    }
    const { repos } = this.cache();
    const hub = new SyncEventHub((err) => this.options.log.warn('sync event listener failed', err));
    const engine = new SyncEngine({
      ...this.options.engine,
      profileId: status.profileId,
      // Registers the profile; a profile now pointed at another server has its old rows dropped.
      serverUrl: status.baseUrl,
      repos,
      source: (this.options.sourceFor ?? clientSource)(client),
      events: hub,
    });
    if (engine.profileReset) this.options.log.info(`profile ${status.profileId} points at another server now; its cache was cleared`);
    const bus = this.options.events;
    let engineReach = engine.state.reachability;
    const offs = [
      hub.on('sync:progress', (p) => bus.emit('sync:progress', { ...p })),
      hub.on('sync:state', ({ state }) => {
        // The engine reaching the server again ends an outage a read noticed first.
        if (state.reachability === 'online' && engineReach !== 'online') this.readFailure = null;
        engineReach = state.reachability;
        this.announceReachability();
      }),
      hub.on('agents:changed', () => bus.emit('cache:changed', { what: 'agents' })),
      hub.on('messages:changed', (p) => bus.emit('cache:changed', { what: 'messages', agentId: p.agentId })),
      hub.on('blocks:changed', () => bus.emit('cache:changed', { what: 'blocks' })),
      hub.on('runs:changed', () => bus.emit('cache:changed', { what: 'runs' })),
      hub.on('steps:changed', () => bus.emit('cache:changed', { what: 'steps' })),
      // Deferred: the engine reports damage from inside its own run, which rebuilding stops.
      hub.on('cache:damaged', ({ reason }) => setImmediate(() => this.rebuildAfterDamage(reason))),
    ];
    this.active = { profileId: status.profileId, connectedAt: status.connectedAt, engine, unsubscribe: () => offs.forEach((off) => off()) };
    this.readFailure = null;
    this.lastReachability = null;
    engine.start(this.whenPainted());
  }

  /**
   * A query met a damaged page while the app ran: the engine has stopped. Move the file aside,
   * start a fresh one (the status carries the same "rebuilt" notice as a damaged file found on
   * open) and sync the connected profile into it again, so the user keeps an offline copy.
   */
  private rebuildAfterDamage(reason: string): void {
    const opened = this.opened;
    if (this.disposed || !opened) return;
    this.options.log.warn(`offline cache damaged while running (${reason}); moving it aside and rebuilding`);
    this.stopActive();
    if (opened.path === ':memory:') return;
    const rebuilt = rebuildCache({ db: opened.db, path: opened.path, notices: opened.notices, rebuilt: false }, reason);
    this.opened = { db: rebuilt.db, path: rebuilt.path, repos: createRepos(rebuilt.db), notices: rebuilt.notices };
    this.options.events.emit('cache:changed', { what: 'agents' });
    this.options.events.emit('connection:changed', {});
    this.followSession();
  }

  private stopActive(): void {
    if (!this.active) return;
    this.active.engine.stop();
    this.active.unsubscribe();
    this.active = null;
    this.readFailure = null;
  }

  dispose(): void {
    this.disposed = true;
    this.stopActive();
    if (this.opened) closeCache(this.opened.db);
    this.opened = null;
  }

  // ── connectivity ──────────────────────────────────────────────────────────

  get offline(): boolean {
    return this.active !== null && (this.active.engine.state.reachability === 'offline' || this.readFailure !== null);
  }

  connectivity(): OfflineInfo {
    const state: ConnectivityState | null = this.active?.engine.state ?? null;
    const engineOffline = state?.reachability === 'offline';
    const offline = engineOffline || this.readFailure !== null;
    return {
      reachability: offline ? 'offline' : (state?.reachability ?? 'unknown'),
      since: iso(engineOffline ? (state?.offlineSince ?? null) : (this.readFailure?.since ?? null)),
      lastSyncAt: iso(state?.lastSyncAt ?? null),
      reason: engineOffline ? (state?.reason ?? null) : (this.readFailure?.reason ?? null),
      syncing: state?.syncing ?? false,
      nextAttemptAt: iso(state?.nextAttemptAt ?? null),
    };
  }

  /** `connection:changed` only when online/offline flips or a sync starts or ends, not per page. */
  private announceReachability(): void {
    const c = this.connectivity();
    const key = `${c.reachability}|${c.lastSyncAt}|${c.syncing}`;
    if (key === this.lastReachability) return;
    const flipped = this.lastReachability?.split('|')[0] !== c.reachability;
    this.lastReachability = key;
    if (flipped || !c.syncing) this.options.events.emit('connection:changed', {});
  }

  private noteUnreachable(err: unknown): void {
    if (!this.readFailure) {
      this.readFailure = { since: Date.now(), reason: err instanceof Error ? err.message : String(err) };
      this.announceReachability();
    }
    // Let the engine find out too; it retries with backoff and reports when the server is back.
    this.active?.engine.nudge();
  }

  private noteReachable(): void {
    if (!this.readFailure) return;
    this.readFailure = null;
    this.announceReachability();
  }

  /** Whether this profile was synced at least once: then it can be opened with the server down. */
  hasSynced(profileId: string): boolean {
    return (this.cache().repos.profiles.get(profileId)?.lastSyncAt ?? null) !== null;
  }

  /** The session was opened without the server: say so at once, before the engine finds out. */
  openedOffline(reason: string): void {
    if (!this.active) return;
    this.readFailure = { since: Date.now(), reason };
    this.announceReachability();
  }

  // ── reads and writes for the other services ───────────────────────────────

  /**
   * A server read with the cache behind it: online, `online()` answers and `remember` caches the
   * result; unreachable (or already known offline), `offline()` answers from the cache. `offline`
   * returning undefined means "not cached": the original failure is reported.
   */
  async read<T>(
    online: () => Promise<T>,
    offline: (scope: CacheScope) => T | undefined,
    remember?: (value: T, scope: CacheScope) => void,
  ): Promise<T> {
    const scope = this.scope();
    if (!scope) return online();
    if (this.offline) {
      this.active?.engine.nudge();
      const cached = offline(scope);
      if (cached !== undefined) return cached;
      throw this.notCached();
    }
    try {
      const value = await online();
      this.noteReachable();
      if (remember) {
        try {
          remember(value, scope);
        } catch (err) {
          this.options.log.warn('could not cache a read', err);
        }
      }
      return value;
    } catch (err) {
      if (!isUnreachableError(err)) throw err;
      this.noteUnreachable(err);
      const cached = offline(scope);
      if (cached !== undefined) return cached;
      throw err;
    }
  }

  /** A server write: refused with a clear message while offline, never queued or retried. */
  async guardWrite<T>(action: string, write: () => Promise<T>): Promise<T> {
    const engine = this.active?.engine;
    if (!engine) return write();
    try {
      if (this.readFailure) {
        const status = this.options.session.status();
        const server = status.state === 'connected' ? status.baseUrl : 'the server';
        throw new OfflineWriteError(action, server, engine.state.lastSyncAt, this.readFailure.reason);
      }
      return await engine.guardWrite(action, write);
    } catch (err) {
      if (err instanceof OfflineWriteError) {
        this.announceReachability();
        throw new AppFailure('unreachable', err.message, 'Reading works offline from the local cache; changes need the server.');
      }
      throw err;
    }
  }

  private notCached(): AppFailure {
    const last = this.connectivity().lastSyncAt;
    return new AppFailure(
      'unreachable',
      'The server is unreachable and this was not in the offline cache.',
      last ? `Only what was synced (last at ${last}) can be read offline.` : 'Nothing was synced from this server yet.',
    );
  }

  /** The connected profile's slice of the cache, or null when not connected. */
  scope(): CacheScope | null {
    if (!this.active) return null;
    return { repos: this.cache().repos, profileId: this.active.profileId };
  }

  /** Every profile's rows, for search across servers. */
  repos(): CacheRepos {
    return this.cache().repos;
  }

  get activeProfileId(): string | null {
    return this.active?.profileId ?? null;
  }

  /** Messages the app sent or received: into the cache at once, for the conversation and search. */
  ingestMessages(agentId: string, messages: readonly unknown[]): void {
    if (!this.active || messages.length === 0) return;
    try {
      this.active.engine.ingestMessages(agentId, messages);
    } catch (err) {
      this.options.log.warn('could not cache sent messages', err);
    }
  }

  /** The app reset an agent's conversation: the cached copy of the old history goes too. */
  forgetMessages(agentId: string): void {
    if (!this.active) return;
    try {
      this.active.engine.forgetMessages(agentId);
    } catch (err) {
      this.options.log.warn('could not drop the cached history of a reset conversation', err);
    }
  }

  /** A block the app just changed or read, with the step/run that changed it when known. */
  ingestBlock(block: unknown, cause: { agentId?: string; stepId?: string | null; runId?: string | null } | null = null): void {
    if (!this.active) return;
    try {
      this.active.engine.ingestBlock(block, cause);
    } catch (err) {
      this.options.log.warn('could not cache a block', err);
    }
  }

  private refreshing = new Set<string>();

  /** After a turn (sent, streamed, edited): the newest page from the server into the cache. */
  private async refreshLatest(agentId: string): Promise<void> {
    const active = this.active;
    if (!active || this.offline || this.refreshing.has(agentId)) return;
    this.refreshing.add(agentId);
    try {
      const messages = await this.options.session.client().agents.messages.list(agentId, { limit: 50 });
      if (this.active === active) this.ingestMessages(agentId, messages);
    } catch (err) {
      if (isUnreachableError(err)) this.noteUnreachable(err);
      else this.options.log.debug(`could not refresh the cached history of ${agentId}`);
    } finally {
      this.refreshing.delete(agentId);
    }
  }

  // ── channels ──────────────────────────────────────────────────────────────

  syncNow(agentId: string | undefined, full: boolean): void {
    const engine = this.active?.engine;
    if (!engine) throw new AppFailure('not_connected', 'Not connected to a Letta server.', 'Connect to a server to sync it.');
    const run = agentId === undefined ? engine.syncAll({ full }) : engine.syncAgent(agentId, { full });
    run.then(
      () => this.announceReachability(),
      (err: unknown) => this.options.log.warn('sync failed', err),
    );
  }

  cancelSync(): void {
    this.active?.engine.cancel();
  }

  blockHistory(agentId: string, label: string, query: { before?: number | undefined; limit?: number | undefined }): BlockHistoryPage {
    const scope = this.scope();
    if (!scope) return { snapshots: [], next: null };
    const block = scope.repos.blocks.listForAgent(scope.profileId, agentId).find((b) => b.label === label);
    if (!block) return { snapshots: [], next: null };
    const page = scope.repos.blocks.history(scope.profileId, block.id, {
      ...(query.before !== undefined ? { before: query.before } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
    return {
      snapshots: page.snapshots.map((s) => ({
        value: s.value,
        at: new Date(s.changedAt ?? s.observedAt).toISOString(),
        ...(s.stepId ? { stepId: s.stepId } : {}),
        ...(s.runId ? { runId: s.runId } : {}),
      })),
      next: page.next,
    };
  }

  status(): CacheStatus {
    const opened = this.opened;
    const rebuilt = opened?.notices.find((n): n is Extract<CacheNotice, { kind: 'rebuilt' }> => n.kind === 'rebuilt') ?? null;
    const status: CacheStatus = {
      profileId: this.active?.profileId ?? null,
      path: opened?.path ?? null,
      sizeBytes: opened ? fileSize(opened.path) : 0,
      counts: { agents: 0, messages: 0, blocks: 0 },
      agents: [],
      connectivity: this.connectivity(),
      notice: rebuilt
        ? {
            kind: 'rebuilt',
            message: `The offline cache was damaged (${rebuilt.reason}) and is being rebuilt from the server.`,
            movedTo: rebuilt.movedTo,
          }
        : null,
    };
    const scope = this.scope();
    if (!scope) return status;
    for (const agent of scope.repos.agents.list(scope.profileId)) {
      const messages = scope.repos.messages.count(scope.profileId, agent.id);
      status.agents.push({ agentId: agent.id, name: agent.name, messages, lastSyncAt: iso(agent.syncedAt) });
      status.counts.messages += messages;
    }
    status.counts.agents = status.agents.length;
    status.counts.blocks = scope.repos.blocks.list(scope.profileId).length;
    return status;
  }
}

function fileSize(path: string): number {
  if (path === ':memory:') return 0;
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(path + suffix).size;
    } catch {
      // not there (no WAL after a clean close)
    }
  }
  return total;
}
