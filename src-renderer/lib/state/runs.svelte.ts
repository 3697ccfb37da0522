/**
 * What an agent did: its runs (async turns) and its steps (one LLM call each, from every turn).
 *
 * Server 0.7.29 drops `metadata.agent_id` when a run finishes, so the runs filter by agent loses
 * finished runs. We list all runs and keep those that still name this agent or that one of the
 * agent's steps points at (`step.job_id`). Active runs are polled until they settle, since a
 * background turn ends without the renderer sending anything.
 */
import type { LettaMessageUnion, ProviderTrace, Run, Step, UsageStatistics } from '../../../src-shared/letta-types';
import { api, asApiError, onEvent, type ApiError } from '../api';

export const RECENT_STEPS = 50;
const POLL_MS = 1500;

export function isActive(run: Pick<Run, 'status'>): boolean {
  return run.status === 'created' || run.status === 'running' || run.status === 'not_started' || run.status === 'pending';
}

/** Milliseconds from created to completed (or to now while it runs); null when unknown. */
export function runDuration(run: Pick<Run, 'created_at' | 'completed_at' | 'status'>, now = Date.now()): number | null {
  if (!run.created_at) return null;
  const start = Date.parse(run.created_at);
  const end = run.completed_at ? Date.parse(run.completed_at) : isActive(run as Run) ? now : NaN;
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : null;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export class RunsState {
  readonly agentId: string;
  #runs = $state.raw<Run[]>([]);
  #agentName = $state<string | null>(null);
  #steps = $state.raw<Step[]>([]);
  #loading = $state(false);
  #loadedOnce = $state(false);
  #error = $state.raw<ApiError | null>(null);

  #selectedRunId = $state<string | null>(null);
  #runSteps = $state.raw<Step[]>([]);
  #runMessages = $state.raw<LettaMessageUnion[]>([]);
  #runUsage = $state.raw<UsageStatistics | null>(null);
  #runLoading = $state(false);
  #runError = $state.raw<ApiError | null>(null);

  #selectedStepId = $state<string | null>(null);
  #stepMessages = $state.raw<unknown[]>([]);
  #trace = $state.raw<ProviderTrace | null>(null);
  #traceLoading = $state(false);
  #traceError = $state.raw<ApiError | null>(null);

  #activeOnly = $state(false);
  #deleting = $state(false);
  #deleteError = $state.raw<ApiError | null>(null);

  #poll: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  #generation = 0;

  constructor(agentId: string) {
    this.agentId = agentId;
  }

  /** Only runs still queued or running (the server's own list of active runs). */
  get activeOnly(): boolean {
    return this.#activeOnly;
  }
  get deleting(): boolean {
    return this.#deleting;
  }
  get deleteError(): ApiError | null {
    return this.#deleteError;
  }

  async setActiveOnly(value: boolean): Promise<void> {
    this.#activeOnly = value;
    await this.load();
  }

  /** Deletes a run (its record; what the turn stored in the conversation stays). */
  async deleteRun(runId: string): Promise<boolean> {
    this.#deleting = true;
    this.#deleteError = null;
    try {
      await api.runs.delete({ runId });
      this.#runs = this.#runs.filter((r) => r.id !== runId);
      if (this.#selectedRunId === runId) await this.selectRun(null);
      return true;
    } catch (error) {
      this.#deleteError = asApiError(error);
      return false;
    } finally {
      this.#deleting = false;
    }
  }

  dismissDeleteError(): void {
    this.#deleteError = null;
  }

  get runs(): Run[] {
    return this.#runs;
  }
  get agentName(): string | null {
    return this.#agentName;
  }
  get steps(): Step[] {
    return this.#steps;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loadedOnce(): boolean {
    return this.#loadedOnce;
  }
  get error(): ApiError | null {
    return this.#error;
  }
  get selectedRun(): Run | null {
    return this.#runs.find((r) => r.id === this.#selectedRunId) ?? null;
  }
  get runSteps(): Step[] {
    return this.#runSteps;
  }
  get runMessages(): LettaMessageUnion[] {
    return this.#runMessages;
  }
  get runUsage(): UsageStatistics | null {
    return this.#runUsage;
  }
  get runLoading(): boolean {
    return this.#runLoading;
  }
  get runError(): ApiError | null {
    return this.#runError;
  }
  get selectedStep(): Step | null {
    const id = this.#selectedStepId;
    return this.#runSteps.find((s) => s.id === id) ?? this.#steps.find((s) => s.id === id) ?? null;
  }
  /** The messages the selected step produced (LettaMessages or the server's internal form). */
  get stepMessages(): unknown[] {
    return this.#stepMessages;
  }
  get trace(): ProviderTrace | null {
    return this.#trace;
  }
  get traceLoading(): boolean {
    return this.#traceLoading;
  }
  get traceError(): ApiError | null {
    return this.#traceError;
  }

  start(): () => void {
    this.#stopped = false;
    void this.load();
    void api.agents
      .get({ agentId: this.agentId })
      .then((agent) => (this.#agentName = agent.name))
      .catch(() => undefined);
    const stops = [
      onEvent('runs:changed', () => void this.load()),
      onEvent('chat:changed', (p) => p.agentId === this.agentId && void this.load()),
    ];
    return () => {
      this.#stopped = true;
      if (this.#poll) clearTimeout(this.#poll);
      stops.forEach((stop) => stop());
    };
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.#loading = true;
    try {
      const [allRuns, steps] = await Promise.all([
        api.runs.list(this.#activeOnly ? { activeOnly: true } : {}),
        api.steps.list({ agent_id: this.agentId, limit: RECENT_STEPS, order: 'desc' }),
      ]);
      if (generation !== this.#generation) return;
      const stepRuns = new Set(steps.map((s) => s.job_id).filter(Boolean));
      const runs = allRuns
        .filter((r) => r.metadata?.agent_id === this.agentId || stepRuns.has(r.id))
        .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
      this.#runs = runs;
      this.#steps = steps;
      this.#error = null;
      const selected = this.selectedRun;
      if (selected) void this.#loadRunDetail(selected.id);
      this.#schedulePoll(runs.some(isActive));
    } catch (error) {
      if (generation === this.#generation) this.#error = asApiError(error);
    } finally {
      if (generation === this.#generation) {
        this.#loading = false;
        this.#loadedOnce = true;
      }
    }
  }

  async selectRun(runId: string | null): Promise<void> {
    this.#selectedRunId = runId;
    this.#runSteps = [];
    this.#runMessages = [];
    this.#runUsage = null;
    this.selectStep(null);
    if (runId) await this.#loadRunDetail(runId);
  }

  /** Show a step's messages and fetch its provider trace. */
  async selectStep(stepId: string | null): Promise<void> {
    this.#selectedStepId = stepId;
    this.#trace = null;
    this.#traceError = null;
    this.#stepMessages = [];
    if (!stepId) return;
    void this.#refreshStep(stepId);
    void this.#loadStepMessages(stepId);
    this.#traceLoading = true;
    try {
      const trace = await api.steps.getTrace({ stepId });
      if (this.#selectedStepId === stepId) this.#trace = trace;
    } catch (error) {
      if (this.#selectedStepId === stepId) this.#traceError = asApiError(error);
    } finally {
      if (this.#selectedStepId === stepId) this.#traceLoading = false;
    }
  }

  /** The step as the server has it now (a list may hold an older copy, or lack its messages). */
  async #refreshStep(stepId: string): Promise<void> {
    try {
      const fresh = await api.steps.get({ stepId });
      if (this.#selectedStepId !== stepId) return;
      const replace = (list: Step[]) => list.map((s) => (s.id === stepId ? fresh : s));
      this.#steps = replace(this.#steps);
      this.#runSteps = replace(this.#runSteps);
      if (fresh.messages && fresh.messages.length > 0) this.#stepMessages = fresh.messages;
    } catch {
      // The listed copy stays; the trace below reports the server's trouble if there is any.
    }
  }

  /**
   * A step's own `messages` when the server filled them in; otherwise the run's (or, for a plain
   * turn, the agent's recent) messages that name this step.
   */
  async #loadStepMessages(stepId: string): Promise<void> {
    const step = this.selectedStep;
    if (step?.messages && step.messages.length > 0) {
      this.#stepMessages = step.messages;
      return;
    }
    let pool: LettaMessageUnion[] = this.#runMessages;
    if (!pool.some((m) => (m as { step_id?: string | null }).step_id === stepId)) {
      try {
        pool = await api.chat.listMessages({ agentId: this.agentId, limit: 100 });
      } catch {
        pool = [];
      }
    }
    if (this.#selectedStepId !== stepId) return;
    this.#stepMessages = pool.filter((m) => (m as { step_id?: string | null }).step_id === stepId);
  }

  async #loadRunDetail(runId: string): Promise<void> {
    this.#runLoading = true;
    this.#runError = null;
    try {
      const [steps, messages, usage] = await Promise.all([
        api.runs.listSteps({ runId, order: 'asc', limit: 100 }),
        api.runs.listMessages({ runId, order: 'asc', limit: 100 }),
        api.runs.getUsage({ runId }).catch(() => null),
      ]);
      if (this.#selectedRunId !== runId) return;
      this.#runSteps = steps;
      this.#runMessages = messages;
      this.#runUsage = usage;
    } catch (error) {
      if (this.#selectedRunId === runId) this.#runError = asApiError(error);
    } finally {
      if (this.#selectedRunId === runId) this.#runLoading = false;
    }
  }

  #schedulePoll(active: boolean): void {
    if (this.#poll) clearTimeout(this.#poll);
    this.#poll = null;
    if (active && !this.#stopped) this.#poll = setTimeout(() => void this.load(), POLL_MS);
  }
}
