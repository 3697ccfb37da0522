/**
 * What the sync engine tells the rest of the app. Events invalidate, they do not carry state:
 * a `messages:changed` says which conversation to re-read from the cache, never the messages.
 */

export type SyncPhase = 'agents' | 'messages' | 'blocks' | 'runs' | 'steps';

export interface SyncProgress {
  profileId: string;
  phase: SyncPhase;
  /** Items of the phase finished (agents, runs), and how many there are when known. */
  done: number;
  total: number | null;
  /** During `messages`: the agent being synced and how many messages it has fetched so far. */
  agentId?: string;
  fetched?: number;
}

export type Reachability = 'unknown' | 'online' | 'offline';

export interface ConnectivityState {
  reachability: Reachability;
  /** When the last complete sync of this profile finished; survives restarts. */
  lastSyncAt: number | null;
  /** Since when the server has been unreachable (null while online). */
  offlineSince: number | null;
  /** Why it is offline, in words (`ECONNREFUSED`, `No answer within 30 s`, …). */
  reason: string | null;
  syncing: boolean;
  /** When the engine will try again while offline. */
  nextAttemptAt: number | null;
}

export interface SyncEventMap {
  'sync:progress': SyncProgress;
  'sync:state': { profileId: string; state: ConnectivityState };
  'agents:changed': { profileId: string; agentIds: string[] };
  'messages:changed': { profileId: string; agentId: string };
  'blocks:changed': { profileId: string; blockIds: string[] };
  'runs:changed': { profileId: string; runIds: string[] };
  'steps:changed': { profileId: string; runId: string };
  /**
   * A query found the cache file damaged. The engine has stopped; the app rebuilds the cache
   * (db `rebuildCache`), tells the user, and starts a new engine on the fresh file.
   */
  'cache:damaged': { profileId: string; reason: string };
}

export type SyncEventName = keyof SyncEventMap;

export interface SyncEvents {
  emit<K extends SyncEventName>(event: K, payload: SyncEventMap[K]): void;
}

type Listener<K extends SyncEventName> = (payload: SyncEventMap[K]) => void;

/** A typed in-process emitter. A listener that throws is reported, never breaks the sync. */
export class SyncEventHub implements SyncEvents {
  private readonly listeners = new Map<SyncEventName, Set<Listener<never>>>();
  private readonly onListenerError: (err: unknown) => void;

  constructor(onListenerError: (err: unknown) => void = (err) => console.error('sync event listener failed', err)) {
    this.onListenerError = onListenerError;
  }

  on<K extends SyncEventName>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends SyncEventName>(event: K, payload: SyncEventMap[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<K>)(payload);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
