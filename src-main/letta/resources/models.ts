import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { EmbeddingConfig, LLMConfig, ModelListParams } from '../types/models.js';

/** `/v1/models/embedding` */
export class ModelsEmbedding extends APIResource {
  /** GET /v1/models/embedding */
  list(options?: RequestOptions): Promise<EmbeddingConfig[]> {
    return this.http.request(ROUTES.list_embedding_models, {}, options);
  }
}

export class Models extends APIResource {
  readonly embedding = new ModelsEmbedding(this.http);

  /** GET /v1/models/ — the LLMs the server can reach, as configs ready for an agent. */
  list(params: ModelListParams = {}, options?: RequestOptions): Promise<LLMConfig[]> {
    return this.http.request(ROUTES.list_models, { query: params }, options);
  }
}
