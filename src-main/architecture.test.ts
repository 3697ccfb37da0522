/**
 * The layering rules of STYLE.md (.dependency-cruiser.cjs) as part of the unit tests, so a
 * forbidden import (renderer → main, electron outside the shell, a handler calling the client
 * directly, node:* in shared code) fails `npm test`, not just a separate script.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

it('keeps the dependency direction (dependency-cruiser)', async () => {
  const run = promisify(execFile)(
    join(root, 'node_modules/.bin/depcruise'),
    ['src-main', 'src-shared', 'src-renderer', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    { cwd: root, maxBuffer: 16 * 1024 * 1024 },
  );
  const { stdout } = await run.catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`dependency rules violated:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  });
  expect(stdout).toMatch(/no dependency violations/);
}, 60_000);
