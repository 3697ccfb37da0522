import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { conversation } from '../../../test/fixtures/messages.js';
import { createRepos, type CacheRepos } from '../cache.js';
import { openCache } from '../connection.js';

let repos: CacheRepos;
let db: ReturnType<typeof openCache>['db'];
beforeEach(() => {
  db = openCache({ path: ':memory:' }).db;
  repos = createRepos(db);
  repos.profiles.ensure('p1', 'http://localhost:8283');
});

function ftsIsConsistent(): void {
  db.prepare("INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)").run();
}

function walkBackward(profileId: string, agentId: string, limit: number): string[] {
  const seen: string[] = [];
  let page = repos.messages.page(profileId, agentId, { limit });
  for (;;) {
    seen.unshift(...page.messages.map((m) => `${m.id}/${m.kind}`));
    if (page.older === null) return seen;
    page = repos.messages.page(profileId, agentId, { before: page.older, limit });
  }
}

describe('MessagesRepo.upsert', () => {
  it('stores each part the server expanded one message into, keyed by id and type', () => {
    const shared = { id: 'message-1', date: '2025-01-01T10:00:00', step_id: 's1' };
    const result = repos.messages.upsert('p1', 'agent-1', [
      { ...shared, message_type: 'reasoning_message', reasoning: 'I should look it up' },
      { ...shared, message_type: 'tool_call_message', tool_call: { name: 'search', arguments: '{"q":"a"}', tool_call_id: 'c1' } },
      { ...shared, message_type: 'tool_call_message', tool_call: { name: 'search', arguments: '{"q":"b"}', tool_call_id: 'c2' } },
    ]);
    expect(result).toEqual({ inserted: 3, updated: 0, unchanged: 0, skipped: 0 });
    const parts = repos.messages.byId('p1', 'agent-1', 'message-1');
    expect(parts.map((p) => p.kind)).toEqual(['reasoning_message', 'tool_call_message', 'tool_call_message']);
    // Same millisecond, yet each part has its own place, in the order the server sent them.
    expect(new Set(parts.map((p) => p.position)).size).toBe(3);
    expect(parts[0]!.position).toBeLessThan(parts[1]!.position);
  });

  it('is idempotent: the same page twice changes nothing', () => {
    const messages = conversation(500, { seed: 11 });
    repos.messages.upsert('p1', 'agent-1', messages);
    expect(repos.messages.upsert('p1', 'agent-1', messages)).toEqual({ inserted: 0, updated: 0, unchanged: 500, skipped: 0 });
    expect(repos.messages.count('p1', 'agent-1')).toBe(500);
    ftsIsConsistent();
  });

  it('updates an edited message in place and in the search index', () => {
    const m = { id: 'm1', date: '2025-01-01T10:00:00', message_type: 'assistant_message', content: 'the old words' };
    repos.messages.upsert('p1', 'agent-1', [m]);
    const before = repos.messages.byId('p1', 'agent-1', 'm1')[0]!.position;
    expect(repos.messages.upsert('p1', 'agent-1', [{ ...m, content: 'brand new words' }]).updated).toBe(1);
    expect(repos.messages.byId('p1', 'agent-1', 'm1')[0]!.position).toBe(before);
    expect(repos.search.search('old').hits).toEqual([]);
    expect(repos.search.search('brand').hits.map((h) => h.messageId)).toEqual(['m1']);
    // A change outside the text leaves the index alone and still counts as an update.
    expect(repos.messages.upsert('p1', 'agent-1', [{ ...m, content: 'brand new words', otid: 'x' }]).updated).toBe(1);
    ftsIsConsistent();
  });

  it('moves a message whose time changed, keeping one copy', () => {
    const m = { id: 'm1', date: '2025-01-01T10:00:00', message_type: 'user_message', content: 'hi there' };
    repos.messages.upsert('p1', 'agent-1', [m, { id: 'm2', date: '2025-01-01T11:00:00', message_type: 'user_message', content: 'later' }]);
    repos.messages.upsert('p1', 'agent-1', [{ ...m, date: '2025-01-01T12:00:00' }]);
    expect(walkBackward('p1', 'agent-1', 10)).toEqual(['m2/user_message', 'm1/user_message']);
    ftsIsConsistent();
  });

  it('keeps two servers apart: the same agent id under two profiles is two agents', () => {
    repos.profiles.ensure('p2', 'https://other.example.com');
    repos.messages.upsert('p1', 'agent-1', [{ id: 'm1', date: '2025-01-01T10:00:00', message_type: 'user_message', content: 'one' }]);
    repos.messages.upsert('p2', 'agent-1', [{ id: 'm1', date: '2025-01-01T10:00:00', message_type: 'user_message', content: 'two' }]);
    expect(repos.messages.page('p1', 'agent-1').messages.map((m) => (m.message as { content: string }).content)).toEqual(['one']);
    expect(repos.messages.page('p2', 'agent-1').messages.map((m) => (m.message as { content: string }).content)).toEqual(['two']);
  });

  it('drops a profile cache when the profile is pointed at another server', () => {
    repos.messages.upsert('p1', 'agent-1', conversation(20));
    expect(repos.profiles.ensure('p1', 'http://LOCALHOST:8283/')).toEqual({ reset: false });
    expect(repos.messages.count('p1', 'agent-1')).toBe(20);
    expect(repos.profiles.ensure('p1', 'https://elsewhere.example.com')).toEqual({ reset: true });
    expect(repos.messages.count('p1', 'agent-1')).toBe(0);
    expect(repos.search.search('the').hits).toEqual([]);
    ftsIsConsistent();
  });

  it('refuses to write for a profile it was never told about', () => {
    expect(() => repos.messages.upsert('nope', 'agent-1', conversation(1))).toThrow(/No cache for connection profile/);
  });
});

describe('MessagesRepo.page', () => {
  it('walks the whole history back and forth by keyset, never skipping or repeating', () => {
    const messages = conversation(1234, { seed: 12 });
    // Stored newest page first, the way a backfill arrives.
    for (let end = messages.length; end > 0; end -= 100) repos.messages.upsert('p1', 'agent-1', messages.slice(Math.max(0, end - 100), end));
    const expected = messages.map((m) => `${m.id}/${m.message_type}`);
    expect(walkBackward('p1', 'agent-1', 50)).toEqual(expected);

    const forward: string[] = [];
    let page = repos.messages.page('p1', 'agent-1', { after: -1, limit: 77 });
    for (;;) {
      forward.push(...page.messages.map((m) => `${m.id}/${m.kind}`));
      if (page.newer === null) break;
      page = repos.messages.page('p1', 'agent-1', { after: page.newer, limit: 77 });
    }
    expect(forward).toEqual(expected);
  });

  it('opens a conversation around a message, with it inside the page', () => {
    const messages = conversation(300, { seed: 13 });
    repos.messages.upsert('p1', 'agent-1', messages);
    const target = repos.messages.byId('p1', 'agent-1', messages[150]!.id)[0]!;
    const page = repos.messages.around('p1', 'agent-1', target.position, 40);
    expect(page.messages).toHaveLength(40);
    const index = page.messages.findIndex((m) => m.position === target.position);
    expect(index).toBeGreaterThan(20);
    expect(index).toBeLessThan(40);
  });

  it('returns nothing for unknown profiles and agents', () => {
    expect(repos.messages.page('nope', 'agent-1')).toEqual({ messages: [], older: null, newer: null });
    expect(repos.messages.page('p1', 'nobody')).toEqual({ messages: [], older: null, newer: null });
  });

  it('orders any mix of batches by time, with each key once (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 50 }), id: fc.integer({ min: 0, max: 30 }), kind: fc.constantFrom('user_message', 'reasoning_message') }), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 15 }),
        (specs, batch) => {
          const local = createRepos(openCache({ path: ':memory:' }).db);
          local.profiles.ensure('p', 'http://x');
          // A message's time is a function of its id, as on the server, and each (id, type)
          // appears once (parts sharing both are told apart by their order within one page).
          const unique = [...new Map(specs.map((s) => [`${s.id}/${s.kind}`, s])).values()];
          const all = unique.map((s) => ({ id: `m${s.id}`, message_type: s.kind, date: new Date(Date.UTC(2025, 0, 1) + s.id * 1000).toISOString(), content: `c${s.at}` }));
          for (let i = 0; i < all.length; i += batch) local.messages.upsert('p', 'a', all.slice(i, i + batch));
          const keys = new Map(all.map((m) => [`${m.id}/${m.message_type}`, m]));
          const pageKeys: string[] = [];
          let page = local.messages.page('p', 'a', { limit: 7 });
          for (;;) {
            pageKeys.unshift(...page.messages.map((m) => `${m.id}/${m.kind}`));
            if (page.older === null) break;
            page = local.messages.page('p', 'a', { before: page.older, limit: 7 });
          }
          expect(new Set(pageKeys).size).toBe(pageKeys.length);
          expect(new Set(pageKeys)).toEqual(new Set(keys.keys()));
          const times = pageKeys.map((k) => Date.parse(keys.get(k)!.date));
          expect([...times].sort((a, b) => a - b)).toEqual(times);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('MessagesRepo.findMemoryEdit', () => {
  it('finds the newest memory tool call naming the label since a time', () => {
    const call = (id: string, at: string, name: string, label: string, step: string) => ({
      id,
      date: at,
      message_type: 'tool_call_message',
      step_id: step,
      tool_call: { name, arguments: JSON.stringify({ label, content: 'x' }), tool_call_id: `c-${id}` },
    });
    repos.messages.upsert('p1', 'agent-1', [
      call('m1', '2025-01-01T10:00:00', 'core_memory_append', 'human', 'step-old'),
      call('m2', '2025-01-01T11:00:00', 'core_memory_append', 'persona', 'step-persona'),
      call('m3', '2025-01-01T12:00:00', 'core_memory_replace', 'human', 'step-new'),
      call('m4', '2025-01-01T13:00:00', 'send_message', 'human', 'step-not-memory'),
    ]);
    expect(repos.messages.findMemoryEdit('p1', 'agent-1', 'human', Date.UTC(2025, 0, 1, 9))).toEqual({
      stepId: 'step-new',
      dateMs: Date.UTC(2025, 0, 1, 12),
    });
    expect(repos.messages.findMemoryEdit('p1', 'agent-1', 'human', Date.UTC(2025, 0, 1, 12, 30))).toBeNull();
  });
});
