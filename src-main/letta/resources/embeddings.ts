import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import type { EmbeddingStorageSizeParams } from '../types/models.js';

export class Embeddings extends APIResource {
  /**
   * GET /v1/embeddings/total_storage_size — an estimate for the acting user, as a bare number:
   * the agents' archival passages times 4096 floats of 4 bytes (source passages do not count).
   * The unit goes out under both spellings: the spec names the header `storage-unit`, while
   * server 0.7.29 reads only `storage_unit` and silently answers in GB otherwise.
   */
  getTotalStorageSize(params: EmbeddingStorageSizeParams = {}, options?: RequestOptions): Promise<number> {
    return this.http.request(
      ROUTES.get_total_storage_size,
      { headers: { 'storage-unit': params.storageUnit, storage_unit: params.storageUnit } },
      options,
    );
  }
}
