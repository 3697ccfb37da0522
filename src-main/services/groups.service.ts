/**
 * Multi-agent groups and their shared conversation. A streamed group turn works like an agent's
 * (see chat.service.ts): answered once the server accepted it, then its pieces arrive as
 * `chat:stream` events under the renderer's request id, ending with exactly one of done,
 * cancelled or error. Every member's messages come through the one stream, each carrying the
 * speaking agent's `name`, so the renderer tells them apart without a second event type.
 */
import { randomUUID } from 'node:crypto';
import type {
  Group,
  GroupCreateParams,
  GroupListParams,
  GroupMessageListParams,
  GroupModifyParams,
  LettaMessageUnion,
  LettaMessageUpdate,
  LettaResponse,
} from '../letta/index.js';
import type { Logger } from '../log.js';
import { WHOLE_TURN_TIMEOUT_MS } from './chat.service.js';
import { ConnectedService } from './connected.js';
import type { EventBus } from './events.js';
import type { Session } from './session.js';
import type { StreamRegistry } from './streams.js';
import { relayTurn } from './turn-stream.js';

/**
 * The server copies the user's message into every member's history; one otid per turn lets the
 * renderer show it once (each copy keeps the otid it was sent with).
 */
const userTurn = (text: string) => ({ messages: [{ role: 'user' as const, content: text, otid: randomUUID() }] });

export class GroupsService extends ConnectedService {
  constructor(
    session: Session,
    events: EventBus,
    private readonly streams: StreamRegistry,
    private readonly log: Logger,
  ) {
    super(session, events);
  }

  list(params: GroupListParams): Promise<Group[]> {
    return this.client.groups.list(params);
  }
  count(): Promise<number> {
    return this.client.groups.count();
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
      return await this.client.groups.messages.create(groupId, userTurn(text), { timeoutMs: WHOLE_TURN_TIMEOUT_MS });
    } finally {
      this.events.emit('groups:changed', { groupId });
    }
  }

  async startStream(groupId: string, requestId: string, text: string, streamTokens: boolean): Promise<{ requestId: string }> {
    const client = this.client;
    return relayTurn({
      streams: this.streams,
      events: this.events,
      log: this.log,
      requestId,
      speaker: `group ${groupId}`,
      open: (signal) => client.groups.messages.createStream(groupId, { ...userTurn(text), stream_tokens: streamTokens }, { signal }),
      onEnd: () => this.events.emit('groups:changed', { groupId }),
    });
  }

  cancel(requestId: string): { cancelled: boolean } {
    return { cancelled: this.streams.cancel(requestId) };
  }

  async updateMessage(groupId: string, messageId: string, update: LettaMessageUpdate): Promise<LettaMessageUnion> {
    const message = await this.client.groups.messages.modify(groupId, messageId, update);
    this.events.emit('groups:changed', { groupId });
    return message;
  }

  async reset(groupId: string): Promise<void> {
    await this.client.groups.messages.reset(groupId);
    this.events.emit('groups:changed', { groupId });
  }
}
