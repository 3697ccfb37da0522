/**
 * How a transcribed utterance reaches an agent and how its reply comes back as speakable text.
 * One interface, three server routes:
 *
 * - `voice-beta`: `POST /v1/voice-beta/{agent_id}/chat/completions`, the low-latency route of
 *   0.7.x–0.12 servers, for `voice_convo_agent`s only. Streams `chat.completion.chunk`s; an
 *   agent-side failure is a stream that stops without `[DONE]`.
 * - `agent-stream`: `POST /v1/agents/{agent_id}/messages/stream` with `stream_tokens: true`, for
 *   every other agent. Only assistant text is spoken; reasoning, tool calls/returns and usage go
 *   to `onSide` so the chat can show them.
 * - `chat-completions`: `POST /v1/chat/completions` with `model: <agent id>`, which later servers
 *   (≥ 0.13) serve instead of voice-beta (they answer it with 410 Gone). Our client has no method
 *   for it (it is not in the 0.7.x spec the route table mirrors), so this module sends it through
 *   the client's own transport (`LettaHttp.stream` with a route declared here): auth headers,
 *   timeouts, the idle watchdog, error families and token redaction are the client's, unchanged.
 *
 * A reply that breaks off before `[DONE]` (a clean end, or the socket dropped after the 200)
 * surfaces as ReplyInterruptedError, on every route alike.
 */
import type { LettaClient } from '../letta/client.js';
import { LettaConnectionError, LettaError, LettaStreamError } from '../letta/core/errors.js';
import type { Route } from '../letta/core/routes.js';
import { LettaStream } from '../letta/core/stream.js';
import { decodeChatCompletionChunk } from '../letta/resources/voice.js';
import type { AgentState } from '../letta/types/agents.js';
import type { LettaMessage, LettaUsageStatistics } from '../letta/types/messages.js';
import type { ChatCompletionChunk } from '../letta/types/voice.js';
import type { RawStreamEvent } from '../letta/core/stream.js';
import type { Done, ReplyEvent, ReplySideEvent, ReplyTransportKind, TextDelta } from '../../src-shared/voice/reply-events.js';

export type { Done, ReplyEvent, ReplySideEvent, ReplyTransportKind, TextDelta };

export interface ReplyOptions {
  signal?: AbortSignal;
  /** Told what the agent did besides speaking (reasoning, tools, usage), in stream order. */
  onSide?: (event: ReplySideEvent) => void;
}

export interface ReplyTransport {
  readonly kind: ReplyTransportKind;
  /**
   * Sends `text` as the user's turn. Rejects on the first `next()` for HTTP errors (404, 422, …);
   * yields the reply's text deltas, then exactly one `done`. Stopping early (break, abort) closes
   * the connection.
   */
  reply(agentId: string, text: string, options?: ReplyOptions): AsyncIterable<TextDelta | Done>;
}

/**
 * The reply started and then broke off before `[DONE]`: the server ended the stream early or the
 * connection dropped after the 200. `partialText` is what had been spoken so far.
 */
export class ReplyInterruptedError extends LettaStreamError {
  readonly transport: ReplyTransportKind;
  readonly partialText: string;
  constructor(transport: ReplyTransportKind, cause: LettaError, partialText: string) {
    super({
      method: cause.method,
      url: cause.url,
      serverMessage: `the ${transport} reply broke off before [DONE]${partialText ? ' mid-sentence' : ''}; the agent may have failed`,
      cause,
    });
    this.transport = transport;
    this.partialText = partialText;
  }
}

/** The voice model name the chat-completions dialect requires; the agent's own model answers regardless. */
const VOICE_MODEL = 'letta';

/** Not in the route table on purpose: the 0.7.x spec the table mirrors has no such operation. */
export const CHAT_COMPLETIONS_ROUTE: Route = { method: 'POST', path: '/v1/chat/completions', operationId: 'create_chat_completions' };

/** Servers from this version on serve /v1/chat/completions and answer voice-beta with 410. */
export const CHAT_COMPLETIONS_SINCE: readonly [number, number] = [0, 13];

// ---------------------------------------------------------------------------------------------

/** Shared by every transport: typed deltas out, a cut-off stream as ReplyInterruptedError. */
async function* guard<T>(
  kind: ReplyTransportKind,
  stream: LettaStream<T>,
  toText: (event: T | RawStreamEvent) => string | undefined,
): AsyncGenerator<TextDelta | Done> {
  let spoken = '';
  try {
    for await (const event of stream) {
      const text = toText(event);
      if (text) {
        spoken += text;
        yield { type: 'text', text };
      }
    }
  } catch (err) {
    throw isCutOff(err) ? new ReplyInterruptedError(kind, err, spoken) : err;
  }
  yield { type: 'done', transport: kind };
}

/**
 * A dropped socket mid-body, or LettaStream's own "ended before [DONE]" (it carries no body,
 * unlike an error event the server sent). Timeouts, aborts and server error events pass through.
 */
function isCutOff(err: unknown): err is LettaError {
  if (err instanceof ReplyInterruptedError) return false;
  if (err instanceof LettaConnectionError) return true;
  return err instanceof LettaStreamError && err.body === undefined;
}

function chunkText(event: ChatCompletionChunk | RawStreamEvent): string | undefined {
  if ('kind' in event) return undefined;
  return event.choices[0]?.delta?.content ?? undefined;
}

/** Runs `open` on the first `next()`, so an HTTP error rejects iteration like a stream error would. */
function lazily(open: () => Promise<AsyncIterable<TextDelta | Done>>): AsyncIterable<TextDelta | Done> {
  return {
    async *[Symbol.asyncIterator]() {
      yield* await open();
    },
  };
}

export class VoiceBetaTransport implements ReplyTransport {
  readonly kind = 'voice-beta' as const;
  constructor(private readonly client: LettaClient) {}

  reply(agentId: string, text: string, options: ReplyOptions = {}): AsyncIterable<TextDelta | Done> {
    return lazily(async () => {
      const stream = await this.client.voice.createChatCompletions(
        agentId,
        // Only the last message is read, and its content must be a plain string.
        { model: VOICE_MODEL, messages: [{ role: 'user', content: text }] },
        { signal: options.signal },
      );
      return guard(this.kind, stream, chunkText);
    });
  }
}

export class ChatCompletionsTransport implements ReplyTransport {
  readonly kind = 'chat-completions' as const;
  constructor(private readonly client: LettaClient) {}

  reply(agentId: string, text: string, options: ReplyOptions = {}): AsyncIterable<TextDelta | Done> {
    return lazily(async () => {
      const connection = await this.client.http.stream(
        CHAT_COMPLETIONS_ROUTE,
        { body: { model: agentId, messages: [{ role: 'user', content: text }], stream: true } },
        { signal: options.signal },
      );
      return guard(this.kind, new LettaStream(connection, decodeChatCompletionChunk), chunkText);
    });
  }
}

export class AgentStreamTransport implements ReplyTransport {
  readonly kind = 'agent-stream' as const;
  constructor(private readonly client: LettaClient) {}

  reply(agentId: string, text: string, options: ReplyOptions = {}): AsyncIterable<TextDelta | Done> {
    const side = options.onSide;
    return lazily(async () => {
      const stream = await this.client.agents.messages.createStream(
        agentId,
        { messages: [{ role: 'user', content: text }], stream_tokens: true },
        { signal: options.signal },
      );
      return guard(this.kind, stream, (event) => {
        if ('kind' in event) return undefined;
        if (event.message_type === 'assistant_message') return textOf(event.content);
        const sideEvent = toSideEvent(event);
        if (sideEvent && side) side(sideEvent);
        return undefined;
      });
    });
  }
}

function textOf(content: string | Array<{ type?: string; text?: string }>): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
}

/** The non-spoken part of an agent stream event, as a side event (undefined for the spoken part). */
export function toSideEvent(event: LettaMessage | LettaUsageStatistics): ReplySideEvent | undefined {
  switch (event.message_type) {
    case 'reasoning_message':
      return { type: 'reasoning', id: event.id, text: event.reasoning };
    case 'hidden_reasoning_message':
      return { type: 'reasoning', id: event.id, text: event.hidden_reasoning ?? '', hidden: true };
    case 'tool_call_message': {
      const call = event.tool_call;
      return {
        type: 'tool-call',
        id: event.id,
        ...(call.tool_call_id ? { toolCallId: call.tool_call_id } : {}),
        ...(call.name ? { name: call.name } : {}),
        ...(call.arguments ? { argumentsDelta: call.arguments } : {}),
      };
    }
    case 'tool_return_message':
      return { type: 'tool-return', id: event.id, toolCallId: event.tool_call_id, status: event.status, text: event.tool_return };
    case 'usage_statistics':
      return {
        type: 'usage',
        promptTokens: event.prompt_tokens,
        completionTokens: event.completion_tokens,
        totalTokens: event.total_tokens,
        ...(typeof event.step_count === 'number' ? { stepCount: event.step_count } : {}),
      };
    default:
      return undefined;
  }
}

/**
 * voice-beta first; a 410 Gone (a server that moved voice to /v1/chat/completions, when its
 * version was unknown or misreported) switches to chat-completions for this and every later
 * reply. The switch happens before anything was yielded, so nothing is spoken twice.
 */
export class VoiceWithFallbackTransport implements ReplyTransport {
  private current: ReplyTransport;
  constructor(
    private readonly primary: ReplyTransport,
    private readonly fallback: ReplyTransport,
  ) {
    this.current = primary;
  }

  get kind(): ReplyTransportKind {
    return this.current.kind;
  }

  reply(agentId: string, text: string, options: ReplyOptions = {}): AsyncIterable<TextDelta | Done> {
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        const first = self.current;
        const it = first.reply(agentId, text, options)[Symbol.asyncIterator]();
        let head: IteratorResult<TextDelta | Done>;
        try {
          head = await it.next();
        } catch (err) {
          if (first !== self.primary || !isGone(err)) throw err;
          self.current = self.fallback;
          yield* self.fallback.reply(agentId, text, options);
          return;
        }
        try {
          if (head.done) return;
          yield head.value;
          for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
        } finally {
          await it.return?.();
        }
      },
    };
  }
}

function isGone(err: unknown): boolean {
  return err instanceof LettaError && err.status === 410;
}

/** `0.7.29`, `v0.13.1`, `0.13.0.dev4` → [0, 7, 29] …; undefined when there is no number. */
export function parseServerVersion(version: string | undefined | null): number[] | undefined {
  const m = version?.trim().match(/^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

export function servesChatCompletions(serverVersion: string | undefined | null): boolean | undefined {
  const v = parseServerVersion(serverVersion);
  if (!v) return undefined;
  const [major, minor] = CHAT_COMPLETIONS_SINCE;
  return v[0]! > major || (v[0] === major && v[1]! >= minor);
}

/**
 * The transport for this agent on this server (`serverVersion` from `client.health.check()`):
 * voice agents use voice-beta on servers before 0.13 (falling back on a 410), chat-completions
 * from 0.13 on; every other agent the ordinary message stream.
 */
export function chooseTransport(
  agent: Pick<AgentState, 'agent_type'>,
  serverVersion: string | undefined | null,
  client: LettaClient,
): ReplyTransport {
  if (agent.agent_type !== 'voice_convo_agent') return new AgentStreamTransport(client);
  if (servesChatCompletions(serverVersion) === true) return new ChatCompletionsTransport(client);
  return new VoiceWithFallbackTransport(new VoiceBetaTransport(client), new ChatCompletionsTransport(client));
}
