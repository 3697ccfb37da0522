/**
 * The voice route (`POST /v1/voice-beta/{agent_id}/chat/completions`) speaks OpenAI's
 * chat-completions dialect with text only: speech-to-text and text-to-speech are the app's job.
 * The agent must be a `voice_convo_agent` (with its voice-sleeptime group) on an OpenAI or
 * Anthropic model. The server always streams, whatever `stream` says.
 */
import type { RawStreamEvent } from '../core/stream.js';

export type VoiceChatMessage =
  | { role: 'system'; content: string; name?: string }
  | { role: 'developer'; content: string; name?: string }
  | { role: 'user'; content: string; name?: string }
  | { role: 'assistant'; content?: string | null; name?: string }
  | { role: 'tool'; content: string; tool_call_id: string };

export interface VoiceChatCompletionRequest {
  /** Required by the dialect; the agent's own model is used regardless. */
  model: string;
  /**
   * Only the last message is read, and it must be `role: "user"` with string content (text parts
   * are refused with 400); the conversation history comes from the agent itself.
   */
  messages: VoiceChatMessage[];
  /** OpenAI's end-user tag. The acting Letta user is the client's `userId` option. */
  user?: string;
}

export interface ChatCompletionChunkToolCall {
  index: number;
  id?: string | null;
  type?: 'function' | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

export interface ChatCompletionChunkDelta {
  role?: 'system' | 'developer' | 'user' | 'assistant' | 'tool' | null;
  /** The next slice of speakable text. */
  content?: string | null;
  refusal?: string | null;
  /** OpenAI's deprecated form of a tool call; server 0.7.29 sends it as null. */
  function_call?: { name?: string | null; arguments?: string | null } | null;
  tool_calls?: ChatCompletionChunkToolCall[] | null;
}

export interface ChatCompletionChunkChoice {
  index: number;
  delta: ChatCompletionChunkDelta;
  finish_reason?: 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | (string & {}) | null;
  logprobs?: unknown;
}

/** One `data:` line of the voice stream. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  /** Unix seconds. */
  created: number;
  model: string;
  choices: ChatCompletionChunkChoice[];
  system_fingerprint?: string | null;
  service_tier?: string | null;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

/**
 * A voice stream yields chunks (unrecognised lines raw). When the agent fails after the
 * response started, the server stops without `[DONE]` (server 0.7.29 drops the connection),
 * which the stream reports as a LettaStreamError.
 */
export type VoiceStreamEvent = ChatCompletionChunk | RawStreamEvent;
