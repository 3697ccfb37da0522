import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
// Passage is engineer A's type; the index finds it whichever file it lives in.
import type { Passage } from '../types/index.js';
import type { Job } from '../types/jobs.js';
import type {
  FileMetadata,
  Source,
  SourceCreate,
  SourceFileListParams,
  SourceFileUploadParams,
  SourcePassageListParams,
  SourceUpdate,
} from '../types/sources.js';

/** `/v1/sources/{source_id}/files`, the upload and the file delete. */
export class SourceFiles extends APIResource {
  /** GET /v1/sources/{source_id}/files */
  list(sourceId: string, params: SourceFileListParams = {}, options?: RequestOptions): Promise<FileMetadata[]> {
    return this.http.request(ROUTES.list_source_files, { path: { source_id: sourceId }, query: params }, options);
  }

  /**
   * POST /v1/sources/{source_id}/upload — multipart field `file`. Answers a Job at once; the
   * file is parsed and embedded in the background (poll `jobs.retrieve(job.id)`).
   */
  upload(sourceId: string, params: SourceFileUploadParams, options?: RequestOptions): Promise<Job> {
    return this.http.request(
      ROUTES.upload_file_to_source,
      { path: { source_id: sourceId }, form: { file: params.file } },
      options,
    );
  }

  /** DELETE /v1/sources/{source_id}/{file_id} — 204, no body. */
  async delete(sourceId: string, fileId: string, options?: RequestOptions): Promise<void> {
    await this.http.request<unknown>(
      ROUTES.delete_file_from_source,
      { path: { source_id: sourceId, file_id: fileId } },
      options,
    );
  }
}

/** `/v1/sources/{source_id}/passages` */
export class SourcePassages extends APIResource {
  /** GET /v1/sources/{source_id}/passages — the paging params need a 0.7.22+ server. */
  list(sourceId: string, params: SourcePassageListParams = {}, options?: RequestOptions): Promise<Passage[]> {
    return this.http.request(ROUTES.list_source_passages, { path: { source_id: sourceId }, query: params }, options);
  }
}

export class Sources extends APIResource {
  readonly files = new SourceFiles(this.http);
  readonly passages = new SourcePassages(this.http);

  /** GET /v1/sources/ — every source; the route does not page. */
  list(options?: RequestOptions): Promise<Source[]> {
    return this.http.request(ROUTES.list_sources, {}, options);
  }

  /** POST /v1/sources/ */
  create(body: SourceCreate, options?: RequestOptions): Promise<Source> {
    return this.http.request(ROUTES.create_source, { body }, options);
  }

  /** GET /v1/sources/count — a bare integer. */
  count(options?: RequestOptions): Promise<number> {
    return this.http.request(ROUTES.count_sources, {}, options);
  }

  /** GET /v1/sources/{source_id} */
  retrieve(sourceId: string, options?: RequestOptions): Promise<Source> {
    return this.http.request(ROUTES.retrieve_source, { path: { source_id: sourceId } }, options);
  }

  /** GET /v1/sources/name/{source_name} — answers the id as a bare JSON string; 404 if none. */
  retrieveIdByName(sourceName: string, options?: RequestOptions): Promise<string> {
    return this.http.request(ROUTES.get_source_id_by_name, { path: { source_name: sourceName } }, options);
  }

  /** PATCH /v1/sources/{source_id} */
  modify(sourceId: string, body: SourceUpdate, options?: RequestOptions): Promise<Source> {
    return this.http.request(ROUTES.modify_source, { path: { source_id: sourceId }, body }, options);
  }

  /** DELETE /v1/sources/{source_id} — the server answers 200 with `null`. */
  async delete(sourceId: string, options?: RequestOptions): Promise<void> {
    await this.http.request<unknown>(ROUTES.delete_source, { path: { source_id: sourceId } }, options);
  }
}
