/**
 * Sources: named collections of uploaded files, split into embedded passages that agents with
 * the source attached can search. The passages themselves are the shared `Passage` type.
 */
import type { MultipartFile } from '../core/http.js';
import type { EmbeddingConfig } from './models.js';

export interface Source {
  id: string;
  name: string;
  description?: string | null;
  /** Tells agents how to use the source. */
  instructions?: string | null;
  embedding_config: EmbeddingConfig;
  metadata?: Record<string, unknown> | null;
  /** Server 0.7.29 sends it (not in the spec). */
  organization_id?: string | null;
  created_by_id?: string | null;
  last_updated_by_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}

/**
 * Give either `embedding` (a handle such as `openai/text-embedding-3-small`, optionally with
 * `embedding_chunk_size`) or a complete `embedding_config`.
 */
export interface SourceCreate {
  name: string;
  /** Embedding model handle, `provider/model-name`. */
  embedding?: string | null;
  embedding_chunk_size?: number | null;
  /** Legacy alternative to `embedding`. */
  embedding_config?: EmbeddingConfig | null;
  description?: string | null;
  instructions?: string | null;
  metadata?: Record<string, unknown> | null;
}

export interface SourceUpdate {
  name?: string | null;
  description?: string | null;
  instructions?: string | null;
  metadata?: Record<string, unknown> | null;
  embedding_config?: EmbeddingConfig | null;
}

/** One file uploaded to a source. */
export interface FileMetadata {
  id: string;
  source_id: string;
  /** Server 0.7.29 sends it (not in the spec). */
  organization_id?: string | null;
  file_name?: string | null;
  file_path?: string | null;
  /** MIME type. */
  file_type?: string | null;
  /** Bytes. */
  file_size?: number | null;
  file_creation_date?: string | null;
  file_last_modified_date?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  is_deleted: boolean;
}

export interface SourceFileListParams {
  /** Default 1000. */
  limit?: number;
  /** Cursor: a file id. */
  after?: string;
}

export interface SourceFileUploadParams {
  /** Sent as the multipart field `file`; the file name decides how the server parses it. */
  file: MultipartFile;
}

/**
 * The spec (server 0.7.21) takes no query here; 0.7.22+ servers page with these, and older
 * servers ignore them and return every passage.
 */
export interface SourcePassageListParams {
  /** Cursors: passage ids. */
  after?: string;
  before?: string;
  /** Default 100 on servers that page. */
  limit?: number;
}
