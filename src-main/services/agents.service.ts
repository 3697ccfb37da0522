/** Agents (list, read, create, change, delete, duplicate) and the tags they carry. */
import type { AgentListParams, AgentState, CreateAgentParams, Group, UpdateAgent } from '../letta/index.js';
import type { TagListParams } from '../letta/resources/tags.js';
import { ConnectedService } from './connected.js';

export class AgentsService extends ConnectedService {
  list(params: AgentListParams): Promise<AgentState[]> {
    return this.client.agents.list(params);
  }

  count(): Promise<number> {
    return this.client.agents.count();
  }

  get(agentId: string): Promise<AgentState> {
    return this.client.agents.retrieve(agentId);
  }

  async create(body: CreateAgentParams): Promise<AgentState> {
    const agent = await this.client.agents.create(body);
    this.events.emit('agents:changed', { agentId: agent.id });
    return agent;
  }

  async update(agentId: string, patch: UpdateAgent): Promise<AgentState> {
    const agent = await this.client.agents.modify(agentId, patch);
    this.events.emit('agents:changed', { agentId });
    return agent;
  }

  async delete(agentId: string): Promise<void> {
    await this.client.agents.delete(agentId);
    this.events.emit('agents:changed', { agentId });
  }

  /**
   * Copies an agent through the server's own export/import, so the copy has the same memory,
   * tools and rules as the server understands them (not what this app happens to know about).
   */
  async duplicate(agentId: string, options: { name?: string | undefined; withMessages?: boolean | undefined }): Promise<AgentState> {
    const client = this.client;
    const file = await client.agents.exportFile(agentId);
    let copy = await client.agents.importFile({
      file,
      append_copy_suffix: options.name === undefined,
      strip_messages: !options.withMessages,
    });
    if (options.name !== undefined) copy = await client.agents.modify(copy.id, { name: options.name });
    this.events.emit('agents:changed', { agentId: copy.id });
    return copy;
  }

  listGroups(agentId: string): Promise<Group[]> {
    return this.client.agents.groups.list(agentId);
  }

  listTags(params: TagListParams): Promise<string[]> {
    return this.client.tags.list(params);
  }
}
