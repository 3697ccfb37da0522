/**
 * A streamed turn, an agent's or a group's, relayed to the renderer. The request is answered as
 * soon as the server accepted the turn; its pieces then go out as `chat:stream` events under the
 * renderer's request id, ending with exactly one of done, cancelled or error. The stream is
 * registered under that id, so Stop, quitting or switching server cancel it like any other.
 */
import type { ChatStreamChunk } from '../../src-shared/app-types.js';
import type { LettaMessage, LettaStream, LettaUsageStatistics } from '../letta/index.js';
import type { Logger } from '../log.js';
import { toAppError } from './errors.js';
import type { EventBus } from './events.js';
import type { StreamRegistry } from './streams.js';

export type TurnStream = LettaStream<LettaMessage | LettaUsageStatistics>;

export interface TurnRelay {
  streams: StreamRegistry;
  events: EventBus;
  log: Logger;
  requestId: string;
  /** Who is answering, for the log ("agent agent-…", "group group-…"). */
  speaker: string;
  /** Starts the turn on the server; the signal is the registry's, for Stop. */
  open: (signal: AbortSignal) => Promise<TurnStream>;
  /** Runs once the stream ended, however it ended (the renderer reloads the history then). */
  onEnd: () => void;
}

export async function relayTurn(relay: TurnRelay): Promise<{ requestId: string }> {
  const controller = relay.streams.open(relay.requestId);
  let stream: TurnStream;
  try {
    stream = await relay.open(controller.signal);
  } catch (error) {
    relay.streams.close(relay.requestId);
    throw error;
  }
  void pump(relay, stream);
  return { requestId: relay.requestId };
}

async function pump(relay: TurnRelay, stream: TurnStream): Promise<void> {
  const { requestId } = relay;
  const push = (chunk: ChatStreamChunk) => relay.events.emit('chat:stream', { requestId, chunk });
  try {
    for await (const event of stream) {
      // Unknown or legacy event types: the history reload at the end shows what they meant.
      if ('kind' in event) continue;
      if (event.message_type === 'usage_statistics') push({ type: 'usage', usage: event });
      else push({ type: 'message', message: event });
    }
    push({ type: 'done' });
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === 'cancelled') push({ type: 'cancelled' });
    else {
      relay.log.warn(`stream ${requestId} for ${relay.speaker} failed`, error);
      push({ type: 'error', error: appError });
    }
  } finally {
    relay.streams.close(requestId);
    relay.onEnd();
  }
}
