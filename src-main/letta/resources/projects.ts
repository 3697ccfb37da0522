import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { ProjectList, ProjectListParams } from '../types/cloud.js';

/** Letta Cloud only. */
export class Projects extends APIResource {
  /** GET /v1/projects */
  list(params: ProjectListParams = {}, options?: RequestOptions): Promise<ProjectList> {
    return this.http.request(ROUTES['projects.listProjects'], { query: params }, options);
  }
}
