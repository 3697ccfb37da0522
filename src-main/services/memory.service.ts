/**
 * What agents remember: core memory (an agent's blocks, by label), global blocks (which can be
 * shared between agents), archival passages, and the context window those end up in.
 */
import type {
  AgentPassageListParams,
  AgentState,
  Block,
  BlockListParams,
  BlockUpdate,
  ContextWindowOverview,
  CreateBlock,
  Memory,
  Passage,
} from '../letta/index.js';
import { ConnectedService } from './connected.js';

export class MemoryService extends ConnectedService {
  getCoreMemory(agentId: string): Promise<Memory> {
    return this.client.agents.coreMemory.retrieve(agentId);
  }

  listAgentBlocks(agentId: string): Promise<Block[]> {
    return this.client.agents.coreMemory.blocks.list(agentId);
  }

  getAgentBlock(agentId: string, label: string): Promise<Block> {
    return this.client.agents.coreMemory.blocks.retrieve(agentId, label);
  }

  async updateAgentBlock(agentId: string, label: string, patch: BlockUpdate): Promise<Block> {
    const block = await this.client.agents.coreMemory.blocks.modify(agentId, label, patch);
    this.events.emit('memory:changed', { agentId, blockId: block.id });
    return block;
  }

  async attachBlock(agentId: string, blockId: string): Promise<AgentState> {
    const agent = await this.client.agents.coreMemory.blocks.attach(agentId, blockId);
    this.events.emit('memory:changed', { agentId, blockId });
    return agent;
  }

  async detachBlock(agentId: string, blockId: string): Promise<AgentState> {
    const agent = await this.client.agents.coreMemory.blocks.detach(agentId, blockId);
    this.events.emit('memory:changed', { agentId, blockId });
    return agent;
  }

  listBlocks(params: BlockListParams): Promise<Block[]> {
    return this.client.blocks.list(params);
  }
  countBlocks(): Promise<number> {
    return this.client.blocks.count();
  }


  getBlock(blockId: string): Promise<Block> {
    return this.client.blocks.retrieve(blockId);
  }

  async createBlock(body: CreateBlock): Promise<Block> {
    const block = await this.client.blocks.create(body);
    this.events.emit('memory:changed', { blockId: block.id });
    return block;
  }

  async updateBlock(blockId: string, patch: BlockUpdate): Promise<Block> {
    const block = await this.client.blocks.modify(blockId, patch);
    // Every agent sharing the block sees the edit; the renderer refetches whatever shows it.
    this.events.emit('memory:changed', { blockId });
    return block;
  }

  async deleteBlock(blockId: string): Promise<void> {
    await this.client.blocks.delete(blockId);
    this.events.emit('memory:changed', { blockId });
  }

  listBlockAgents(blockId: string): Promise<AgentState[]> {
    return this.client.blocks.agents.list(blockId);
  }

  listPassages(agentId: string, params: AgentPassageListParams): Promise<Passage[]> {
    return this.client.agents.archival.list(agentId, params);
  }

  async createPassage(agentId: string, text: string): Promise<Passage[]> {
    const passages = await this.client.agents.archival.create(agentId, { text });
    this.events.emit('archival:changed', { agentId });
    return passages;
  }

  async deletePassage(agentId: string, passageId: string): Promise<void> {
    await this.client.agents.archival.delete(agentId, passageId);
    this.events.emit('archival:changed', { agentId });
  }

  getContextWindow(agentId: string): Promise<ContextWindowOverview> {
    return this.client.agents.context.retrieve(agentId);
  }
}
