/**
 * Message batches: one message sent to several agents at once, run by the server in the
 * background.
 *
 * Server 0.7.29 lists only batches still created or running (a finished one drops off the list,
 * though it can still be opened by id), so the list is "batches in progress", and a batch opened
 * here stays open after it finishes. A running batch is polled until it settles, since it ends
 * without the renderer sending anything.
 *
 * The draft (agents picked, message) lives here, not in the dialog, so a refused create keeps
 * everything the user typed, even across closing and reopening the dialog.
 */
import type { AgentState, BatchJob, Message } from '../../../src-shared/letta-types';
import { api, asApiError, onEvent, type ApiError } from '../api';
import { Loadable, Mutation } from './loadable.svelte';

export const POLL_MS = 2000;
/** The newest agents the picker offers; the filter narrows them by name. */
export const AGENT_PAGE = 200;

export function isBatchActive(batch: Pick<BatchJob, 'status'>): boolean {
  return batch.status === 'created' || batch.status === 'running' || batch.status === 'pending' || batch.status === 'not_started';
}

/**
 * The request counts a BatchJob reports, when it reports any. The 0.7.29 schema has none, but
 * the job's free-form metadata may carry them (newer servers, or a provider's batch summary):
 * we show what is there and never invent a number.
 */
export function batchCounts(batch: Pick<BatchJob, 'metadata'>): { label: string; value: number }[] {
  const meta = batch.metadata ?? {};
  const counts = (typeof meta['request_counts'] === 'object' && meta['request_counts'] !== null ? meta['request_counts'] : meta) as Record<string, unknown>;
  const out: { label: string; value: number }[] = [];
  for (const [key, label] of [
    ['total', 'total'],
    ['processing', 'processing'],
    ['succeeded', 'succeeded'],
    ['completed', 'completed'],
    ['errored', 'failed'],
    ['failed', 'failed'],
    ['canceled', 'cancelled'],
    ['cancelled', 'cancelled'],
    ['expired', 'expired'],
  ] as const) {
    const value = counts[key];
    if (typeof value === 'number') out.push({ label, value });
  }
  return out;
}

/**
 * What a batch message says, in one line: its text parts, else the tools it called (internal
 * Message rows carry the reply as a `send_message` tool call, with the text in the arguments).
 */
export function batchMessageText(m: Pick<Message, 'content' | 'tool_calls'>): string {
  const text = (m.content ?? [])
    .map((c) => ('text' in c && typeof c.text === 'string' ? c.text : ''))
    .filter(Boolean)
    .join(' ');
  const calls = (m.tool_calls ?? []).map((c) => `${c.function.name}(${c.function.arguments})`).join(' ');
  return [text, calls].filter(Boolean).join(' ');
}

/** The request the create sends, as the user reviews it before sending (main maps it to the wire). */
export interface BatchRequestPreview {
  requests: { agent_id: string; messages: { role: 'user'; content: string }[] }[];
}

export class BatchesState {
  readonly batches = new Loadable(() => api.batches.list({}), [] as BatchJob[]);
  readonly agents = new Loadable(() => api.agents.list({ limit: AGENT_PAGE }), [] as AgentState[]);
  readonly create = new Mutation();
  readonly cancel = new Mutation();
  /** Opening a batch by id: the way back to a finished one, which the list no longer shows. */
  readonly lookup = new Mutation();

  #picked = $state<string[]>([]);
  #text = $state('');

  #selected = $state.raw<BatchJob | null>(null);
  #selectedError = $state.raw<ApiError | null>(null);
  #messages = $state.raw<Message[]>([]);
  #messagesLoading = $state(false);
  #messagesError = $state.raw<ApiError | null>(null);

  #poll: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  get picked(): string[] {
    return this.#picked;
  }
  get text(): string {
    return this.#text;
  }
  set text(value: string) {
    this.#text = value;
  }
  get selected(): BatchJob | null {
    return this.#selected;
  }
  get selectedError(): ApiError | null {
    return this.#selectedError;
  }
  get messages(): Message[] {
    return this.#messages;
  }
  get messagesLoading(): boolean {
    return this.#messagesLoading;
  }
  get messagesError(): ApiError | null {
    return this.#messagesError;
  }

  /**
   * What to do about a refused create. The generic "server failed, try again" is wrong for the
   * refusal every default server gives (batches switched off), so that one gets its own advice.
   */
  get createHint(): string | undefined {
    const error = this.create.error;
    if (!error) return undefined;
    if (error.message.includes('LETTA_ENABLE_BATCH_JOB_POLLING')) {
      return 'Batches are switched off on this server: it must be started with LETTA_ENABLE_BATCH_JOB_POLLING=true, and on Letta 0.7 the agents must use an Anthropic model. Your agents and message are kept.';
    }
    return error.hint;
  }

  get canSend(): boolean {
    return this.#picked.length > 0 && this.#text.trim().length > 0 && this.create.running === null;
  }

  /** Exactly the body the server receives (main adds nothing but the callback URL, unused here). */
  get preview(): BatchRequestPreview {
    return {
      requests: this.#picked.map((agent_id) => ({ agent_id, messages: [{ role: 'user', content: this.#text }] })),
    };
  }

  agentName(agentId: string | null | undefined): string {
    if (!agentId) return '';
    return this.agents.value.find((a) => a.id === agentId)?.name ?? agentId;
  }

  start(): () => void {
    this.#stopped = false;
    void this.batches.load();
    const off = onEvent('runs:changed', () => {
      void this.batches.load();
      if (this.#selected) void this.#refreshSelected();
    });
    return () => {
      this.#stopped = true;
      this.#clearPoll();
      off();
    };
  }

  loadAgents(): Promise<void> {
    return this.agents.load();
  }

  togglePick(agentId: string, on: boolean): void {
    this.#picked = on ? [...new Set([...this.#picked, agentId])] : this.#picked.filter((id) => id !== agentId);
  }

  /** Sends the draft; on success the draft is cleared and the new batch opened, on failure kept. */
  async send(): Promise<BatchJob | undefined> {
    if (!this.canSend) return undefined;
    const requests = this.#picked.map((agentId) => ({ agentId, text: this.#text }));
    const batch = await this.create.run('create', () => api.batches.create({ requests }));
    if (!batch) return undefined;
    this.#picked = [];
    this.#text = '';
    this.batches.set([batch, ...this.batches.value.filter((b) => b.id !== batch.id)]);
    await this.open(batch);
    return batch;
  }

  async open(batch: BatchJob): Promise<void> {
    this.#clearPoll();
    this.#selected = batch;
    this.#selectedError = null;
    this.#messages = [];
    this.cancel.clearError();
    await Promise.all([this.#refreshSelected(), this.loadMessages()]);
  }

  async openById(batchId: string): Promise<boolean> {
    const id = batchId.trim();
    if (!id) return false;
    const batch = await this.lookup.run('open', () => api.batches.get({ batchId: id }));
    if (!batch) return false;
    await this.open(batch);
    return true;
  }

  close(): void {
    this.#clearPoll();
    this.#selected = null;
    this.#messages = [];
  }

  async loadMessages(): Promise<void> {
    const batch = this.#selected;
    if (!batch) return;
    this.#messagesLoading = true;
    try {
      const page = await api.batches.listMessages({ batchId: batch.id, limit: 100 });
      if (this.#selected?.id === batch.id) {
        this.#messages = page.messages;
        this.#messagesError = null;
      }
    } catch (error) {
      if (this.#selected?.id === batch.id) this.#messagesError = asApiError(error);
    } finally {
      this.#messagesLoading = false;
    }
  }

  async cancelSelected(): Promise<boolean> {
    const batch = this.#selected;
    if (!batch) return false;
    const done = await this.cancel.run('cancel', async () => {
      await api.batches.cancel({ batchId: batch.id });
      return true;
    });
    if (!done) return false;
    await this.#refreshSelected();
    void this.batches.load();
    return true;
  }

  async #refreshSelected(): Promise<void> {
    const batch = this.#selected;
    if (!batch) return;
    try {
      const fresh = await api.batches.get({ batchId: batch.id });
      if (this.#selected?.id !== batch.id) return;
      const settled = isBatchActive(batch) && !isBatchActive(fresh);
      this.#selected = fresh;
      this.#selectedError = null;
      this.batches.set(this.batches.value.map((b) => (b.id === fresh.id ? fresh : b)));
      // The replies arrive as the batch finishes: fetch them once more when it settles.
      if (settled) void this.loadMessages();
    } catch (error) {
      if (this.#selected?.id === batch.id) this.#selectedError = asApiError(error);
    }
    this.#schedulePoll();
  }

  #schedulePoll(): void {
    this.#clearPoll();
    if (this.#stopped || !this.#selected || !isBatchActive(this.#selected)) return;
    this.#poll = setTimeout(() => void this.#refreshSelected(), POLL_MS);
  }

  #clearPoll(): void {
    if (this.#poll) clearTimeout(this.#poll);
    this.#poll = null;
  }
}

let session: BatchesState | null = null;

/** One state for the session, so a draft survives leaving the screen and coming back. */
export function batchesSession(): BatchesState {
  return (session ??= new BatchesState());
}
