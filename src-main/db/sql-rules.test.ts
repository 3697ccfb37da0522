import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repoFiles = readdirSync(join(here, 'repos'))
  .filter((f) => f.endsWith('.repo.ts'))
  .map((f) => [f, readFileSync(join(here, 'repos', f), 'utf8')] as const);

// The UI pages and searches through these repositories; the rules are checked here so a later
// change cannot quietly reintroduce a scan.
describe('repository SQL', () => {
  it.each(repoFiles)('%s pages by keyset, never OFFSET', (_, source) => {
    expect(source).not.toMatch(/\bOFFSET\s+[\d?@:$]/i);
  });

  it.each(repoFiles)('%s never scans with a leading-wildcard LIKE', (_, source) => {
    expect(source).not.toMatch(/LIKE\s+['"`]%|LIKE\s+\?/i);
  });
});
