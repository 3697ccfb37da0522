/**
 * Starts everything the end-to-end tests need, once: a fresh renderer build, the fake LLM, a real
 * Letta 0.7.29 server in secure mode (so a token is really needed), one agent created through our
 * client (the UI under test creates nothing), and the web shell with a throw-away data directory
 * and the real (throw-away) keyring from scripts/with-test-env.sh; for the voice spec, the fake
 * microphone's sentence (spoken by espeak-ng now) and the offline speech model's folder
 * (installed by scripts/voice-model.ts, if it was). Ready signals only: the setup
 * waits for the server's health answer and the shell's URL line, never for a fixed time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { LettaClient } from '../../src-main/letta/index.js';
import { startFakeLlm } from '../fake-llm/server.js';
import { agentConfigs, startLettaServer } from '../harness/letta-server.js';
import { E2E_ENV, type E2eEnv } from './env.js';
import { VOICE_MODELS_DIR, writeSpokenWav } from './support/voice.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('electron-vite build failed');
  // Before any browser starts: the voice project's Chromium opens this file as its microphone.
  writeSpokenWav();

  const fake = await startFakeLlm();
  const password = `e2e-pw-${randomUUID()}`;
  const letta = await startLettaServer({ fakeLlmUrl: fake.url, password }).catch(async (error: unknown) => {
    await fake.close();
    throw error;
  });

  const agentName = 'Research Assistant';
  const client = new LettaClient({ baseUrl: letta.url, token: password });
  await client.agents.create({
    name: agentName,
    description: 'Reads papers and keeps notes on what matters.',
    tags: ['research'],
    memory_blocks: [
      { label: 'persona', value: 'I am a careful research assistant.' },
      { label: 'human', value: 'The user is evaluating Letta Desk.' },
    ],
    initial_message_sequence: [],
    ...agentConfigs(fake.url),
  });

  const dataDir = mkdtempSync(join(tmpdir(), 'letta-desk-e2e-data-'));
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const shellLogFile = join(root, 'test-results', 'web-shell.log');
  const log = createWriteStream(shellLogFile);
  const shell = spawn(process.execPath, ['--import', 'tsx', 'src-main/shell-web/cli.ts', '--data-dir', dataDir, '--no-build'], {
    cwd: root,
    env: { ...process.env, LETTA_DESK_LOG: 'debug', LETTA_DESK_VOICE_MODELS_DIR: VOICE_MODELS_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  shell.stderr.pipe(log);
  // Every stdout line goes to the log too, so the spec can check the shell printed exactly one.
  const lines = createInterface({ input: shell.stdout });
  const shellUrl = await new Promise<string>((resolveUrl, reject) => {
    shell.once('exit', (code) => reject(new Error(`web shell exited (${code}); see ${shellLogFile}`)));
    lines.on('line', (line) => {
      log.write(`[stdout] ${line}\n`);
      const match = /^Letta Desk web shell: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line);
      if (match) resolveUrl(match[1]!);
    });
  });

  const env: E2eEnv = { shellUrl, lettaUrl: letta.url, password, agentName, dataDir, shellLogFile };
  process.env[E2E_ENV] = JSON.stringify(env);

  return async () => {
    shell.kill('SIGTERM');
    await new Promise((done) => (shell.exitCode !== null ? done(null) : shell.once('exit', done)));
    log.end();
    await letta.stop();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
