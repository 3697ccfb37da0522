/**
 * Models the server can use, and the providers behind them. Provider API keys go from the
 * renderer to the server and never come back: the renderer gets `has_api_key` instead.
 */
import type { ProviderView } from '../../src-shared/app-types.js';
import type {
  EmbeddingConfig,
  LLMConfig,
  ModelListParams,
  Provider,
  ProviderListParams,
  ProviderType,
} from '../letta/index.js';
import { rememberSecret } from '../secrets/secret-registry.js';
import { ConnectedService } from './connected.js';

export function providerView(p: Provider): ProviderView {
  return {
    id: p.id ?? null,
    name: p.name,
    provider_type: p.provider_type,
    provider_category: p.provider_category,
    base_url: p.base_url ?? null,
    has_api_key: !!p.api_key,
    updated_at: p.updated_at ?? null,
  };
}

export class ModelsService extends ConnectedService {
  listLlms(params: ModelListParams): Promise<LLMConfig[]> {
    return this.client.models.list(params);
  }

  listEmbeddings(): Promise<EmbeddingConfig[]> {
    return this.client.models.embedding.list();
  }
  /** The server's estimate, asked for in bytes (it answers in GB unless told otherwise). */
  embeddingStorageBytes(): Promise<number> {
    return this.client.embeddings.getTotalStorageSize({ storageUnit: 'B' });
  }


  async listProviders(params: ProviderListParams): Promise<ProviderView[]> {
    return (await this.client.providers.list(params)).map(providerView);
  }

  async createProvider(name: string, providerType: ProviderType, apiKey: string): Promise<ProviderView> {
    rememberSecret(apiKey);
    const provider = await this.client.providers.create({ name, provider_type: providerType, api_key: apiKey });
    this.events.emit('providers:changed', {});
    return providerView(provider);
  }

  async updateProvider(providerId: string, apiKey: string): Promise<ProviderView> {
    rememberSecret(apiKey);
    const provider = await this.client.providers.modify(providerId, { api_key: apiKey });
    this.events.emit('providers:changed', {});
    return providerView(provider);
  }

  async deleteProvider(providerId: string): Promise<void> {
    await this.client.providers.delete(providerId);
    this.events.emit('providers:changed', {});
  }

  /**
   * The server tries the key live against the provider. Not retried: a refusal (bad key, provider
   * unreachable) comes back the same each time, and the server has usually retried already, so a
   * retry would only make the user wait several times as long for the same answer.
   */
  checkProvider(providerType: ProviderType, apiKey: string): Promise<{ message: string }> {
    rememberSecret(apiKey);
    return this.client.providers.check({ provider_type: providerType, apiKey }, { maxRetries: 0 });
  }
}
