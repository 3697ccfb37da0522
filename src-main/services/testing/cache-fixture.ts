/** Test support for the cache services and handlers: a fake session, fake servers, a fixture. */
import { expect, vi } from 'vitest';
import type { ConnectionStatus } from '../../../src-shared/app-types.js';
import type { LettaClient } from '../../letta/index.js';
import { memoryLogger } from '../../log.js';
import { connectionRefused, FakeLettaSource } from '../../sync/testing/fake-source.js';
import { CacheReadsService } from '../cache-reads.service.js';
import { CacheService } from '../cache.service.js';
import { EventBus } from '../events.js';
import { SearchService } from '../search.service.js';
import type { Session } from '../session.js';

export function agentState(id: string, name: string, blocks: { id: string; label: string; value: string }[] = []) {
  return {
    id,
    name,
    tags: ['t'],
    created_at: '2025-01-01T00:00:00',
    memory: { blocks: blocks.map((b) => ({ ...b, limit: 5000 })), prompt_template: '' },
  };
}

export const message = (id: string, content: string, minute: number) => ({
  id,
  date: new Date(Date.UTC(2025, 0, 1, 10, minute)).toISOString(),
  message_type: 'user_message',
  content,
});

/** A session stand-in: which profile is connected, switched by the test. */
export class FakeSession {
  current: ConnectionStatus = { state: 'disconnected' };
  connect(profileId: string, baseUrl: string): void {
    this.current = { state: 'connected', profileId, profileName: profileId, kind: 'self-hosted', baseUrl, serverVersion: '0.7.29', latencyMs: 1, connectedAt: new Date().toISOString() + profileId };
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

export const refused = () => Promise.reject(connectionRefused());

export function setup(path = ':memory:') {
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
    path,
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

const open: (() => void)[] = [];

/** A cache service over ':memory:' with fake servers per URL; `disposeFixtures()` after each test. */
export function fixture(path?: string) {
  const f = setup(path);
  open.push(() => f.cache.dispose());
  return f;
}

export function disposeFixtures(): void {
  for (const d of open.splice(0)) d();
}

