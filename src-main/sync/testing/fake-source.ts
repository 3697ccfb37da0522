/**
 * An in-memory Letta server for tests, the crash worker and the benchmark: the sync port with
 * the list semantics of server 0.7.29 (most recent `limit` between the cursors, oldest first;
 * `limit` counts stored messages, each of which may come back as several parts sharing its id),
 * plus switches for the failures the engine must survive. Test support only; the app never
 * imports it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  AgentListQuery,
  BlockListQuery,
  CallOptions,
  LettaSyncSource,
  MessageListQuery,
  RunListQuery,
  RunStepListQuery,
} from '../ports.js';

type Method = keyof LettaSyncSource;
type Json = Record<string, unknown>;

export interface FakeCall {
  method: Method;
  args: unknown[];
}

/** Shaped like the typed client's HTTP errors: a status and a code. */
export class FakeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'FakeHttpError';
  }
}

export function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8283'), { code: 'ECONNREFUSED' });
}

interface History {
  messages: unknown[];
  /** Index of each stored message (run of parts with one id) into `messages`. */
  groups: { id: string; start: number; end: number }[];
  groupIndex: Map<string, number>;
}

function groupIdOf(m: unknown): string {
  const id = (m as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : '';
}

function buildHistory(messages: unknown[]): History {
  const groups: History['groups'] = [];
  const groupIndex = new Map<string, number>();
  messages.forEach((m, i) => {
    const id = groupIdOf(m);
    const last = groups[groups.length - 1];
    if (last && last.id === id && id !== '') last.end = i + 1;
    else {
      groups.push({ id, start: i, end: i + 1 });
      if (id !== '') groupIndex.set(id, groups.length - 1);
    }
  });
  return { messages, groups, groupIndex };
}

export class FakeLettaSource implements LettaSyncSource {
  readonly agents: Json[] = [];
  readonly globalBlocks: Json[] = [];
  readonly runs: Json[] = [];
  readonly steps = new Map<string, Json[]>();
  readonly traces = new Map<string, Json>();
  readonly calls: FakeCall[] = [];
  /** Every call fails as a refused connection while set. */
  unreachable = false;
  /** Delay before every answer, to let tests cancel or kill mid-sync. */
  latencyMs = 0;
  /** Record calls in `calls` (off for the benchmark). */
  recordCalls = true;

  private readonly histories = new Map<string, History>();
  private readonly failures: { method: Method; error: unknown; remaining: number }[] = [];

  /** Replace an agent's whole history (oldest first). */
  setMessages(agentId: string, messages: readonly unknown[]): void {
    this.histories.set(agentId, buildHistory([...messages]));
  }

  appendMessages(agentId: string, messages: readonly unknown[]): void {
    const current = this.histories.get(agentId)?.messages ?? [];
    this.setMessages(agentId, [...current, ...messages]);
  }

  messagesOf(agentId: string): readonly unknown[] {
    return this.histories.get(agentId)?.messages ?? [];
  }

  /** The next `times` calls of `method` fail with `error`. */
  failNext(method: Method, error: unknown, times = 1): void {
    this.failures.push({ method, error, remaining: times });
  }

  private async enter(method: Method, args: unknown[], options?: CallOptions): Promise<void> {
    if (this.recordCalls) this.calls.push({ method, args });
    options?.signal?.throwIfAborted();
    if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, options?.signal ? { signal: options.signal } : {});
    if (this.unreachable) throw connectionRefused();
    const failure = this.failures.find((f) => f.method === method && f.remaining > 0);
    if (failure) {
      failure.remaining--;
      throw failure.error;
    }
  }

  async listAgents(query: AgentListQuery, options?: CallOptions): Promise<readonly unknown[]> {
    await this.enter('listAgents', [query], options);
    let start = 0;
    if (query.after !== undefined) {
      const i = this.agents.findIndex((a) => a.id === query.after);
      if (i < 0) throw new FakeHttpError(404, `agent ${query.after} not found`);
      start = i + 1;
    }
    return this.agents.slice(start, start + query.limit);
  }

  async retrieveAgent(agentId: string, options?: CallOptions): Promise<unknown> {
    await this.enter('retrieveAgent', [agentId], options);
    const agent = this.agents.find((a) => a.id === agentId);
    if (!agent) throw new FakeHttpError(404, `agent ${agentId} not found`);
    return agent;
  }

  async listMessages(agentId: string, query: MessageListQuery, options?: CallOptions): Promise<readonly unknown[]> {
    await this.enter('listMessages', [agentId, query], options);
    const history = this.histories.get(agentId) ?? buildHistory([]);
    const indexOf = (id: string): number => {
      const i = history.groupIndex.get(id);
      if (i === undefined) throw new FakeHttpError(404, `message ${id} not found`);
      return i;
    };
    const from = query.after === undefined ? 0 : indexOf(query.after) + 1;
    const to = query.before === undefined ? history.groups.length : indexOf(query.before);
    const first = Math.max(from, to - query.limit);
    if (first >= to) return [];
    const start = history.groups[first]?.start ?? 0;
    const end = history.groups[to - 1]?.end ?? start;
    return history.messages.slice(start, end);
  }

  async listBlocks(query: BlockListQuery, options?: CallOptions): Promise<readonly unknown[]> {
    await this.enter('listBlocks', [query], options);
    return this.globalBlocks.slice(0, query.limit);
  }

  async listRuns(query: RunListQuery, options?: CallOptions): Promise<readonly unknown[]> {
    await this.enter('listRuns', [query], options);
    const ids = query.agent_ids;
    if (!ids || ids.length === 0) return [...this.runs];
    return this.runs.filter((r) => ids.includes(String((r.metadata as Json | undefined)?.agent_id)));
  }

  async listRunSteps(runId: string, query: RunStepListQuery, options?: CallOptions): Promise<readonly unknown[]> {
    await this.enter('listRunSteps', [runId, query], options);
    const steps = this.steps.get(runId) ?? [];
    const ordered = query.order === 'asc' ? steps : [...steps].reverse();
    let start = 0;
    if (query.after !== undefined) {
      const i = ordered.findIndex((s) => s.id === query.after);
      if (i < 0) throw new FakeHttpError(404, `step ${query.after} not found`);
      start = i + 1;
    }
    return ordered.slice(start, start + query.limit);
  }

  async retrieveProviderTrace(stepId: string, options?: CallOptions): Promise<unknown> {
    await this.enter('retrieveProviderTrace', [stepId], options);
    const trace = this.traces.get(stepId);
    if (!trace) throw new FakeHttpError(404, `no trace for step ${stepId}`);
    return trace;
  }
}
