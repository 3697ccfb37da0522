/**
 * One agent's conversation: a window of its history (latest page first, older pages on demand by
 * cursor), the turn being streamed, background runs, edits and reset.
 *
 * Streamed pieces arrive far faster than the screen refreshes. They are merged into a private
 * working copy as they come and published to the view at most once per animation frame, so a
 * long reply costs one render per frame, not one per token.
 */
import type { Api } from '../../../src-shared/ipc/api-types';
import type { ChatStreamChunk } from '../../../src-shared/app-types';
import type { ReplySideEvent } from '../../../src-shared/voice/reply-events';
import type { LettaMessageUnion, LettaUsageStatistics, Run } from '../../../src-shared/letta-types';
import { api, asApiError, onEvent, type ApiError } from '../api';
import { streamingChoice } from './streaming';

export const PAGE_SIZE = 50;
const RUN_POLL_MS = 800;

export const KNOWN_MESSAGE_TYPES = new Set([
  'system_message',
  'user_message',
  'assistant_message',
  'reasoning_message',
  'hidden_reasoning_message',
  'tool_call_message',
  'tool_return_message',
]);

/**
 * A message of the turn being streamed. Its text grows every frame, so it carries its own
 * reactive state: a frame updates this one item, and the list (which can hold 100k history
 * items) is only re-published when a new message starts.
 */
export class LiveMessage {
  #message = $state.raw<LettaMessageUnion>() as LettaMessageUnion;
  #streaming = $state(true);
  /** The merged message not yet painted (outside reactivity until the next frame). */
  pending: LettaMessageUnion;

  constructor(message: LettaMessageUnion) {
    this.#message = message;
    this.pending = message;
  }
  get message(): LettaMessageUnion {
    return this.#message;
  }
  get streaming(): boolean {
    return this.#streaming;
  }
  publish(): void {
    if (this.pending !== this.#message) this.#message = this.pending;
  }
  finish(): void {
    this.publish();
    this.#streaming = false;
  }
}

export type ChatEntry =
  | { kind: 'message'; key: string; message: LettaMessageUnion }
  | { kind: 'live'; key: string; box: LiveMessage }
  | { kind: 'pending-user'; key: string; text: string; date: string }
  | { kind: 'run'; key: string; run: Run; text: string; error: ApiError | null }
  | { kind: 'notice'; key: string; tone: 'stopped' | 'error'; message: string; hint?: string | undefined; retryText?: string };

export type TurnStatus = 'idle' | 'sending' | 'streaming' | 'cancelling';

/**
 * A turn that reaches the agent by another road than `chat:start-stream` (a voice turn), shown in
 * the conversation the way a typed turn is: the user's words once known, then the reply and what
 * the agent did on the way, growing frame by frame. Stop and Esc reach it through `cancel`.
 */
export interface ExternalTurn {
  /** The user's words (a voice turn knows them only after transcription). */
  userText(text: string): void;
  /** The next slice of the reply's text. */
  replyText(text: string): void;
  /** Reasoning, tool calls and results, usage. */
  side(event: ReplySideEvent): void;
  /** The turn is over; a notice says how when it did not simply finish. */
  finish(outcome: { type: 'done' } | { type: 'cancelled'; message?: string } | { type: 'nothing' } | { type: 'error'; message: string; hint?: string | undefined }): void;
}

export interface ChatDeps {
  api: { chat: Api['chat']; runs: Pick<Api['runs'], 'get'>; settings: Pick<Api['settings'], 'get'> };
  onEvent: typeof onEvent;
  /** Runs a callback before the next paint (requestAnimationFrame in the app). */
  frame: (callback: () => void) => void;
  wait: (ms: number) => Promise<void>;
  newId: () => string;
}

const defaultDeps: ChatDeps = {
  api,
  onEvent,
  frame: (callback) => requestAnimationFrame(() => callback()),
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  newId: () => crypto.randomUUID(),
};

/** A message's text, whether the server sent a string or text parts. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (part && typeof part === 'object' && 'text' in part ? String((part as { text: unknown }).text) : '')).join('');
  }
  return '';
}

/** One stored message expands into several list items (reasoning + reply share an id). */
export function messageKey(message: LettaMessageUnion): string {
  return `${message.id}:${message.message_type}`;
}

function entryOf(message: LettaMessageUnion): ChatEntry {
  return { kind: 'message', key: messageKey(message), message };
}

/** Folds one streamed piece into the message built so far (token slices share the message id). */
export function mergeDelta(previous: LettaMessageUnion | undefined, next: LettaMessageUnion): LettaMessageUnion {
  if (!previous || previous.message_type !== next.message_type) return next;
  switch (next.message_type) {
    case 'assistant_message':
      return { ...next, content: messageText((previous as { content: unknown }).content) + messageText((next as { content: unknown }).content) } as LettaMessageUnion;
    case 'reasoning_message': {
      const prev = previous as { reasoning?: string };
      const cur = next as { reasoning?: string };
      return { ...next, reasoning: (prev.reasoning ?? '') + (cur.reasoning ?? '') } as LettaMessageUnion;
    }
    case 'tool_call_message': {
      const prev = (previous as { tool_call?: { name?: string | null; arguments?: string | null; tool_call_id?: string | null } }).tool_call ?? {};
      const cur = (next as { tool_call?: { name?: string | null; arguments?: string | null; tool_call_id?: string | null } }).tool_call ?? {};
      return {
        ...next,
        tool_call: {
          name: cur.name || prev.name || '',
          arguments: (prev.arguments ?? '') + (cur.arguments ?? ''),
          tool_call_id: cur.tool_call_id || prev.tool_call_id || '',
        },
      } as LettaMessageUnion;
    }
    default:
      return next;
  }
}

export class ChatState {
  readonly agentId: string;
  readonly #deps: ChatDeps;

  #history = $state.raw<ChatEntry[]>([]);
  #live = $state.raw<ChatEntry[]>([]);
  #runs = $state.raw<ChatEntry[]>([]);
  #loaded = $state(false);
  #loadingLatest = $state(false);
  #loadingOlder = $state(false);
  #hasOlder = $state(true);
  #error = $state.raw<ApiError | null>(null);
  #olderError = $state.raw<ApiError | null>(null);
  #status = $state<TurnStatus>('idle');
  #usage = $state.raw<LettaUsageStatistics | null>(null);
  #savingKey = $state<string | null>(null);
  #actionError = $state.raw<ApiError | null>(null);
  #resetting = $state(false);

  #requestId: string | null = null;
  /** Set while the running turn is an external one (voice): how Stop reaches it. */
  #externalCancel: (() => Promise<void>) | null = null;
  /** The turn's items, outside reactivity until the next frame publishes them. */
  #work: ChatEntry[] = [];
  /** Whether #work gained or lost items since it was last published. */
  #workChanged = false;
  #framePending = false;
  #disposed = false;
  #generation = 0;

  readonly entries: ChatEntry[] = $derived.by(() => {
    const tail = this.#runs.length || this.#live.length ? [...this.#runs, ...this.#live] : null;
    return tail ? this.#history.concat(tail) : this.#history;
  });

  constructor(agentId: string, deps: ChatDeps = defaultDeps) {
    this.agentId = agentId;
    this.#deps = deps;
  }

  get loaded(): boolean {
    return this.#loaded;
  }
  get loadingLatest(): boolean {
    return this.#loadingLatest;
  }
  get loadingOlder(): boolean {
    return this.#loadingOlder;
  }
  get hasOlder(): boolean {
    return this.#hasOlder;
  }
  get error(): ApiError | null {
    return this.#error;
  }
  get olderError(): ApiError | null {
    return this.#olderError;
  }
  get status(): TurnStatus {
    return this.#status;
  }
  get busy(): boolean {
    return this.#status !== 'idle';
  }
  get usage(): LettaUsageStatistics | null {
    return this.#usage;
  }
  /** The key of the message whose edit is being saved. */
  get savingKey(): string | null {
    return this.#savingKey;
  }
  get actionError(): ApiError | null {
    return this.#actionError;
  }
  get resetting(): boolean {
    return this.#resetting;
  }
  get historyCount(): number {
    return this.#history.length;
  }

  /** Loads the latest page and follows stream events and changes; returns the cleanup. */
  start(): () => void {
    void this.loadLatest();
    const stops = [
      this.#deps.onEvent('chat:stream', ({ requestId, chunk }) => {
        if (requestId === this.#requestId) this.#onChunk(chunk);
      }),
      this.#deps.onEvent('chat:changed', ({ agentId }) => {
        if (agentId === this.agentId) void this.refreshLatest();
      }),
    ];
    return () => {
      this.#disposed = true;
      stops.forEach((stop) => stop());
      if (this.#requestId && this.#status !== 'idle') {
        if (this.#externalCancel) void this.#externalCancel().catch(() => undefined);
        else void this.#deps.api.chat.cancel({ requestId: this.#requestId }).catch(() => undefined);
      }
    };
  }

  async loadLatest(): Promise<void> {
    const generation = ++this.#generation;
    this.#loadingLatest = true;
    this.#error = null;
    try {
      const page = await this.#deps.api.chat.listMessages({ agentId: this.agentId, limit: PAGE_SIZE });
      if (generation !== this.#generation) return;
      this.#history = page.map(entryOf);
      this.#hasOlder = page.length > 0;
      this.#loaded = true;
    } catch (error) {
      if (generation === this.#generation) this.#error = asApiError(error);
    } finally {
      if (generation === this.#generation) this.#loadingLatest = false;
    }
  }

  /** Pulls the newest page and splices it over the tail, keeping the older pages already loaded. */
  async refreshLatest(): Promise<void> {
    if (!this.#loaded) return this.loadLatest();
    const generation = ++this.#generation;
    try {
      const page = await this.#deps.api.chat.listMessages({ agentId: this.agentId, limit: PAGE_SIZE });
      if (generation !== this.#generation) return;
      const entries = page.map(entryOf);
      const first = entries[0];
      const at = first ? this.#history.findIndex((e) => e.key === first.key) : -1;
      this.#history = at >= 0 ? this.#history.slice(0, at).concat(entries) : entries;
      if (at < 0) this.#hasOlder = entries.length > 0;
      // The finished turn is in the history now; only its outcome notices stay.
      if (this.#status === 'idle') {
        this.#work = this.#work.filter((e) => e.kind === 'notice');
        this.#live = this.#work.slice();
      }
    } catch (error) {
      if (generation === this.#generation) this.#error = asApiError(error);
    }
  }

  async loadOlder(): Promise<void> {
    if (this.#loadingOlder || !this.#hasOlder || !this.#loaded) return;
    const first = this.#history[0];
    if (!first || first.kind !== 'message') return;
    this.#loadingOlder = true;
    this.#olderError = null;
    try {
      const page = await this.#deps.api.chat.listMessages({ agentId: this.agentId, before: first.message.id, limit: PAGE_SIZE });
      const known = new Set(this.#history.map((e) => e.key));
      const older = page.map(entryOf).filter((e) => !known.has(e.key));
      this.#hasOlder = older.length > 0;
      if (older.length) this.#history = older.concat(this.#history);
    } catch (error) {
      this.#olderError = asApiError(error);
    } finally {
      this.#loadingOlder = false;
    }
  }

  /** Whether Stop can reach the running turn (a whole-reply send cannot be stopped once sent). */
  get cancellable(): boolean {
    return this.#requestId !== null && (this.#status === 'sending' || this.#status === 'streaming');
  }

  #startTurn(text: string): void {
    this.#actionError = null;
    this.#usage = null;
    this.#runs = this.#runs.filter((e) => e.kind === 'run' && !isFinished(e.run.status));
    this.#work = [{ kind: 'pending-user', key: `pending:${this.#deps.newId()}`, text, date: new Date().toISOString() }];
    this.#workChanged = false;
    this.#live = this.#work.slice();
  }

  /** Sends a message and streams the reply. Resolves once the server accepted it (or refused). */
  async send(text: string): Promise<boolean> {
    const trimmed = text.trim();
    if (!trimmed || this.#status !== 'idle') return false;
    this.#startTurn(trimmed);
    this.#status = 'sending';
    const { streamTokens, streamReplies } = await streamingChoice(() => this.#deps.api.settings.get());
    if (!streamReplies) return this.#sendWhole(trimmed);
    const requestId = this.#deps.newId();
    this.#requestId = requestId;
    try {
      await this.#deps.api.chat.startStream({ agentId: this.agentId, requestId, text: trimmed, streamTokens });
      // Chunks may have finished the turn already while the accept was on its way back.
      if (this.#requestId === requestId && this.#status === 'sending') this.#status = 'streaming';
      return true;
    } catch (error) {
      if (this.#requestId !== requestId) return false;
      this.#requestId = null;
      this.#status = 'idle';
      this.#pushNotice({ tone: 'error', ...describe(error), retryText: trimmed });
      return false;
    }
  }

  /**
   * Streaming switched off in Preferences: one request that answers with the whole turn (for
   * servers behind proxies that break server-sent events); the history is then read again.
   */
  async #sendWhole(text: string): Promise<boolean> {
    try {
      const response = await this.#deps.api.chat.send({ agentId: this.agentId, text });
      this.#usage = response.usage;
      this.#status = 'idle';
      await this.refreshLatest();
      return true;
    } catch (error) {
      this.#status = 'idle';
      this.#pushNotice({ tone: 'error', ...describe(error), retryText: text });
      return false;
    }
  }

  /** Stops the streamed turn (Esc / Stop). What the server already stored stays. */
  async cancel(): Promise<void> {
    const requestId = this.#requestId;
    if (!requestId || (this.#status !== 'streaming' && this.#status !== 'sending')) return;
    this.#status = 'cancelling';
    const external = this.#externalCancel;
    if (external) {
      // The external turn answers through its own finish(); a failed stop leaves it running.
      await external().catch((error: unknown) => {
        if (this.#requestId === requestId) {
          this.#status = 'streaming';
          this.#actionError = asApiError(error);
        }
      });
      return;
    }
    try {
      const { cancelled } = await this.#deps.api.chat.cancel({ requestId });
      // Nothing left to stop: the turn ended on its own meanwhile.
      if (!cancelled && this.#requestId === requestId) this.#finishTurn();
    } catch (error) {
      if (this.#requestId === requestId) {
        this.#status = 'streaming';
        this.#actionError = asApiError(error);
      }
    }
  }

  #onChunk(chunk: ChatStreamChunk): void {
    if (this.#status === 'sending') this.#status = 'streaming';
    switch (chunk.type) {
      case 'message':
        this.#mergeLive(chunk.message as LettaMessageUnion);
        return;
      case 'usage':
        this.#usage = chunk.usage;
        return;
      case 'done':
        this.#finishTurn();
        return;
      case 'cancelled':
        this.#finishTurn({ tone: 'stopped', message: 'Stopped. What the agent had done so far is kept.' });
        return;
      case 'error':
        this.#finishTurn({ tone: 'error', message: chunk.error.message, hint: chunk.error.hint });
        return;
    }
  }

  /** Folds a streamed piece into the turn's live items; painted on the next frame. */
  #mergeLive(message: LettaMessageUnion): void {
    const key = messageKey(message);
    const existing = this.#work.find((e) => e.key === key);
    if (existing?.kind === 'live') existing.box.pending = mergeDelta(existing.box.pending, message);
    else {
      this.#work.push({ kind: 'live', key, box: new LiveMessage(message) });
      this.#workChanged = true;
    }
    this.#scheduleFlush();
  }

  #finishTurn(notice?: Omit<Extract<ChatEntry, { kind: 'notice' }>, 'kind' | 'key'>): void {
    this.#requestId = null;
    this.#externalCancel = null;
    this.#status = 'idle';
    for (const e of this.#work) if (e.kind === 'live') e.box.finish();
    if (notice) this.#pushNotice(notice);
    else this.#flush();
  }

  #pushNotice(notice: Omit<Extract<ChatEntry, { kind: 'notice' }>, 'kind' | 'key'>): void {
    this.#work.push({ kind: 'notice', key: `notice:${this.#deps.newId()}`, ...notice });
    this.#workChanged = true;
    this.#flush();
  }

  #scheduleFlush(): void {
    if (this.#framePending) return;
    this.#framePending = true;
    this.#deps.frame(() => {
      this.#framePending = false;
      if (!this.#disposed) this.#flush();
    });
  }

  /** Paints what arrived since the last frame: each growing message, and the list only if it changed. */
  #flush(): void {
    for (const e of this.#work) if (e.kind === 'live') e.box.publish();
    if (this.#workChanged) {
      this.#workChanged = false;
      this.#live = this.#work.slice();
    }
  }

  /**
   * Starts showing a turn that another feature drives (voice). Refused (null) while a turn runs,
   * like a second Send. Its pieces go through the same per-frame painting as streamed chunks, and
   * once it is over the history refresh (`chat:changed`) replaces them with what the server stored.
   */
  beginExternalTurn(cancel: () => Promise<void>): ExternalTurn | null {
    if (this.#status !== 'idle') return null;
    const requestId = `external:${this.#deps.newId()}`;
    this.#actionError = null;
    this.#usage = null;
    this.#runs = this.#runs.filter((e) => e.kind === 'run' && !isFinished(e.run.status));
    this.#work = [];
    this.#workChanged = true;
    this.#requestId = requestId;
    this.#externalCancel = cancel;
    this.#status = 'sending';
    const date = () => new Date().toISOString();
    const replyId = `${requestId}:reply`;
    const current = () => this.#requestId === requestId;
    const put = (message: LettaMessageUnion) => {
      if (!current()) return;
      if (this.#status === 'sending') this.#status = 'streaming';
      this.#mergeLive(message);
    };
    return {
      userText: (text) => {
        if (!current() || !text.trim()) return;
        this.#work.unshift({ kind: 'pending-user', key: `pending:${requestId}`, text: text.trim(), date: date() });
        this.#workChanged = true;
        this.#scheduleFlush();
      },
      replyText: (text) => put({ id: replyId, message_type: 'assistant_message', date: date(), content: text } as LettaMessageUnion),
      side: (event) => {
        if (event.type === 'usage') {
          if (current()) {
            this.#usage = {
              message_type: 'usage_statistics',
              prompt_tokens: event.promptTokens,
              completion_tokens: event.completionTokens,
              total_tokens: event.totalTokens,
              step_count: event.stepCount ?? 1,
            } as LettaUsageStatistics;
          }
          return;
        }
        if (event.type === 'reasoning') {
          put({ id: event.id, message_type: event.hidden ? 'hidden_reasoning_message' : 'reasoning_message', date: date(), reasoning: event.text, state: event.hidden ? 'omitted' : undefined } as unknown as LettaMessageUnion);
        } else if (event.type === 'tool-call') {
          put({ id: event.id, message_type: 'tool_call_message', date: date(), tool_call: { name: event.name ?? '', arguments: event.argumentsDelta ?? '', tool_call_id: event.toolCallId ?? '' } } as LettaMessageUnion);
        } else {
          put({ id: event.id, message_type: 'tool_return_message', date: date(), tool_return: event.text, status: event.status, tool_call_id: event.toolCallId } as unknown as LettaMessageUnion);
        }
      },
      finish: (outcome) => {
        if (!current()) return;
        if (outcome.type === 'done') this.#finishTurn();
        else if (outcome.type === 'nothing') {
          // Nothing reached the agent: leave no trace of the turn.
          this.#work = this.#work.filter((e) => e.kind === 'notice');
          this.#workChanged = true;
          this.#finishTurn();
        } else if (outcome.type === 'cancelled') this.#finishTurn({ tone: 'stopped', message: outcome.message ?? 'Stopped. What the agent had done so far is kept.' });
        else this.#finishTurn({ tone: 'error', message: outcome.message, hint: outcome.hint });
      },
    };
  }

  dismissNotice(key: string): void {
    this.#work = this.#work.filter((e) => e.key !== key);
    this.#live = this.#live.filter((e) => e.key !== key);
  }

  /** Starts a turn in the background and follows its run until it ends. */
  async sendAsync(text: string): Promise<boolean> {
    const trimmed = text.trim();
    if (!trimmed || this.#status !== 'idle') return false;
    this.#actionError = null;
    this.#status = 'sending';
    let run: Run;
    try {
      run = await this.#deps.api.chat.sendAsync({ agentId: this.agentId, text: trimmed });
    } catch (error) {
      this.#status = 'idle';
      this.#work = this.#live.slice();
      this.#pushNotice({ tone: 'error', ...describe(error) });
      return false;
    }
    this.#status = 'idle';
    this.#live = [];
    this.#work = [];
    const key = `run:${run.id}`;
    this.#runs = [...this.#runs.filter((e) => e.kind !== 'run' || isFinished(e.run.status) === false), { kind: 'run', key, run, text: trimmed, error: null }];
    void this.#follow(key, run);
    return true;
  }

  async #follow(key: string, run: Run): Promise<void> {
    let current = run;
    while (!this.#disposed && !isFinished(current.status)) {
      await this.#deps.wait(RUN_POLL_MS);
      if (this.#disposed) return;
      try {
        current = await this.#deps.api.runs.get({ runId: current.id });
        this.#updateRun(key, current, null);
      } catch (error) {
        this.#updateRun(key, current, asApiError(error));
        return;
      }
    }
    if (!this.#disposed) await this.refreshLatest();
  }

  #updateRun(key: string, run: Run, error: ApiError | null): void {
    this.#runs = this.#runs.map((e) => (e.key === key && e.kind === 'run' ? { ...e, run, error } : e));
  }

  /** Edits the text of a user or assistant message (also reasoning and system). */
  async edit(entry: ChatEntry, text: string): Promise<boolean> {
    if (entry.kind !== 'message') return false;
    const type = entry.message.message_type;
    let update: Parameters<ChatDeps['api']['chat']['updateMessage']>[0]['update'] | null = null;
    if (type === 'reasoning_message') update = { message_type: 'reasoning_message', reasoning: text };
    else if (type === 'user_message') update = { message_type: 'user_message', content: text };
    else if (type === 'assistant_message') update = { message_type: 'assistant_message', content: text };
    else if (type === 'system_message') update = { message_type: 'system_message', content: text };
    if (!update) return false;
    this.#savingKey = entry.key;
    this.#actionError = null;
    try {
      const updated = await this.#deps.api.chat.updateMessage({ agentId: this.agentId, messageId: entry.message.id, update });
      const replacement = { ...entry.message, ...updated, message_type: type } as LettaMessageUnion;
      this.#history = this.#history.map((e) => (e.kind === 'message' && e.key === entry.key ? { ...e, message: replacement } : e));
      return true;
    } catch (error) {
      this.#actionError = asApiError(error);
      return false;
    } finally {
      this.#savingKey = null;
    }
  }

  /** Clears the agent's history on the server (the system message stays). */
  async reset(): Promise<boolean> {
    if (this.#status !== 'idle') return false;
    this.#resetting = true;
    this.#actionError = null;
    try {
      await this.#deps.api.chat.resetMessages({ agentId: this.agentId, addDefaultInitialMessages: false });
      this.#work = [];
      this.#live = [];
      this.#runs = [];
      await this.loadLatest();
      return true;
    } catch (error) {
      this.#actionError = asApiError(error);
      return false;
    } finally {
      this.#resetting = false;
    }
  }

  dismissActionError(): void {
    this.#actionError = null;
  }
}

export function isFinished(status: string): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled' || status === 'expired';
}

function describe(error: unknown): { message: string; hint?: string | undefined } {
  const e = asApiError(error);
  return { message: e.message, hint: e.hint };
}

/** Opens a link from a message in the OS browser (or a new tab in the web shell). */
export async function openExternalLink(url: string): Promise<void> {
  if (!/^https?:\/\//i.test(url)) return;
  let opened = false;
  if (url.startsWith('https:')) {
    try {
      opened = (await api.app.openExternal({ url })).opened;
    } catch {
      opened = false;
    }
  }
  if (!opened) window.open(url, '_blank', 'noopener,noreferrer');
}

/** Heartbeats, logins and system alerts arrive as JSON in a user message; show them as events. */
export function systemEvent(text: string): { type: string; message: string } | null {
  if (!text.startsWith('{')) return null;
  try {
    const parsed = JSON.parse(text) as { type?: unknown; message?: unknown; reason?: unknown };
    if (typeof parsed.type !== 'string' || !['heartbeat', 'system_alert', 'login'].includes(parsed.type)) return null;
    const message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.reason === 'string' ? parsed.reason : '';
    return { type: parsed.type, message };
  } catch {
    return null;
  }
}
