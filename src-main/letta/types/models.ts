/**
 * Model configurations (`GET /v1/models/`, `/v1/models/embedding`) and the embeddings storage
 * figure. LLMConfig and EmbeddingConfig are also request fields (agents, sources), so only what
 * the spec requires is required here; the server fills the rest from its defaults.
 */
import type { ProviderCategory, ProviderType } from './providers.js';

/** How the server talks to the model; newer servers add endpoint types. */
export type ModelEndpointType =
  | 'openai'
  | 'anthropic'
  | 'cohere'
  | 'google_ai'
  | 'google_vertex'
  | 'azure'
  | 'groq'
  | 'ollama'
  | 'webui'
  | 'webui-legacy'
  | 'lmstudio'
  | 'lmstudio-legacy'
  | 'lmstudio-chatcompletions'
  | 'llamacpp'
  | 'koboldcpp'
  | 'vllm'
  | 'hugging-face'
  | 'mistral'
  | 'together'
  | 'bedrock'
  | 'deepseek'
  | 'xai'
  | (string & {});

export interface LLMConfig {
  /** The provider's model name, e.g. `gpt-4o-mini`. */
  model: string;
  model_endpoint_type: ModelEndpointType;
  model_endpoint?: string | null;
  provider_name?: string | null;
  provider_category?: ProviderCategory | null;
  model_wrapper?: string | null;
  context_window: number;
  /** Ask for `inner_thoughts` as a tool-call argument (default true). */
  put_inner_thoughts_in_kwargs?: boolean | null;
  /** `provider/model-name`, the short form agents can be created with. */
  handle?: string | null;
  /** Default 0.7. */
  temperature?: number;
  /** Default 4096. */
  max_tokens?: number | null;
  /** Use extended thinking on reasoning models (default false). */
  enable_reasoner?: boolean;
  reasoning_effort?: 'low' | 'medium' | 'high' | null;
  /** Thinking budget when `enable_reasoner` is on; at least 1024 (default 0). */
  max_reasoning_tokens?: number;
}

export type EmbeddingEndpointType =
  | 'openai'
  | 'anthropic'
  | 'bedrock'
  | 'cohere'
  | 'google_ai'
  | 'google_vertex'
  | 'azure'
  | 'groq'
  | 'ollama'
  | 'webui'
  | 'webui-legacy'
  | 'lmstudio'
  | 'lmstudio-legacy'
  | 'llamacpp'
  | 'koboldcpp'
  | 'vllm'
  | 'hugging-face'
  | 'mistral'
  | 'together'
  | (string & {});

export interface EmbeddingConfig {
  embedding_endpoint_type: EmbeddingEndpointType;
  /** Null for local models. */
  embedding_endpoint?: string | null;
  embedding_model: string;
  embedding_dim: number;
  /** Characters per chunk when files are split into passages (default 300). */
  embedding_chunk_size?: number | null;
  handle?: string | null;
  azure_endpoint?: string | null;
  azure_version?: string | null;
  azure_deployment?: string | null;
}

export interface ModelListParams {
  /** Repeated in the query: `provider_category=base&provider_category=byok`. */
  provider_category?: ProviderCategory[];
  provider_name?: string;
  provider_type?: ProviderType;
}

export interface EmbeddingStorageSizeParams {
  /** Unit of the answer: `B`, `KB`, `MB`, `GB` (the server's default) or `TB`; sent as the `storage-unit` and `storage_unit` headers. */
  storageUnit?: string;
}
