import type { HandlerFactory } from './types.js';

export const memoryHandlers: HandlerFactory<'memory' | 'blocks' | 'archival' | 'context'> = (s) => ({
  'memory:get': async ({ agentId }) => s.memory.getCoreMemory(agentId),
  'memory:list-blocks': async ({ agentId }) => s.memory.listAgentBlocks(agentId),
  'memory:get-block': async ({ agentId, label }) => s.memory.getAgentBlock(agentId, label),
  'memory:update-block': async ({ agentId, label, patch }) => s.memory.updateAgentBlock(agentId, label, patch),
  'memory:attach-block': async ({ agentId, blockId }) => s.memory.attachBlock(agentId, blockId),
  'memory:detach-block': async ({ agentId, blockId }) => s.memory.detachBlock(agentId, blockId),

  'blocks:list': async (params) => s.memory.listBlocks(params),
  'blocks:count': async () => s.memory.countBlocks(),
  'blocks:get': async ({ blockId }) => s.memory.getBlock(blockId),
  'blocks:create': async ({ body }) => s.memory.createBlock(body),
  'blocks:update': async ({ blockId, patch }) => s.memory.updateBlock(blockId, patch),
  'blocks:delete': async ({ blockId }) => s.memory.deleteBlock(blockId),
  'blocks:list-agents': async ({ blockId }) => s.memory.listBlockAgents(blockId),

  'archival:list': async ({ agentId, ...params }) => s.memory.listPassages(agentId, params),
  'archival:create': async ({ agentId, text }) => s.memory.createPassage(agentId, text),
  'archival:delete': async ({ agentId, passageId }) => s.memory.deletePassage(agentId, passageId),

  'context:get': async ({ agentId }) => s.memory.getContextWindow(agentId),
});
