import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';

/** Query of `GET /v1/tags/` (tags have no schema of their own, so this lives with the method). */
export interface TagListParams {
  /** Cursor: a tag. */
  after?: string;
  /** Default 50. */
  limit?: number;
  /** Only tags containing this text. */
  query_text?: string;
}

/** The distinct agent tags in use. */
export class Tags extends APIResource {
  /** GET /v1/tags/ */
  list(params: TagListParams = {}, options?: RequestOptions): Promise<string[]> {
    return this.http.request(ROUTES.list_tags, { query: params }, options);
  }
}
