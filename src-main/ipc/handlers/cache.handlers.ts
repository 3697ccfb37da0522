/**
 * The cache's own channels (search, block history, status, sync control), and the wrapper that
 * puts the cache behind the server channels: reads answer from it when the server is
 * unreachable, writes are refused while it is (see services/cache.service.ts).
 */
import { CHANNEL_NAMES, type ChannelName } from '../../../src-shared/ipc/contract.js';
import type { Services } from '../../services/index.js';
import type { CallContext, Handlers } from '../router.js';
import type { HandlerFactory } from './types.js';

export const cacheHandlers: HandlerFactory<'sync' | 'search' | 'cache'> = (s) => ({
  'sync:first-paint': async () => s.cache.firstPaint(),
  'sync:now': async ({ agentId, full }) => s.cache.syncNow(agentId, full ?? false),
  'sync:cancel': async () => s.cache.cancelSync(),
  'search:messages': async (query) => s.search.messages(query),
  'cache:block-history': async ({ agentId, label, before, limit }) => s.cache.blockHistory(agentId, label, { before, limit }),
  'cache:get-status': async () => s.cache.status(),
});

/** Channels that only touch this app (no server), or only read: never refused offline. */
const LOCAL_DOMAINS = new Set(['app', 'settings', 'profiles', 'secrets', 'connection', 'sync', 'search', 'cache']);
/**
 * Voice settings, keys, the "Test" buttons and local models live on this machine (or talk to a
 * speech service, not the Letta server); only a turn needs the server.
 */
const LOCAL_VOICE = new Set<ChannelName>([
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
]);
// `export` and `search` only read, even where the route is a POST (Cloud's agent search).
const READ_VERB = /^(list|get|count|check|export|search)(-|$)/;
const LOCAL_CHANNELS = new Set<ChannelName>(['chat:cancel', 'groups:cancel', ...LOCAL_VOICE]);

/** A channel that changes something on the server: refused while offline instead of queued. */
export function isServerWrite(channel: ChannelName): boolean {
  const [domain = '', verb = ''] = channel.split(':');
  return !LOCAL_DOMAINS.has(domain) && !READ_VERB.test(verb) && !LOCAL_CHANNELS.has(channel);
}

/** How a refused write is named in "Can't … while offline". */
const ACTIONS: Partial<Record<ChannelName, string>> = {
  'chat:start-stream': 'send a message',
  'chat:send-async': 'send a message',
  'groups:start-stream': 'send a message to the group',
  'voice:start-turn': 'talk to the agent by voice',
  'chat:update-message': 'edit the message',
  'chat:reset-messages': 'reset the conversation',
};

type AnyHandler = (args: never, ctx: CallContext) => Promise<unknown>;

export function withOfflineCache(handlers: Handlers, s: Services): Handlers {
  const r = s.cacheReads;
  const wrapped: Handlers = {
    ...handlers,
    'agents:list': async (params, ctx) => r.agentsList(params, () => handlers['agents:list'](params, ctx)),
    // With the server down, a profile synced before still opens, read-only, from the cache.
    'connection:connect': async (args, ctx) => {
      try {
        return await handlers['connection:connect'](args, ctx);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if ((code !== 'unreachable' && code !== 'timeout') || !s.cache.hasSynced(args.profileId)) throw err;
        const status = await s.session.connectOffline(args.profileId);
        s.cache.openedOffline(err instanceof Error ? err.message : String(err));
        return status;
      }
    },
    'agents:count': async (args, ctx) => r.agentsCount(() => handlers['agents:count'](args, ctx)),
    'tags:list': async (args, ctx) => r.tags(() => handlers['tags:list'](args, ctx)),
    'agents:get': async (args, ctx) => r.agentsGet(args.agentId, () => handlers['agents:get'](args, ctx)),
    'chat:list-messages': async (args, ctx) => r.listMessages(args.agentId, args, () => handlers['chat:list-messages'](args, ctx)),
    'memory:get': async (args, ctx) => r.coreMemory(args.agentId, () => handlers['memory:get'](args, ctx)),
    'memory:list-blocks': async (args, ctx) => r.agentBlocks(args.agentId, () => handlers['memory:list-blocks'](args, ctx)),
    'memory:get-block': async (args, ctx) => r.agentBlock(args.agentId, args.label, () => handlers['memory:get-block'](args, ctx)),
    'runs:list': async (args, ctx) => r.listRuns(args.agentIds, args.activeOnly ?? false, () => handlers['runs:list'](args, ctx)),
    'runs:get': async (args, ctx) => r.getRun(args.runId, () => handlers['runs:get'](args, ctx)),
    'runs:list-steps': async (args, ctx) => r.listRunSteps(args.runId, args, () => handlers['runs:list-steps'](args, ctx)),
    'steps:get-trace': async (args, ctx) => r.stepTrace(args.stepId, () => handlers['steps:get-trace'](args, ctx)),
    // What the app sent lands in the cache at once; block edits leave a history snapshot.
    'chat:send': async (args, ctx) => {
      const response = await s.cache.guardWrite('send a message', () => handlers['chat:send'](args, ctx));
      s.cache.ingestMessages(args.agentId, response.messages);
      return response;
    },
    // A reset deletes the history on the server; keeping it in the cache would bring it back
    // in offline reading and search.
    'chat:reset-messages': async (args, ctx) => {
      const agent = await s.cache.guardWrite('reset the conversation', () => handlers['chat:reset-messages'](args, ctx));
      s.cache.forgetMessages(args.agentId);
      return agent;
    },
    'memory:update-block': async (args, ctx) => {
      const block = await s.cache.guardWrite('save the block', () => handlers['memory:update-block'](args, ctx));
      r.blockSaved(args.agentId, block);
      return block;
    },
    'blocks:update': async (args, ctx) => {
      const block = await s.cache.guardWrite('save the block', () => handlers['blocks:update'](args, ctx));
      r.blockSaved(undefined, block);
      return block;
    },
  };
  const table = wrapped as unknown as Record<ChannelName, AnyHandler>;
  for (const name of CHANNEL_NAMES) {
    if (!isServerWrite(name) || name === 'chat:send' || name === 'memory:update-block' || name === 'blocks:update') continue;
    const inner = table[name];
    const [domain = '', verb = ''] = name.split(':');
    const action = ACTIONS[name] ?? `${verb.replace(/-/g, ' ')} (${domain})`;
    table[name] = (args, ctx) => s.cache.guardWrite(action, () => inner(args, ctx));
  }
  return wrapped;
}
