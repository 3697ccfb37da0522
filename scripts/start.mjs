#!/usr/bin/env node
// `npm start`: installs what is missing, builds, and launches the Electron shell. Where the
// Electron binary cannot be had (as on machines without internet), it says so and names the
// web shell, which serves the same app to a browser on this machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (run('bash', ['scripts/bootstrap.sh']) !== 0) process.exit(1);
if (!existsSync(join(root, 'out/main/index.js')) && run('npx', ['electron-vite', 'build']) !== 0) process.exit(1);

// Resolving the `electron` package yields the binary's path, fetching it on first use; run that
// in a child so a failed download's own noise does not bury our one sentence.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  cwd: root,
  encoding: 'utf8',
  timeout: 180_000,
});
const electronBinary = probe.status === 0 && existsSync(probe.stdout.trim()) ? probe.stdout.trim() : undefined;
if (!electronBinary) {
  console.error('The Electron binary is not installed on this machine and could not be downloaded; run `npm run web` to open Letta Desk in your browser instead.');
  process.exit(1);
}
process.exit(run(electronBinary, ['.']));
