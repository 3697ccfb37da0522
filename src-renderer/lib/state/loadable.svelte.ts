/**
 * The load / reload / error pattern every list screen repeats, in one place: the value, whether a
 * load is running, whether one has finished at least once (skeleton vs. empty state), and the
 * last error. A newer load always wins: an answer that arrives after a later load started is
 * dropped, so a slow first request cannot overwrite a fresh one.
 *
 *   readonly tools = new Loadable(() => api.tools.list({ limit: 200 }), []);
 *   start() { void this.tools.load(); return onEvent('tools:changed', () => void this.tools.load()); }
 */
import { asApiError, type ApiError } from '../api';

export class Loadable<T> {
  #value = $state.raw<T>() as T;
  #loading = $state(false);
  #loadedOnce = $state(false);
  #error = $state.raw<ApiError | null>(null);
  #generation = 0;
  readonly #fetch: () => Promise<T>;

  constructor(fetch: () => Promise<T>, initial: T) {
    this.#fetch = fetch;
    this.#value = initial;
  }

  get value(): T {
    return this.#value;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loadedOnce(): boolean {
    return this.#loadedOnce;
  }
  get error(): ApiError | null {
    return this.#error;
  }

  /** Fetches again; keeps the previous value on failure (stale data beats an empty screen). */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.#loading = true;
    try {
      const value = await this.#fetch();
      if (generation !== this.#generation) return;
      this.#value = value;
      this.#error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#error = asApiError(error);
    } finally {
      if (generation === this.#generation) {
        this.#loading = false;
        this.#loadedOnce = true;
      }
    }
  }

  /** Replaces the value locally (after a write whose answer already says what changed). */
  set(value: T): void {
    this.#value = value;
  }
}

/**
 * Reloads a list and, only when it grew or shrank, its server-side total: a change that neither
 * adds nor removes an item (an edit, an upload into a source) costs no count request. That
 * matters on 0.7.29, where every request during a file import risks its SQLite write timing out.
 */
export async function reloadCounted(list: Loadable<readonly unknown[]>, total: Loadable<number | null>): Promise<void> {
  const before = list.value.length;
  await list.load();
  if (list.value.length !== before || total.value === null) await total.load();
}

/**
 * One kind of write at a time per screen (create, save, delete…): which one is running and how
 * the last one failed, so a dialog can show "Saving…" and the server's own error in place.
 */
export class Mutation {
  #running = $state<string | null>(null);
  #error = $state.raw<ApiError | null>(null);

  get running(): string | null {
    return this.#running;
  }
  get error(): ApiError | null {
    return this.#error;
  }
  clearError(): void {
    this.#error = null;
  }

  /** Runs `work` labelled `what`; returns its result, or undefined when it failed (the error is kept). */
  async run<R>(what: string, work: () => Promise<R>): Promise<R | undefined> {
    this.#running = what;
    this.#error = null;
    try {
      return await work();
    } catch (error) {
      this.#error = asApiError(error);
      return undefined;
    } finally {
      this.#running = null;
    }
  }
}
