/**
 * The agent list: one window of the newest agents, a name search done by the server, and a
 * refetch whenever main says agents changed.
 */
import type { AgentState } from '../../../src-shared/letta-types';
import { api, asApiError, onEvent, type ApiError } from '../api';

const PAGE = 50;

export class AgentsState {
  #agents = $state.raw<AgentState[]>([]);
  #total = $state<number | null>(null);
  #loading = $state(false);
  #error = $state.raw<ApiError | null>(null);
  #query = $state('');
  #loadedOnce = $state(false);
  /** Answers to older requests are dropped, so a slow search never overwrites a newer one. */
  #generation = 0;

  get agents(): AgentState[] {
    return this.#agents;
  }
  get total(): number | null {
    return this.#total;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): ApiError | null {
    return this.#error;
  }
  get query(): string {
    return this.#query;
  }
  get loadedOnce(): boolean {
    return this.#loadedOnce;
  }

  start(): () => void {
    void this.load();
    return onEvent('agents:changed', () => void this.load());
  }

  async search(query: string): Promise<void> {
    this.#query = query;
    await this.load();
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.#loading = true;
    this.#error = null;
    try {
      const query = this.#query.trim();
      const [agents, total] = await Promise.all([
        api.agents.list({ limit: PAGE, ...(query ? { query_text: query } : {}) }),
        api.agents.count(),
      ]);
      if (generation !== this.#generation) return;
      this.#agents = agents;
      this.#total = total;
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
