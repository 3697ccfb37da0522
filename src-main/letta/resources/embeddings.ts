import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { EmbeddingStorageSizeParams } from '../types/models.js';

export class Embeddings extends APIResource {
  /** GET /v1/embeddings/total_storage_size — an estimate for the acting user, as a bare number. */
  getTotalStorageSize(params: EmbeddingStorageSizeParams = {}, options?: RequestOptions): Promise<number> {
    return this.http.request(
      ROUTES.get_total_storage_size,
      { headers: { 'storage-unit': params.storageUnit } },
      options,
    );
  }
}
