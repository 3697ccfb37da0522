/**
 * Messages as the API shows them. Two families that are easy to confuse:
 *
 * - `LettaMessage`: the simplified, per-event view every message endpoint returns (list, send,
 *   stream, run messages). One stored message can become several of these (reasoning + tool
 *   call share an id), discriminated by `message_type`.
 * - `Message`: the server's internal row (role, content parts, tool_calls), which only surfaces
 *   in steps, batch messages and `LettaUsageStatistics.steps_messages`.
 *
 * Dates are ISO-8601 strings as they come off the wire.
 */
// ---------------------------------------------------------------------------------------------
// Content parts

export interface TextContent {
  type: 'text';
  text: string;
}

export interface ToolCallContent {
  type: 'tool_call';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface ToolReturnContent {
  type: 'tool_return';
  tool_call_id: string;
  content: string;
  is_error: boolean;
}

export interface ReasoningContent {
  type: 'reasoning';
  /** True when a reasoner model produced it natively (not via the inner-thoughts argument). */
  is_native: boolean;
  reasoning: string;
  signature?: string | null;
}

export interface RedactedReasoningContent {
  type: 'redacted_reasoning';
  data: string;
}

export interface OmittedReasoningContent {
  type: 'omitted_reasoning';
}

/** Any content part a stored message (or a `MessageCreate`) can carry, discriminated by `type`. */
export type LettaMessageContent =
  | TextContent
  | ToolCallContent
  | ToolReturnContent
  | ReasoningContent
  | RedactedReasoningContent
  | OmittedReasoningContent;

/** User and assistant messages carry text only: a plain string or text parts. */
export type LettaTextContent = string | TextContent[];

// ---------------------------------------------------------------------------------------------
// LettaMessage: the union returned by every message endpoint

export type LettaMessageType =
  | 'system_message'
  | 'user_message'
  | 'assistant_message'
  | 'reasoning_message'
  | 'hidden_reasoning_message'
  | 'tool_call_message'
  | 'tool_return_message';

interface LettaMessageBase {
  /** Shared by the events one stored message expands into; stream deltas of one message share it too. */
  id: string;
  date: string;
  name?: string | null;
  /** Offline threading id: the client-chosen id of the `MessageCreate` this answers or echoes. */
  otid?: string | null;
  /** An identity id or agent id (multi-agent groups). */
  sender_id?: string | null;
  step_id?: string | null;
}

/** Only in lists (never streamed back); used as a pagination cursor like any other message. */
export interface SystemMessage extends LettaMessageBase {
  message_type: 'system_message';
  content: string;
}

/** Only in lists (never streamed back). */
export interface UserMessage extends LettaMessageBase {
  message_type: 'user_message';
  content: LettaTextContent;
}

/** What the agent said. With `stream_tokens`, each event carries the next slice of `content`. */
export interface AssistantMessage extends LettaMessageBase {
  message_type: 'assistant_message';
  content: LettaTextContent;
}

export interface ReasoningMessage extends LettaMessageBase {
  message_type: 'reasoning_message';
  /** `reasoner_model`: native reasoning (o1, Claude thinking); otherwise the inner-thoughts argument. */
  source?: 'reasoner_model' | 'non_reasoner_model';
  /** With `stream_tokens`, the next slice of the reasoning. */
  reasoning: string;
  signature?: string | null;
}

export interface HiddenReasoningMessage extends LettaMessageBase {
  message_type: 'hidden_reasoning_message';
  state: 'redacted' | 'omitted';
  hidden_reasoning?: string | null;
}

/** A complete tool call (lists, step streaming). */
export interface ToolCall {
  name: string;
  /** JSON-encoded arguments. */
  arguments: string;
  tool_call_id: string;
}

/** A slice of a tool call while tokens stream: every field may be missing; `arguments` is partial JSON. */
export interface ToolCallDelta {
  name?: string | null;
  arguments?: string | null;
  tool_call_id?: string | null;
}

export interface ToolCallMessage extends LettaMessageBase {
  message_type: 'tool_call_message';
  tool_call: ToolCall | ToolCallDelta;
}

export interface ToolReturnMessage extends LettaMessageBase {
  message_type: 'tool_return_message';
  tool_return: string;
  status: 'success' | 'error';
  tool_call_id: string;
  stdout?: string[] | null;
  stderr?: string[] | null;
}

/** The messages this client knows, discriminated by `message_type`: switch on it to narrow. */
export type LettaMessage =
  | SystemMessage
  | UserMessage
  | AssistantMessage
  | ReasoningMessage
  | HiddenReasoningMessage
  | ToolCallMessage
  | ToolReturnMessage;

/**
 * A message of a type this client does not know (a newer server, a legacy type). Kept as the
 * server sent it so nothing is lost; narrow a `LettaMessageUnion` to `LettaMessage` first
 * (`isLettaMessage` in resources/agent-messages.ts) to get the exact variant.
 */
export interface UnknownLettaMessage {
  message_type: string & {};
  id: string;
  date: string;
  [field: string]: unknown;
}

/** What the list, send and modify endpoints return per message. */
export type LettaMessageUnion = LettaMessage | UnknownLettaMessage;

// ---------------------------------------------------------------------------------------------
// Sending

/**
 * One input message. The agent loop of 0.7.x accepts roles `user` and `system` only; `assistant`
 * exists in the schema for other loops. Content is a string or typed parts (`{type: "text", ...}`:
 * the `type` key is required).
 */
export interface MessageCreate {
  role: 'user' | 'system' | 'assistant';
  content: string | LettaMessageContent[];
  name?: string | null;
  /** Offline threading id: lets the UI match the echo of a message it showed optimistically. */
  otid?: string | null;
  sender_id?: string | null;
  batch_item_id?: string | null;
  group_id?: string | null;
}

/** How tool calls of the designated message tool are presented (as `assistant_message`s or not). */
export interface AssistantMessageOptions {
  /** Default true: calls to the message tool come back as `assistant_message`. */
  use_assistant_message?: boolean;
  /** Default `send_message`. */
  assistant_message_tool_name?: string;
  /** Default `message`. */
  assistant_message_tool_kwarg?: string;
}

export interface LettaRequest extends AssistantMessageOptions {
  messages: MessageCreate[];
}

export interface LettaStreamingRequest extends LettaRequest {
  /**
   * Default false: one event per complete message. True: one event per token slice, consecutive
   * slices of one message sharing its `id` (concatenate `content`/`reasoning`/`tool_call.arguments`).
   */
  stream_tokens?: boolean;
}

export interface LettaUsageStatistics {
  message_type: 'usage_statistics';
  completion_tokens: number;
  prompt_tokens: number;
  total_tokens: number;
  step_count: number;
  /** Left out of the streamed usage line. */
  steps_messages?: Message[][] | null;
  run_ids?: string[] | null;
}

export interface LettaResponse {
  /** The new messages of this turn, in order (no user or system echo). */
  messages: LettaMessageUnion[];
  usage: LettaUsageStatistics;
}

// ---------------------------------------------------------------------------------------------
// Modifying: the body needs `message_type` to pick the variant; tool calls/returns cannot be edited

export interface UpdateSystemMessage {
  message_type: 'system_message';
  content: string;
}

export interface UpdateUserMessage {
  message_type: 'user_message';
  content: LettaTextContent;
}

export interface UpdateReasoningMessage {
  message_type: 'reasoning_message';
  reasoning: string;
}

export interface UpdateAssistantMessage {
  message_type: 'assistant_message';
  content: LettaTextContent;
}

export type LettaMessageUpdate = UpdateSystemMessage | UpdateUserMessage | UpdateReasoningMessage | UpdateAssistantMessage;

// ---------------------------------------------------------------------------------------------
// Query parameters

/**
 * `GET /v1/agents/{id}/messages`: the most recent `limit` (default 10) messages, oldest first.
 * `before`/`after` are message ids; walk back in time with `before` = the first id of a page
 * (`after` also yields the most recent `limit` after the cursor). `limit` counts stored messages,
 * so a page can hold more or fewer items: one stored assistant message becomes reasoning + reply,
 * and the `send_message` tool return is hidden only when its call is on the same page.
 */
export interface MessageListParams extends AssistantMessageOptions {
  before?: string | null;
  after?: string | null;
  limit?: number;
  /** Only the messages sent in this multi-agent group. */
  group_id?: string | null;
}

/** `GET /v1/groups/{id}/messages`: same paging as the agent list. */
export interface GroupMessageListParams extends AssistantMessageOptions {
  before?: string | null;
  after?: string | null;
  limit?: number;
}

export interface MessagesResetParams {
  /** Default false: only a fresh system message is kept. True: the boot messages are added back. */
  add_default_initial_messages?: boolean;
}

// ---------------------------------------------------------------------------------------------
// The internal message row

export type MessageRole = 'assistant' | 'user' | 'tool' | 'function' | 'system';

/** An OpenAI-style tool call as stored on an assistant `Message`. */
export interface MessageToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** Captured output of a tool run, stored on a tool `Message`. */
export interface ToolReturn {
  status: 'success' | 'error';
  stdout?: string[] | null;
  stderr?: string[] | null;
}

export interface Message {
  id: string;
  role: MessageRole;
  content?: LettaMessageContent[] | null;
  agent_id?: string | null;
  model?: string | null;
  /** user/assistant: the participant's name; tool/function: the function's name. */
  name?: string | null;
  /** Only on assistant messages. */
  tool_calls?: MessageToolCall[] | null;
  /** Only on tool messages. */
  tool_call_id?: string | null;
  tool_returns?: ToolReturn[] | null;
  step_id?: string | null;
  otid?: string | null;
  group_id?: string | null;
  sender_id?: string | null;
  batch_item_id?: string | null;
  /** Sent by server 0.7.29, not in the spec. */
  organization_id?: string | null;
  created_by_id?: string | null;
  last_updated_by_id?: string | null;
  created_at?: string;
  updated_at?: string | null;
}
