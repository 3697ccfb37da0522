import { afterEach, describe, expect, it, vi } from 'vitest';
import { conversation } from '../../test/fixtures/messages.js';
import { createRepos, type CacheRepos } from '../db/cache.js';
import { openCache } from '../db/connection.js';
import { isUnreachableError, OfflineWriteError } from './connectivity.js';
import { SyncEventHub, type SyncEventMap, type SyncEventName } from './events.js';
import { SyncEngine, type SyncEngineOptions } from './sync-engine.js';
import { connectionRefused, FakeHttpError, FakeLettaSource } from './testing/fake-source.js';

const SERVER = 'http://localhost:8283';

function agentState(id: string, blocks: { id: string; label: string; value: string }[] = []) {
  return {
    id,
    name: `Agent ${id}`,
    tags: [],
    created_at: '2025-01-01T00:00:00',
    updated_at: '2025-01-02T00:00:00',
    agent_type: 'memgpt_agent',
    llm_config: { model: 'fake', context_window: 32000 },
    memory: { blocks: blocks.map((b) => ({ ...b, limit: 5000, read_only: false, metadata: {} })), prompt_template: '' },
    tools: [{ id: 'tool-send', name: 'send_message' }],
    sources: [{ id: 'source-1', name: 'handbook' }],
  };
}

interface Harness {
  repos: CacheRepos;
  source: FakeLettaSource;
  events: SyncEventHub;
  seen: { [K in SyncEventName]?: SyncEventMap[K][] };
  engine: SyncEngine;
  clock: { now: number };
}

function harness(options: Partial<SyncEngineOptions> = {}, repos?: CacheRepos): Harness {
  const r = repos ?? createRepos(openCache({ path: ':memory:' }).db);
  const source = new FakeLettaSource();
  const events = new SyncEventHub();
  const seen: Harness['seen'] = {};
  for (const name of ['sync:progress', 'sync:state', 'agents:changed', 'messages:changed', 'blocks:changed', 'runs:changed', 'steps:changed'] as const) {
    events.on(name, (p) => ((seen[name] ??= [] as never[]) as unknown[]).push(p));
  }
  const clock = { now: Date.UTC(2025, 6, 1) };
  const engine = new SyncEngine({
    profileId: 'home',
    serverUrl: SERVER,
    repos: r,
    source,
    events,
    pageSize: 100,
    commitRows: 500,
    now: () => clock.now,
    random: () => 0.5,
    ...options,
  });
  return { repos: r, source, events, seen, engine, clock };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SyncEngine.syncAll', () => {
  it('caches agents (with blocks, tools, sources), all their messages, global blocks, runs and steps', async () => {
    const h = harness();
    h.source.agents.push(agentState('agent-1', [{ id: 'block-h', label: 'human', value: 'Ada' }]), agentState('agent-2'));
    h.source.setMessages('agent-1', conversation(750, { seed: 1 }));
    h.source.setMessages('agent-2', conversation(40, { seed: 2 }));
    h.source.globalBlocks.push({ id: 'block-org', label: 'org', value: 'Shared' });
    h.source.runs.push({ id: 'run-1', status: 'completed', created_at: '2025-01-01T00:00:00', metadata: { agent_id: 'agent-1' } });
    h.source.steps.set('run-1', [
      { id: 'step-1', job_id: 'run-1', prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
      { id: 'step-2', job_id: 'run-1', prompt_tokens: 20, completion_tokens: 3, total_tokens: 23 },
    ]);

    const report = await h.engine.syncAll();

    expect(report).toMatchObject({ agents: 2, messagesFetched: 790, messagesInserted: 790, errors: [], offline: false, cancelled: false });
    expect(h.repos.agents.list('home').map((a) => a.id)).toEqual(['agent-1', 'agent-2']);
    expect(h.repos.agents.get('home', 'agent-1')?.agent).toMatchObject({ tools: [{ name: 'send_message' }], sources: [{ name: 'handbook' }] });
    expect(h.repos.messages.count('home', 'agent-1')).toBe(750);
    expect(h.repos.blocks.listForAgent('home', 'agent-1').map((b) => b.value)).toEqual(['Ada']);
    expect(h.repos.blocks.list('home', { listedOnly: true }).map((b) => b.id)).toEqual(['block-org']);
    expect(h.repos.steps.usageForRun('home', 'run-1')).toEqual({ steps: 2, promptTokens: 30, completionTokens: 5, totalTokens: 35 });
    expect(h.engine.state).toMatchObject({ reachability: 'online', lastSyncAt: h.clock.now, syncing: false });
    expect(h.repos.profiles.get('home')?.lastSyncAt).toBe(h.clock.now);

    expect(h.seen['agents:changed']).toEqual([{ profileId: 'home', agentIds: ['agent-1', 'agent-2'] }]);
    expect(new Set(h.seen['messages:changed']?.map((e) => e.agentId))).toEqual(new Set(['agent-1', 'agent-2']));
    expect(h.seen['runs:changed']).toEqual([{ profileId: 'home', runIds: ['run-1'] }]);
    expect(h.seen['steps:changed']).toEqual([{ profileId: 'home', runId: 'run-1' }]);
    const progress = h.seen['sync:progress'] ?? [];
    expect(progress.some((p) => p.phase === 'messages' && p.agentId === 'agent-1' && (p.fetched ?? 0) >= 750)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'steps', done: 1, total: 1 });
  });

  it('is idempotent: a second sync asks only for what is new and changes nothing', async () => {
    const h = harness();
    h.source.agents.push(agentState('agent-1'));
    h.source.setMessages('agent-1', conversation(300, { seed: 3 }));
    h.source.runs.push({ id: 'run-1', status: 'completed', created_at: '2025-01-01T00:00:00' });
    await h.engine.syncAll();
    h.seen['messages:changed'] = [];
    h.source.calls.length = 0;

    const again = await h.engine.syncAll();
    expect(again).toMatchObject({ messagesFetched: 0, messagesInserted: 0, runsChanged: 0, blocksChanged: 0 });
    expect(h.seen['messages:changed']).toEqual([]);
    // A finished run whose steps were read to the end is not asked about again.
    expect(h.source.calls.filter((c) => c.method === 'listRunSteps')).toEqual([]);

    const full = await h.engine.syncAll({ full: true });
    expect(full).toMatchObject({ messagesFetched: 300, messagesInserted: 0, messagesUpdated: 0 });
  });

  it('keeps going past an agent whose messages fail, leaving its cursor, and catches up later', async () => {
    const h = harness();
    h.source.agents.push(agentState('agent-1'), agentState('agent-2'));
    h.source.setMessages('agent-1', conversation(50, { seed: 4 }));
    h.source.setMessages('agent-2', conversation(50, { seed: 5 }));
    h.source.failNext('listMessages', new FakeHttpError(500, 'Internal Server Error'));

    const report = await h.engine.syncAll();
    expect(report.errors).toEqual([{ scope: 'messages of agent-1', message: 'Internal Server Error' }]);
    expect(h.repos.messages.count('home', 'agent-1')).toBe(0);
    expect(h.repos.messages.count('home', 'agent-2')).toBe(50);

    await h.engine.syncAll();
    expect(h.repos.messages.count('home', 'agent-1')).toBe(50);
  });

  it('reports a failed agent listing without touching the cache', async () => {
    const h = harness();
    h.source.agents.push(agentState('agent-1'));
    await h.engine.syncAll();
    h.source.failNext('listAgents', new FakeHttpError(500, 'Internal Server Error'));
    const report = await h.engine.syncAll();
    expect(report.errors).toEqual([{ scope: 'agents', message: 'Internal Server Error' }]);
    expect(h.repos.agents.list('home').map((a) => a.id)).toEqual(['agent-1']);
  });

  it('marks agents the server dropped as removed but keeps their history readable', async () => {
    const h = harness();
    h.source.agents.push(agentState('agent-1'), agentState('agent-2'));
    h.source.setMessages('agent-2', conversation(10, { seed: 6 }));
    await h.engine.syncAll();
    h.source.agents.splice(1, 1);
    await h.engine.syncAll();
    expect(h.repos.agents.list('home').map((a) => a.id)).toEqual(['agent-1']);
    expect(h.repos.messages.count('home', 'agent-2')).toBe(10);
  });

  it('records block changes with the memory tool call and run that made them', async () => {
    const h = harness();
    h.source.agents.push(agentState('agent-1', [{ id: 'block-h', label: 'human', value: 'Name: Ada' }]));
    await h.engine.syncAll();

    h.clock.now += 60_000;
    const at = new Date(h.clock.now - 30_000).toISOString();
    h.source.appendMessages('agent-1', [
      { id: 'message-x', date: at, message_type: 'user_message', content: 'I moved to Lisbon' },
      {
        id: 'message-y',
        date: at,
        message_type: 'tool_call_message',
        step_id: 'step-9',
        tool_call: { name: 'core_memory_append', arguments: '{"label": "human", "content": "Lives in Lisbon"}', tool_call_id: 'c9' },
      },
    ]);
    h.source.agents[0] = agentState('agent-1', [{ id: 'block-h', label: 'human', value: 'Name: Ada\nLives in Lisbon' }]);
    h.source.runs.push({ id: 'run-9', status: 'completed', created_at: at, metadata: { agent_id: 'agent-1' } });
    h.source.steps.set('run-9', [{ id: 'step-9', job_id: 'run-9', total_tokens: 5 }]);
    await h.engine.syncAll();

    const { snapshots } = h.repos.blocks.history('home', 'block-h');
    expect(snapshots.map((s) => [s.value, s.stepId, s.runId, s.changedAt])).toEqual([
      ['Name: Ada\nLives in Lisbon', 'step-9', 'run-9', Date.parse(at)],
      ['Name: Ada', null, null, null],
    ]);
    expect(h.seen['blocks:changed']?.at(-1)).toEqual({ profileId: 'home', blockIds: ['block-h'] });
  });

  it('stops at a cancel, keeping what was committed, and the next sync finishes', async () => {
    const h = harness({ pageSize: 20, commitRows: 20 });
    h.source.agents.push(agentState('agent-1'));
    h.source.setMessages('agent-1', conversation(400, { seed: 7 }));
    h.source.latencyMs = 2;
    const controller = new AbortController();
    h.events.on('sync:progress', (p) => {
      if ((p.fetched ?? 0) >= 100) controller.abort();
    });
    const report = await h.engine.syncAll({ signal: controller.signal });
    expect(report.cancelled).toBe(true);
    const partial = h.repos.messages.count('home', 'agent-1');
    expect(partial).toBeGreaterThanOrEqual(100);
    expect(partial).toBeLessThan(400);
    expect(h.engine.state.lastSyncAt).toBeNull();

    h.source.latencyMs = 0;
    await h.engine.syncAll();
    expect(h.repos.messages.count('home', 'agent-1')).toBe(400);
  });

  it('stops and says so when the cache file turns out to be damaged', async () => {
    const h = harness();
    h.source.agents.push(agentState('agent-1'));
    h.source.setMessages('agent-1', conversation(10));
    h.repos.messages.upsert = () => {
      throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
    };
    const damaged: string[] = [];
    h.events.on('cache:damaged', (e) => damaged.push(e.reason));
    const report = await h.engine.syncAll();
    expect(report).toMatchObject({ damaged: true, errors: [] });
    expect(damaged).toEqual(['database disk image is malformed']);
  });

  it('shares one run between concurrent callers', async () => {
    const h = harness();
    h.source.agents.push(agentState('agent-1'));
    const [a, b] = [h.engine.syncAll(), h.engine.syncAll()];
    expect(await a).toBe(await b);
    expect(h.source.calls.filter((c) => c.method === 'listAgents')).toHaveLength(1);
  });

  it('drops the cache of a profile that now points at another server', async () => {
    const h = harness();
    h.source.agents.push(agentState('agent-1'));
    h.source.setMessages('agent-1', conversation(10));
    await h.engine.syncAll();
    const other = harness({ serverUrl: 'https://elsewhere.example.com' }, h.repos);
    expect(other.engine.profileReset).toBe(true);
    expect(h.repos.agents.list('home')).toEqual([]);
    expect(h.repos.search.search('the').hits).toEqual([]);
  });
});

describe('offline', () => {
  async function syncedThenDown(): Promise<Harness> {
    const h = harness();
    h.source.agents.push(agentState('agent-1'));
    h.source.setMessages('agent-1', conversation(30, { seed: 8 }));
    await h.engine.syncAll();
    h.source.unreachable = true;
    h.clock.now += 3_600_000;
    return h;
  }

  it('reports offline with the last sync time and keeps every read working from the cache', async () => {
    const h = await syncedThenDown();
    const lastSync = h.clock.now - 3_600_000;
    const report = await h.engine.syncAll();
    expect(report.offline).toBe(true);
    expect(h.engine.state).toMatchObject({ reachability: 'offline', lastSyncAt: lastSync, offlineSince: h.clock.now, reason: 'connect ECONNREFUSED 127.0.0.1:8283' });
    expect(h.seen['sync:state']?.at(-1)?.state.reachability).toBe('offline');

    const page = h.engine.stamp(h.repos.messages.page('home', 'agent-1', { limit: 50 }));
    expect(page).toMatchObject({ offline: true, lastSyncAt: lastSync });
    expect(page.value.messages).toHaveLength(30);
    expect(h.engine.stamp(h.repos.search.search('the')).value.hits.length).toBeGreaterThan(0);
    expect(h.engine.stamp(h.repos.agents.list('home')).value).toHaveLength(1);
  });

  it('refuses writes with a clear message instead of queueing them', async () => {
    const h = await syncedThenDown();
    await h.engine.syncAll();
    const write = vi.fn(async () => 'sent');
    await expect(h.engine.guardWrite('send the message', write)).rejects.toThrow(OfflineWriteError);
    expect(write).not.toHaveBeenCalled();
    expect(() => h.engine.assertWritable('edit memory')).toThrow(/Can't edit memory while offline: http:\/\/localhost:8283 is unreachable .*Nothing was saved or queued/);
  });

  it('turns a write that finds the server gone into the same refusal, never a retry', async () => {
    const h = harness();
    const write = vi.fn(async () => {
      throw connectionRefused();
    });
    await expect(h.engine.guardWrite('rename the agent', write)).rejects.toThrow(OfflineWriteError);
    expect(write).toHaveBeenCalledTimes(1);
    expect(h.engine.state.reachability).toBe('offline');
  });

  it('comes back online on the next successful call', async () => {
    const h = await syncedThenDown();
    await h.engine.syncAll();
    h.source.unreachable = false;
    await h.engine.syncAll();
    expect(h.engine.state).toMatchObject({ reachability: 'online', offlineSince: null, reason: null, lastSyncAt: h.clock.now });
    await expect(h.engine.guardWrite('send', async () => 1)).resolves.toBe(1);
  });

  it('recognises the typed client, Node and gateway failures as unreachable, and nothing else', () => {
    expect(isUnreachableError({ code: 'connection' })).toBe(true);
    expect(isUnreachableError({ code: 'timeout' })).toBe(true);
    expect(isUnreachableError(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
    expect(isUnreachableError({ status: 503 })).toBe(true);
    expect(isUnreachableError({ status: 500 })).toBe(false);
    expect(isUnreachableError(new FakeHttpError(404, 'nope'))).toBe(false);
    expect(isUnreachableError(null)).toBe(false);
  });
});

describe('scheduling', () => {
  it('does nothing until the first paint, then syncs in the background', async () => {
    vi.useFakeTimers();
    const h = harness();
    h.source.agents.push(agentState('agent-1'));
    let painted!: () => void;
    h.engine.start(new Promise<void>((resolve) => (painted = resolve)));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.source.calls).toEqual([]);

    painted();
    await vi.advanceTimersByTimeAsync(0);
    await vi.waitFor(() => expect(h.engine.state.lastSyncAt).not.toBeNull());
    h.engine.stop();
  });

  it('retries with growing, jittered delays while offline, and returns to the interval after', async () => {
    vi.useFakeTimers();
    const h = harness({ backoff: { initialMs: 1_000, maxMs: 8_000 }, intervalMs: 60_000 });
    h.source.agents.push(agentState('agent-1'));
    h.source.unreachable = true;
    h.engine.start(Promise.resolve());
    const attempts = () => h.source.calls.filter((c) => c.method === 'listAgents').length;

    await vi.advanceTimersByTimeAsync(0);
    expect(attempts()).toBe(1);
    // random() = 0.5 → no jitter: 1 s, 2 s, 4 s, 8 s, 8 s.
    for (const [wait, expected] of [[999, 1], [1, 2], [1_999, 2], [1, 3], [4_000, 4], [8_000, 5], [8_000, 6]] as const) {
      await vi.advanceTimersByTimeAsync(wait);
      expect(attempts()).toBe(expected);
    }
    expect(h.engine.state.nextAttemptAt).toBe(h.clock.now + 8_000);

    h.source.unreachable = false;
    await vi.advanceTimersByTimeAsync(8_000);
    expect(attempts()).toBe(7);
    expect(h.engine.state.reachability).toBe('online');
    await vi.advanceTimersByTimeAsync(59_000);
    expect(attempts()).toBe(7);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempts()).toBe(8);
    h.engine.stop();
  });
});

describe('a refused write', () => {
  it('sends the engine to look for the server at once instead of waiting out the backoff', async () => {
    vi.useFakeTimers();
    const h = harness({ backoff: { initialMs: 60_000, maxMs: 60_000 } });
    h.source.agents.push(agentState('agent-1'));
    h.source.unreachable = true;
    h.engine.start(Promise.resolve());
    await vi.advanceTimersByTimeAsync(0);
    const attempts = () => h.source.calls.filter((c) => c.method === 'listAgents').length;
    expect(attempts()).toBe(1);

    h.source.unreachable = false;
    expect(() => h.engine.assertWritable('send')).toThrow(OfflineWriteError);
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts()).toBe(2);
    expect(h.engine.state.reachability).toBe('online');
    h.engine.stop();
  });
});

describe('writes from the app', () => {
  it('puts sent and streamed messages in the cache at once, and the next sync does not duplicate them', async () => {
    const h = harness();
    h.source.agents.push(agentState('agent-1'));
    const history = conversation(20, { seed: 9 });
    h.source.setMessages('agent-1', history.slice(0, 10));
    await h.engine.syncAll();

    const streamed = history.slice(10);
    expect(h.engine.ingestMessages('agent-1', streamed)).toMatchObject({ inserted: 10 });
    expect(h.seen['messages:changed']?.at(-1)).toEqual({ profileId: 'home', agentId: 'agent-1' });
    expect(h.repos.messages.page('home', 'agent-1').messages.map((m) => m.id)).toEqual(history.map((m) => m.id));

    h.source.setMessages('agent-1', history);
    const report = await h.engine.syncAll();
    expect(report).toMatchObject({ messagesFetched: 10, messagesInserted: 0 });
    expect(h.repos.messages.count('home', 'agent-1')).toBe(20);
  });

  it('records a block the app changed, with the cause it knows', () => {
    const h = harness();
    h.engine.ingestBlock({ id: 'block-1', label: 'human', value: 'v1' });
    h.engine.ingestBlock({ id: 'block-1', label: 'human', value: 'v2' }, { agentId: 'agent-1', stepId: 'step-1', runId: 'run-1' });
    expect(h.repos.blocks.history('home', 'block-1').snapshots.map((s) => [s.value, s.runId])).toEqual([
      ['v2', 'run-1'],
      ['v1', null],
    ]);
  });

  it('fetches a provider trace when online and serves the cached one offline', async () => {
    const h = harness();
    h.source.traces.set('step-1', { id: 'trace-1', step_id: 'step-1', request_json: { model: 'x' }, response_json: { ok: true } });
    const online = await h.engine.fetchProviderTrace('step-1');
    expect(online).toMatchObject({ offline: false, value: { trace: { request_json: { model: 'x' } } } });
    h.source.unreachable = true;
    const offline = await h.engine.fetchProviderTrace('step-1');
    expect(offline).toMatchObject({ offline: true, value: { trace: { response_json: { ok: true } } } });
  });
});
