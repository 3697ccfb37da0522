/**
 * Compiles the crash worker to plain JavaScript once per test run, so each of the hundreds of
 * processes the crash test kills starts in tens of milliseconds instead of paying a TypeScript
 * loader's start-up every time. Uses `typescript`'s own transpiler (already a dev dependency)
 * file by file; imports keep working because the sources already name their `.js` files.
 * The output goes under the project's `.cache/` so `better-sqlite3` resolves from node_modules.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Output left by a test run that was killed before it could clean up (its process is gone). */
function removeStale(cache: string): void {
  if (!existsSync(cache)) return;
  for (const name of readdirSync(cache)) {
    const pid = Number(/^crash-worker-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as { code?: string }).code === 'ESRCH') rmSync(join(cache, name), { recursive: true, force: true });
    }
  }
}

/** Returns the path of the compiled worker entry and a function that deletes the output. */
export function buildCrashWorker(): { entry: string; dispose: () => void } {
  removeStale(join(root, '.cache'));
  const out = join(root, '.cache', `crash-worker-${process.pid}-${Date.now()}`);
  const files = [
    ...sources(join(root, 'src-main', 'db')),
    ...sources(join(root, 'src-main', 'sync')),
    join(root, 'test', 'fixtures', 'messages.ts'),
  ];
  for (const file of files) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: file,
    });
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return {
    entry: join(out, 'src-main', 'sync', 'testing', 'crash-worker.js'),
    dispose: () => rmSync(out, { recursive: true, force: true }),
  };
}
