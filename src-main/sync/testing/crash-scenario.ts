/**
 * The server a crash-test worker syncs from, rebuilt identically by the worker and by the test
 * that checks the cache it left: three agents whose histories grow with each iteration (so
 * later runs catch up across holes), with every 40th message edited now and then (so updates of
 * indexed rows get killed too), and every third iteration a full re-walk (long enough that most
 * kills land between commits rather than before the first).
 */
import { MessageFactory, type FixtureMessage } from '../../../test/fixtures/messages.js';
import { FakeLettaSource } from './fake-source.js';

export const CRASH_AGENTS = ['agent-crash-a', 'agent-crash-b', 'agent-crash-c'] as const;
// Small enough that a worker builds its server in a few tens of milliseconds (most of what a
// crash-test iteration costs besides starting Node), large enough for many commits per run.
const BASE = 300;
const GROWTH = [7, 4, 11];
/** Growth stops here, so a thousand iterations stay quick; edits and full re-walks go on. */
const MAX = BASE + 200 * 11;

/**
 * The first `count` messages of an agent's history (the factory's output is prefix-stable),
 * never cutting a stored message between its parts: the server creates them together.
 */
function historyOf(seed: number, index: number, count: number): FixtureMessage[] {
  const all = new MessageFactory({ seed: seed * 31 + index, start: Date.UTC(2025, 2, 1 + index) }).messages(count + 8);
  let end = count;
  while (end < all.length && all[end]?.id === all[end - 1]?.id) end++;
  return all.slice(0, end);
}

function edited(message: FixtureMessage, version: number): FixtureMessage {
  const copy: FixtureMessage = { ...message };
  const note = ` [edited v${version}]`;
  if (typeof copy.content === 'string') copy.content += note;
  else if (typeof copy.reasoning === 'string') copy.reasoning += note;
  else if (typeof copy.tool_return === 'string') copy.tool_return += note;
  else copy.edited = version;
  return copy;
}

export function crashScenario(seed: number, iteration: number): { source: FakeLettaSource; full: boolean } {
  const source = new FakeLettaSource();
  source.recordCalls = false;
  const version = Math.floor(iteration / 3);
  CRASH_AGENTS.forEach((agentId, i) => {
    const count = Math.min(MAX, BASE + iteration * (GROWTH[i] ?? 10));
    const messages = historyOf(seed, i, count).map((m, k) => (version > 0 && k % 40 === 0 ? edited(m, version) : m));
    source.setMessages(agentId, messages);
    source.agents.push({
      id: agentId,
      name: `Crash ${i}`,
      tags: ['crash'],
      memory: { blocks: [{ id: `block-${agentId}`, label: 'human', value: `The human has seen ${version} versions.`, limit: 5000 }] },
      tools: [],
      sources: [],
    });
  });
  return { source, full: iteration % 3 === 2 };
}
