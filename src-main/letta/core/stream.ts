/**
 * Typed SSE streams. Each streaming endpoint supplies a decoder from a raw SSE message to its
 * event type; this class owns the shared rules: `[DONE]` ends the stream, an `error` payload or
 * `event: error` becomes a LettaStreamError, and a stream that ends without `[DONE]` was cut off
 * (the voice endpoint reports agent-side failures exactly that way).
 */
import { LettaStreamError, serverMessageOf } from './errors.js';
import type { SseConnection, SseMessage } from './http.js';

/** A data line that is not JSON, or JSON the decoder does not recognise: passed through, never thrown. */
export interface RawStreamEvent {
  kind: 'raw';
  event: string | undefined;
  data: string;
  json: unknown;
}

export type StreamDecoder<T> = (json: unknown, message: SseMessage) => T | RawStreamEvent;

export interface StreamOptions {
  /** Treat an end without `[DONE]` as an error (default true). */
  requireDone?: boolean;
}

export class LettaStream<T> implements AsyncIterable<T | RawStreamEvent> {
  private doneSeen = false;

  constructor(
    private readonly connection: SseConnection,
    private readonly decode: StreamDecoder<T>,
    private readonly options: StreamOptions = {},
  ) {}

  /** True once the server sent `[DONE]`. */
  get completed(): boolean {
    return this.doneSeen;
  }

  /** Stops the stream and frees the connection; iteration then ends with a LettaAbortError. */
  abort(): void {
    this.connection.abort();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T | RawStreamEvent> {
    const ctx = { method: this.connection.method, url: this.connection.url };
    for await (const message of this.connection) {
      const data = message.data.trim();
      if (data === '[DONE]') {
        this.doneSeen = true;
        return;
      }
      let json: unknown = undefined;
      try {
        json = data ? JSON.parse(data) : undefined;
      } catch {
        json = undefined;
      }
      if (message.event === 'error' || isErrorPayload(json)) {
        throw new LettaStreamError({
          ...ctx,
          body: json ?? data,
          serverMessage: serverMessageOf(json) ?? (data || 'stream error'),
        });
      }
      if (json === undefined || json === null || typeof json !== 'object') {
        yield { kind: 'raw', event: message.event, data: message.data, json };
        continue;
      }
      yield this.decode(json, message);
    }
    if (this.options.requireDone !== false) {
      throw new LettaStreamError({ ...ctx, serverMessage: 'the stream ended before [DONE]; the reply may be incomplete' });
    }
  }
}

function isErrorPayload(json: unknown): boolean {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
  const o = json as Record<string, unknown>;
  // Letta sends `{"error": {...}}` or `{"error": "..."}`; a message object never has an `error` key
  // next to no `message_type`. A body that is only `{"detail": …}` is FastAPI's own error shape,
  // which some error paths answer with status 200 instead of a stream.
  if (Object.keys(o).length === 1 && 'detail' in o) return true;
  return 'error' in o && !('message_type' in o) && !('choices' in o);
}

export function rawEvent(json: unknown, message: SseMessage): RawStreamEvent {
  return { kind: 'raw', event: message.event, data: message.data, json };
}
