/**
 * Runs, steps and provider traces.
 *
 * Only `POST /v1/agents/{id}/messages/async` creates a Run; every LLM call in every mode creates
 * a Step (`job_id` links it to its run when there is one). A ProviderTrace is the raw request and
 * response of one step's LLM call, recorded only when the server logs LLM traffic.
 */
import type { JobStatus } from './jobs.js';
import type { LettaResponse, Message, MessageRole } from './messages.js';

/** How the run's messages are presented; copied from the request that started it. */
export interface LettaRequestConfig {
  use_assistant_message?: boolean;
  assistant_message_tool_name?: string;
  assistant_message_tool_kwarg?: string;
}

/** What the server keeps in `Run.metadata`; other keys may appear. */
export interface RunMetadata {
  /** `send_message_async` for runs from the async send. */
  job_type?: string;
  agent_id?: string;
  /** Present once `status` is `completed`: the same shape a synchronous send returns. */
  result?: LettaResponse;
  /** Present once `status` is `failed`. */
  error?: string;
  [key: string]: unknown;
}

export interface Run {
  /** `run-…` */
  id: string;
  /** Starts as `created` (not `not_started`), then `running`, then `completed` or `failed`. */
  status: JobStatus;
  job_type?: 'run';
  metadata?: RunMetadata | null;
  request_config?: LettaRequestConfig | null;
  created_at?: string | null;
  updated_at?: string | null;
  completed_at?: string | null;
  callback_url?: string | null;
  callback_sent_at?: string | null;
  callback_status_code?: number | null;
  /** The user who started the run; sent by server 0.7.29, not in the spec. */
  user_id?: string | null;
  created_by_id?: string | null;
  last_updated_by_id?: string | null;
}

export interface RunListParams {
  /**
   * Only runs of these agents (sent as repeated `agent_ids=` keys). Server 0.7.29 matches on
   * `metadata.agent_id`, which a finished run no longer has, so finished runs drop out.
   */
  agent_ids?: string[] | null;
}

export type SortOrder = 'asc' | 'desc';

export interface RunMessageListParams {
  before?: string | null;
  after?: string | null;
  /** Default 100. */
  limit?: number | null;
  /** By `created_at`; default `desc`. */
  order?: SortOrder;
  role?: MessageRole | null;
}

export interface RunStepListParams {
  before?: string | null;
  after?: string | null;
  /** Default 100. */
  limit?: number | null;
  /** By `created_at`; default `desc`. */
  order?: SortOrder;
}

/** Token totals of a run (OpenAI-style field names). */
export interface UsageStatistics {
  completion_tokens: number;
  prompt_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

export interface Step {
  /** `step-…` */
  id: string;
  /** The surface the step was started from. */
  origin?: string | null;
  provider_id?: string | null;
  /** The run, for steps of an async send; null otherwise. */
  job_id?: string | null;
  agent_id?: string | null;
  provider_name?: string | null;
  /** `base` or `byok`; sent by server 0.7.29, not in the spec (like `organization_id`). */
  provider_category?: string | null;
  organization_id?: string | null;
  model?: string | null;
  model_endpoint?: string | null;
  context_window_limit?: number | null;
  completion_tokens?: number | null;
  prompt_tokens?: number | null;
  total_tokens?: number | null;
  completion_tokens_details?: Record<string, unknown> | null;
  tags?: string[];
  tid?: string | null;
  trace_id?: string | null;
  /** The internal messages this step produced. */
  messages?: Message[];
}

export interface StepListParams {
  before?: string | null;
  after?: string | null;
  /** Default 50. */
  limit?: number | null;
  /** Default `desc`. */
  order?: SortOrder | null;
  /** ISO date-time with offset, e.g. `2025-01-29T15:01:19-08:00`. */
  start_date?: string | null;
  end_date?: string | null;
  model?: string | null;
  agent_id?: string | null;
}

export interface ProviderTrace {
  /** `provider_trace-…` */
  id: string;
  /** The JSON sent to the LLM provider. */
  request_json: Record<string, unknown>;
  /** The JSON the provider answered. */
  response_json: Record<string, unknown>;
  organization_id: string;
  step_id?: string | null;
  created_at: string;
  updated_at?: string | null;
  created_by_id?: string | null;
  last_updated_by_id?: string | null;
}
