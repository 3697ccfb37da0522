import { afterEach, describe, expect, it } from 'vitest';
import type { Services } from '../../services/index.js';
import { AppFailure } from '../../services/errors.js';
import { agentState, disposeFixtures, fixture, message, refused } from '../../services/testing/cache-fixture.js';
import type { CallContext, Handlers } from '../router.js';
import { isServerWrite, withOfflineCache } from './cache.handlers.js';

const ctx = {} as CallContext;
afterEach(disposeFixtures);

describe('withOfflineCache', () => {
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

  it('forgets the cached history of a conversation the app reset, and fetches what is left again', async () => {
    const f = fixture();
    const home = f.sourceOf('http://home:8283');
    home.agents.push(agentState('agent-1', 'Ada'), agentState('agent-2', 'Grace'));
    home.setMessages('agent-1', [message('m-1', 'the pelican ledger', 1), message('m-2', 'more pelican notes', 2)]);
    home.setMessages('agent-2', [message('m-3', 'a pelican elsewhere', 3)]);
    f.connect('p-home', 'http://home:8283');
    await f.syncNow();
    expect((await f.search.messages({ query: 'pelican' })).hits).toHaveLength(3);

    const inner = {
      'chat:reset-messages': async () => {
        home.setMessages('agent-1', [message('m-9', 'a fresh start', 9)]);
        return agentState('agent-1', 'Ada');
      },
    } as unknown as Handlers;
    const handlers = withOfflineCache(inner, { cache: f.cache, cacheReads: f.reads } as unknown as Services);
    await handlers['chat:reset-messages']({ agentId: 'agent-1' }, ctx);

    // Only the reset agent's rows go, from the history and from search.
    expect((await f.search.messages({ query: 'pelican' })).hits.map((h) => h.messageId)).toEqual(['m-3']);
    await f.syncNow();
    const status = f.cache.status();
    expect(status.agents.find((a) => a.agentId === 'agent-1')?.messages).toBe(1);
    expect((await f.search.messages({ query: 'fresh' })).hits.map((h) => h.messageId)).toEqual(['m-9']);
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

  it('offline, a block read by label answers from the cache, so a save is refused at the write with the offline message', async () => {
    const f = fixture();
    const home = f.sourceOf('http://home:8283');
    home.agents.push(agentState('agent-1', 'Ada', [{ id: 'block-1', label: 'human', value: 'v1' }]));
    f.connect('p-home', 'http://home:8283');
    await f.syncNow();
    const inner = { 'memory:get-block': refused, 'memory:update-block': refused } as unknown as Handlers;
    const handlers = withOfflineCache(inner, { cache: f.cache, cacheReads: f.reads } as unknown as Services);
    expect(await handlers['memory:get-block']({ agentId: 'agent-1', label: 'human' }, ctx)).toMatchObject({ id: 'block-1', value: 'v1' });
    await expect(handlers['memory:update-block']({ agentId: 'agent-1', label: 'human', patch: { value: 'v2' } }, ctx)).rejects.toMatchObject({
      message: expect.stringMatching(/save the block/),
    });
  });

  it('treats only server-changing channels as writes', async () => {
    expect(isServerWrite('agents:create')).toBe(true);
    expect(isServerWrite('chat:start-stream')).toBe(true);
    expect(isServerWrite('agents:list')).toBe(false);
    expect(isServerWrite('chat:cancel')).toBe(false);
    expect(isServerWrite('groups:cancel')).toBe(false);
    expect(isServerWrite('groups:start-stream')).toBe(true);
    expect(isServerWrite('agents:export-file')).toBe(false);
    expect(isServerWrite('agents:import-file')).toBe(true);
    expect(isServerWrite('cloud:search-agents')).toBe(false);
    expect(isServerWrite('connection:connect')).toBe(false);
    expect(isServerWrite('search:messages')).toBe(false);
  });

  it('refuses only the voice turn offline: settings, keys, tests, models and cancel are local', () => {
    expect(isServerWrite('voice:start-turn')).toBe(true);
    for (const channel of [
      'voice:cancel',
      'voice:get-settings',
      'voice:update-settings',
      'voice:set-key',
      'voice:check-service',
      'voice:list-models',
      'voice:download-model',
      'voice:cancel-download',
      'voice:import-model',
      'voice:remove-model',
    ] as const) {
      expect(isServerWrite(channel), channel).toBe(false);
    }
  });
});
