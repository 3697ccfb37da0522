/**
 * Keeps a fake LLM and a Letta server running for fast local test iteration:
 *
 *   npx tsx test/harness/serve.ts            # prints the two exports, then waits for Ctrl-C
 *   LETTA_TEST_URL=... FAKE_LLM_URL=... npx vitest run --project integration
 *
 * Optional: --password <pw> starts the server in secure mode.
 */
import { startFakeLlm } from '../fake-llm/server.js';
import { startLettaServer } from './letta-server.js';

const passwordFlag = process.argv.indexOf('--password');
const password = passwordFlag > 0 ? process.argv[passwordFlag + 1] : undefined;

const fake = await startFakeLlm();
const letta = await startLettaServer({ fakeLlmUrl: fake.url, ...(password ? { password } : {}) });
console.log(`export LETTA_TEST_URL=${letta.url}`);
console.log(`export FAKE_LLM_URL=${fake.url}`);
console.error(`Letta ready in ${(letta.startupMs / 1000).toFixed(1)} s; log: ${letta.logFile}; Ctrl-C stops both.`);

const shutdown = async () => {
  await letta.stop();
  await fake.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
