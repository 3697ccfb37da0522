/**
 * An agent's archival memory: passages loaded a page at a time (oldest first, cursor = the last
 * passage id), a server-side text filter, insert, delete, and a bulk delete that reports its
 * progress, can be cancelled between items and keeps each item's failure.
 *
 * There is no edit: the contract has no archival update channel, and delete + insert would
 * silently give the passage a new id and date, which is not an edit.
 */
import type { Passage } from '../../../src-shared/letta-types';
import { api, asApiError, onEvent, type ApiError } from '../api';

export const ARCHIVAL_PAGE = 50;

export interface BulkProgress {
  total: number;
  done: number;
  deleted: number;
  /** Per-passage failures, in the order they happened. */
  failures: { passageId: string; message: string }[];
  running: boolean;
  cancelled: boolean;
}

export class ArchivalState {
  readonly agentId: string;
  #passages = $state.raw<Passage[]>([]);
  #hasMore = $state(false);
  #loading = $state(false);
  #loadedOnce = $state(false);
  #error = $state.raw<ApiError | null>(null);
  #search = $state('');
  #selected = $state.raw<ReadonlySet<string>>(new Set());
  #bulk = $state<BulkProgress | null>(null);
  #inserting = $state(false);
  #deleting = $state<Record<string, boolean>>({});
  #cancelRequested = false;
  #generation = 0;

  constructor(agentId: string) {
    this.agentId = agentId;
  }

  get passages(): Passage[] {
    return this.#passages;
  }
  get hasMore(): boolean {
    return this.#hasMore;
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
  get search(): string {
    return this.#search;
  }
  get selected(): ReadonlySet<string> {
    return this.#selected;
  }
  get bulk(): BulkProgress | null {
    return this.#bulk;
  }
  get inserting(): boolean {
    return this.#inserting;
  }
  isDeleting(passageId: string): boolean {
    return this.#deleting[passageId] ?? false;
  }

  start(): () => void {
    void this.load();
    return onEvent('archival:changed', (payload) => {
      if (payload.agentId === this.agentId && !this.#bulk?.running) void this.load();
    });
  }

  /** First page again (after a search change or an event). */
  async load(): Promise<void> {
    await this.#fetch(undefined);
  }

  async loadMore(): Promise<void> {
    const last = this.#passages.at(-1);
    if (!last || !this.#hasMore || this.#loading) return;
    await this.#fetch(last.id);
  }

  async setSearch(search: string): Promise<void> {
    this.#search = search;
    this.#selected = new Set();
    await this.load();
  }

  toggle(passageId: string): void {
    const next = new Set(this.#selected);
    if (next.has(passageId)) next.delete(passageId);
    else next.add(passageId);
    this.#selected = next;
  }

  selectAll(on: boolean): void {
    this.#selected = on ? new Set(this.#passages.map((p) => p.id)) : new Set();
  }

  async insert(text: string): Promise<boolean> {
    const trimmed = text.trim();
    if (!trimmed) return false;
    this.#inserting = true;
    this.#error = null;
    try {
      await api.archival.create({ agentId: this.agentId, text: trimmed });
      await this.load();
      return true;
    } catch (error) {
      this.#error = asApiError(error);
      return false;
    } finally {
      this.#inserting = false;
    }
  }

  async remove(passageId: string): Promise<boolean> {
    this.#deleting[passageId] = true;
    this.#error = null;
    try {
      await api.archival.delete({ agentId: this.agentId, passageId });
      this.#forget([passageId]);
      return true;
    } catch (error) {
      this.#error = asApiError(error);
      return false;
    } finally {
      delete this.#deleting[passageId];
    }
  }

  /** Delete the selected passages one at a time; `cancelBulk()` stops before the next one. */
  async bulkDelete(): Promise<BulkProgress> {
    const ids = this.#passages.map((p) => p.id).filter((id) => this.#selected.has(id));
    this.#cancelRequested = false;
    this.#bulk = { total: ids.length, done: 0, deleted: 0, failures: [], running: true, cancelled: false };
    const bulk = this.#bulk;
    for (const passageId of ids) {
      if (this.#cancelRequested) {
        bulk.cancelled = true;
        break;
      }
      try {
        await api.archival.delete({ agentId: this.agentId, passageId });
        bulk.deleted += 1;
        this.#forget([passageId]);
      } catch (error) {
        const e = asApiError(error);
        bulk.failures.push({ passageId, message: e.message });
      }
      bulk.done += 1;
    }
    bulk.running = false;
    return { ...bulk, failures: [...bulk.failures] };
  }

  cancelBulk(): void {
    this.#cancelRequested = true;
  }

  dismissBulk(): void {
    if (!this.#bulk?.running) this.#bulk = null;
  }

  #forget(ids: string[]): void {
    const gone = new Set(ids);
    this.#passages = this.#passages.filter((p) => !gone.has(p.id));
    const selected = new Set(this.#selected);
    for (const id of ids) selected.delete(id);
    this.#selected = selected;
  }

  async #fetch(after: string | undefined): Promise<void> {
    const generation = ++this.#generation;
    this.#loading = true;
    this.#error = null;
    try {
      const search = this.#search.trim();
      const page = await api.archival.list({
        agentId: this.agentId,
        limit: ARCHIVAL_PAGE,
        ...(after ? { after } : {}),
        ...(search ? { search } : {}),
      });
      if (generation !== this.#generation) return;
      this.#passages = after ? [...this.#passages, ...page] : page;
      this.#hasMore = page.length === ARCHIVAL_PAGE;
      if (!after) {
        const present = new Set(page.map((p) => p.id));
        this.#selected = new Set([...this.#selected].filter((id) => present.has(id)));
      }
    } catch (error) {
      if (generation === this.#generation) this.#error = asApiError(error);
    } finally {
      if (generation === this.#generation) {
        this.#loading = false;
        this.#loadedOnce = true;
      }
    }
  }
}
