/**
 * `client.batches`: message batches (/v1/messages/batches…; the URL files them under messages),
 * with `batches.messages` for /v1/messages/batches/{batch_id}/messages.
 */
import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { BatchJob, BatchMessageListParams, CreateBatch, LettaBatchMessages } from '../types/batches.js';

export class BatchMessages extends APIResource {
  list(batchId: string, params: BatchMessageListParams = {}, options?: RequestOptions): Promise<LettaBatchMessages> {
    return this.http.request(ROUTES.list_batch_messages, { path: { batch_id: batchId }, query: params }, options);
  }
}

export class Batches extends APIResource {
  readonly messages = new BatchMessages(this.http);

  /** Never retried: a resend would start a second batch. */
  create(body: CreateBatch, options?: RequestOptions): Promise<BatchJob> {
    return this.http.request(ROUTES.create_messages_batch, { body }, options);
  }

  /** Only batches still `created` or `running`. */
  list(options?: RequestOptions): Promise<BatchJob[]> {
    return this.http.request(ROUTES.list_batch_runs, {}, options);
  }

  retrieve(batchId: string, options?: RequestOptions): Promise<BatchJob> {
    return this.http.request(ROUTES.retrieve_batch_run, { path: { batch_id: batchId } }, options);
  }

  /** Marks the batch and its provider-side jobs `cancelled`. */
  async cancel(batchId: string, options?: RequestOptions): Promise<void> {
    await this.http.request(ROUTES.cancel_batch_run, { path: { batch_id: batchId } }, options);
  }
}
