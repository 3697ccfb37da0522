/**
 * The server's jobs (file imports on 0.7.29): all of them or only the active ones, one opened for
 * its metadata, and deletion. While any listed job is still active the list refreshes itself, so
 * an import started elsewhere is seen finishing without a manual refresh.
 */
import type { Job } from '../../../src-shared/letta-types';
import { api, onEvent } from '../api';
import { Loadable, Mutation } from './loadable.svelte';

export function isActive(job: Pick<Job, 'status'>): boolean {
  return job.status === 'created' || job.status === 'running' || job.status === 'pending' || job.status === 'not_started';
}

/** Newest first; the server answers oldest first. */
function newestFirst(jobs: Job[]): Job[] {
  return [...jobs].sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
}

/** `12.txt → source-…` style one-liner of what a job was about. */
export function jobSubject(job: Pick<Job, 'metadata'>): string {
  const meta = job.metadata ?? {};
  const file = typeof meta['filename'] === 'string' ? meta['filename'] : null;
  const kind = typeof meta['type'] === 'string' ? meta['type'] : null;
  if (file) return `${kind === 'embedding' ? 'Import of ' : ''}${file}`;
  return kind ?? '—';
}

export class JobsState {
  readonly jobs = new Loadable<Job[]>(async () => newestFirst(await api.jobs.list(this.#activeOnly ? { activeOnly: true } : {})), []);
  readonly mutation = new Mutation();
  #activeOnly = $state(false);
  #selectedId = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #refreshMs: number;

  constructor(options: { refreshMs?: number } = {}) {
    this.#refreshMs = options.refreshMs ?? 2000;
  }

  get activeOnly(): boolean {
    return this.#activeOnly;
  }
  get selected(): Job | null {
    return this.jobs.value.find((j) => j.id === this.#selectedId) ?? null;
  }
  get selectedId(): string | null {
    return this.#selectedId;
  }

  start(): () => void {
    void this.load();
    const stops = [
      onEvent('runs:changed', () => void this.load()),
      onEvent('sources:changed', () => void this.load()),
      onEvent('connection:changed', () => void this.load()),
    ];
    return () => {
      stops.forEach((stop) => stop());
      this.#stopTimer();
    };
  }

  async load(): Promise<void> {
    this.#stopTimer();
    await this.jobs.load();
    // Follow active jobs to their end; nothing active means nothing to watch.
    if (this.jobs.value.some(isActive) && !this.jobs.error) this.#timer = setTimeout(() => void this.load(), this.#refreshMs);
  }

  setActiveOnly(value: boolean): void {
    if (value === this.#activeOnly) return;
    this.#activeOnly = value;
    void this.load();
  }

  select(jobId: string | null): void {
    this.#selectedId = jobId;
    this.mutation.clearError();
  }

  async remove(jobId: string): Promise<boolean> {
    const done = await this.mutation.run('deleting', async () => {
      await api.jobs.delete({ jobId });
      return true;
    });
    if (!done) return false;
    this.jobs.set(this.jobs.value.filter((j) => j.id !== jobId));
    if (this.#selectedId === jobId) this.#selectedId = null;
    return true;
  }

  #stopTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
