/**
 * Kill syncing processes with SIGKILL at random moments and check what they leave behind:
 * the file passes `integrity_check` (and the search index its own check), and every message a
 * worker acknowledged (printed after its commit) is still there. Used by the unit test (≥ 100
 * kills) and the benchmark (≥ 1,000).
 *
 * Each lane is one cache file that successive workers keep syncing into, so a worker often
 * starts on a file its predecessor was killed writing: recovery from a hot WAL is part of what
 * is tested, not just the write that was interrupted.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildCrashWorker } from './build-worker.js';
import { CRASH_AGENTS, crashScenario } from './crash-scenario.js';

export interface CrashTrialOptions {
  /** Stop once this many workers were killed mid-run. */
  kills: number;
  /** Where the lanes' cache files go. */
  dir: string;
  seed?: number;
  /** Independent lanes run side by side (default 2, one per core here). */
  lanes?: number;
  /** A light check follows every worker; a full one every this many (default 10) and at the end. */
  checkEvery?: number;
  /** Self-test of the harness: workers acknowledge before committing, so rows must go missing. */
  acknowledgeBeforeCommit?: boolean;
  /** Called after each iteration, for progress output. */
  onIteration?: (state: CrashTrialResult) => void;
}

export interface CrashTrialResult {
  kills: number;
  /** Kills that landed after the worker had already committed something: mid-sync. */
  killsMidSync: number;
  /** Workers that finished before their kill time. */
  completed: number;
  checks: number;
  integrityErrors: number;
  lostRows: number;
  /** Acknowledged messages across all lanes. */
  acknowledged: number;
  /** Details of any failure, for the test's message. */
  problems: string[];
}

interface WorkerOutcome {
  killed: boolean;
  acks: string[];
  readyAt: number | null;
  doneAt: number | null;
  rebuilt: string | null;
}

/** When to kill: so long after the process started, after it opened the cache, or after its first commit. */
export interface KillPlan {
  after: 'spawn' | 'ready' | 'commit';
  delayMs: number;
}

function runWorker(
  entry: string,
  args: { dbPath: string; seed: number; iteration: number; early: boolean },
  plan: KillPlan | null,
): Promise<WorkerOutcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const argv = [entry, args.dbPath, String(args.seed), String(args.iteration), ...(args.early ? ['early'] : [])];
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const outcome: WorkerOutcome = { killed: false, acks: [], readyAt: null, doneAt: null, rebuilt: null };
    let buffer = '';
    let stderr = '';
    let timer: ReturnType<typeof setTimeout> | null = null;
    const arm = (stage: KillPlan['after']) => {
      if (plan === null || plan.after !== stage || timer !== null) return;
      timer = setTimeout(() => {
        outcome.killed = child.kill('SIGKILL');
      }, plan.delayMs);
    };
    arm('spawn');
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 60_000);

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('A ')) {
          outcome.acks.push(line.slice(2));
          arm('commit');
        } else if (line === 'R') {
          outcome.readyAt = performance.now() - started;
          arm('ready');
        } else if (line === 'D') outcome.doneAt = performance.now() - started;
        else if (line.startsWith('N ')) outcome.rebuilt = line.slice(2);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      clearTimeout(watchdog);
      // A partial last line was cut by the kill before it was acknowledged: ignore it.
      if (signal === 'SIGKILL') {
        outcome.killed = true;
        resolve(outcome);
      } else if (code === 0) resolve(outcome);
      else reject(new Error(`crash worker exited with ${code ?? signal}: ${stderr.slice(-2000)}`));
    });
  });
}

interface Verdict {
  integrityErrors: number;
  lost: string[];
  problems: string[];
}

/**
 * Opened raw, not through openCache, so a damaged file is reported rather than moved aside.
 *
 * The light check runs after every worker, read-only: a read-only connection never checkpoints
 * or removes the WAL, so the next worker still starts on the file exactly as the kill left it,
 * and an acknowledged row is looked for before a later run could quietly fetch it again. The
 * full check (integrity_check, foreign keys, the FTS5 index against its content) needs a
 * writable connection and runs every `checkEvery` workers and at the end.
 */
export function verifyCacheFile(dbPath: string, acknowledged: ReadonlySet<string>, mode: 'light' | 'full' = 'full'): Verdict {
  const verdict: Verdict = { integrityErrors: 0, lost: [], problems: [] };
  if (!existsSync(dbPath)) {
    if (acknowledged.size > 0) verdict.problems.push('the cache file is gone');
    for (const key of acknowledged) verdict.lost.push(key);
    return verdict;
  }
  const db = new Database(dbPath, { readonly: mode === 'light' });
  try {
    const integrity = db.prepare(mode === 'light' ? 'PRAGMA quick_check' : 'PRAGMA integrity_check').pluck().all() as string[];
    if (integrity.join() !== 'ok') {
      verdict.integrityErrors += integrity.length;
      verdict.problems.push(`${mode === 'light' ? 'quick_check' : 'integrity_check'}: ${integrity.slice(0, 3).join('; ')}`);
    }
    const hasSchema = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'message_fts'").get() !== undefined;
    if (mode === 'full') {
      const fk = db.prepare('PRAGMA foreign_key_check').all();
      if (fk.length > 0) {
        verdict.integrityErrors += fk.length;
        verdict.problems.push(`foreign_key_check: ${fk.length} rows`);
      }
      if (hasSchema) {
        try {
          db.prepare("INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)").run();
        } catch (err) {
          verdict.integrityErrors++;
          verdict.problems.push(`search index: ${(err as Error).message}`);
        }
      }
    } else if (hasSchema) {
      // Every message has exactly one entry in the index's per-row table, and nothing else does.
      const [rows, indexed] = [
        db.prepare('SELECT count(*) FROM messages').pluck().get() as number,
        db.prepare('SELECT count(*) FROM message_fts_docsize').pluck().get() as number,
      ];
      if (rows !== indexed) {
        verdict.integrityErrors++;
        verdict.problems.push(`search index holds ${indexed} rows for ${rows} messages`);
      }
    }
    const present = hasSchema
      ? new Set(
          db
            .prepare(
              `SELECT a.id || ' ' || m.id || ' ' || m.kind FROM messages m JOIN agents a ON a.pk = m.agent_pk
               JOIN profiles p ON p.pk = a.profile_pk WHERE p.id = 'crash'`,
            )
            .pluck()
            .all() as string[],
        )
      : new Set<string>();
    for (const key of acknowledged) if (!present.has(key)) verdict.lost.push(key);
    if (verdict.lost.length > 0) verdict.problems.push(`lost ${verdict.lost.length} acknowledged rows, e.g. ${verdict.lost[0]}`);
  } finally {
    db.close();
  }
  return verdict;
}

/** After the last kill: one undisturbed run must leave exactly the server's history. */
function verifyConverged(dbPath: string, seed: number, iteration: number): string[] {
  const { source } = crashScenario(seed, iteration);
  const db = new Database(dbPath, { readonly: true });
  const problems: string[] = [];
  try {
    for (const agentId of CRASH_AGENTS) {
      const expected = (source.messagesOf(agentId) as { id: string; message_type: string }[]).map((m) => `${m.id} ${m.message_type}`);
      const actual = db
        .prepare(
          `SELECT m.id || ' ' || m.kind FROM messages m JOIN agents a ON a.pk = m.agent_pk
           JOIN profiles p ON p.pk = a.profile_pk WHERE p.id = 'crash' AND a.id = ? ORDER BY m.pos`,
        )
        .pluck()
        .all(agentId) as string[];
      if (actual.join('\n') !== expected.join('\n')) {
        problems.push(`${agentId}: cache holds ${actual.length} messages, server ${expected.length}, or in another order`);
      }
    }
  } finally {
    db.close();
  }
  return problems;
}

export async function runCrashTrials(options: CrashTrialOptions): Promise<CrashTrialResult> {
  const seed = options.seed ?? 1;
  const laneCount = options.lanes ?? 2;
  const checkEvery = options.checkEvery ?? 10;
  const early = options.acknowledgeBeforeCommit ?? false;
  mkdirSync(options.dir, { recursive: true });
  const worker = buildCrashWorker();
  const result: CrashTrialResult = { kills: 0, killsMidSync: 0, completed: 0, checks: 0, integrityErrors: 0, lostRows: 0, acknowledged: 0, problems: [] };
  // Uniform random kill times need to span a whole sync; learn how long one takes.
  let typicalSyncMs = 250;
  let state = seed * 7919 + 1;
  const random = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };

  const check = (dbPath: string, acked: ReadonlySet<string>, mode: 'light' | 'full') => {
    const verdict = verifyCacheFile(dbPath, acked, mode);
    result.checks++;
    result.integrityErrors += verdict.integrityErrors;
    result.lostRows += verdict.lost.length;
    result.problems.push(...verdict.problems.map((p) => `${dbPath}: ${p}`));
  };

  const lane = async (index: number) => {
    const dbPath = join(options.dir, `lane-${index}.db`);
    const acked = new Set<string>();
    let iteration = 0;
    while (result.kills < options.kills) {
      // Some kills land during start-up, opening and migrating, some before the first commit,
      // most between commits; each at a uniformly random moment of its window.
      const roll = random();
      const plan: KillPlan =
        roll < 0.15
          ? { after: 'spawn', delayMs: Math.floor(random() * 150) }
          : roll < 0.4
            ? { after: 'ready', delayMs: Math.floor(random() * typicalSyncMs) }
            : { after: 'commit', delayMs: Math.floor(random() * typicalSyncMs) };
      const outcome = await runWorker(worker.entry, { dbPath, seed, iteration, early }, plan);
      for (const ack of outcome.acks) acked.add(ack);
      if (outcome.rebuilt !== null) {
        result.integrityErrors++;
        result.problems.push(`${dbPath}: the worker found the cache damaged and rebuilt it (${outcome.rebuilt})`);
      }
      if (outcome.killed) {
        result.kills++;
        if (outcome.acks.length > 0) result.killsMidSync++;
      } else {
        result.completed++;
        if (outcome.readyAt !== null && outcome.doneAt !== null) {
          typicalSyncMs = Math.max(20, 0.7 * typicalSyncMs + 0.3 * (outcome.doneAt - outcome.readyAt));
        }
      }
      iteration++;
      check(dbPath, acked, iteration % checkEvery === 0 ? 'full' : 'light');
      options.onIteration?.(result);
    }
    check(dbPath, acked, 'full');
    const final = await runWorker(worker.entry, { dbPath, seed, iteration, early }, null);
    for (const ack of final.acks) acked.add(ack);
    check(dbPath, acked, 'full');
    const converged = verifyConverged(dbPath, seed, iteration);
    result.integrityErrors += converged.length;
    result.problems.push(...converged);
    result.acknowledged += acked.size;
  };

  try {
    await Promise.all(Array.from({ length: laneCount }, (_, i) => lane(i)));
  } finally {
    worker.dispose();
  }
  return result;
}
