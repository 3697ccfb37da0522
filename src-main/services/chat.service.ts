/**
 * Talking to an agent: history pages, blocking and background sends, and streamed turns. A
 * streamed turn is answered as soon as the server accepted it; its pieces then arrive as
 * `chat:stream` events under the renderer's request id, ending with exactly one of done,
 * cancelled or error. Sends are never retried (a resend would run the agent twice).
 */
import type {
  AgentState,
  LettaMessageUnion,
  LettaMessageUpdate,
  LettaResponse,
  MessageListParams,
  Run,
} from '../letta/index.js';
import type { Logger } from '../log.js';
import { ConnectedService } from './connected.js';
import type { EventBus } from './events.js';
import type { Session } from './session.js';
import type { StreamRegistry } from './streams.js';
import { relayTurn } from './turn-stream.js';

/** How long a send that waits for the whole turn may wait for its answer. */
export const WHOLE_TURN_TIMEOUT_MS = 10 * 60_000;

const userTurn = (text: string, otid?: string) => ({
  messages: [{ role: 'user' as const, content: text, ...(otid ? { otid } : {}) }],
});

export class ChatService extends ConnectedService {
  constructor(
    session: Session,
    events: EventBus,
    private readonly streams: StreamRegistry,
    private readonly log: Logger,
  ) {
    super(session, events);
  }

  listMessages(agentId: string, params: MessageListParams): Promise<LettaMessageUnion[]> {
    return this.client.agents.messages.list(agentId, params);
  }

  async send(agentId: string, text: string, otid?: string): Promise<LettaResponse> {
    try {
      // The answer comes only after the whole turn (several model calls on a slow local model):
      // the client's one-minute wait for the first byte would cut it off.
      return await this.client.agents.messages.create(agentId, userTurn(text, otid), { timeoutMs: WHOLE_TURN_TIMEOUT_MS });
    } finally {
      this.events.emit('chat:changed', { agentId });
    }
  }

  async sendAsync(agentId: string, text: string): Promise<Run> {
    const run = await this.client.agents.messages.createAsync(agentId, userTurn(text));
    this.events.emit('runs:changed', { runId: run.id });
    return run;
  }

  async startStream(agentId: string, requestId: string, text: string, streamTokens: boolean): Promise<{ requestId: string }> {
    const client = this.client;
    return relayTurn({
      streams: this.streams,
      events: this.events,
      log: this.log,
      requestId,
      speaker: `agent ${agentId}`,
      open: (signal) => client.agents.messages.createStream(agentId, { ...userTurn(text), stream_tokens: streamTokens }, { signal }),
      onEnd: () => this.events.emit('chat:changed', { agentId }),
    });
  }

  cancel(requestId: string): { cancelled: boolean } {
    return { cancelled: this.streams.cancel(requestId) };
  }

  async updateMessage(agentId: string, messageId: string, update: LettaMessageUpdate): Promise<LettaMessageUnion> {
    const message = await this.client.agents.messages.modify(agentId, messageId, update);
    this.events.emit('chat:changed', { agentId });
    return message;
  }

  async reset(agentId: string, addDefaultInitialMessages: boolean | undefined): Promise<AgentState> {
    const agent = await this.client.agents.messages.reset(
      agentId,
      addDefaultInitialMessages === undefined ? {} : { add_default_initial_messages: addDefaultInitialMessages },
    );
    this.events.emit('chat:changed', { agentId });
    return agent;
  }
}
