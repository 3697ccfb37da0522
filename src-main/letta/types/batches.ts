/**
 * Message batches (`/v1/messages/batches`): one request per agent, run through the provider's
 * batch API in the background. The server needs `LETTA_ENABLE_BATCH_JOB_POLLING=true` and, in
 * 0.7.x, agents on an Anthropic model.
 */
import type { JobStatus } from './jobs.js';
import type { AssistantMessageOptions, Message, MessageCreate } from './messages.js';

export interface LettaBatchRequest extends AssistantMessageOptions {
  agent_id: string;
  messages: MessageCreate[];
}

export interface CreateBatch {
  requests: LettaBatchRequest[];
  /** POSTed to when the batch completes. */
  callback_url?: string | null;
}

export interface BatchJob {
  /** `job-…` */
  id: string;
  /** `running` once accepted; `cancelled` after a cancel. */
  status: JobStatus;
  job_type?: 'batch';
  metadata?: Record<string, unknown> | null;
  created_at?: string | null;
  updated_at?: string | null;
  completed_at?: string | null;
  callback_url?: string | null;
  callback_sent_at?: string | null;
  callback_status_code?: number | null;
  created_by_id?: string | null;
  last_updated_by_id?: string | null;
}

export interface BatchMessageListParams {
  /** Default 100. */
  limit?: number;
  /** A message id; the page starts after it in the chosen sort order. */
  cursor?: string | null;
  agent_id?: string | null;
  /** Default true (newest first). */
  sort_descending?: boolean;
}

/** The batch's messages as internal `Message` rows (not LettaMessages). */
export interface LettaBatchMessages {
  messages: Message[];
}
