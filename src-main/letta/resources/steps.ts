/** `client.steps`: one record per LLM call (/v1/steps/…), in every send mode. */
import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { Step, StepListParams } from '../types/runs.js';

export class Steps extends APIResource {
  /** Default newest first, 50 at a time; `before`/`after` are step ids. */
  list(params: StepListParams = {}, options?: RequestOptions): Promise<Step[]> {
    return this.http.request(ROUTES.list_steps, { query: params }, options);
  }

  retrieve(stepId: string, options?: RequestOptions): Promise<Step> {
    return this.http.request(ROUTES.retrieve_step, { path: { step_id: stepId } }, options);
  }
}
