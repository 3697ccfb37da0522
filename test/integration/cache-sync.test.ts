/**
 * The cache against the real Letta server: messages created on the server are synced into a temp
 * cache by the app's own wiring (CacheService + the typed client), then the client is pointed at
 * a port nothing listens on, and the same history is read and searched offline, writes refused;
 * the file then survives a restart of the cache with the server still gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import type { ConnectionStatus } from '../../src-shared/app-types.js';
import { LettaClient } from '../../src-main/letta/index.js';
import { memoryLogger } from '../../src-main/log.js';
import { CacheReadsService } from '../../src-main/services/cache-reads.service.js';
import { CacheService, clientSource } from '../../src-main/services/cache.service.js';
import { EventBus } from '../../src-main/services/events.js';
import { SearchService } from '../../src-main/services/search.service.js';
import type { Session } from '../../src-main/services/session.js';
import { freePort } from '../harness/letta-server.js';
import { AgentFactory, uniqueWord } from './support/agents.js';
import { testClient } from './support/coverage.js';

const online = testClient();
const agents = new AgentFactory(online);
const dir = mkdtempSync(join(tmpdir(), 'letta-desk-cache-it-'));
afterAll(async () => {
  await agents.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** The app's session as the cache sees it: connected to the server through `current`. */
function sessionOver(getClient: () => LettaClient, baseUrl: string): Session {
  const status: ConnectionStatus = {
    state: 'connected',
    profileId: 'it-profile',
    profileName: 'Integration',
    kind: 'self-hosted',
    baseUrl,
    serverVersion: '0.7.29',
    latencyMs: 1,
    connectedAt: new Date().toISOString(),
  };
  return { status: () => status, client: getClient } as unknown as Session;
}

describe('cache sync against the real server, then offline', () => {
  it('syncs what the server has, then reads and searches it with the server unreachable', async () => {
    const word = uniqueWord('cassowary');
    const agent = await agents.create();
    await online.agents.messages.create(agent.id, { messages: [{ role: 'user', content: `Tell me about the ${word} enclosure` }] });
    await online.agents.messages.create(agent.id, { messages: [{ role: 'user', content: 'And the opening hours?' }] });

    const dead = new LettaClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, retry: { maxRetries: 0 } });
    let current: LettaClient = online;
    // Every call looks the client up when it is made, so switching `current` cuts the server off.
    const client = new Proxy({} as LettaClient, { get: (_, key) => current[key as keyof LettaClient] });
    const events = new EventBus();
    const path = join(dir, 'cache.sqlite');
    const session = sessionOver(() => client, inject('lettaUrl'));
    const cache = new CacheService({ path, session, events, log: memoryLogger(), sourceFor: () => clientSource(client) });
    const reads = new CacheReadsService(cache);
    const profiles = { read: async () => ({ profiles: [{ id: 'it-profile', name: 'Integration' }] }) } as never;
    const search = new SearchService(cache, profiles);

    events.emit('connection:changed', {});
    cache.firstPaint();
    await vi.waitFor(() => expect(cache.status().connectivity.lastSyncAt).not.toBeNull(), { timeout: 60_000, interval: 100 });
    expect(cache.status().agents.find((a) => a.agentId === agent.id)?.messages).toBeGreaterThanOrEqual(4);

    current = dead;
    const listed = await reads.agentsList({}, () => current.agents.list({}));
    expect(listed.map((a) => a.id)).toContain(agent.id);
    expect(cache.connectivity().reachability).toBe('offline');
    expect(cache.connectivity().lastSyncAt).not.toBeNull();

    const history = await reads.listMessages(agent.id, { limit: 50 }, () => current.agents.messages.list(agent.id, { limit: 50 }));
    const texts = history.map((m) => JSON.stringify(m));
    expect(texts.some((t) => t.includes(`the ${word} enclosure`))).toBe(true);
    expect(texts.some((t) => t.includes('And the opening hours?'))).toBe(true);
    expect((await reads.agentBlocks(agent.id, () => current.agents.coreMemory.blocks.list(agent.id))).map((b) => b.label).sort()).toEqual(
      agent.memory.blocks.map((b) => b.label).sort(),
    );

    const found = await search.messages({ query: word, scope: 'agent', agentId: agent.id });
    expect(found.hits.length).toBeGreaterThanOrEqual(1);
    expect(found.hits[0]).toMatchObject({ agentId: agent.id, agentName: agent.name, profileName: 'Integration', activeProfile: true });

    await expect(cache.guardWrite('send a message', () => current.agents.messages.create(agent.id, { messages: [] }))).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringMatching(/Can't send a message while offline/),
    });
    cache.dispose();

    // Restarted with the server still gone: the file has it all.
    const bus = new EventBus();
    const again = new CacheService({ path, session, events: bus, log: memoryLogger(), sourceFor: () => clientSource(client) });
    bus.emit('connection:changed', {});
    again.firstPaint();
    const reopened = new CacheReadsService(again);
    const after = await reopened.listMessages(agent.id, { limit: 50 }, () => current.agents.messages.list(agent.id, { limit: 50 }));
    expect(after.length).toBe(history.length);
    expect((await new SearchService(again, profiles).messages({ query: word })).hits.length).toBeGreaterThanOrEqual(1);
    again.dispose();
  });
});
