/** Multi-agent groups and their shared conversation. */
import type {
  Group,
  GroupCreateParams,
  GroupListParams,
  GroupMessageListParams,
  GroupModifyParams,
  LettaMessageUnion,
  LettaResponse,
} from '../letta/index.js';
import { ConnectedService } from './connected.js';

export class GroupsService extends ConnectedService {
  list(params: GroupListParams): Promise<Group[]> {
    return this.client.groups.list(params);
  }

  get(groupId: string): Promise<Group> {
    return this.client.groups.retrieve(groupId);
  }

  async create(body: GroupCreateParams): Promise<Group> {
    const group = await this.client.groups.create(body);
    this.events.emit('groups:changed', { groupId: group.id });
    return group;
  }

  async update(groupId: string, patch: GroupModifyParams): Promise<Group> {
    const group = await this.client.groups.modify(groupId, patch);
    this.events.emit('groups:changed', { groupId });
    return group;
  }

  async delete(groupId: string): Promise<void> {
    await this.client.groups.delete(groupId);
    this.events.emit('groups:changed', { groupId });
  }

  listMessages(groupId: string, params: GroupMessageListParams): Promise<LettaMessageUnion[]> {
    return this.client.groups.messages.list(groupId, params);
  }

  async send(groupId: string, text: string): Promise<LettaResponse> {
    try {
      return await this.client.groups.messages.create(groupId, { messages: [{ role: 'user', content: text }] });
    } finally {
      this.events.emit('groups:changed', { groupId });
    }
  }

  async reset(groupId: string): Promise<void> {
    await this.client.groups.messages.reset(groupId);
    this.events.emit('groups:changed', { groupId });
  }
}
