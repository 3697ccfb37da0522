/**
 * Shared pieces of the agent, memory and message integration tests: agents pointed at the fake
 * LLM (and deleted again when the file ends), polling with a deadline, and small readers for
 * message text and streams.
 */
import { inject } from 'vitest';
import type { LettaClient } from '../../../src-main/letta/client.js';
import { LettaNotFoundError } from '../../../src-main/letta/core/errors.js';
import type { AgentState, CreateAgentParams } from '../../../src-main/letta/types/agents.js';
import type { LettaMessageUnion, LettaTextContent } from '../../../src-main/letta/types/messages.js';
import { agentConfigs } from '../../harness/letta-server.js';

let counter = 0;

/** A name no other test (or earlier run against a reused server) has used. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
}

/** A single-word token for labels and tags (block labels must be one word for the fake's commands). */
export function uniqueWord(prefix: string): string {
  return uniqueName(prefix).replace(/-/g, '_');
}

/** Creates the agents of one test file and deletes what is left of them at the end. */
export class AgentFactory {
  private readonly created = new Set<string>();

  constructor(private readonly client: LettaClient) {}

  /**
   * An agent on the fake LLM, with only its system message in history (no boot messages) and
   * `human`/`persona` blocks unless `memory_blocks` says otherwise.
   */
  async create(extra: Partial<CreateAgentParams> = {}): Promise<AgentState> {
    const agent = await this.client.agents.create({
      name: uniqueName('it-agent'),
      ...agentConfigs(inject('fakeLlmUrl')),
      initial_message_sequence: [],
      memory_blocks: [
        { label: 'human', value: 'Name: unknown.' },
        { label: 'persona', value: 'I am the Letta Desk integration test agent.' },
      ],
      ...extra,
    });
    this.created.add(agent.id);
    return agent;
  }

  /** Registers an agent made another way (import) for clean-up. */
  track(agent: AgentState): AgentState {
    this.created.add(agent.id);
    return agent;
  }

  async cleanup(): Promise<void> {
    for (const id of this.created) {
      try {
        await this.client.agents.delete(id);
      } catch (error) {
        if (!(error instanceof LettaNotFoundError)) throw error;
      }
    }
    this.created.clear();
  }
}

/**
 * Calls `read` until `done` accepts its result, at most until `timeoutMs` has passed; a short
 * pause between reads keeps the server free. Throws with the last value when time runs out.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() >= deadline) throw new Error(`${what} not reached within ${timeoutMs} ms; last: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The plain text of user/assistant content (a string or text parts). */
export function textOf(content: LettaTextContent): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

/** One line per message for readable assertions: `type: text`. */
export function describeMessage(message: LettaMessageUnion): string {
  switch (message.message_type) {
    case 'system_message':
      return `system: ${(message as { content: string }).content.slice(0, 20)}`;
    case 'user_message':
    case 'assistant_message':
      return `${message.message_type.replace('_message', '')}: ${textOf((message as { content: LettaTextContent }).content)}`;
    case 'reasoning_message':
      return `reasoning: ${(message as { reasoning: string }).reasoning}`;
    case 'tool_call_message':
      return `tool_call: ${(message as { tool_call: { name?: string | null } }).tool_call.name ?? ''}`;
    case 'tool_return_message':
      return `tool_return: ${(message as { name?: string | null }).name ?? ''} ${(message as { status: string }).status}`;
    default:
      return message.message_type;
  }
}

/** Every event of an async iterable (a stream), in order. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
