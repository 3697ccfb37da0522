/** How far the background sync is, from `sync:progress` events; cleared when it finishes. */
import type { SyncProgressEvent } from '../../../src-shared/cache-types';
import { api, onEvent } from '../api';

export interface SyncDeps {
  sync: Pick<(typeof api)['sync'], 'now' | 'cancel'>;
  onEvent: typeof onEvent;
}

export class SyncState {
  #progress = $state.raw<SyncProgressEvent | null>(null);
  readonly #deps: SyncDeps;

  constructor(deps: SyncDeps = { sync: api.sync, onEvent }) {
    this.#deps = deps;
  }

  get progress(): SyncProgressEvent | null {
    return this.#progress;
  }

  /** "Syncing messages 3 of 12", or null when idle. */
  get label(): string | null {
    const p = this.#progress;
    if (!p) return null;
    return p.total === null ? `Syncing ${p.phase}…` : `Syncing ${p.phase} ${Math.min(p.done + 1, p.total)} of ${p.total}`;
  }

  start(): () => void {
    const offs = [
      this.#deps.onEvent('sync:progress', (p) => (this.#progress = p)),
      // A finished (or failed) sync changes the connection status: nothing is running any more.
      this.#deps.onEvent('connection:changed', () => (this.#progress = null)),
    ];
    return () => offs.forEach((off) => off());
  }

  now(agentId?: string): Promise<void> {
    return this.#deps.sync.now(agentId ? { agentId } : {});
  }

  cancel(): Promise<void> {
    return this.#deps.sync.cancel();
  }
}
