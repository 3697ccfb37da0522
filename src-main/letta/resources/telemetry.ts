/** `client.telemetry`: the raw LLM request/response behind a step (/v1/telemetry/{step_id}). */
import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { ProviderTrace } from '../types/runs.js';

export class Telemetry extends APIResource {
  /** Recorded only when the server logs LLM traffic (`llm_api_logging`); a step without one is a LettaNotFoundError. */
  retrieveProviderTrace(stepId: string, options?: RequestOptions): Promise<ProviderTrace> {
    return this.http.request(ROUTES.retrieve_provider_trace, { path: { step_id: stepId } }, options);
  }
}
