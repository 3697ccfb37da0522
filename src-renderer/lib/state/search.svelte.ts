/**
 * The message search overlay's state: the query, scope and order, and the hits of the latest
 * search. Typing searches once per frame at most (the newest query wins, older answers are
 * dropped), newest-first with the last word as a prefix; "relevance" ranks whole words.
 *
 * `messageFocus` is how a hit asks the chat to show a message: the search sets it, the chat
 * view of that agent scrolls to it (loading older pages if needed) and clears it.
 */
import type { MessageSearchHit } from '../../../src-shared/cache-types';
import { api, asApiError, onEvent, type ApiError } from '../api';

export type SearchScope = 'all' | 'profile' | 'agent';
export type SearchOrder = 'newest' | 'relevance';

export interface SearchDeps {
  search: Pick<(typeof api)['search'], 'messages'>;
  onEvent: typeof onEvent;
  frame: (callback: () => void) => void;
}

const defaultDeps: SearchDeps = {
  search: api.search,
  onEvent,
  frame: (callback) => requestAnimationFrame(() => callback()),
};

export class SearchState {
  #query = $state('');
  #scope = $state<SearchScope>('all');
  #order = $state<SearchOrder>('newest');
  #agentId = $state<string | null>(null);
  #hits = $state.raw<MessageSearchHit[]>([]);
  #next = $state<number | null>(null);
  #loading = $state(false);
  #searchedFor = $state<string | null>(null);
  #error = $state.raw<ApiError | null>(null);
  #selected = $state(0);

  readonly #deps: SearchDeps;
  #seq = 0;
  #framePending = false;

  constructor(deps: SearchDeps = defaultDeps) {
    this.#deps = deps;
  }

  get query(): string {
    return this.#query;
  }
  get scope(): SearchScope {
    return this.#scope;
  }
  get order(): SearchOrder {
    return this.#order;
  }
  get hits(): MessageSearchHit[] {
    return this.#hits;
  }
  get hasMore(): boolean {
    return this.#next !== null;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): ApiError | null {
    return this.#error;
  }
  /** The query the shown hits answer (null before the first search). */
  get searchedFor(): string | null {
    return this.#searchedFor;
  }
  get selected(): number {
    return this.#selected;
  }

  /** Re-search when the cache changes (a sync, a sent message) while the overlay is open. */
  start(): () => void {
    return this.#deps.onEvent('cache:changed', (p) => {
      if (p.what === 'messages' && this.#query.trim()) this.#schedule();
    });
  }

  setQuery(query: string): void {
    this.#query = query;
    this.#schedule();
  }

  setScope(scope: SearchScope, agentId: string | null = this.#agentId): void {
    this.#scope = scope;
    this.#agentId = agentId;
    this.#schedule();
  }

  setOrder(order: SearchOrder): void {
    this.#order = order;
    this.#schedule();
  }

  move(delta: number): void {
    const n = this.#hits.length;
    if (n === 0) return;
    this.#selected = (this.#selected + delta + n) % n;
  }

  select(index: number): void {
    this.#selected = index;
  }

  #schedule(): void {
    if (this.#framePending) return;
    this.#framePending = true;
    this.#deps.frame(() => {
      this.#framePending = false;
      void this.#run(false);
    });
  }

  async loadMore(): Promise<void> {
    if (this.#next === null || this.#loading) return;
    await this.#run(true);
  }

  async #run(more: boolean): Promise<void> {
    const query = this.#query.trim();
    const seq = ++this.#seq;
    if (!query) {
      this.#hits = [];
      this.#next = null;
      this.#searchedFor = null;
      this.#error = null;
      this.#loading = false;
      return;
    }
    this.#loading = true;
    try {
      const page = await this.#deps.search.messages({
        query,
        scope: this.#scope,
        order: this.#order,
        limit: 30,
        ...(this.#scope === 'agent' && this.#agentId ? { agentId: this.#agentId } : {}),
        ...(more && this.#next !== null ? { cursor: this.#next } : {}),
      });
      if (seq !== this.#seq) return;
      this.#hits = more ? [...this.#hits, ...page.hits] : page.hits;
      this.#next = page.next;
      this.#searchedFor = query;
      this.#error = null;
      if (!more) this.#selected = 0;
    } catch (error) {
      if (seq !== this.#seq) return;
      this.#error = asApiError(error);
    } finally {
      if (seq === this.#seq) this.#loading = false;
    }
  }
}

export interface FocusTarget {
  agentId: string;
  messageId: string;
  /** One server message can come back as several parts (reasoning, reply) sharing its id. */
  kind?: string;
}

/** One pending "show this message" request, app-wide. */
class MessageFocus {
  #target = $state.raw<FocusTarget | null>(null);

  get target(): FocusTarget | null {
    return this.#target;
  }

  request(agentId: string, messageId: string, kind?: string): void {
    this.#target = kind ? { agentId, messageId, kind } : { agentId, messageId };
  }

  /** The chat showed it (or gave up); clears only that request. */
  done(target: FocusTarget): void {
    if (this.#target === target) this.#target = null;
  }
}

export const messageFocus = new MessageFocus();

/** Splits a snippet into plain and matched parts, for rendering without HTML. */
export function highlightParts(snippet: string, highlights: readonly [number, number][]): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  let at = 0;
  for (const [start, end] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start) continue;
    if (start > at) parts.push({ text: snippet.slice(at, start), match: false });
    parts.push({ text: snippet.slice(start, end), match: true });
    at = end;
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), match: false });
  return parts;
}
