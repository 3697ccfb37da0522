import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { Job, JobListParams } from '../types/jobs.js';

/** File-upload jobs. Runs (async messages) have their own resource. */
export class Jobs extends APIResource {
  /** GET /v1/jobs/ */
  list(params: JobListParams = {}, options?: RequestOptions): Promise<Job[]> {
    return this.http.request(ROUTES.list_jobs, { query: params }, options);
  }

  /** GET /v1/jobs/active — jobs still `created` or `running`. */
  listActive(options?: RequestOptions): Promise<Job[]> {
    return this.http.request(ROUTES.list_active_jobs, {}, options);
  }

  /** GET /v1/jobs/{job_id} */
  retrieve(jobId: string, options?: RequestOptions): Promise<Job> {
    return this.http.request(ROUTES.retrieve_job, { path: { job_id: jobId } }, options);
  }

  /** DELETE /v1/jobs/{job_id} — answers the deleted job. */
  delete(jobId: string, options?: RequestOptions): Promise<Job> {
    return this.http.request(ROUTES.delete_job, { path: { job_id: jobId } }, options);
  }
}
