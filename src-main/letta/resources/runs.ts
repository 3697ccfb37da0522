/**
 * `client.runs`: background sends (/v1/runs/…) with `messages`, `usage` and `steps` mirroring
 * /v1/runs/{run_id}/messages|usage|steps.
 */
import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { LettaMessageUnion } from '../types/messages.js';
import type { Run, RunListParams, RunMessageListParams, RunStepListParams, Step, UsageStatistics } from '../types/runs.js';

export class RunMessages extends APIResource {
  /** The messages the run produced; default newest first (`order: 'desc'`), up to 100. */
  list(runId: string, params: RunMessageListParams = {}, options?: RequestOptions): Promise<LettaMessageUnion[]> {
    return this.http.request(ROUTES.list_run_messages, { path: { run_id: runId }, query: params }, options);
  }
}

export class RunUsage extends APIResource {
  retrieve(runId: string, options?: RequestOptions): Promise<UsageStatistics> {
    return this.http.request(ROUTES.retrieve_run_usage, { path: { run_id: runId } }, options);
  }
}

export class RunSteps extends APIResource {
  list(runId: string, params: RunStepListParams = {}, options?: RequestOptions): Promise<Step[]> {
    return this.http.request(ROUTES.list_run_steps, { path: { run_id: runId }, query: params }, options);
  }
}

export class Runs extends APIResource {
  readonly messages = new RunMessages(this.http);
  readonly usage = new RunUsage(this.http);
  readonly steps = new RunSteps(this.http);

  list(params: RunListParams = {}, options?: RequestOptions): Promise<Run[]> {
    return this.http.request(ROUTES.list_runs, { query: params }, options);
  }

  /** Runs still `created` or `running`. */
  listActive(params: RunListParams = {}, options?: RequestOptions): Promise<Run[]> {
    return this.http.request(ROUTES.list_active_runs, { query: params }, options);
  }

  /** Once `status` is `completed`, the reply is in `metadata.result`; on `failed`, `metadata.error`. */
  retrieve(runId: string, options?: RequestOptions): Promise<Run> {
    return this.http.request(ROUTES.retrieve_run, { path: { run_id: runId } }, options);
  }

  /** Returns the deleted run. */
  delete(runId: string, options?: RequestOptions): Promise<Run> {
    return this.http.request(ROUTES.delete_run, { path: { run_id: runId } }, options);
  }
}
