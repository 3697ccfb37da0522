/**
 * Setup file of the integration project: when a test fails, print the tail of the real server's
 * log next to the failure, since most failures there are explained by what the server said.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, inject } from 'vitest';

afterEach((ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  const log = inject('lettaLogFile');
  if (!log || !existsSync(log)) return;
  const tail = readFileSync(log, 'utf8').split('\n').slice(-60).join('\n');
  console.error(`\n----- Letta server log (last 60 lines) for "${ctx.task.name}" -----\n${tail}\n-----`);
});
