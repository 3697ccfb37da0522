/**
 * What a voice reply is made of, as both sides see it. The transport yields only what is spoken
 * (`text` deltas, then `done`); what the agent did on the way (reasoning, tool calls and their
 * results, token usage) arrives beside it as side events, so the chat can show them while the
 * speaker stays quiet about them.
 */

/** Which server route carried the reply. */
export type ReplyTransportKind = 'voice-beta' | 'agent-stream' | 'chat-completions';

/** The next slice of speakable text. */
export interface TextDelta {
  type: 'text';
  text: string;
}

/** The reply is complete (the server sent `[DONE]`). */
export interface Done {
  type: 'done';
  transport: ReplyTransportKind;
}

export type ReplyEvent = TextDelta | Done;

/** Slices sharing an `id` belong to one message; concatenate their text. */
export interface ReasoningSideEvent {
  type: 'reasoning';
  id: string;
  text: string;
  /** True when the model's reasoning is redacted or omitted (only its existence is known). */
  hidden?: boolean;
}

export interface ToolCallSideEvent {
  type: 'tool-call';
  id: string;
  toolCallId?: string;
  name?: string;
  /** A slice of the JSON arguments while tokens stream. */
  argumentsDelta?: string;
}

export interface ToolReturnSideEvent {
  type: 'tool-return';
  id: string;
  toolCallId: string;
  status: 'success' | 'error';
  text: string;
}

export interface UsageSideEvent {
  type: 'usage';
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  stepCount?: number;
}

export type ReplySideEvent = ReasoningSideEvent | ToolCallSideEvent | ToolReturnSideEvent | UsageSideEvent;
