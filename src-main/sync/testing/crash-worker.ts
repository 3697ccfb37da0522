/**
 * Child process of the crash test: open the cache, sync it from the crash scenario, and after
 * every commit print the keys of the messages that commit made durable:
 *   `A <agentId> <messageId> <message_type>` — acknowledged
 *   `R` — cache opened, sync starting;  `D` — sync finished
 * stdout is a pipe, which Node writes synchronously on Linux, so an acknowledgement printed is
 * an acknowledgement the parent will read even if this process is killed the next instant.
 *
 * argv: <db path> <seed> <iteration> [early]
 * `early` acknowledges pages as soon as they are fetched, before their commit: a deliberate bug
 * the crash test uses to prove it can catch a lost acknowledged row.
 */
import { closeCache, openCache } from '../../db/connection.js';
import { createRepos } from '../../db/cache.js';
import { SyncEventHub } from '../events.js';
import { SyncEngine } from '../sync-engine.js';
import { crashScenario } from './crash-scenario.js';

const [dbPath, seedArg, iterationArg, mode] = process.argv.slice(2);
const acknowledgeEarly = mode === 'early';
if (!dbPath || !seedArg || !iterationArg) throw new Error('usage: crash-worker <db> <seed> <iteration>');

const { db, notices } = openCache({ path: dbPath });
for (const notice of notices) if (notice.kind === 'rebuilt') process.stdout.write(`N ${notice.reason}\n`);
const repos = createRepos(db);
const { source, full } = crashScenario(Number(seedArg), Number(iterationArg));

// Keys of pages fetched but not yet committed, per agent.
const pending = new Map<string, string[]>();
const listMessages = source.listMessages.bind(source);
source.listMessages = async (agentId, query, options) => {
  const page = await listMessages(agentId, query, options);
  const keys = pending.get(agentId) ?? [];
  for (const m of page) {
    const { id, message_type: kind } = m as { id: string; message_type: string };
    keys.push(`A ${agentId} ${id} ${kind}`);
  }
  if (acknowledgeEarly && keys.length > 0) {
    process.stdout.write(keys.join('\n') + '\n');
    keys.length = 0;
  }
  pending.set(agentId, keys);
  return page;
};

const events = new SyncEventHub();
// The engine reports progress right after each commit, before it fetches again.
events.on('sync:progress', (p) => {
  if (p.phase !== 'messages' || p.agentId === undefined) return;
  const keys = pending.get(p.agentId);
  if (keys && keys.length > 0) {
    process.stdout.write(keys.join('\n') + '\n');
    pending.set(p.agentId, []);
  }
});

const engine = new SyncEngine({
  profileId: 'crash',
  serverUrl: 'http://127.0.0.1:8283',
  repos,
  source,
  events,
  pageSize: 40,
  commitRows: 120,
  commitMs: 1_000,
});
process.stdout.write('R\n');
const report = await engine.syncAll({ full });
if (report.errors.length > 0 || report.offline) throw new Error(`sync failed: ${JSON.stringify(report)}`);
closeCache(db);
process.stdout.write('D\n');
