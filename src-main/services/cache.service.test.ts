import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus } from '../../src-shared/app-types.js';
import { withOfflineCache } from '../ipc/handlers/cache.handlers.js';
import type { CallContext, Handlers } from '../ipc/router.js';
import type { LettaClient } from '../letta/index.js';
import { memoryLogger } from '../log.js';
import { connectionRefused, FakeLettaSource } from '../sync/testing/fake-source.js';
import { CacheReadsService } from './cache-reads.service.js';
import { CacheService } from './cache.service.js';
import { AppFailure } from './errors.js';
import { EventBus } from './events.js';
import type { Services } from './index.js';
import { SearchService } from './search.service.js';
import type { Session } from './session.js';

function agentState(id: string, name: string, blocks: { id: string; label: string; value: string }[] = []) {
  return {
    id,
    name,
    tags: ['t'],
    created_at: '2025-01-01T00:00:00',
    memory: { blocks: blocks.map((b) => ({ ...b, limit: 5000 })), prompt_template: '' },
  };
}

const message = (id: string, content: string, minute: number) => ({
  id,
  date: new Date(Date.UTC(2025, 0, 1, 10, minute)).toISOString(),
  message_type: 'user_message',
  content,
});

/** A session stand-in: which profile is connected, switched by the test. */
class FakeSession {
  current: ConnectionStatus = { state: 'disconnected' };
  connect(profileId: string, baseUrl: string): void {
    this.current = { state: 'connected', profileId, profileName: profileId, baseUrl, serverVersion: '0.7.29', latencyMs: 1, connectedAt: new Date().toISOString() + profileId };
  }
  status(): ConnectionStatus {
    return this.current;
  }
  client(): LettaClient {
    return {} as LettaClient;
  }
  async connectOffline(profileId: string): Promise<ConnectionStatus> {
    this.connect(profileId, 'http://home:8283');
    return this.current;
  }
}

const ctx = {} as CallContext;
const refused = () => Promise.reject(connectionRefused());

function setup() {
  const events = new EventBus();
  const seen: string[] = [];
  events.subscribe((name) => seen.push(name));
  const session = new FakeSession();
  const sources = new Map<string, FakeLettaSource>();
  const sourceFor = () => {
    const status = session.status();
    const key = status.state === 'connected' ? status.baseUrl : '';
    let source = sources.get(key);
    if (!source) sources.set(key, (source = new FakeLettaSource()));
    return source;
  };
  const cache = new CacheService({
    path: ':memory:',
    session: session as unknown as Session,
    events,
    log: memoryLogger(),
    sourceFor,
    engine: { intervalMs: 3_600_000, backoff: { initialMs: 3_600_000, maxMs: 3_600_000 } },
  });
  const reads = new CacheReadsService(cache);
  const profiles = [
    { id: 'p-home', name: 'Home' },
    { id: 'p-work', name: 'Work' },
  ];
  const search = new SearchService(cache, { read: async () => ({ profiles }) as never });
  const connect = (profileId: string, url: string) => {
    session.connect(profileId, url);
    events.emit('connection:changed', {});
  };
  const sourceOf = (url: string) => {
    let source = sources.get(url);
    if (!source) sources.set(url, (source = new FakeLettaSource()));
    return source;
  };
  const syncNow = async () => {
    const before = cache.status().connectivity.lastSyncAt;
    cache.syncNow(undefined, false);
    await vi.waitFor(() => expect(cache.status().connectivity.lastSyncAt).not.toBe(before));
  };
  return { events, seen, session, cache, reads, search, connect, sourceOf, syncNow };
}

let disposeAll: (() => void)[] = [];
afterEach(() => {
  for (const d of disposeAll) d();
  disposeAll = [];
});

function fixture() {
  const f = setup();
  disposeAll.push(() => f.cache.dispose());
  return f;
}

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

  it('caches what the app sends and block edits, with a history newest first', async () => {
    const f = fixture();
    const home = f.sourceOf('http://home:8283');
    home.agents.push(agentState('agent-1', 'Ada', [{ id: 'block-1', label: 'human', value: 'v1' }]));
    f.connect('p-home', 'http://home:8283');
    await f.syncNow();

    const base = {} as Handlers;
    const inner = {
      ...base,
      'chat:send': async () => ({ messages: [message('message-9', 'sent through the app about quokkas', 9)], usage: {} }),
      'memory:update-block': async () => ({ id: 'block-1', label: 'human', value: 'v2', limit: 5000 }),
    } as unknown as Handlers;
    const handlers = withOfflineCache(inner, { cache: f.cache, cacheReads: f.reads } as unknown as Services);
    await handlers['chat:send']({ agentId: 'agent-1', text: 'hi' }, ctx);
    expect((await f.search.messages({ query: 'quokkas' })).hits.map((h) => h.messageId)).toEqual(['message-9']);

    await handlers['memory:update-block']({ agentId: 'agent-1', label: 'human', patch: { value: 'v2' } }, ctx);
    const history = f.cache.blockHistory('agent-1', 'human', {});
    expect(history.snapshots.map((s) => s.value)).toEqual(['v2', 'v1']);
    expect(f.seen).toContain('cache:changed');
  });

  it('opens a synced profile offline when the server cannot be reached, and only a synced one', async () => {
    const f = fixture();
    const home = f.sourceOf('http://home:8283');
    home.agents.push(agentState('agent-1', 'Ada'));
    f.connect('p-home', 'http://home:8283');
    await f.syncNow();
    f.session.current = { state: 'disconnected' };
    f.events.emit('connection:changed', {});

    const refusedConnect = async (): Promise<never> => {
      throw new AppFailure('unreachable', 'Cannot reach the Letta server (ECONNREFUSED)');
    };
    const session = Object.assign(f.session, {
      connectOffline: async (profileId: string) => {
        f.connect(profileId, 'http://home:8283');
        return f.session.current;
      },
    });
    const handlers = withOfflineCache({ 'connection:connect': refusedConnect } as unknown as Handlers, {
      cache: f.cache,
      cacheReads: f.reads,
      session,
    } as unknown as Services);
    const status = await handlers['connection:connect']({ profileId: 'p-home' }, ctx);
    expect(status).toMatchObject({ state: 'connected', profileId: 'p-home' });
    expect(f.cache.connectivity().reachability).toBe('offline');
    expect((await f.reads.agentsList({}, refused)).map((a) => a.id)).toEqual(['agent-1']);

    await expect(handlers['connection:connect']({ profileId: 'p-never-synced' }, ctx)).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('treats only server-changing channels as writes', async () => {
    const { isServerWrite } = await import('../ipc/handlers/cache.handlers.js');
    expect(isServerWrite('agents:create')).toBe(true);
    expect(isServerWrite('chat:start-stream')).toBe(true);
    expect(isServerWrite('agents:list')).toBe(false);
    expect(isServerWrite('chat:cancel')).toBe(false);
    expect(isServerWrite('connection:connect')).toBe(false);
    expect(isServerWrite('search:messages')).toBe(false);
  });
});
