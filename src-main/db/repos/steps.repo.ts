/**
 * Steps (one model call each) with their token usage pulled out so a run's cost is a sum, and
 * provider traces (the raw request and response) for the steps the user opened.
 */
import type Database from 'better-sqlite3';
import type { Scope } from './scope.js';

type Db = Database.Database;

export interface CachedStep {
  id: string;
  runId: string | null;
  agentId: string | null;
  model: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** The server's Step as received. */
  step: unknown;
}

export interface RunUsage {
  steps: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface CachedTrace {
  stepId: string;
  /** The server's ProviderTrace as received (`request_json`, `response_json`). */
  trace: unknown;
  fetchedAt: number;
}

interface StepRow {
  id: string;
  run_id: string | null;
  agent_id: string | null;
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  json: string;
}

function int(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export class StepsRepo {
  private readonly scope: Scope;
  private readonly existingStmt;
  private readonly upsertStmt;
  private readonly byRunStmt;
  private readonly getStmt;
  private readonly usageStmt;
  private readonly saveTraceStmt;
  private readonly getTraceStmt;

  constructor(db: Db, scope: Scope) {
    this.scope = scope;
    this.existingStmt = db.prepare<[string, number, string], { same: number }>(
      'SELECT json IS ? AS same FROM steps WHERE profile_pk = ? AND id = ?',
    );
    this.upsertStmt = db.prepare<
      [number, string, string | null, string | null, string | null, number | null, number | null, number | null, string]
    >(
      `INSERT INTO steps (profile_pk, id, run_id, agent_id, model, prompt_tokens, completion_tokens, total_tokens, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (profile_pk, id) DO UPDATE SET
         run_id = coalesce(excluded.run_id, steps.run_id), agent_id = excluded.agent_id, model = excluded.model,
         prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,
         total_tokens = excluded.total_tokens, json = excluded.json`,
    );
    const cols = 'SELECT id, run_id, agent_id, model, prompt_tokens, completion_tokens, total_tokens, json FROM steps';
    this.byRunStmt = db.prepare<[number, string], StepRow>(`${cols} WHERE profile_pk = ? AND run_id = ? ORDER BY pk`);
    this.getStmt = db.prepare<[number, string], StepRow>(`${cols} WHERE profile_pk = ? AND id = ?`);
    this.usageStmt = db.prepare<[number, string], { steps: number; p: number | null; c: number | null; t: number | null }>(
      `SELECT count(*) AS steps, sum(prompt_tokens) AS p, sum(completion_tokens) AS c, sum(total_tokens) AS t
       FROM steps WHERE profile_pk = ? AND run_id = ?`,
    );
    this.saveTraceStmt = db.prepare<[number, string, string, number]>(
      `INSERT INTO provider_traces (profile_pk, step_id, json, fetched_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (profile_pk, step_id) DO UPDATE SET json = excluded.json, fetched_at = excluded.fetched_at`,
    );
    this.getTraceStmt = db.prepare<[number, string], { json: string; fetched_at: number }>(
      'SELECT json, fetched_at FROM provider_traces WHERE profile_pk = ? AND step_id = ?',
    );
  }

  /** `runId` names the run the steps were listed under, for servers that omit it on the step. */
  upsertMany(profileId: string, steps: readonly unknown[], runId?: string): { changed: string[]; skipped: number } {
    const profilePk = this.scope.requireProfilePk(profileId);
    const result = { changed: [] as string[], skipped: 0 };
    for (const entry of steps) {
      const step = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : null;
      const id = step ? text(step.id) : null;
      if (!step || !id) {
        result.skipped++;
        continue;
      }
      const json = JSON.stringify(step);
      if (this.existingStmt.get(json, profilePk, id)?.same === 1) continue;
      this.upsertStmt.run(
        profilePk,
        id,
        text(step.run_id) ?? text(step.job_id) ?? runId ?? null,
        text(step.agent_id),
        text(step.model),
        int(step.prompt_tokens),
        int(step.completion_tokens),
        int(step.total_tokens),
        json,
      );
      result.changed.push(id);
    }
    return result;
  }

  listForRun(profileId: string, runId: string): CachedStep[] {
    const profilePk = this.scope.profilePk(profileId);
    return profilePk === null ? [] : this.byRunStmt.all(profilePk, runId).map(toStep);
  }

  get(profileId: string, stepId: string): CachedStep | null {
    const profilePk = this.scope.profilePk(profileId);
    const row = profilePk === null ? undefined : this.getStmt.get(profilePk, stepId);
    return row ? toStep(row) : null;
  }

  usageForRun(profileId: string, runId: string): RunUsage {
    const profilePk = this.scope.profilePk(profileId);
    const row = profilePk === null ? undefined : this.usageStmt.get(profilePk, runId);
    return {
      steps: row?.steps ?? 0,
      promptTokens: row?.p ?? 0,
      completionTokens: row?.c ?? 0,
      totalTokens: row?.t ?? 0,
    };
  }

  saveTrace(profileId: string, stepId: string, trace: unknown, now = Date.now()): void {
    const profilePk = this.scope.requireProfilePk(profileId);
    this.saveTraceStmt.run(profilePk, stepId, JSON.stringify(trace ?? null), now);
  }

  getTrace(profileId: string, stepId: string): CachedTrace | null {
    const profilePk = this.scope.profilePk(profileId);
    const row = profilePk === null ? undefined : this.getTraceStmt.get(profilePk, stepId);
    return row ? { stepId, trace: JSON.parse(row.json) as unknown, fetchedAt: row.fetched_at } : null;
  }
}

function toStep(row: StepRow): CachedStep {
  return {
    id: row.id,
    runId: row.run_id,
    agentId: row.agent_id,
    model: row.model,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    totalTokens: row.total_tokens,
    step: JSON.parse(row.json) as unknown,
  };
}
