import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type {
  TemplateAgentsCreate,
  TemplateAgentsCreateResponse,
  TemplateList,
  TemplateListParams,
} from '../types/cloud.js';

/** Letta Cloud only: agent templates. */
export class Templates extends APIResource {
  /** GET /v1/templates */
  list(params: TemplateListParams = {}, options?: RequestOptions): Promise<TemplateList> {
    return this.http.request(ROUTES['templates.listTemplates'], { query: params }, options);
  }

  /**
   * POST /v1/templates/{project}/{template_version}/agents — `templateVersion` is
   * `template-name:version` (e.g. `support-bot:latest`); answers 201 with the new agents.
   */
  createAgents(
    project: string,
    templateVersion: string,
    body: TemplateAgentsCreate = {},
    options?: RequestOptions,
  ): Promise<TemplateAgentsCreateResponse> {
    return this.http.request(
      ROUTES['templates.createAgentsFromTemplate'],
      { path: { project, template_version: templateVersion }, body },
      options,
    );
  }
}
