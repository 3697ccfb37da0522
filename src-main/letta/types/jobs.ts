/**
 * Jobs: `GET /v1/jobs/` lists file-upload jobs (parsing and embedding a file into a source). Runs
 * and batches are jobs too on the server, with their own routes and types.
 */

/** A fresh upload job starts as `created`. Newer servers may add statuses. */
export type JobStatus =
  | 'not_started'
  | 'created'
  | 'running'
  | 'completed'
  | 'failed'
  | 'pending'
  | 'cancelled'
  | 'expired'
  | (string & {});

export type JobType = 'job' | 'run' | 'batch' | (string & {});

export interface Job {
  id: string;
  status: JobStatus;
  job_type: JobType;
  /** The owner; server 0.7.29 sends it (not in the spec). */
  user_id?: string | null;
  created_by_id?: string | null;
  last_updated_by_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  completed_at?: string | null;
  /** For uploads: `{type: "embedding", filename, source_id}`, plus counts once done. */
  metadata?: Record<string, unknown> | null;
  /** The server POSTs here when the job completes. */
  callback_url?: string | null;
  callback_sent_at?: string | null;
  callback_status_code?: number | null;
}

export interface JobListParams {
  /** Only the jobs of this source. */
  source_id?: string;
}
