/**
 * The agent list: one window of the newest agents, a name search and tag filter done by the
 * server, and a refetch whenever main says agents changed. Also the agent lifecycle commands
 * (create, duplicate, delete), each with its own busy and error state so dialogs can show them.
 */
import type { AgentState, EmbeddingConfig, LLMConfig } from '../../../src-shared/letta-types';
import { api, asApiError, onEvent, type ApiError } from '../api';

const PAGE = 50;

type CreateBody = Parameters<typeof api.agents.create>[0]['body'];

// The fields the create schema accepts; a listed config can carry more (newer servers).
const LLM_KEYS = [
  'model',
  'model_endpoint_type',
  'model_endpoint',
  'provider_name',
  'provider_category',
  'model_wrapper',
  'context_window',
  'put_inner_thoughts_in_kwargs',
  'handle',
  'temperature',
  'max_tokens',
  'enable_reasoner',
  'reasoning_effort',
  'max_reasoning_tokens',
] as const;
const EMBEDDING_KEYS = [
  'embedding_endpoint_type',
  'embedding_endpoint',
  'embedding_model',
  'embedding_dim',
  'embedding_chunk_size',
  'handle',
  'azure_endpoint',
  'azure_version',
  'azure_deployment',
] as const;

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

export interface NewAgent {
  name: string;
  /** An LLM handle from models:list-llms (`provider/model`). */
  model: string;
  /** An embedding handle from models:list-embeddings. */
  embedding: string;
  description: string;
  tags: string[];
  persona?: string;
  human?: string;
  /**
   * `standard`: one agent that manages its own memory. `sleeptime`: memory edits move to a
   * background agent the server creates beside it. `voice`: a `voice_convo_agent` (short, fast
   * replies for the voice endpoint) with its voice-sleeptime agent and group.
   */
  kind?: AgentKind;
}

export type AgentKind = 'standard' | 'sleeptime' | 'voice';

/** The create body's fields for each kind of agent. */
export function agentKindFields(kind: AgentKind): { agent_type?: 'voice_convo_agent'; enable_sleeptime?: boolean } {
  if (kind === 'voice') return { agent_type: 'voice_convo_agent', enable_sleeptime: true };
  if (kind === 'sleeptime') return { enable_sleeptime: true };
  return {};
}

export const DEFAULT_PERSONA = 'I am a helpful assistant. I remember what matters to the person I talk to.';
export const DEFAULT_HUMAN = 'Nothing is known about the user yet.';

/** `a, b ,, c` → `['a', 'b', 'c']`, without duplicates. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}

export class AgentsState {
  #agents = $state.raw<AgentState[]>([]);
  #total = $state<number | null>(null);
  #loading = $state(false);
  #error = $state.raw<ApiError | null>(null);
  #query = $state('');
  #loadedOnce = $state(false);
  #tags = $state.raw<string[]>([]);
  #selectedTags = $state.raw<string[]>([]);
  #models = $state.raw<{ llms: LLMConfig[]; embeddings: EmbeddingConfig[] } | null>(null);
  #modelsError = $state.raw<ApiError | null>(null);
  #mutating = $state<null | 'creating' | 'duplicating' | 'deleting'>(null);
  #mutationError = $state.raw<ApiError | null>(null);
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
  /** Every tag in use on the server (for the filter chips). */
  get tags(): string[] {
    return this.#tags;
  }
  get selectedTags(): string[] {
    return this.#selectedTags;
  }
  get filtered(): boolean {
    return this.#query.trim() !== '' || this.#selectedTags.length > 0;
  }
  get models(): { llms: LLMConfig[]; embeddings: EmbeddingConfig[] } | null {
    return this.#models;
  }
  get modelsError(): ApiError | null {
    return this.#modelsError;
  }
  get mutating(): null | 'creating' | 'duplicating' | 'deleting' {
    return this.#mutating;
  }
  get mutationError(): ApiError | null {
    return this.#mutationError;
  }

  byId(agentId: string | null): AgentState | undefined {
    return agentId ? this.#agents.find((a) => a.id === agentId) : undefined;
  }

  start(): () => void {
    void this.load();
    void this.loadTags();
    return onEvent('agents:changed', () => {
      void this.load();
      void this.loadTags();
    });
  }

  async search(query: string): Promise<void> {
    this.#query = query;
    await this.load();
  }

  async toggleTag(tag: string): Promise<void> {
    this.#selectedTags = this.#selectedTags.includes(tag)
      ? this.#selectedTags.filter((t) => t !== tag)
      : [...this.#selectedTags, tag];
    await this.load();
  }

  async clearFilters(): Promise<void> {
    this.#query = '';
    this.#selectedTags = [];
    await this.load();
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.#loading = true;
    this.#error = null;
    try {
      const query = this.#query.trim();
      const tags = this.#selectedTags;
      const [agents, total] = await Promise.all([
        api.agents.list({
          limit: PAGE,
          ...(query ? { query_text: query } : {}),
          ...(tags.length ? { tags, match_all_tags: true } : {}),
        }),
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

  async loadTags(): Promise<void> {
    try {
      this.#tags = await api.tags.list({ limit: 200 });
    } catch {
      // The chips are a convenience; the list itself reports connection problems.
    }
  }

  /** The LLMs and embedding models for the create dialog, fetched once per connection. */
  async loadModels(force = false): Promise<void> {
    if (this.#models && !force) return;
    this.#modelsError = null;
    try {
      const [llms, embeddings] = await Promise.all([api.models.listLlms(), api.models.listEmbeddings()]);
      this.#models = { llms, embeddings };
    } catch (error) {
      this.#modelsError = asApiError(error);
    }
  }

  clearMutationError(): void {
    this.#mutationError = null;
  }

  async create(input: NewAgent): Promise<AgentState | null> {
    return this.#mutate('creating', async () => {
      const agent = await api.agents.create({
        body: {
          name: input.name.trim(),
          ...this.#modelChoice(input.model, input.embedding),
          ...(input.description.trim() ? { description: input.description.trim() } : {}),
          ...(input.tags.length ? { tags: input.tags } : {}),
          ...agentKindFields(input.kind ?? 'standard'),
          memory_blocks: [
            { label: 'persona', value: input.persona?.trim() || DEFAULT_PERSONA },
            { label: 'human', value: input.human?.trim() || DEFAULT_HUMAN },
          ],
        },
      });
      this.#agents = [agent, ...this.#agents.filter((a) => a.id !== agent.id)];
      return agent;
    });
  }

  async duplicate(agentId: string, name: string): Promise<AgentState | null> {
    return this.#mutate('duplicating', async () => {
      const agent = await api.agents.duplicate({ agentId, name: name.trim(), withMessages: true });
      this.#agents = [agent, ...this.#agents.filter((a) => a.id !== agent.id)];
      return agent;
    });
  }

  async remove(agentId: string): Promise<boolean> {
    const done = await this.#mutate('deleting', async () => {
      await api.agents.delete({ agentId });
      this.#agents = this.#agents.filter((a) => a.id !== agentId);
      if (this.#total !== null) this.#total = Math.max(0, this.#total - 1);
      return true;
    });
    return done === true;
  }

  /**
   * The chosen models as full configs when the server listed them: server 0.7.29 resolves only
   * some handles at create time (an OpenAI-compatible proxy's are refused), the configs always work.
   */
  #modelChoice(model: string, embedding: string) {
    const llm = this.#models?.llms.find((m) => m.handle === model);
    const emb = this.#models?.embeddings.find((e) => e.handle === embedding);
    return {
      ...(llm ? { llm_config: pick(llm, LLM_KEYS) } : { model }),
      ...(emb ? { embedding_config: pick(emb, EMBEDDING_KEYS) } : { embedding }),
    } as Pick<CreateBody, 'llm_config' | 'embedding_config' | 'model' | 'embedding'>;
  }

  async #mutate<T>(what: 'creating' | 'duplicating' | 'deleting', run: () => Promise<T>): Promise<T | null> {
    this.#mutating = what;
    this.#mutationError = null;
    try {
      return await run();
    } catch (error) {
      this.#mutationError = asApiError(error);
      return null;
    } finally {
      this.#mutating = null;
    }
  }
}
