/**
 * An agent's context window overview (`context:get`): refetched when memory, archival or chat
 * of this agent change, since each of those moves the token counts.
 */
import type { ContextWindowOverview } from '../../../src-shared/letta-types';
import { api, asApiError, onEvent, type ApiError } from '../api';

export class ContextState {
  readonly agentId: string;
  #overview = $state.raw<ContextWindowOverview | null>(null);
  #loading = $state(false);
  #error = $state.raw<ApiError | null>(null);
  #generation = 0;

  constructor(agentId: string) {
    this.agentId = agentId;
  }

  get overview(): ContextWindowOverview | null {
    return this.#overview;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): ApiError | null {
    return this.#error;
  }

  start(): () => void {
    void this.load();
    const mine = (p: { agentId?: string }) => !p.agentId || p.agentId === this.agentId;
    const stops = [
      onEvent('memory:changed', (p) => mine(p) && void this.load()),
      onEvent('archival:changed', (p) => mine(p) && void this.load()),
      onEvent('chat:changed', (p) => mine(p) && void this.load()),
      onEvent('tools:changed', (p) => mine(p) && void this.load()),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.#loading = true;
    try {
      const overview = await api.context.get({ agentId: this.agentId });
      if (generation !== this.#generation) return;
      this.#overview = overview;
      this.#error = null;
    } catch (error) {
      if (generation === this.#generation) this.#error = asApiError(error);
    } finally {
      if (generation === this.#generation) this.#loading = false;
    }
  }
}
