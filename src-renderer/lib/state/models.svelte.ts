/**
 * The models the server can use and the providers (with their keys) behind them.
 *
 * Keys only travel one way: the renderer hands a typed key to main, which sends it to the server;
 * nothing here keeps it after the call (the caller clears its field), and the server's answer is
 * reduced by main to `has_api_key`. Filtering is local: the server has no text search for models
 * and the lists are short (one entry per model a provider offers).
 */
import type { ProviderView } from '../../../src-shared/app-types';
import type { EmbeddingConfig, LLMConfig } from '../../../src-shared/letta-types';
import { api, asApiError, onEvent, type ApiError } from '../api';
import { Loadable, Mutation } from './loadable.svelte';

/** The provider types the contract accepts (the server's enum in 0.7.29). */
export type ProviderType = Parameters<typeof api.providers.create>[0]['provider_type'];

/** The provider types the create form offers, in the order most people will look for them. */
export const PROVIDER_TYPES: readonly ProviderType[] = [
  'openai',
  'anthropic',
  'google_ai',
  'google_vertex',
  'azure',
  'bedrock',
  'groq',
  'mistral',
  'deepseek',
  'xai',
  'together',
  'ollama',
  'vllm',
  'lmstudio_openai',
  'letta',
];

/** The provider an embedding model comes from: servers 0.7.x only say so in the handle's prefix. */
export function embeddingProvider(e: Pick<EmbeddingConfig, 'handle' | 'embedding_endpoint_type'>): string {
  const prefix = e.handle?.split('/')[0];
  return prefix || e.embedding_endpoint_type;
}

export function llmProvider(m: Pick<LLMConfig, 'provider_name' | 'handle' | 'model_endpoint_type'>): string {
  return m.provider_name || m.handle?.split('/')[0] || m.model_endpoint_type;
}

function matches(text: string, ...fields: (string | null | undefined)[]): boolean {
  if (!text) return true;
  const needle = text.toLowerCase();
  return fields.some((f) => f?.toLowerCase().includes(needle));
}

export interface KeyCheck {
  ok: boolean;
  /** The server's own words. */
  message: string;
  /** 401/403: the provider rejected the key; anything else: the server could not try it. */
  rejected?: boolean;
}

export class ModelsState {
  readonly llms = new Loadable(() => api.models.listLlms({}), [] as LLMConfig[]);
  readonly embeddings = new Loadable(() => api.models.listEmbeddings({}), [] as EmbeddingConfig[]);
  readonly providers = new Loadable(() => api.providers.list({ limit: 1000 }), [] as ProviderView[]);
  /** The server's estimate of the embeddings it stores for archival memory, in bytes. */
  readonly embeddingStorage = new Loadable<number | null>(() => api.models.getEmbeddingStorage({}), null);
  /** Create, update and delete of providers: one at a time, the failure shown where it happened. */
  readonly mutation = new Mutation();

  #query = $state('');
  #provider = $state('');
  #check = $state.raw<KeyCheck | null>(null);
  #checking = $state(false);

  get query(): string {
    return this.#query;
  }
  set query(value: string) {
    this.#query = value;
  }
  /** '' = every provider. */
  get provider(): string {
    return this.#provider;
  }
  set provider(value: string) {
    this.#provider = value;
  }

  /** Every provider name seen in either list, for the filter. */
  get providerNames(): string[] {
    const names = new Set<string>();
    for (const m of this.llms.value) names.add(llmProvider(m));
    for (const e of this.embeddings.value) names.add(embeddingProvider(e));
    return [...names].sort((a, b) => a.localeCompare(b));
  }

  get filteredLlms(): LLMConfig[] {
    return this.llms.value.filter(
      (m) =>
        (!this.#provider || llmProvider(m) === this.#provider) &&
        matches(this.#query, m.handle, m.model, m.model_endpoint_type, m.provider_name, m.model_endpoint),
    );
  }

  get filteredEmbeddings(): EmbeddingConfig[] {
    return this.embeddings.value.filter(
      (e) =>
        (!this.#provider || embeddingProvider(e) === this.#provider) &&
        matches(this.#query, e.handle, e.embedding_model, e.embedding_endpoint_type, e.embedding_endpoint),
    );
  }

  get check(): KeyCheck | null {
    return this.#check;
  }
  get checking(): boolean {
    return this.#checking;
  }
  clearCheck(): void {
    this.#check = null;
  }

  start(): () => void {
    void this.llms.load();
    void this.embeddings.load();
    void this.embeddingStorage.load();
    void this.providers.load();
    // A provider added or removed changes which models the server offers.
    return onEvent('providers:changed', () => this.reload());
  }

  reload(): void {
    void this.providers.load();
    void this.llms.load();
    void this.embeddings.load();
  }

  /** Adds a provider; true when the server took it (the caller then forgets the key it typed). */
  async createProvider(name: string, providerType: ProviderType, apiKey: string): Promise<boolean> {
    const created = await this.mutation.run('create', () => api.providers.create({ name: name.trim(), provider_type: providerType, apiKey }));
    if (!created) return false;
    this.providers.set([created, ...this.providers.value.filter((p) => p.id !== created.id)]);
    return true;
  }

  async updateKey(providerId: string, apiKey: string): Promise<boolean> {
    const updated = await this.mutation.run('update', () => api.providers.update({ providerId, apiKey }));
    if (!updated) return false;
    this.providers.set(this.providers.value.map((p) => (p.id === providerId ? updated : p)));
    return true;
  }

  async deleteProvider(providerId: string): Promise<boolean> {
    const done = await this.mutation.run('delete', async () => {
      await api.providers.delete({ providerId });
      return true;
    });
    if (!done) return false;
    this.providers.set(this.providers.value.filter((p) => p.id !== providerId));
    return true;
  }

  /**
   * Asks the server to try a key against the provider. The server's answer, good or bad, is the
   * result: a refusal is not an error of this screen but what the user asked to learn.
   */
  async checkKey(providerType: ProviderType, apiKey: string): Promise<KeyCheck> {
    this.#checking = true;
    this.#check = null;
    try {
      const { message } = await api.providers.check({ provider_type: providerType, apiKey });
      this.#check = { ok: true, message };
    } catch (error) {
      const e: ApiError = asApiError(error);
      this.#check = { ok: false, message: e.message, rejected: e.status === 401 || e.status === 403 };
    } finally {
      this.#checking = false;
    }
    return this.#check!;
  }
}
