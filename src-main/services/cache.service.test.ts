import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppFailure } from './errors.js';
import { agentState, disposeFixtures, fixture, message, refused } from './testing/cache-fixture.js';

afterEach(disposeFixtures);

describe('CacheService', () => {
  it('starts syncing only after the renderer reports its first paint', async () => {
    const f = fixture();
    const home = f.sourceOf('http://home:8283');
    home.agents.push(agentState('agent-1', 'Ada'));
    f.connect('p-home', 'http://home:8283');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(home.calls).toHaveLength(0);

    f.cache.firstPaint();
    await vi.waitFor(() => expect(f.cache.status().connectivity.lastSyncAt).not.toBeNull());
    expect(home.calls.map((c) => c.method)).toContain('listAgents');
    expect(f.seen).toContain('sync:progress');
    expect(f.cache.status().counts.agents).toBe(1);
  });

  it('answers reads from the cache when the server is unreachable, and says so once', async () => {
    const f = fixture();
    const home = f.sourceOf('http://home:8283');
    home.agents.push(agentState('agent-1', 'Ada', [{ id: 'block-1', label: 'human', value: 'Likes tea' }]));
    home.setMessages('agent-1', [message('message-1', 'hello about Lisbon', 1), message('message-2', 'second', 2)]);
    f.connect('p-home', 'http://home:8283');
    await f.syncNow();

    const seenBefore = f.seen.filter((e) => e === 'connection:changed').length;
    const agents = await f.reads.agentsList({}, refused);
    expect(agents.map((a) => a.id)).toEqual(['agent-1']);
    expect(f.cache.connectivity().reachability).toBe('offline');
    expect(f.cache.connectivity().lastSyncAt).not.toBeNull();
    expect(f.seen.filter((e) => e === 'connection:changed').length).toBeGreaterThan(seenBefore);

    // Known offline: the server is not asked again for every read.
    const online = vi.fn(refused);
    const messages = await f.reads.listMessages('agent-1', { limit: 10 }, online);
    expect(online).not.toHaveBeenCalled();
    expect(messages.map((m) => m.id)).toEqual(['message-1', 'message-2']);
    const older = await f.reads.listMessages('agent-1', { before: 'message-2', limit: 10 }, refused);
    expect(older.map((m) => m.id)).toEqual(['message-1']);
    expect((await f.reads.agentBlocks('agent-1', refused)).map((b) => b.value)).toEqual(['Likes tea']);
    expect((await f.reads.coreMemory('agent-1', refused)).blocks.map((b) => b.label)).toEqual(['human']);
    expect((await f.reads.agentsGet('agent-1', refused)).name).toBe('Ada');
    await expect(f.reads.agentsGet('agent-unknown', refused)).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('is online again once the engine reaches the server after an outage a read noticed', async () => {
    const f = fixture();
    const home = f.sourceOf('http://home:8283');
    home.agents.push(agentState('agent-1', 'Ada'));
    f.connect('p-home', 'http://home:8283');
    await f.syncNow();
    home.unreachable = true;
    await f.reads.agentsList({}, refused);
    expect(f.cache.connectivity().reachability).toBe('offline');
    await f.syncNow().catch(() => undefined);
    home.unreachable = false;
    f.cache.syncNow(undefined, false);
    await vi.waitFor(() => expect(f.cache.connectivity().reachability).toBe('online'));
  });

  it('moves a damaged cache file aside, rebuilds it, and reports that once in the status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'letta-desk-cache-'));
    const path = join(dir, 'cache.sqlite');
    writeFileSync(path, 'this is not a database, just damage '.repeat(200));
    const f = fixture(path);
    f.sourceOf('http://home:8283').agents.push(agentState('agent-1', 'Ada'));
    f.connect('p-home', 'http://home:8283');
    await f.syncNow();
    const status = f.cache.status();
    expect(status.notice).toMatchObject({ kind: 'rebuilt', message: expect.stringMatching(/damaged/) });
    expect(status.counts.agents).toBe(1);
    expect(readdirSync(dir).some((name) => name.startsWith('cache.sqlite.corrupt-'))).toBe(true);
  });

  it('rebuilds the cache and syncs again when a query finds it damaged while running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'letta-desk-cache-'));
    const path = join(dir, 'cache.sqlite');
    const f = fixture(path);
    const home = f.sourceOf('http://home:8283');
    home.agents.push(agentState('agent-1', 'Ada'));
    f.cache.firstPaint();
    f.connect('p-home', 'http://home:8283');
    await f.syncNow();
    expect(f.cache.status().notice).toBeNull();
    // What better-sqlite3 throws for a damaged page (SQLITE_CORRUPT), met during the next sync.
    home.agents.push(agentState('agent-2', 'Grace'));
    home.failNext('listAgents', Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }));
    f.cache.syncNow(undefined, false);
    await vi.waitFor(() => expect(f.cache.status().notice).toMatchObject({ kind: 'rebuilt', message: expect.stringMatching(/malformed/) }));
    await vi.waitFor(() => expect(f.cache.status().counts.agents).toBe(2));
    expect(readdirSync(dir).some((name) => name.startsWith('cache.sqlite.corrupt-'))).toBe(true);
    expect(f.seen).toContain('cache:changed');
  });

  it('refuses writes while offline without calling the server', async () => {
    const f = fixture();
    f.connect('p-home', 'http://home:8283');
    await expect(f.reads.agentsList({}, refused)).resolves.toEqual([]);
    const write = vi.fn(async () => 'saved');
    const refusal = await f.cache.guardWrite('save the block', write).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppFailure);
    expect((refusal as AppFailure).code).toBe('unreachable');
    expect((refusal as AppFailure).message).toMatch(/Can't save the block while offline.*Nothing was saved or queued/);
    expect(write).not.toHaveBeenCalled();
  });

  it('keeps each profile\'s rows apart, and searches one or all of them', async () => {
    const f = fixture();
    const home = f.sourceOf('http://home:8283');
    home.agents.push(agentState('agent-h', 'Home agent'));
    home.setMessages('agent-h', [message('message-h', 'the kiwi orchard at home', 1)]);
    const work = f.sourceOf('http://work:8283');
    work.agents.push(agentState('agent-w', 'Work agent'));
    work.setMessages('agent-w', [message('message-w', 'kiwi budget at work', 2)]);

    f.connect('p-home', 'http://home:8283');
    await f.syncNow();
    f.connect('p-work', 'http://work:8283');
    await f.syncNow();

    expect((await f.reads.agentsList({}, refused)).map((a) => a.id)).toEqual(['agent-w']);
    const mine = await f.search.messages({ query: 'kiwi', scope: 'profile' });
    expect(mine.hits.map((h) => h.messageId)).toEqual(['message-w']);
    const all = await f.search.messages({ query: 'kiwi', scope: 'all' });
    expect(all.hits.map((h) => [h.messageId, h.profileName, h.agentName, h.activeProfile])).toEqual([
      ['message-w', 'Work', 'Work agent', true],
      ['message-h', 'Home', 'Home agent', false],
    ]);
    const hit = all.hits[0]!;
    expect(hit.snippet.slice(hit.highlights[0]![0], hit.highlights[0]![1]).toLowerCase()).toBe('kiwi');
    const scoped = await f.search.messages({ query: 'kiwi', scope: 'agent', agentId: 'agent-h' });
    expect(scoped.hits).toEqual([]);
  });

});
