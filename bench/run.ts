/**
 * `npm run bench`: runs every `bench/*.bench.ts` in one process, one after the other (they measure
 * time, so never in parallel), prints each figure, and merges all of them into bench-results.json
 * at the project root. A module exports `name` and `run()`, which resolves to flat numeric figures
 * keyed as the issues name them (e.g. `sync_100k_s`) and may print its own table while it runs.
 *
 * Pass module names to run a subset: `npm run bench -- cache client`.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchModule {
  name: string;
  run(): Promise<Record<string, number | string>>;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const outFile = join(root, 'bench-results.json');
const results: Record<string, number | string> = existsSync(outFile)
  ? (JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, number | string>)
  : {};

for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  console.log(`\n== ${mod.name} (${file})`);
  const started = performance.now();
  const figures = await mod.run();
  for (const [key, value] of Object.entries(figures)) {
    console.log(`  ${key.padEnd(32)} ${typeof value === 'number' ? +value.toFixed(4) : value}`);
    results[key] = value;
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

results.generated_at = new Date().toISOString();
writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote ${outFile}`);
