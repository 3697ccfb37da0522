/** `client.voice`: the low-latency voice agent route (/v1/voice-beta/{agent_id}/chat/completions). */
import { APIResource } from '../core/resource.js';
import type { RequestOptions, SseMessage } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import { LettaStream, rawEvent, type RawStreamEvent } from '../core/stream.js';
import type { ChatCompletionChunk, VoiceChatCompletionRequest } from '../types/voice.js';

export class Voice extends APIResource {
  /**
   * Sends the user's transcribed utterance and streams the spoken reply as
   * `chat.completion.chunk`s (`choices[0].delta.content`). The stream ending without `[DONE]`
   * means the agent failed after it started answering (LettaStreamError).
   */
  async createChatCompletions(
    agentId: string,
    request: VoiceChatCompletionRequest,
    options?: RequestOptions,
  ): Promise<LettaStream<ChatCompletionChunk>> {
    const conn = await this.http.stream(
      ROUTES.create_voice_chat_completions,
      { path: { agent_id: agentId }, body: { ...request, stream: true } },
      options,
    );
    return new LettaStream(conn, decodeChatCompletionChunk);
  }
}

/** Typed when it is a chunk with choices; anything else raw. */
export function decodeChatCompletionChunk(json: unknown, message: SseMessage): ChatCompletionChunk | RawStreamEvent {
  if (typeof json === 'object' && json !== null) {
    const o = json as Record<string, unknown>;
    if (o.object === 'chat.completion.chunk' && Array.isArray(o.choices)) return json as ChatCompletionChunk;
  }
  return rawEvent(json, message);
}
