import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conversation, type FixtureMessage } from '../../test/fixtures/messages.js';
import { createRepos, type CacheRepos } from '../db/cache.js';
import { openCache } from '../db/connection.js';
import { syncAgentMessages, type MessageSyncContext } from './message-sync.js';
import { FakeHttpError, FakeLettaSource } from './testing/fake-source.js';

function setup(): { repos: CacheRepos; source: FakeLettaSource } {
  const repos = createRepos(openCache({ path: ':memory:' }).db);
  repos.profiles.ensure('p', 'http://localhost:8283');
  return { repos, source: new FakeLettaSource() };
}

function context(repos: CacheRepos, source: FakeLettaSource, overrides: Partial<MessageSyncContext> = {}): MessageSyncContext {
  return {
    profileId: 'p',
    repos,
    listMessages: (agentId, query) => source.listMessages(agentId, query),
    pageSize: 50,
    commitRows: 1,
    commitMs: 0,
    signal: undefined,
    now: () => 1000,
    onCommit: () => {},
    ...overrides,
  };
}

function cachedKeys(repos: CacheRepos, agentId: string): string[] {
  const keys: string[] = [];
  let page = repos.messages.page('p', agentId, { limit: 200 });
  for (;;) {
    keys.unshift(...page.messages.map((m) => `${m.id}/${m.kind}/${JSON.stringify(m.message)}`));
    if (page.older === null) return keys;
    page = repos.messages.page('p', agentId, { before: page.older, limit: 200 });
  }
}

/**
 * The first `count` messages, extended so no stored message is cut between its parts: the
 * server creates all parts of a message at once, so it never shows half of one.
 */
function prefix(history: readonly FixtureMessage[], count: number): FixtureMessage[] {
  let end = Math.min(count, history.length);
  while (end > 0 && end < history.length && history[end]!.id === history[end - 1]!.id) end++;
  return history.slice(0, end);
}

function serverKeys(messages: readonly unknown[]): string[] {
  return (messages as FixtureMessage[]).map((m) => `${m.id}/${m.message_type}/${JSON.stringify(m)}`);
}

describe('syncAgentMessages', () => {
  it('fetches a long history newest first and ends with everything, in order', async () => {
    const { repos, source } = setup();
    const history = conversation(1234, { seed: 1 });
    source.setMessages('a', history);
    const r = await syncAgentMessages(context(repos, source), 'a');
    expect(r).toMatchObject({ fetched: 1234, inserted: 1234 });
    expect(cachedKeys(repos, 'a')).toEqual(serverKeys(history));
    expect(repos.cursors.get('p', 'a')).toMatchObject({ historyComplete: true, gapBeforeId: null });
    // Only the newest page was asked for without a cursor; the rest walked back with `before`.
    const queries = source.calls.map((c) => c.args[1] as { before?: string; after?: string });
    expect(queries[0]).toEqual({ limit: 50 });
    expect(queries.slice(1).every((q) => q.before !== undefined && q.after === undefined)).toBe(true);
  });

  it('then asks only for what is new, filling a hole larger than a page', async () => {
    const { repos, source } = setup();
    const history = conversation(2000, { seed: 2 });
    source.setMessages('a', prefix(history, 300));
    await syncAgentMessages(context(repos, source), 'a');
    source.calls.length = 0;
    source.setMessages('a', history);
    const r = await syncAgentMessages(context(repos, source), 'a');
    expect(r.inserted).toBe(2000 - prefix(history, 300).length);
    expect(cachedKeys(repos, 'a')).toEqual(serverKeys(history));
    const queries = source.calls.map((c) => c.args[1] as { before?: string; after?: string });
    expect(queries.every((q) => q.after !== undefined)).toBe(true);
    expect(repos.cursors.get('p', 'a')).toMatchObject({ gapTopId: null, gapBeforeId: null });

    source.calls.length = 0;
    expect((await syncAgentMessages(context(repos, source), 'a')).fetched).toBe(0);
    expect(source.calls).toHaveLength(1);
  });

  it('leaves the cursor at the last committed page when a page fails, and resumes from it', async () => {
    const { repos, source } = setup();
    const history = conversation(600, { seed: 3 });
    source.setMessages('a', history);
    let calls = 0;
    const failing = context(repos, source, {
      listMessages: async (agentId, query) => {
        if (++calls === 4) throw new FakeHttpError(500, 'boom');
        return source.listMessages(agentId, query);
      },
    });
    await expect(syncAgentMessages(failing, 'a')).rejects.toThrow('boom');
    const cursor = repos.cursors.get('p', 'a');
    expect(repos.messages.count('p', 'a')).toBeGreaterThan(0);
    expect(cursor.historyComplete).toBe(false);
    // Every row the cursor claims is there: the cursor's tail is cached.
    expect(repos.messages.byId('p', 'a', cursor.tailId!)).not.toEqual([]);

    await syncAgentMessages(context(repos, source), 'a');
    expect(cachedKeys(repos, 'a')).toEqual(serverKeys(history));
  });

  it('starts over (keeping what it has) when the server no longer knows the cursor', async () => {
    const { repos, source } = setup();
    source.setMessages('a', conversation(120, { seed: 4 }));
    await syncAgentMessages(context(repos, source), 'a');
    const fresh = conversation(80, { seed: 5 });
    source.setMessages('a', fresh);
    await syncAgentMessages(context(repos, source), 'a');
    expect(repos.messages.count('p', 'a')).toBe(200);
    expect(repos.cursors.get('p', 'a')).toMatchObject({ headId: fresh[fresh.length - 1]!.id, historyComplete: true });
  });

  it('groups pages into commits up to the row budget', async () => {
    const { repos, source } = setup();
    source.setMessages('a', conversation(1000, { seed: 6 }));
    const commits: number[] = [];
    await syncAgentMessages(context(repos, source, { commitRows: 300, commitMs: 60_000, onCommit: (_, i) => commits.push(i.fetched) }), 'a');
    // Pages of ~50 messages (plus parts sharing an id): a commit every ~300 rows.
    expect(commits.length).toBeGreaterThanOrEqual(3);
    expect(commits.length).toBeLessThanOrEqual(5);
    expect(commits[commits.length - 1]).toBeGreaterThanOrEqual(1000);
  });

  it('stores malformed entries and keeps going', async () => {
    const { repos, source } = setup();
    const history: unknown[] = [
      ...conversation(30, { seed: 7 }),
      { id: 'odd-1', date: 'not a date', message_type: 'brand_new_message', payload: { deep: [1, 2, 3] } },
      { id: 'odd-2', message_type: 'assistant_message', content: 'x'.repeat(2_000_000) },
      null,
      ...conversation(30, { seed: 8, start: Date.UTC(2025, 5, 1) }),
    ];
    source.setMessages('a', history);
    const r = await syncAgentMessages(context(repos, source, { pageSize: 7 }), 'a');
    expect(r.skipped).toBe(1);
    expect(repos.messages.byId('p', 'a', 'odd-1')[0]?.kind).toBe('brand_new_message');
    expect((repos.messages.byId('p', 'a', 'odd-2')[0]?.message as { content: string }).content).toHaveLength(2_000_000);
    expect(repos.messages.count('p', 'a')).toBe(62);
  });

  it('ends with exactly the server history whatever the page size, growth and failures (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 400 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 400 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 3 }),
        fc.integer({ min: 1, max: 1000 }),
        async (initial, growth, pageSize, commitRows, failAt, seed) => {
          const { repos, source } = setup();
          const total = initial + growth.reduce((a, b) => a + b, 0);
          const history = conversation(total, { seed });
          let shown = initial;
          let call = 0;
          const failures = new Set(failAt);
          const ctx = context(repos, source, {
            pageSize,
            commitRows,
            listMessages: async (agentId, query) => {
              if (failures.has(++call)) throw new FakeHttpError(500, 'flaky');
              return source.listMessages(agentId, query);
            },
          });
          for (const step of [0, ...growth]) {
            shown += step;
            source.setMessages('a', prefix(history, shown));
            // Retry until a run succeeds, as the engine's schedule would.
            for (let attempt = 0; attempt < 10; attempt++) {
              try {
                await syncAgentMessages(ctx, 'a');
                break;
              } catch {
                // flaky page; the next attempt resumes from the committed cursor
              }
            }
          }
          expect(cachedKeys(repos, 'a')).toEqual(serverKeys(prefix(history, shown)));
        },
      ),
      { numRuns: 60 },
    );
  });
});
