import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCrashTrials } from './testing/crash-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'letta-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crash safety', () => {
  it(
    'loses no acknowledged message and never damages the file when killed mid-sync (≥ 100 SIGKILLs)',
    async () => {
      const result = await runCrashTrials({ kills: 100, dir, seed: 20251203, lanes: 2 });
      expect(result.problems).toEqual([]);
      expect(result.kills).toBeGreaterThanOrEqual(100);
      expect(result.integrityErrors).toBe(0);
      expect(result.lostRows).toBe(0);
      // Most kills must land mid-sync, between commits, where there is something to lose.
      expect(result.killsMidSync).toBeGreaterThanOrEqual(50);
      expect(result.acknowledged).toBeGreaterThan(2_000);
    },
    // About 25 s on an idle 2-core machine; the margin is for a machine shared with other work.
    240_000,
  );

  it(
    'would notice: a worker that acknowledges before committing is caught losing rows',
    async () => {
      // Forty kills: one kill may land where nothing was acknowledged early; across forty, some do.
      const result = await runCrashTrials({ kills: 40, dir: join(dir, 'early'), seed: 7, lanes: 2, acknowledgeBeforeCommit: true });
      expect(result.lostRows).toBeGreaterThan(0);
      expect(result.integrityErrors).toBe(0);
    },
    120_000,
  );
});
