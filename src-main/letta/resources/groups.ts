/** `client.groups`: multi-agent groups (/v1/groups/…) and `client.groups.messages`. */
import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import { LettaStream } from '../core/stream.js';
import type {
  Group,
  GroupCreateParams,
  GroupDeleteResponse,
  GroupListParams,
  GroupModifyParams,
} from '../types/groups.js';
import type {
  GroupMessageListParams,
  LettaMessage,
  LettaMessageUnion,
  LettaMessageUpdate,
  LettaRequest,
  LettaResponse,
  LettaStreamingRequest,
  LettaUsageStatistics,
} from '../types/messages.js';
import { decodeLettaStreamEvent } from './agent-messages.js';

/** Splits the `X-Project` header off the body fields. */
function withProjectHeader<T extends { project?: string }>(params: T): { body: Omit<T, 'project'>; headers: Record<string, string | undefined> } {
  const { project, ...body } = params;
  return { body, headers: { 'X-Project': project } };
}

export class GroupMessages extends APIResource {
  /** Sends to the group and waits for every agent's turn. Never retried. */
  create(groupId: string, body: LettaRequest, options?: RequestOptions): Promise<LettaResponse> {
    return this.http.request(ROUTES.send_group_message, { path: { group_id: groupId }, body }, options);
  }

  /** The most recent `limit` (default 10) messages of the group, oldest first; `before`/`after` are message ids. */
  list(groupId: string, params: GroupMessageListParams = {}, options?: RequestOptions): Promise<LettaMessageUnion[]> {
    return this.http.request(ROUTES.list_group_messages, { path: { group_id: groupId }, query: params }, options);
  }

  /** Same events as `agents.messages.createStream`, from every agent of the group (`sender_id` tells them apart). */
  async createStream(
    groupId: string,
    body: LettaStreamingRequest,
    options?: RequestOptions,
  ): Promise<LettaStream<LettaMessage | LettaUsageStatistics>> {
    const conn = await this.http.stream(ROUTES.send_group_message_streaming, { path: { group_id: groupId }, body }, options);
    return new LettaStream(conn, decodeLettaStreamEvent);
  }

  modify(groupId: string, messageId: string, body: LettaMessageUpdate, options?: RequestOptions): Promise<LettaMessageUnion> {
    return this.http.request(
      ROUTES.modify_group_message,
      { path: { group_id: groupId, message_id: messageId }, body },
      options,
    );
  }

  /** Deletes the group's messages from every member agent. */
  async reset(groupId: string, options?: RequestOptions): Promise<void> {
    await this.http.request(ROUTES.reset_group_messages, { path: { group_id: groupId } }, options);
  }
}

export class Groups extends APIResource {
  readonly messages = new GroupMessages(this.http);

  list(params: GroupListParams = {}, options?: RequestOptions): Promise<Group[]> {
    return this.http.request(ROUTES.list_groups, { query: params }, options);
  }

  /** The behaviour comes from `manager_config` (default round robin). */
  create(params: GroupCreateParams, options?: RequestOptions): Promise<Group> {
    const { body, headers } = withProjectHeader(params);
    return this.http.request(ROUTES.create_group, { body, headers }, options);
  }

  count(options?: RequestOptions): Promise<number> {
    return this.http.request(ROUTES.count_groups, {}, options);
  }

  retrieve(groupId: string, options?: RequestOptions): Promise<Group> {
    return this.http.request(ROUTES.retrieve_group, { path: { group_id: groupId } }, options);
  }

  modify(groupId: string, params: GroupModifyParams, options?: RequestOptions): Promise<Group> {
    const { body, headers } = withProjectHeader(params);
    return this.http.request(ROUTES.modify_group, { path: { group_id: groupId }, body, headers }, options);
  }

  delete(groupId: string, options?: RequestOptions): Promise<GroupDeleteResponse> {
    return this.http.request(ROUTES.delete_group, { path: { group_id: groupId } }, options);
  }
}
