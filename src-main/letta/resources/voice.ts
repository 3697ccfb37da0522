/** `client.voice`: the low-latency voice agent route (/v1/voice-beta/{agent_id}/chat/completions). */
import { APIResource } from '../core/resource.js';
import type { RequestOptions, SseMessage } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import { LettaConnectionError, LettaStreamError } from '../core/errors.js';
import { LettaStream, rawEvent, type RawStreamEvent } from '../core/stream.js';
import type { ChatCompletionChunk, VoiceChatCompletionRequest } from '../types/voice.js';

export class Voice extends APIResource {
  /**
   * Sends the user's transcribed utterance and streams the spoken reply as
   * `chat.completion.chunk`s (`choices[0].delta.content`). The stream ending without `[DONE]`
   * (cleanly or by a dropped connection) means the agent failed after it started answering
   * (LettaStreamError). A body the server cannot handle at all (e.g. no messages) is a 500 here.
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
    return new VoiceStream(conn, decodeChatCompletionChunk);
  }
}

/**
 * How a real server (0.7.29) reports a voice agent that fails after the reply started (the model
 * call fails, the agent is not a voice agent, the agent does not exist): the 200 and the SSE
 * headers are already out, so uvicorn drops the connection mid-body instead of ending it. The
 * transport sees a closed socket, but the server was reached and the reply broke off, so the
 * stream reports it as the LettaStreamError the voice contract promises, the socket error as cause.
 */
class VoiceStream extends LettaStream<ChatCompletionChunk> {
  override async *[Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk | RawStreamEvent> {
    const inner = super[Symbol.asyncIterator]();
    let finished = false;
    try {
      for (;;) {
        const next = await inner.next();
        if (next.done) {
          finished = true;
          return;
        }
        yield next.value;
      }
    } catch (err) {
      finished = true;
      if (!(err instanceof LettaConnectionError)) throw err;
      throw new LettaStreamError({
        method: err.method,
        url: err.url,
        serverMessage: 'the voice reply broke off before [DONE]: the agent failed after it started answering',
        cause: err,
      });
    } finally {
      // Leaving early (break) must still release the connection.
      if (!finished) await inner.return?.();
    }
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
