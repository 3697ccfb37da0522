/**
 * Data sources: the list, one selected source's files, passages and the agents using it, and the
 * uploads into it followed to the end of their server job.
 *
 * Two server 0.7.29 behaviours shape this class:
 * - `sources:update` answers the changed source but does not store it. Every save is therefore
 *   read back, and when the stored source differs from what was sent the user is told so in
 *   words (and keeps the draft) instead of being shown the server's optimistic answer.
 * - An upload's job is never marked `failed`: when the import throws, the job stays `running`.
 *   Polling therefore gives up after `stallMs` and says the job may have stopped. Uploads also go
 *   one at a time, because two imports at once lock the server's SQLite database and both hang.
 */
import type { AgentState, EmbeddingConfig, FileMetadata, Job, Passage, Source } from '../../../src-shared/letta-types';
import { MAX_UPLOAD_BYTES } from '../../../src-shared/ipc/schemas';
import { api, asApiError, onEvent, type ApiError } from '../api';
import { Loadable, Mutation, reloadCounted } from './loadable.svelte';

export const PASSAGE_PAGE = 20;

export interface SourceDraft {
  name: string;
  description: string;
  instructions: string;
}

export type UploadPhase = 'queued' | 'uploading' | 'created' | 'running' | 'completed' | 'failed' | 'stalled';

export interface Upload {
  key: string;
  sourceId: string;
  fileName: string;
  size: number;
  phase: UploadPhase;
  jobId?: string;
  /** Why it failed (too big, the server's error, the job's error). */
  error?: string;
  passages?: number;
}

export type SaveOutcome = 'saved' | 'not-kept' | 'failed';

/** `1.2 MB`, `512 B`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The server stores `notes.txt` as `notes_<32 hex>.txt`; this gives the name the user uploaded. */
export function originalFileName(stored: string | null | undefined): string {
  if (!stored) return '';
  return stored.replace(/_[0-9a-f]{32}(?=\.[^.]*$|$)/, '');
}

/** `letta/letta-free · 1024 dims · 300-token chunks` */
export function embeddingLabel(e: EmbeddingConfig): string {
  const chunk = e.embedding_chunk_size ? ` · ${e.embedding_chunk_size}-token chunks` : '';
  return `${e.handle ?? e.embedding_model} · ${e.embedding_dim} dims${chunk}`;
}

/** Says how big the file is against the limit, in bytes when the rounded sizes would read alike. */
export function tooBigMessage(name: string, size: number): string {
  let [is, max] = [formatBytes(size), formatBytes(MAX_UPLOAD_BYTES)];
  if (is === max) [is, max] = [`${size.toLocaleString('en-US')} bytes`, `${MAX_UPLOAD_BYTES.toLocaleString('en-US')} bytes`];
  return `${name} is too big to upload: ${is}, and the app sends at most ${max} per file.`;
}

/** The error a job recorded, when the server recorded one. */
export function jobError(job: Pick<Job, 'metadata'>): string | null {
  const meta = job.metadata ?? {};
  for (const key of ['error', 'error_message', 'message']) {
    const value = meta[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return null;
}

export function isFinished(status: string): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled' || status === 'expired';
}

/** Bytes → base64 in slices, so a 25 MB file does not overflow the argument list of fromCharCode. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

/** What the file picker / drop hands over: a browser File, or anything shaped like one. */
export interface PickedFile {
  name: string;
  size: number;
  type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface SourcesOptions {
  /** How often a running upload job is asked for its status. */
  pollMs?: number;
  /** After this long without the job finishing, stop asking and say it may have stopped. */
  stallMs?: number;
}

export class SourcesState {
  readonly sources = new Loadable(() => api.sources.list({}), [] as Source[]);
  /** How many the server has in all (the list is one page: this tells when it is cut). */
  readonly total = new Loadable<number | null>(() => api.sources.count({}), null);
  readonly embeddings = new Loadable(() => api.models.listEmbeddings({}), [] as EmbeddingConfig[]);
  /** Agents carry their `sources`, which is the only way 0.7.29 says which agents use a source. */
  readonly agents = new Loadable(() => api.agents.list({ limit: 500 }), [] as AgentState[]);
  readonly files = new Loadable<FileMetadata[]>(() => this.#fetchFiles(), []);
  /** The selected source's jobs, for each file's import status. */
  readonly jobs = new Loadable<Job[]>(() => this.#fetchJobs(), []);
  readonly mutation = new Mutation();

  #selectedId = $state<string | null>(null);
  #passages = $state.raw<Passage[]>([]);
  #passagesLoading = $state(false);
  #passagesLoadedOnce = $state(false);
  #passagesError = $state.raw<ApiError | null>(null);
  #morePassages = $state(false);
  #passageGeneration = 0;
  #uploads = $state.raw<Upload[]>([]);
  #notice = $state<string | null>(null);
  #uploadChain: Promise<void> = Promise.resolve();
  #nextKey = 0;
  readonly #pollMs: number;
  readonly #stallMs: number;

  constructor(options: SourcesOptions = {}) {
    this.#pollMs = options.pollMs ?? 1000;
    this.#stallMs = options.stallMs ?? 120_000;
  }

  get selectedId(): string | null {
    return this.#selectedId;
  }
  get selected(): Source | null {
    return this.sources.value.find((s) => s.id === this.#selectedId) ?? null;
  }
  get passages(): Passage[] {
    return this.#passages;
  }
  get passagesLoading(): boolean {
    return this.#passagesLoading;
  }
  get passagesLoadedOnce(): boolean {
    return this.#passagesLoadedOnce;
  }
  get passagesError(): ApiError | null {
    return this.#passagesError;
  }
  get morePassages(): boolean {
    return this.#morePassages;
  }
  /** Uploads into the selected source, newest first. */
  get uploads(): Upload[] {
    return this.#uploads.filter((u) => u.sourceId === this.#selectedId);
  }
  /** A plain-words message about the last save (e.g. the server did not keep it). */
  get notice(): string | null {
    return this.#notice;
  }
  dismissNotice(): void {
    this.#notice = null;
  }

  /** Agents the source is attached to. */
  agentsUsing(sourceId: string): AgentState[] {
    return this.agents.value.filter((a) => a.sources?.some((s) => s.id === sourceId));
  }
  /** Agents it could be attached to. */
  agentsNotUsing(sourceId: string): AgentState[] {
    return this.agents.value.filter((a) => !a.sources?.some((s) => s.id === sourceId));
  }

  /** The latest job that imported this file (matched by the name the user uploaded). */
  jobForFile(file: FileMetadata): Job | null {
    const name = originalFileName(file.file_name);
    const candidates = this.jobs.value.filter((j) => j.metadata?.['filename'] === name);
    return candidates.sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''))[0] ?? null;
  }

  start(): () => void {
    void this.sources.load().then(() => {
      if (!this.#selectedId && this.sources.value[0]) this.select(this.sources.value[0].id);
    });
    void this.embeddings.load();
    void this.agents.load();
    void this.total.load();
    const stops = [
      onEvent('sources:changed', (p) => {
        void reloadCounted(this.sources, this.total);
        if (p.agentId) void this.agents.load();
        if (this.#selectedId && (!p.sourceId || p.sourceId === this.#selectedId)) void this.files.load();
      }),
      onEvent('agents:changed', () => void this.agents.load()),
      onEvent('connection:changed', () => void this.reload()),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async reload(): Promise<void> {
    await Promise.all([reloadCounted(this.sources, this.total), this.agents.load(), this.embeddings.load(), this.#loadSelected()]);
  }

  select(sourceId: string | null): void {
    if (sourceId === this.#selectedId) return;
    this.#selectedId = sourceId;
    this.#notice = null;
    this.mutation.clearError();
    this.files.set([]);
    this.jobs.set([]);
    this.#passages = [];
    this.#passagesLoadedOnce = false;
    void this.#loadSelected();
  }

  async #loadSelected(): Promise<void> {
    if (!this.#selectedId) return;
    await Promise.all([this.files.load(), this.jobs.load(), this.loadPassages()]);
  }

  #fetchFiles(): Promise<FileMetadata[]> {
    const sourceId = this.#selectedId;
    return sourceId ? api.sources.listFiles({ sourceId }) : Promise.resolve([]);
  }

  #fetchJobs(): Promise<Job[]> {
    const sourceId = this.#selectedId;
    return sourceId ? api.jobs.list({ sourceId }) : Promise.resolve([]);
  }

  /** The first page of passages again (`more` appends the next page instead). */
  async loadPassages(more = false): Promise<void> {
    const sourceId = this.#selectedId;
    if (!sourceId) return;
    const generation = ++this.#passageGeneration;
    const after = more ? this.#passages[this.#passages.length - 1]?.id : undefined;
    this.#passagesLoading = true;
    try {
      const page = await api.sources.listPassages({ sourceId, limit: PASSAGE_PAGE, ...(after ? { after } : {}) });
      if (generation !== this.#passageGeneration) return;
      this.#passages = more ? [...this.#passages, ...page] : page;
      this.#morePassages = page.length === PASSAGE_PAGE;
      this.#passagesError = null;
    } catch (error) {
      if (generation === this.#passageGeneration) this.#passagesError = asApiError(error);
    } finally {
      if (generation === this.#passageGeneration) {
        this.#passagesLoading = false;
        this.#passagesLoadedOnce = true;
      }
    }
  }

  async create(draft: SourceDraft, embedding: EmbeddingConfig): Promise<Source | undefined> {
    const source = await this.mutation.run('creating', () =>
      api.sources.create({
        body: {
          name: draft.name.trim(),
          embedding_config: embedding,
          ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
          ...(draft.instructions.trim() ? { instructions: draft.instructions.trim() } : {}),
        },
      }),
    );
    if (source) {
      this.sources.set([...this.sources.value.filter((s) => s.id !== source.id), source]);
      this.select(source.id);
    }
    return source;
  }

  /**
   * Sends the changed fields, then reads the source back: only what the server stored counts.
   * `not-kept` means the server answered the change but the stored source does not have it.
   */
  async save(sourceId: string, draft: SourceDraft): Promise<SaveOutcome> {
    const patch = {
      name: draft.name.trim(),
      description: draft.description.trim(),
      instructions: draft.instructions.trim(),
    };
    this.#notice = null;
    const stored = await this.mutation.run('saving', async () => {
      await api.sources.update({ sourceId, patch });
      return api.sources.get({ sourceId });
    });
    if (!stored) return 'failed';
    this.sources.set(this.sources.value.map((s) => (s.id === sourceId ? stored : s)));
    const lost = (Object.keys(patch) as (keyof typeof patch)[]).filter((key) => (stored[key] ?? '') !== patch[key]);
    if (lost.length === 0) return 'saved';
    this.#notice =
      `The server accepted the change but did not keep it: read back after saving, the source still has ` +
      `${describe(stored, lost)}. (Letta 0.7.29 answers source edits without storing them.)`;
    return 'not-kept';
  }

  async remove(sourceId: string): Promise<boolean> {
    const done = await this.mutation.run('deleting', async () => {
      await api.sources.delete({ sourceId });
      return true;
    });
    if (!done) return false;
    const rest = this.sources.value.filter((s) => s.id !== sourceId);
    this.sources.set(rest);
    if (this.#selectedId === sourceId) {
      this.#selectedId = null;
      this.select(rest[0]?.id ?? null);
    }
    return true;
  }

  async deleteFile(fileId: string): Promise<boolean> {
    const sourceId = this.#selectedId;
    if (!sourceId) return false;
    const done = await this.mutation.run('deleting-file', async () => {
      await api.sources.deleteFile({ sourceId, fileId });
      return true;
    });
    if (!done) return false;
    this.files.set(this.files.value.filter((f) => f.id !== fileId));
    // The file's passages went with it.
    void this.loadPassages();
    return true;
  }

  async attach(agentId: string): Promise<boolean> {
    return this.#link('attaching', agentId, (sourceId) => api.sources.attach({ agentId, sourceId }));
  }

  async detach(agentId: string): Promise<boolean> {
    return this.#link('detaching', agentId, (sourceId) => api.sources.detach({ agentId, sourceId }));
  }

  async #link(what: string, agentId: string, call: (sourceId: string) => Promise<AgentState>): Promise<boolean> {
    const sourceId = this.#selectedId;
    if (!sourceId) return false;
    const agent = await this.mutation.run(what, () => call(sourceId));
    if (!agent) return false;
    this.agents.set(this.agents.value.map((a) => (a.id === agent.id ? agent : a)));
    return true;
  }

  /**
   * Queues files for upload into the selected source. Each is checked for size first (the IPC
   * limit), then sent and followed until its job finishes; the next starts after that.
   */
  upload(files: Iterable<PickedFile>): void {
    const sourceId = this.#selectedId;
    if (!sourceId) return;
    for (const file of files) {
      const upload: Upload = { key: `u${++this.#nextKey}`, sourceId, fileName: file.name, size: file.size, phase: 'queued' };
      if (file.size > MAX_UPLOAD_BYTES) {
        upload.phase = 'failed';
        upload.error = tooBigMessage(file.name, file.size);
        this.#uploads = [upload, ...this.#uploads];
        continue;
      }
      this.#uploads = [upload, ...this.#uploads];
      this.#uploadChain = this.#uploadChain.then(() => this.#runUpload(upload.key, file));
    }
  }

  /** Resolves when every queued upload has finished (or given up). */
  settled(): Promise<void> {
    return this.#uploadChain;
  }

  dismissUpload(key: string): void {
    this.#uploads = this.#uploads.filter((u) => u.key !== key);
  }

  #patchUpload(key: string, patch: Partial<Upload>): void {
    this.#uploads = this.#uploads.map((u) => (u.key === key ? { ...u, ...patch } : u));
  }

  async #runUpload(key: string, file: PickedFile): Promise<void> {
    const upload = this.#uploads.find((u) => u.key === key);
    if (!upload) return;
    this.#patchUpload(key, { phase: 'uploading' });
    let job: Job;
    try {
      const dataBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
      job = await api.sources.uploadFile({
        sourceId: upload.sourceId,
        file: { fileName: file.name, dataBase64, ...(CONTENT_TYPE.test(file.type) ? { contentType: file.type } : {}) },
      });
    } catch (error) {
      this.#patchUpload(key, { phase: 'failed', error: asApiError(error).message });
      return;
    }
    this.#patchUpload(key, { phase: job.status === 'running' ? 'running' : 'created', jobId: job.id });
    const final = await this.#follow(key, job);
    if (upload.sourceId === this.#selectedId) {
      await Promise.all([this.files.load(), this.jobs.load(), final === 'completed' ? this.loadPassages() : Promise.resolve()]);
    }
  }

  async #follow(key: string, job: Job): Promise<UploadPhase> {
    const started = Date.now();
    let current = job;
    let delay = this.#pollMs;
    while (!isFinished(current.status)) {
      if (Date.now() - started > this.#stallMs) {
        const minutes = Math.round(this.#stallMs / 60_000);
        this.#patchUpload(key, {
          phase: 'stalled',
          error:
            `The server has not finished this import after ${minutes < 1 ? `${Math.round(this.#stallMs / 1000)} s` : `${minutes} min`}. ` +
            'Letta 0.7.29 leaves a job "running" when its import fails (for example when the embedding endpoint cannot be reached); its log says why.',
        });
        return 'stalled';
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      // Back off: every request that reaches 0.7.29 while its import writes can make the import's
      // SQLite write time out ("database is locked"), which leaves the job running for ever.
      delay = Math.min(delay * 1.5, this.#pollMs * 5);
      try {
        current = await api.jobs.get({ jobId: job.id });
      } catch (error) {
        this.#patchUpload(key, { phase: 'failed', error: `Could not follow the import: ${asApiError(error).message}` });
        return 'failed';
      }
      if (!isFinished(current.status)) this.#patchUpload(key, { phase: current.status === 'running' ? 'running' : 'created' });
    }
    if (current.status === 'completed') {
      const passages = current.metadata?.['num_passages'];
      this.#patchUpload(key, { phase: 'completed', ...(typeof passages === 'number' ? { passages } : {}) });
      return 'completed';
    }
    this.#patchUpload(key, { phase: 'failed', error: jobError(current) ?? `The server's job ended as "${current.status}" without saying why.` });
    return 'failed';
  }
}

function describe(source: Source, keys: string[]): string {
  return keys
    .map((key) => {
      const value = (source as unknown as Record<string, unknown>)[key];
      return `${key} ${typeof value === 'string' && value ? `“${value}”` : '(empty)'}`;
    })
    .join(', ');
}
