/**
 * Prints the table of all operations after the integration run: whether the real server served
 * it (pass), refused it for a documented reason (limitation), or failed; whether the contract
 * test covers it; and whether it is Cloud-only. Ends with `server operations covered: N/116`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ROUTES } from '../../../src-main/letta/core/routes.js';
import type { CoverageRecord } from './coverage.js';

export function coverageTable(recordsFile: string, contractFile: string | undefined): string {
  const records: CoverageRecord[] = existsSync(recordsFile)
    ? readFileSync(recordsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as CoverageRecord)
    : [];
  const contract: string[] =
    contractFile && existsSync(contractFile) ? (JSON.parse(readFileSync(contractFile, 'utf8')) as string[]) : [];

  const rows: string[][] = [['operation', 'method', 'path', 'integration', 'contract', 'where']];
  let serverOps = 0;
  let serverCovered = 0;
  for (const route of Object.values(ROUTES)) {
    const mine = records.filter((r) => r.operationId === route.operationId);
    const ok = mine.some((r) => r.status !== undefined && r.status < 300 && !r.limitation);
    const limitation = mine.find((r) => r.limitation)?.limitation;
    const integration = ok ? 'pass' : limitation ? `real limitation: ${limitation}` : mine.length > 0 ? `FAIL (${describe(mine)})` : 'not exercised';
    const where = route.cloud ? 'Cloud only' : 'server';
    if (!route.cloud) {
      serverOps++;
      if (ok || limitation) serverCovered++;
    }
    rows.push([route.operationId, route.method, route.path, integration, contract.includes(route.operationId) ? 'pass' : contractFile ? 'missing' : 'not run', where]);
  }
  const widths = rows[0]!.map((_, i) => Math.min(60, Math.max(...rows.map((r) => r[i]!.length))));
  const lines = rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  lines.push('', `server operations covered: ${serverCovered}/${serverOps}`);
  return lines.join('\n');
}

function describe(records: CoverageRecord[]): string {
  const seen = [...new Set(records.map((r) => r.status ?? r.errorCode ?? '?'))];
  return seen.join(', ');
}
