/**
 * Voice turns: the renderer turns speech into text (and the reply back into speech); this sends
 * the utterance to the server's low-latency voice route and streams the reply text as
 * `voice:stream` events, like chat streams.
 */
import type { VoiceStreamChunk } from '../../src-shared/app-types.js';
import type { ChatCompletionChunk, LettaStream } from '../letta/index.js';
import type { Logger } from '../log.js';
import { ConnectedService } from './connected.js';
import { toAppError } from './errors.js';
import type { EventBus } from './events.js';
import type { Session } from './session.js';
import type { StreamRegistry } from './streams.js';

/** The voice route ignores the model name (the agent's own model answers); OpenAI's schema wants one. */
const VOICE_MODEL = 'letta';

export class VoiceService extends ConnectedService {
  constructor(
    session: Session,
    events: EventBus,
    private readonly streams: StreamRegistry,
    private readonly log: Logger,
  ) {
    super(session, events);
  }

  async startStream(agentId: string, requestId: string, text: string): Promise<{ requestId: string }> {
    const client = this.client;
    const controller = this.streams.open(requestId);
    let stream: LettaStream<ChatCompletionChunk>;
    try {
      stream = await client.voice.createChatCompletions(
        agentId,
        { model: VOICE_MODEL, messages: [{ role: 'user', content: text }] },
        { signal: controller.signal },
      );
    } catch (error) {
      this.streams.close(requestId);
      throw error;
    }
    void this.pump(agentId, requestId, stream);
    return { requestId };
  }

  cancel(requestId: string): { cancelled: boolean } {
    return { cancelled: this.streams.cancel(requestId) };
  }

  private async pump(agentId: string, requestId: string, stream: LettaStream<ChatCompletionChunk>): Promise<void> {
    const push = (chunk: VoiceStreamChunk) => this.events.emit('voice:stream', { requestId, chunk });
    try {
      for await (const event of stream) {
        if ('kind' in event) continue;
        const text = event.choices[0]?.delta?.content;
        if (text) push({ type: 'delta', text });
      }
      push({ type: 'done' });
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'cancelled') push({ type: 'cancelled' });
      else {
        this.log.warn(`voice stream ${requestId} for agent ${agentId} failed`, error);
        push({ type: 'error', error: appError });
      }
    } finally {
      this.streams.close(requestId);
      this.events.emit('chat:changed', { agentId });
    }
  }
}
