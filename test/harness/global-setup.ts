/**
 * vitest globalSetup of the `integration` project: one fake LLM and one Letta server for the whole
 * run, their URLs handed to tests with `inject('lettaUrl')` / `inject('fakeLlmUrl')`.
 *
 * For quick local iteration, keep a pair running with `npx tsx test/harness/serve.ts` and export
 * the LETTA_TEST_URL and FAKE_LLM_URL it prints; the run then reuses them and starts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { coverageTable } from '../integration/support/coverage-report.js';
import { startFakeLlm } from '../fake-llm/server.js';
import { startLettaServer } from './letta-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Letta server base URL, no trailing slash. */
    lettaUrl: string;
    /** Fake LLM base URL (without /v1), for `agentConfigs()` and `/_fake/requests`. */
    fakeLlmUrl: string;
    /** The server's log, printed by the integration setup file when a test fails ('' when reused). */
    lettaLogFile: string;
    /** JSON-lines file of every operation the tests called, for the coverage table. */
    coverageFile: string;
  }
}

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Prints the table of all operations when the run ends; the contract column comes from the unit run. */
function coverageReporter(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'letta-desk-coverage-'));
  const file = join(dir, 'records.jsonl');
  project.provide('coverageFile', file);
  return () => {
    console.log('\n' + coverageTable(file, join(projectRoot, '.cache', 'contract-coverage.json')));
    rmSync(dir, { recursive: true, force: true });
  };
}

async function assertReachable(url: string, what: string): Promise<void> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new Error(`${what} at ${url} does not answer: ${String(error)}`);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const reuseLetta = process.env.LETTA_TEST_URL;
  const reuseFake = process.env.FAKE_LLM_URL;
  if (reuseLetta || reuseFake) {
    if (!reuseLetta || !reuseFake) throw new Error('set both LETTA_TEST_URL and FAKE_LLM_URL to reuse running servers');
    const lettaUrl = reuseLetta.replace(/\/+$/, '');
    const fakeLlmUrl = reuseFake.replace(/\/+$/, '');
    await assertReachable(`${lettaUrl}/v1/health/`, 'LETTA_TEST_URL');
    await assertReachable(`${fakeLlmUrl}/v1/models`, 'FAKE_LLM_URL');
    project.provide('lettaUrl', lettaUrl);
    project.provide('fakeLlmUrl', fakeLlmUrl);
    project.provide('lettaLogFile', '');
    const report = coverageReporter(project);
    return async () => report();
  }

  const fake = await startFakeLlm();
  let letta;
  try {
    letta = await startLettaServer({ fakeLlmUrl: fake.url });
  } catch (error) {
    await fake.close();
    throw error;
  }
  console.log(`[harness] Letta ${letta.url} ready in ${(letta.startupMs / 1000).toFixed(1)} s; fake LLM ${fake.url}; log ${letta.logFile}`);
  project.provide('lettaUrl', letta.url);
  project.provide('fakeLlmUrl', fake.url);
  project.provide('lettaLogFile', letta.logFile);
  const report = coverageReporter(project);

  return async () => {
    report();
    await letta.stop();
    await fake.close();
  };
}
