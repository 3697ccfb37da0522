/**
 * Keeps one connection profile's cache in step with its server: agents (with their blocks,
 * tools and sources), every agent's messages, global blocks with their value history, runs and
 * their steps. One engine per profile; the composition root makes it and calls `start` once the
 * window has painted, so nothing here ever delays start-up.
 *
 * Failure policy, in one place:
 *  - server unreachable: stop this sync, report offline, retry with jittered backoff;
 *  - any other error on one agent or run: record it, leave its cursor, carry on with the rest;
 *  - data that does not fit the types: stored as it came (see db/message-row.ts);
 *  - cancel: commit what was already fetched, stop.
 */
import type { CacheRepos } from '../db/cache.js';
import { isCorruptionError } from '../db/connection.js';
import type { UpsertResult } from '../db/repos/messages.repo.js';
import type { BlockChangeCause } from '../db/repos/blocks.repo.js';
import type { CachedTrace } from '../db/repos/steps.repo.js';
import { describeError, isAbortError, isUnreachableError, OfflineWriteError, type Stamped } from './connectivity.js';
import type { ConnectivityState, SyncEvents, SyncPhase } from './events.js';
import { syncAgentMessages, type MessageSyncContext } from './message-sync.js';
import type { CallOptions, LettaSyncSource } from './ports.js';

export interface SyncEngineOptions {
  profileId: string;
  /** The profile's server; a different one than last time drops the profile's cache first. */
  serverUrl: string;
  repos: CacheRepos;
  source: LettaSyncSource;
  events?: SyncEvents;
  /** `limit` per list request (default 500). */
  pageSize?: number;
  /**
   * Group fetched pages into one commit up to this many messages (default 1000)… The writes run
   * on the thread that answers IPC: 5000-row commits held it for ~200 ms at a time during a first
   * sync, 1000-row ones no longer than a WAL checkpoint does (see db/connection.ts), at the same
   * total time (bench/cache.bench.ts, sync_pause_*).
   */
  commitRows?: number;
  /** …or this much time spent fetching (default 250 ms), whichever comes first. */
  commitMs?: number;
  /** Between syncs while online (default 60 s). */
  intervalMs?: number;
  /** Retry delays while offline: doubling from `initialMs` up to `maxMs`, ±20 % jitter. */
  backoff?: { initialMs: number; maxMs: number };
  /** Steps of at most this many runs are fetched per sync, newest runs first (default 50). */
  runsPerSync?: number;
  isUnreachable?: (err: unknown) => boolean;
  now?: () => number;
  random?: () => number;
}

export interface SyncOptions {
  /** Walk every agent's whole history again instead of only what is new. */
  full?: boolean;
  signal?: AbortSignal;
}

export interface SyncReport {
  agents: number;
  messagesFetched: number;
  messagesInserted: number;
  messagesUpdated: number;
  blocksChanged: number;
  runsChanged: number;
  stepsChanged: number;
  /** Per-entity failures that did not stop the sync (the server answered with an error). */
  errors: { scope: string; message: string }[];
  offline: boolean;
  cancelled: boolean;
  /** The cache file turned out to be damaged; the engine stopped (see `cache:damaged`). */
  damaged: boolean;
}

const TERMINAL_RUN_STATUSES = new Set(['completed', 'failed', 'cancelled', 'expired']);
/** A tool call's clock and the cache's may disagree; look this far before the last snapshot. */
const CLOCK_SLACK_MS = 5 * 60_000;

function emptyReport(): SyncReport {
  return {
    agents: 0,
    messagesFetched: 0,
    messagesInserted: 0,
    messagesUpdated: 0,
    blocksChanged: 0,
    runsChanged: 0,
    stepsChanged: 0,
    errors: [],
    offline: false,
    cancelled: false,
    damaged: false,
  };
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function idOf(value: unknown): string | null {
  const id = record(value)?.id;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** Errors that end the whole sync rather than one agent's or run's part of it. */
function endsSync(err: unknown, signal: AbortSignal): boolean {
  return err instanceof Unreachable || isAbortError(err) || signal.aborted || isCorruptionError(err);
}

/** Raised inside a sync to unwind it when the server turns out to be unreachable. */
class Unreachable extends Error {
  constructor(readonly original: unknown) {
    super(describeError(original));
  }
}

export class SyncEngine {
  readonly profileId: string;
  /** True when constructing found the profile pointed at another server and cleared its cache. */
  readonly profileReset: boolean;

  private readonly serverUrl: string;
  private readonly repos: CacheRepos;
  private readonly source: LettaSyncSource;
  private readonly events: SyncEvents | undefined;
  private readonly pageSize: number;
  private readonly commitRows: number;
  private readonly commitMs: number;
  private readonly intervalMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly runsPerSync: number;
  private readonly unreachable: (err: unknown) => boolean;
  private readonly now: () => number;
  private readonly random: () => number;

  private current: { promise: Promise<SyncReport>; controller: AbortController } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  private stopped = false;
  private failures = 0;
  private connectivity: ConnectivityState;

  constructor(options: SyncEngineOptions) {
    this.profileId = options.profileId;
    this.serverUrl = options.serverUrl;
    this.repos = options.repos;
    this.source = options.source;
    this.events = options.events;
    this.pageSize = options.pageSize ?? 500;
    this.commitRows = options.commitRows ?? 1000;
    this.commitMs = options.commitMs ?? 250;
    this.intervalMs = options.intervalMs ?? 60_000;
    this.backoff = options.backoff ?? { initialMs: 2_000, maxMs: 5 * 60_000 };
    this.runsPerSync = options.runsPerSync ?? 50;
    this.unreachable = options.isUnreachable ?? isUnreachableError;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.profileReset = this.repos.profiles.ensure(this.profileId, this.serverUrl, this.now()).reset;
    this.connectivity = {
      reachability: 'unknown',
      lastSyncAt: this.repos.profiles.get(this.profileId)?.lastSyncAt ?? null,
      offlineSince: null,
      reason: null,
      syncing: false,
      nextAttemptAt: null,
    };
  }

  // ── scheduling ────────────────────────────────────────────────────────────

  /**
   * Begin syncing in the background once `firstPaint` settles (the renderer's first frame),
   * then every `intervalMs`, or with backoff while the server is unreachable.
   */
  start(firstPaint: PromiseLike<unknown>): void {
    if (this.started) return;
    this.started = true;
    const go = () => {
      if (!this.stopped) this.schedule(0);
    };
    Promise.resolve(firstPaint).then(go, go);
  }

  /** Stop scheduling and cancel a running sync; committed pages stay. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.cancel();
  }

  /** Try now instead of waiting for the next attempt (the user pressed retry, the OS is back online). */
  nudge(): void {
    if (this.started && !this.stopped && !this.current) this.schedule(0);
  }

  cancel(): void {
    this.current?.controller.abort();
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delayMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    const report = await this.syncAll().catch((): null => null);
    if (this.stopped) return;
    if (report?.offline) {
      const base = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** Math.min(this.failures, 20));
      this.failures++;
      const delay = Math.round(base * (0.8 + 0.4 * this.random()));
      this.setState({ nextAttemptAt: this.now() + delay });
      this.schedule(delay);
    } else {
      this.failures = 0;
      this.setState({ nextAttemptAt: null });
      this.schedule(this.intervalMs);
    }
  }

  // ── connectivity ──────────────────────────────────────────────────────────

  get state(): ConnectivityState {
    return { ...this.connectivity };
  }

  /** Wrap a cache read for the UI: marked offline, with the time of the last sync. */
  stamp<T>(value: T): Stamped<T> {
    return { value, offline: this.connectivity.reachability === 'offline', lastSyncAt: this.connectivity.lastSyncAt };
  }

  /** Throws a clear OfflineWriteError while the server is known to be unreachable. */
  assertWritable(action = 'save changes'): void {
    if (this.connectivity.reachability === 'offline') {
      // The user wants the server now: look again rather than wait out the backoff.
      this.nudge();
      throw new OfflineWriteError(action, this.serverUrl, this.connectivity.lastSyncAt, this.connectivity.reason);
    }
  }

  /**
   * Run a write against the server: refused up front while offline, and turned into the same
   * refusal (never a retry, never a queue) if the server turns out to be unreachable.
   */
  async guardWrite<T>(action: string, write: () => Promise<T>): Promise<T> {
    this.assertWritable(action);
    try {
      const result = await write();
      this.markOnline();
      return result;
    } catch (err) {
      if (!this.unreachable(err)) throw err;
      this.markOffline(err);
      this.nudge();
      throw new OfflineWriteError(action, this.serverUrl, this.connectivity.lastSyncAt, this.connectivity.reason);
    }
  }

  private setState(patch: Partial<ConnectivityState>): void {
    const next = { ...this.connectivity, ...patch };
    const same = (Object.keys(next) as (keyof ConnectivityState)[]).every((k) => next[k] === this.connectivity[k]);
    this.connectivity = next;
    if (!same) this.events?.emit('sync:state', { profileId: this.profileId, state: { ...next } });
  }

  private markOnline(): void {
    if (this.connectivity.reachability !== 'online') this.setState({ reachability: 'online', offlineSince: null, reason: null });
  }

  private markOffline(err: unknown): void {
    this.setState({
      reachability: 'offline',
      offlineSince: this.connectivity.offlineSince ?? this.now(),
      reason: describeError(err),
    });
  }

  /** Every server call goes through here, so reachability is learned from all of them. */
  private async call<T>(fn: (options: CallOptions) => Promise<T>, signal: AbortSignal): Promise<T> {
    signal.throwIfAborted();
    try {
      const result = await fn({ signal });
      this.markOnline();
      return result;
    } catch (err) {
      if (!isAbortError(err) && this.unreachable(err)) {
        this.markOffline(err);
        throw new Unreachable(err);
      }
      throw err;
    }
  }

  // ── syncing ───────────────────────────────────────────────────────────────

  /** Everything, once. While a sync is running, any call returns that sync's promise. */
  syncAll(options: SyncOptions = {}): Promise<SyncReport> {
    return this.exclusive(options, (signal, report) => this.runAll(signal, report, options));
  }

  /** One agent now (the user opened it): its state, blocks and messages. */
  syncAgent(agentId: string, options: SyncOptions = {}): Promise<SyncReport> {
    return this.exclusive(options, async (signal, report) => {
      const agent = await this.call((o) => this.source.retrieveAgent(agentId, o), signal);
      const changed = this.repos.transaction(() => this.repos.agents.upsertMany(this.profileId, [agent], this.now()).changed);
      if (changed.length > 0) this.events?.emit('agents:changed', { profileId: this.profileId, agentIds: changed });
      report.agents = 1;
      await this.syncMessagesOf(agentId, signal, report, options.full ?? false);
      this.syncBlocksOf([agent], report);
    });
  }

  private exclusive(options: SyncOptions, body: (signal: AbortSignal, report: SyncReport) => Promise<void>): Promise<SyncReport> {
    if (this.current) return this.current.promise;
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) controller.abort(options.signal.reason);

    const report = emptyReport();
    const promise = (async () => {
      this.setState({ syncing: true });
      try {
        await body(controller.signal, report);
      } catch (err) {
        if (err instanceof Unreachable) report.offline = true;
        else if (isCorruptionError(err)) {
          report.damaged = true;
          this.stop();
          this.events?.emit('cache:damaged', { profileId: this.profileId, reason: describeError(err) });
        } else if (isAbortError(err) || controller.signal.aborted) report.cancelled = true;
        else throw err;
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
        this.current = null;
        this.setState({ syncing: false });
      }
      return report;
    })();
    this.current = { promise, controller };
    return promise;
  }

  private async runAll(signal: AbortSignal, report: SyncReport, options: SyncOptions): Promise<void> {
    let agents: unknown[];
    try {
      agents = await this.syncAgents(signal, report);
    } catch (err) {
      if (endsSync(err, signal)) throw err;
      // Without the agent list nothing else can be synced this time; the cache stays as it was.
      report.errors.push({ scope: 'agents', message: describeError(err) });
      return;
    }
    let done = 0;
    for (const agent of agents) {
      const agentId = idOf(agent);
      if (agentId === null) continue;
      this.progress('messages', done, agents.length, { agentId, fetched: 0 });
      await this.syncMessagesOf(agentId, signal, report, options.full ?? false);
      done++;
    }
    this.progress('messages', done, agents.length);
    this.syncBlocksOf(agents, report);
    await this.syncGlobalBlocks(signal, report);
    await this.syncRuns(signal, report);
    const at = this.now();
    this.repos.profiles.markSynced(this.profileId, at);
    this.setState({ lastSyncAt: at });
  }

  private async syncAgents(signal: AbortSignal, report: SyncReport): Promise<unknown[]> {
    const all: unknown[] = [];
    const seen = new Set<string>();
    const limit = Math.min(this.pageSize, 100);
    let after: string | undefined;
    const changed: string[] = [];
    let complete = false;
    for (;;) {
      const query = after === undefined ? { limit, ascending: true } : { after, limit, ascending: true };
      const page = await this.call((o) => this.source.listAgents(query, o), signal);
      // A page of ids already seen means the server ignores the cursor: stop rather than loop.
      const fresh = page.filter((a) => {
        const id = idOf(a);
        return id !== null && !seen.has(id);
      });
      for (const a of fresh) seen.add(idOf(a) as string);
      all.push(...fresh);
      changed.push(...this.repos.transaction(() => this.repos.agents.upsertMany(this.profileId, fresh, this.now()).changed));
      this.progress('agents', all.length, null);
      const last = idOf(page[page.length - 1]);
      if (page.length < limit) complete = true;
      if (complete || fresh.length === 0 || last === null) break;
      after = last;
    }
    // Only a listing that reached its end can say an agent is gone.
    if (complete) {
      const removed = this.repos.transaction(() => this.repos.agents.markRemovedExcept(this.profileId, [...seen], this.now()));
      changed.push(...removed);
    }
    if (changed.length > 0) this.events?.emit('agents:changed', { profileId: this.profileId, agentIds: changed });
    report.agents = all.length;
    return all;
  }

  private async syncMessagesOf(agentId: string, signal: AbortSignal, report: SyncReport, full: boolean): Promise<void> {
    const ctx: MessageSyncContext = {
      profileId: this.profileId,
      repos: this.repos,
      listMessages: (id, query) => this.call((o) => this.source.listMessages(id, query, o), signal),
      pageSize: this.pageSize,
      commitRows: this.commitRows,
      commitMs: this.commitMs,
      signal,
      now: this.now,
      onCommit: (id, info) => {
        if (info.changed) this.events?.emit('messages:changed', { profileId: this.profileId, agentId: id });
        this.progress('messages', null, null, { agentId: id, fetched: info.fetched });
      },
    };
    try {
      const r = await syncAgentMessages(ctx, agentId, { full });
      report.messagesFetched += r.fetched;
      report.messagesInserted += r.inserted;
      report.messagesUpdated += r.updated;
    } catch (err) {
      if (endsSync(err, signal)) throw err;
      report.errors.push({ scope: `messages of ${agentId}`, message: describeError(err) });
    }
  }

  /** Blocks come inside each agent's state; each change gets a snapshot with its likely cause. */
  private syncBlocksOf(agents: readonly unknown[], report: SyncReport): void {
    const changed: string[] = [];
    for (const agent of agents) {
      const agentId = idOf(agent);
      const blocks = record(record(agent)?.memory)?.blocks;
      if (agentId === null || !Array.isArray(blocks)) continue;
      const r = this.repos.transaction(() =>
        this.repos.blocks.upsertMany(this.profileId, blocks, {
          agentId,
          now: this.now(),
          causeOf: ({ label, previousObservedAt }) => (label === null ? null : this.memoryEditCause(agentId, label, previousObservedAt)),
        }),
      );
      changed.push(...r.changed);
    }
    report.blocksChanged += changed.length;
    if (changed.length > 0) this.events?.emit('blocks:changed', { profileId: this.profileId, blockIds: changed });
  }

  private memoryEditCause(agentId: string, label: string, since: number): BlockChangeCause | null {
    const edit = this.repos.messages.findMemoryEdit(this.profileId, agentId, label, since - CLOCK_SLACK_MS);
    if (!edit) return null;
    const runId = edit.stepId === null ? null : (this.repos.steps.get(this.profileId, edit.stepId)?.runId ?? null);
    return { agentId, stepId: edit.stepId, runId, changedAt: edit.dateMs };
  }

  private async syncGlobalBlocks(signal: AbortSignal, report: SyncReport): Promise<void> {
    try {
      const blocks = await this.call((o) => this.source.listBlocks({ limit: 1000 }, o), signal);
      const r = this.repos.transaction(() => this.repos.blocks.upsertMany(this.profileId, blocks, { listed: true, now: this.now() }));
      report.blocksChanged += r.changed.length;
      if (r.changed.length > 0) this.events?.emit('blocks:changed', { profileId: this.profileId, blockIds: r.changed });
    } catch (err) {
      if (endsSync(err, signal)) throw err;
      report.errors.push({ scope: 'blocks', message: describeError(err) });
    }
  }

  private async syncRuns(signal: AbortSignal, report: SyncReport): Promise<void> {
    try {
      const runs = await this.call((o) => this.source.listRuns({}, o), signal);
      const changed = this.repos.transaction(() => this.repos.runs.upsertMany(this.profileId, runs).changed);
      report.runsChanged += changed.length;
      if (changed.length > 0) this.events?.emit('runs:changed', { profileId: this.profileId, runIds: changed });
    } catch (err) {
      if (endsSync(err, signal)) throw err;
      report.errors.push({ scope: 'runs', message: describeError(err) });
      return;
    }

    const pending = this.repos.runs.pendingStepSync(this.profileId).slice(-this.runsPerSync).reverse();
    let done = 0;
    for (const run of pending) {
      this.progress('steps', done, pending.length);
      try {
        await this.syncStepsOf(run.runId, run.status, run.stepsAfter, signal, report);
      } catch (err) {
        if (endsSync(err, signal)) throw err;
        report.errors.push({ scope: `steps of ${run.runId}`, message: describeError(err) });
      }
      done++;
    }
    if (pending.length > 0) this.progress('steps', done, pending.length);
  }

  private async syncStepsOf(
    runId: string,
    status: string | null,
    stepsAfter: string | null,
    signal: AbortSignal,
    report: SyncReport,
  ): Promise<void> {
    const limit = Math.min(this.pageSize, 100);
    let after = stepsAfter;
    let any = false;
    for (;;) {
      const query = after === null ? { limit, order: 'asc' as const } : { after, limit, order: 'asc' as const };
      const page = await this.call((o) => this.source.listRunSteps(runId, query, o), signal);
      const last = idOf(page[page.length - 1]) ?? after;
      const end = page.length < limit;
      // Only a finished run's steps are final; a running one is asked again next time.
      const complete = end && status !== null && TERMINAL_RUN_STATUSES.has(status);
      const changed = this.repos.transaction(() => {
        const r = this.repos.steps.upsertMany(this.profileId, page, runId);
        this.repos.runs.saveStepCursor(this.profileId, runId, last, complete);
        return r.changed;
      });
      report.stepsChanged += changed.length;
      if (changed.length > 0) any = true;
      if (end || last === after) break;
      after = last;
    }
    if (any) this.events?.emit('steps:changed', { profileId: this.profileId, runId });
  }

  private progress(phase: SyncPhase, done: number | null, total: number | null, extra: { agentId?: string; fetched?: number } = {}): void {
    this.events?.emit('sync:progress', { profileId: this.profileId, phase, done: done ?? 0, total, ...extra });
  }

  // ── writes from the app ───────────────────────────────────────────────────

  /**
   * Messages the app sent or received in a stream: into the cache at once, so the conversation
   * and search show them before the next sync. The cursor does not move (a stream does not
   * prove there is no hole before it); the next sync sees the same ids and leaves them be.
   */
  ingestMessages(agentId: string, messages: readonly unknown[]): UpsertResult {
    const result = this.repos.transaction(() => this.repos.messages.upsert(this.profileId, agentId, messages, this.now()));
    if (result.inserted + result.updated > 0) this.events?.emit('messages:changed', { profileId: this.profileId, agentId });
    return result;
  }

  /**
   * The server's history of an agent was reset: what the cache held is gone there too, so it goes
   * here (search included), and the cursor starts over so the next sync fetches what is left.
   */
  forgetMessages(agentId: string): number {
    const removed = this.repos.transaction(() => {
      const n = this.repos.messages.clearAgent(this.profileId, agentId);
      const syncedAt = this.repos.cursors.get(this.profileId, agentId).syncedAt;
      this.repos.cursors.save(this.profileId, agentId, { headId: null, tailId: null, historyComplete: false, gapTopId: null, gapBeforeId: null, syncedAt });
      return n;
    });
    this.events?.emit('messages:changed', { profileId: this.profileId, agentId });
    return removed;
  }

  /** A block the app just changed (or read fresh), with what changed it when the app knows. */
  ingestBlock(block: unknown, cause: BlockChangeCause | null = null): void {
    const r = this.repos.transaction(() =>
      this.repos.blocks.upsertMany(this.profileId, [block], { now: this.now(), causeOf: () => cause }),
    );
    if (r.changed.length > 0) this.events?.emit('blocks:changed', { profileId: this.profileId, blockIds: r.changed });
  }

  /** The provider trace of a step: from the server when reachable (then cached), else the cache. */
  async fetchProviderTrace(stepId: string, options: { signal?: AbortSignal } = {}): Promise<Stamped<CachedTrace | null>> {
    const signal = options.signal ?? new AbortController().signal;
    try {
      const trace = await this.call((o) => this.source.retrieveProviderTrace(stepId, o), signal);
      if (trace !== null && trace !== undefined) this.repos.steps.saveTrace(this.profileId, stepId, trace, this.now());
    } catch (err) {
      if (!(err instanceof Unreachable)) throw err;
    }
    return this.stamp(this.repos.steps.getTrace(this.profileId, stepId));
  }
}
