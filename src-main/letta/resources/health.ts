import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { Health } from '../types/health.js';

export class HealthResource extends APIResource {
  /** GET /v1/health/ */
  check(options?: RequestOptions): Promise<Health> {
    return this.http.request(ROUTES.health_check, {}, options);
  }
}
