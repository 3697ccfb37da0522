/**
 * Model providers. `GET /v1/providers/` lists only the BYOK providers stored in the database,
 * not the ones the server was configured with through environment variables.
 */

/** The spec's enum lists `bedrock` twice; it is one value. Newer servers add provider types. */
export type ProviderType =
  | 'anthropic'
  | 'bedrock'
  | 'google_ai'
  | 'google_vertex'
  | 'openai'
  | 'letta'
  | 'deepseek'
  | 'lmstudio_openai'
  | 'xai'
  | 'mistral'
  | 'ollama'
  | 'groq'
  | 'together'
  | 'azure'
  | 'vllm'
  | (string & {});

/** `base`: configured on the server; `byok`: a key a user brought and stored. */
export type ProviderCategory = 'base' | 'byok';

export interface Provider {
  /** Assigned when the provider is stored; providers built from server settings have none. */
  id?: string | null;
  name: string;
  provider_type: ProviderType;
  provider_category: ProviderCategory;
  api_key?: string | null;
  base_url?: string | null;
  /** Server 0.7.29 sends it (not in the spec). */
  organization_id?: string | null;
  updated_at?: string | null;
}

export interface ProviderCreate {
  name: string;
  provider_type: ProviderType;
  api_key: string;
}

/** Only the key can be changed. */
export interface ProviderUpdate {
  api_key: string;
}

export interface ProviderListParams {
  name?: string;
  provider_type?: ProviderType;
  /** Cursor: a provider id. */
  after?: string;
  /** Default 50. */
  limit?: number;
}

export interface ProviderCheckParams {
  provider_type: ProviderType;
  /** The key to test; sent as the `x-api-key` header, never in the URL. */
  apiKey: string;
}

/** `DELETE /v1/providers/{id}` and `GET /v1/providers/check` answer `{message}` (the spec leaves it open). */
export interface ProviderMessage {
  message: string;
}
