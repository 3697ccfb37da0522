/**
 * Runs a real Letta 0.7.29 server for tests: isolated (fresh HOME and working directory, so its
 * SQLite database, `.env` lookup and `openapi_letta.json` stay out of the checkout), offline (all
 * model traffic goes to the fake LLM), and never left behind.
 *
 * Leftover servers are prevented three ways: the server runs in its own process group, which
 * stop() and a process 'exit' hook kill whole; and a shell watchdog, the group's leader, ends the
 * server once the test runner's pid is gone, which also covers a runner killed with SIGKILL.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAKE_CONTEXT_WINDOW, FAKE_EMBEDDING_DIM, FAKE_EMBEDDING_MODEL, FAKE_MODEL } from '../fake-llm/server.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface LettaServerOptions {
  /** Base URL of the fake LLM (without /v1); the server's OpenAI settings point at it. */
  fakeLlmUrl: string;
  /** Secure mode: the server then demands `Authorization: Bearer <password>`. */
  password?: string;
  /** Extra environment for the server, applied last. */
  env?: Record<string, string>;
  /** How long to wait for /v1/health/ (default 180 s: a cold first start compiles Python bytecode). */
  startTimeoutMs?: number;
  /** Keep the temp directory (database, log) after stop(); also set by LETTA_TEST_KEEP=1. */
  keepFiles?: boolean;
}

export interface LettaServer {
  /** e.g. `http://127.0.0.1:40125`, no trailing slash. */
  url: string;
  port: number;
  password?: string;
  /** Server stdout+stderr. */
  logFile: string;
  /** The server's HOME; its database is `.letta/sqlite.db` inside. */
  homeDir: string;
  /** Milliseconds from spawn to a healthy /v1/health/. */
  startupMs: number;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

/** Explicit agent configs pointing at the fake LLM; pass them in every agent-create body. */
export function agentConfigs(fakeLlmUrl: string) {
  return {
    llm_config: {
      model: FAKE_MODEL,
      model_endpoint_type: 'openai' as const,
      model_endpoint: `${fakeLlmUrl}/v1`,
      context_window: FAKE_CONTEXT_WINDOW,
    },
    // hugging-face posts to `<endpoint>/embeddings` itself; the "openai" type would need
    // OPENAI_API_KEY and ignore the endpoint in favour of OPENAI_BASE_URL.
    embedding_config: {
      embedding_model: FAKE_EMBEDDING_MODEL,
      embedding_endpoint_type: 'hugging-face' as const,
      embedding_endpoint: `${fakeLlmUrl}/v1`,
      embedding_dim: FAKE_EMBEDDING_DIM,
      embedding_chunk_size: 300,
    },
  };
}

/** Runs scripts/setup-letta-venv.sh (a no-op after the first time) and returns its environment. */
export async function lettaVenvEnv(): Promise<Record<string, string>> {
  // stderr is inherited: a first install takes minutes and should not look like a hang.
  const child = spawn('bash', [join(projectRoot, 'scripts/setup-letta-venv.sh')], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolveCode, reject) => {
    child.once('error', reject);
    child.once('close', resolveCode);
  });
  if (code !== 0) throw new Error(`scripts/setup-letta-venv.sh failed (exit ${code})`);
  const env: Record<string, string> = {};
  for (const match of stdout.matchAll(/^export (\w+)='([^']*)'$/gm)) env[match[1]!] = match[2]!;
  if (!env.LETTA_BIN || !env.TIKTOKEN_CACHE_DIR) throw new Error(`setup-letta-venv.sh printed no environment:\n${stdout}`);
  return env;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

// Provider keys and Letta settings from a developer's shell would change what the server does.
const INHERITED_ENV_DROPPED = /^(LETTA_|OPENAI_|ANTHROPIC_|GEMINI_|GOOGLE_|AZURE_|GROQ_|OLLAMA_|TOGETHER_|XAI_|DEEPSEEK_|MISTRAL_|VLLM_|LMSTUDIO_|COMPOSIO_|E2B_|TAVILY_|FIRECRAWL_|SENTRY_|OTEL_|PG_|POSTGRES)/;

function serverEnv(venv: Record<string, string>, home: string, options: LettaServerOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!INHERITED_ENV_DROPPED.test(key)) env[key] = value;
  const noProxy = [env.NO_PROXY ?? env.no_proxy, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
  return {
    ...env,
    HOME: home,
    TIKTOKEN_CACHE_DIR: venv.TIKTOKEN_CACHE_DIR,
    // The voice route builds its own OpenAI client from these and ignores the agent's endpoint.
    OPENAI_API_KEY: 'fake-llm-key',
    OPENAI_BASE_URL: `${options.fakeLlmUrl}/v1`,
    // The fake is on loopback; a proxy from the environment must not intercept it.
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    PYTHONUNBUFFERED: '1',
    ...(options.password ? { LETTA_SERVER_PASSWORD: options.password } : {}),
    ...options.env,
  };
}

// Leader of the server's process group: starts the server, forwards TERM, and ends the group when
// the runner ($1) disappears. `sleep & wait` keeps the TERM trap responsive.
const WATCHDOG = `
runner=$1; shift
"$@" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null' TERM INT HUP
while kill -0 "$runner" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1 & wait $!; done
if kill -0 "$server" 2>/dev/null; then
  kill -TERM "$server"
  for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$server" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- -$$ 2>/dev/null
fi
wait "$server"
`;

const running = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of running) killGroup(pid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      for (const pid of running) killGroup(pid, 'SIGKILL');
      process.off(signal, onSignal);
      // Only re-raise when nobody else handles the signal, so the runner's own handling stays intact.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitForHealth(url: string, child: ChildProcess, deadline: number): Promise<void> {
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Letta server exited early (${child.exitCode ?? child.signalCode})`);
    try {
      const res = await fetch(`${url}/v1/health/`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        const body = (await res.json()) as { version?: string };
        if (body.version) return;
      }
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Letta server not healthy in time (last: ${lastError})`);
}

/**
 * Creates the server's SQLite file in WAL mode before the server first opens it (the mode is kept
 * in the file; the server then creates its tables in it). 0.7.29 leaves SQLite in its default
 * rollback-journal mode, where readers block the writer: a file import's write, racing the app's
 * reads, then fails with "database is locked", and the server's SQLite error handler exits the
 * process. With a write-ahead log, readers and the writer no longer block each other.
 */
function useWriteAheadLog(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new Error(`could not put ${path} in WAL mode`);
  } finally {
    db.close();
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

async function startOnce(venv: Record<string, string>, options: LettaServerOptions): Promise<LettaServer> {
  const root = mkdtempSync(join(tmpdir(), 'letta-desk-server-'));
  const home = join(root, 'home');
  const cwd = join(root, 'cwd');
  mkdirSync(home);
  mkdirSync(cwd);
  useWriteAheadLog(join(home, '.letta', 'sqlite.db'));
  const logFile = join(root, 'server.log');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ['server', '--host', '127.0.0.1', '--port', String(port), ...(options.password ? ['--secure'] : [])];

  const logFd = openSync(logFile, 'a');
  const started = Date.now();
  const child = spawn('bash', ['-c', WATCHDOG, 'letta-watchdog', String(process.pid), venv.LETTA_BIN!, ...args], {
    cwd,
    env: serverEnv(venv, home, options),
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const pid = child.pid!;
  running.add(pid);
  installExitHook();

  let stopped = false;
  const keep = options.keepFiles ?? process.env.LETTA_TEST_KEEP === '1';
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup(pid, 'SIGTERM');
    if (!(await waitForExit(child, 15_000))) {
      killGroup(pid, 'SIGKILL');
      await waitForExit(child, 5_000);
    }
    // Tool sandboxes and the like share the group; make sure none outlives the server.
    killGroup(pid, 'SIGKILL');
    running.delete(pid);
    if (!keep) rmSync(root, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, started + (options.startTimeoutMs ?? 180_000));
  } catch (error) {
    const log = tail(logFile, 60);
    await stop();
    const failure = new Error(`${(error as Error).message}\n--- Letta server log (last 60 lines) ---\n${log}`);
    (failure as Error & { log?: string }).log = log;
    throw failure;
  }

  return {
    url,
    port,
    ...(options.password ? { password: options.password } : {}),
    logFile,
    homeDir: home,
    startupMs: Date.now() - started,
    logTail: (lines = 80) => tail(logFile, lines),
    stop,
  };
}

export async function startLettaServer(options: LettaServerOptions): Promise<LettaServer> {
  const venv = await lettaVenvEnv();
  // freePort() releases its port before the server binds it; on the rare collision, try again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(venv, options);
    } catch (error) {
      const log = (error as Error & { log?: string }).log ?? '';
      if (attempt < 3 && /address already in use/i.test(log)) continue;
      throw error;
    }
  }
}
