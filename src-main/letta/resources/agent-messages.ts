/**
 * `client.agents.messages`: an agent's conversation (/v1/agents/{agent_id}/messages…), plus the
 * stream decoder the group stream shares.
 */
import { APIResource } from '../core/resource.js';
import type { RequestOptions, SseMessage } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import { LettaStream, rawEvent, type RawStreamEvent } from '../core/stream.js';
import type { AgentState } from '../types/agents.js';
import type {
  LettaMessage,
  LettaMessageUnion,
  LettaMessageUpdate,
  LettaRequest,
  LettaResponse,
  LettaStreamingRequest,
  LettaUsageStatistics,
  MessageListParams,
  MessagesResetParams,
} from '../types/messages.js';
import type { Run } from '../types/runs.js';

export class AgentMessages extends APIResource {
  /**
   * The most recent `limit` (default 10) messages, oldest first. For older history pass
   * `before` = the id of the first message of the page (or use `paginate` with
   * `direction: 'before'`).
   */
  list(agentId: string, params: MessageListParams = {}, options?: RequestOptions): Promise<LettaMessageUnion[]> {
    return this.http.request(ROUTES.list_messages, { path: { agent_id: agentId }, query: params }, options);
  }

  /** Sends and waits for the whole turn. Never retried: a resend would run the agent twice. */
  create(agentId: string, body: LettaRequest, options?: RequestOptions): Promise<LettaResponse> {
    return this.http.request(ROUTES.send_message, { path: { agent_id: agentId }, body }, options);
  }

  /** Edits the text of a message; `message_type` picks which kind (tool calls/returns cannot be edited). */
  modify(agentId: string, messageId: string, body: LettaMessageUpdate, options?: RequestOptions): Promise<LettaMessageUnion> {
    return this.http.request(
      ROUTES.modify_message,
      { path: { agent_id: agentId, message_id: messageId }, body },
      options,
    );
  }

  /**
   * Sends and streams the turn. Resolves once the server accepted the request (HTTP errors reject
   * here); iterating yields messages (or token slices with `stream_tokens`), then the usage line.
   */
  async createStream(
    agentId: string,
    body: LettaStreamingRequest,
    options?: RequestOptions,
  ): Promise<LettaStream<LettaMessage | LettaUsageStatistics>> {
    const conn = await this.http.stream(ROUTES.create_agent_message_stream, { path: { agent_id: agentId }, body }, options);
    return new LettaStream(conn, decodeLettaStreamEvent);
  }

  /** Starts the turn in the background and returns its Run (status `created`); poll `runs.retrieve`. */
  createAsync(agentId: string, body: LettaRequest, options?: RequestOptions): Promise<Run> {
    return this.http.request(ROUTES.create_agent_message_async, { path: { agent_id: agentId }, body }, options);
  }

  /** Clears the history. The agent keeps a fresh system message (and the boot messages if asked). */
  reset(agentId: string, params: MessagesResetParams = {}, options?: RequestOptions): Promise<AgentState> {
    return this.http.request(ROUTES.reset_messages, { path: { agent_id: agentId }, query: params }, options);
  }
}

// ---------------------------------------------------------------------------------------------
// Recognising messages

type Json = Record<string, unknown>;

const isText = (v: unknown): boolean => typeof v === 'string' || Array.isArray(v);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Per known type, the field a consumer will read first; without it the event is not trustworthy. */
const SHAPES: Record<LettaMessage['message_type'], (m: Json) => boolean> = {
  system_message: (m) => typeof m.content === 'string',
  user_message: (m) => isText(m.content),
  assistant_message: (m) => isText(m.content),
  reasoning_message: (m) => typeof m.reasoning === 'string',
  hidden_reasoning_message: (m) => typeof m.state === 'string',
  tool_call_message: (m) => isObject(m.tool_call),
  tool_return_message: (m) => typeof m.tool_return === 'string' && typeof m.status === 'string',
};

/**
 * True for the message types this client knows (with their key field present). Narrows a
 * `LettaMessageUnion` from a list to the discriminated `LettaMessage`.
 */
export function isLettaMessage(value: unknown): value is LettaMessage {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.message_type !== 'string') return false;
  if (!Object.hasOwn(SHAPES, value.message_type)) return false;
  return SHAPES[value.message_type as LettaMessage['message_type']](value);
}

/**
 * Decoder for the agent and group streams: known messages and the usage line come out typed,
 * everything else (unknown or legacy types, pings, malformed messages) raw — never thrown, so a
 * newer server cannot break an older app mid-reply.
 */
export function decodeLettaStreamEvent(
  json: unknown,
  message: SseMessage,
): LettaMessage | LettaUsageStatistics | RawStreamEvent {
  if (isObject(json) && json.message_type === 'usage_statistics') return json as unknown as LettaUsageStatistics;
  if (isLettaMessage(json)) return json;
  return rawEvent(json, message);
}
