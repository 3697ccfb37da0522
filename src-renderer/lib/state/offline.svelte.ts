/**
 * Whether the app is reading from the offline cache: the cache status (reachability, last sync,
 * a rebuild notice), refetched when main says the connection changed. Also tells main the
 * window has painted, which is what lets background sync begin.
 */
import type { CacheStatus } from '../../../src-shared/cache-types';
import { api, onEvent } from '../api';

export interface OfflineDeps {
  cache: Pick<(typeof api)['cache'], 'getStatus'>;
  sync: Pick<(typeof api)['sync'], 'firstPaint' | 'now'>;
  onEvent: typeof onEvent;
  frame: (callback: () => void) => void;
}

const defaultDeps: OfflineDeps = {
  cache: api.cache,
  sync: api.sync,
  onEvent,
  // Two frames: the first runs before the paint, the second after it.
  frame: (callback) => requestAnimationFrame(() => requestAnimationFrame(() => callback())),
};

export class OfflineState {
  #status = $state.raw<CacheStatus | null>(null);
  #noticeDismissed = $state(false);
  #retrying = $state(false);
  readonly #deps: OfflineDeps;
  #seq = 0;

  constructor(deps: OfflineDeps = defaultDeps) {
    this.#deps = deps;
  }

  get status(): CacheStatus | null {
    return this.#status;
  }
  get offline(): boolean {
    return this.#status?.connectivity.reachability === 'offline';
  }
  get lastSyncAt(): string | null {
    return this.#status?.connectivity.lastSyncAt ?? null;
  }
  get since(): string | null {
    return this.#status?.connectivity.since ?? null;
  }
  get retrying(): boolean {
    return this.#retrying || (this.#status?.connectivity.syncing ?? false);
  }
  /** The cache was damaged and rebuilt: said once, until dismissed. */
  get notice(): CacheStatus['notice'] {
    return this.#noticeDismissed ? null : (this.#status?.notice ?? null);
  }

  start(): () => void {
    const offs = [this.#deps.onEvent('connection:changed', () => void this.refresh())];
    void this.refresh();
    this.#deps.frame(() => void this.#deps.sync.firstPaint().catch(() => undefined));
    return () => offs.forEach((off) => off());
  }

  async refresh(): Promise<void> {
    const seq = ++this.#seq;
    try {
      const status = await this.#deps.cache.getStatus();
      if (seq === this.#seq) this.#status = status;
    } catch {
      // Keep the last known status; the next event asks again.
    }
  }

  /** Try the server now instead of waiting for the next backoff attempt. */
  async retry(): Promise<void> {
    this.#retrying = true;
    try {
      await this.#deps.sync.now({});
    } catch {
      // Still unreachable: the banner stays.
    } finally {
      this.#retrying = false;
      void this.refresh();
    }
  }

  dismissNotice(): void {
    this.#noticeDismissed = true;
  }
}
