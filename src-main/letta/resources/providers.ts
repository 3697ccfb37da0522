import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type {
  Provider,
  ProviderCheckParams,
  ProviderCreate,
  ProviderListParams,
  ProviderMessage,
  ProviderUpdate,
} from '../types/providers.js';

export class Providers extends APIResource {
  /** GET /v1/providers/ — only the BYOK providers stored on the server. */
  list(params: ProviderListParams = {}, options?: RequestOptions): Promise<Provider[]> {
    return this.http.request(ROUTES.list_providers, { query: params }, options);
  }

  /** POST /v1/providers/ */
  create(body: ProviderCreate, options?: RequestOptions): Promise<Provider> {
    return this.http.request(ROUTES.create_provider, { body }, options);
  }

  /** PATCH /v1/providers/{provider_id} — only the API key can change. */
  modify(providerId: string, body: ProviderUpdate, options?: RequestOptions): Promise<Provider> {
    return this.http.request(ROUTES.modify_provider, { path: { provider_id: providerId }, body }, options);
  }

  /** DELETE /v1/providers/{provider_id} — answers `{message}`. */
  delete(providerId: string, options?: RequestOptions): Promise<ProviderMessage> {
    return this.http.request(ROUTES.delete_provider, { path: { provider_id: providerId } }, options);
  }

  /**
   * GET /v1/providers/check — the server calls the provider live with the key. A rejected key is
   * a 401 (LettaAuthenticationError), any other failure a 500.
   */
  check(params: ProviderCheckParams, options?: RequestOptions): Promise<ProviderMessage> {
    return this.http.request(
      ROUTES.check_provider,
      { query: { provider_type: params.provider_type }, headers: { 'x-api-key': params.apiKey } },
      options,
    );
  }
}
