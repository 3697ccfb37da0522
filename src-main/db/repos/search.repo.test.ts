import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { conversation } from '../../../test/fixtures/messages.js';
import { createRepos, type CacheRepos } from '../cache.js';
import { openCache } from '../connection.js';
import { parseSnippet, toFtsQuery } from './search.repo.js';

let repos: CacheRepos;
beforeEach(() => {
  repos = createRepos(openCache({ path: ':memory:' }).db);
  repos.profiles.ensure('home', 'http://localhost:8283');
  repos.profiles.ensure('work', 'https://letta.example.com');
});

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 9, minute)).toISOString();

function seed(): void {
  repos.messages.upsert('home', 'agent-a', [
    { id: 'm1', date: at(1), message_type: 'user_message', content: 'Book the flight to Lisbon' },
    { id: 'm2', date: at(2), message_type: 'reasoning_message', reasoning: 'The user wants a flight; check the calendar' },
    {
      id: 'm2',
      date: at(2),
      message_type: 'tool_call_message',
      tool_call: { name: 'search_flights', arguments: '{"destination": "Lisbon", "date": "2025-02-01"}', tool_call_id: 'c1' },
    },
    { id: 'm3', date: at(3), message_type: 'tool_return_message', tool_return: 'TP1351 departs 09:40 from gate 12', status: 'success', tool_call_id: 'c1' },
    { id: 'm4', date: at(4), message_type: 'assistant_message', content: [{ type: 'text', text: 'Your flight TP1351 leaves at 9:40.' }] },
  ]);
  repos.messages.upsert('home', 'agent-b', [{ id: 'n1', date: at(5), message_type: 'user_message', content: 'Café in Zürich, not Lisbon' }]);
  repos.messages.upsert('work', 'agent-a', [{ id: 'w1', date: at(6), message_type: 'user_message', content: 'Flight budget for the Lisbon offsite' }]);
}

describe('toFtsQuery', () => {
  it('quotes words, keeps phrases, and makes the last word a prefix only when asked', () => {
    expect(toFtsQuery('flight lis')).toBe('"flight" "lis"');
    expect(toFtsQuery('flight lis', { prefix: true })).toBe('"flight" "lis"*');
    expect(toFtsQuery('flight lis ', { prefix: true })).toBe('"flight" "lis"');
    expect(toFtsQuery('"gate 12" tpx', { prefix: true })).toBe('"gate 12" "tpx"*');
    // One or two letters are a word until a third narrows them (a short prefix matches too much).
    expect(toFtsQuery('"gate 12" tp', { prefix: true })).toBe('"gate 12" "tp"');
    expect(toFtsQuery('a', { prefix: true })).toBe('"a"');
    expect(toFtsQuery('check-in')).toBe('"check in"');
    expect(toFtsQuery('NEAR(a b) OR c* AND -d', { prefix: true })).toBe('"NEAR a" "b" "OR" "c" "AND" "d"');
    expect(toFtsQuery('  ')).toBeNull();
    expect(toFtsQuery('"" ** ()')).toBeNull();
  });

  it('never produces a query FTS5 rejects (property)', () => {
    seed();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (input) => {
        expect(() => repos.search.search(input)).not.toThrow();
        expect(() => repos.search.search(input, { order: 'relevance', prefix: true, profileId: 'home', kinds: [input] })).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('SearchRepo.search', () => {
  it('finds text, reasoning, tool arguments and tool returns, newest first, across agents and profiles', () => {
    seed();
    const hits = repos.search.search('lisbon').hits;
    expect(hits.map((h) => [h.profileId, h.agentId, h.messageId, h.kind])).toEqual([
      ['work', 'agent-a', 'w1', 'user_message'],
      ['home', 'agent-b', 'n1', 'user_message'],
      ['home', 'agent-a', 'm2', 'tool_call_message'],
      ['home', 'agent-a', 'm1', 'user_message'],
    ]);
    expect(repos.search.search('tp1351').hits.map((h) => h.kind)).toEqual(['assistant_message', 'tool_return_message']);
    expect(repos.search.search('calendar').hits.map((h) => h.kind)).toEqual(['reasoning_message']);
  });

  it('carries what opening the hit needs, and a plain-text snippet with match ranges', () => {
    seed();
    const [hit] = repos.search.search('gate').hits;
    expect(hit).toMatchObject({ profileId: 'home', agentId: 'agent-a', messageId: 'm3', date: at(3) });
    expect(hit!.snippet).toBe('TP1351 departs 09:40 from gate 12');
    expect(hit!.highlights).toEqual([[26, 30]]);
    const page = repos.messages.around('home', 'agent-a', hit!.position, 10);
    expect(page.messages.map((m) => m.id)).toContain('m3');
  });

  it('matches without diacritics, and by prefix while typing', () => {
    seed();
    expect(repos.search.search('cafe zurich').hits.map((h) => h.messageId)).toEqual(['n1']);
    expect(repos.search.search('depart').hits).toEqual([]);
    expect(repos.search.search('depart', { prefix: true }).hits.map((h) => h.messageId)).toEqual(['m3']);
  });

  it('never matches the scope tokens themselves, only message text', () => {
    seed();
    expect(repos.search.search('p1').hits).toEqual([]);
    expect(repos.search.search('a1').hits).toEqual([]);
    expect(repos.search.search('kusermessage').hits).toEqual([]);
  });

  it('filters by profile, agent and type', () => {
    seed();
    expect(repos.search.search('lisbon', { profileId: 'home' }).hits).toHaveLength(3);
    expect(repos.search.search('lisbon', { profileId: 'home', agentId: 'agent-a' }).hits.map((h) => h.messageId)).toEqual(['m2', 'm1']);
    expect(repos.search.search('lisbon', { kinds: ['tool_call_message'] }).hits.map((h) => h.messageId)).toEqual(['m2']);
    expect(repos.search.search('lisbon', { profileId: 'nope' }).hits).toEqual([]);
    expect(repos.search.search('lisbon', { profileId: 'home', agentId: 'nobody' }).hits).toEqual([]);
    expect(repos.search.search('lisbon', { agentId: 'agent-a' }).hits).toEqual([]);
    expect(repos.search.search('lisbon', { kinds: ['tool_call_message', 'user_message'], profileId: 'home' }).hits.map((h) => h.messageId)).toEqual([
      'n1',
      'm2',
      'm1',
    ]);
  });

  it('pages newest-first results by position', () => {
    repos.messages.upsert('home', 'agent-a', conversation(2000, { seed: 21 }));
    const all: number[] = [];
    let before: number | undefined;
    for (;;) {
      const { hits } = repos.search.search('the', before === undefined ? { limit: 100 } : { limit: 100, before });
      if (hits.length === 0) break;
      all.push(...hits.map((h) => h.position));
      before = hits[hits.length - 1]!.position;
    }
    expect(all.length).toBeGreaterThan(300);
    expect([...all].sort((a, b) => b - a)).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
  });

  it('ranks by relevance within the newest candidates and says when it capped them', () => {
    repos.messages.upsert('home', 'agent-a', conversation(1500, { seed: 22 }));
    repos.messages.upsert('home', 'agent-a', [
      { id: 'best', date: at(0), message_type: 'user_message', content: 'sourdough sourdough sourdough starter' },
    ]);
    const ranked = repos.search.search('sourdough', { order: 'relevance', limit: 5, candidateCap: 100_000 });
    expect(ranked.hits[0]?.messageId).toBe('best');
    expect(ranked.capped).toBe(false);
    const scores = ranked.hits.map((h) => h.score!);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);

    const capped = repos.search.search('the', { order: 'relevance', limit: 5, candidateCap: 50 });
    expect(capped.capped).toBe(true);
    expect(capped.hits).toHaveLength(5);
  });
});

describe('parseSnippet', () => {
  it('turns markers into ranges', () => {
    expect(parseSnippet('a \u0002b\u0003 c \u0002d\u0003')).toEqual({ snippet: 'a b c d', highlights: [[2, 3], [6, 7]] });
  });
});
