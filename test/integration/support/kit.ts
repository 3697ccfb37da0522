/**
 * Small builders shared by the integration tests of tools, sources, groups, identities,
 * providers, batches, voice and cloud routes: unique names, agents wired to the fake LLM, and
 * draining a stream while keeping what arrived before an error.
 */
import { inject } from 'vitest';
import type { LettaClient } from '../../../src-main/letta/client.js';
import type { AgentState, CreateAgentParams } from '../../../src-main/letta/types/agents.js';
import { agentConfigs } from '../../harness/letta-server.js';

let counter = 0;

/** A name no other test (or earlier run on a reused server) has used: `<prefix>-<pid>-<time>-<n>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
}

/** An agent on the fake LLM with no boot messages, a human and a persona block. */
export function createAgent(client: LettaClient, extra: Partial<CreateAgentParams> = {}): Promise<AgentState> {
  return client.agents.create({
    name: uniqueName('desk-agent'),
    ...agentConfigs(inject('fakeLlmUrl')),
    initial_message_sequence: [],
    memory_blocks: [
      { label: 'human', value: 'Name: unknown.' },
      { label: 'persona', value: 'I am a Letta Desk test agent.' },
    ],
    ...extra,
  });
}

/** Every event of a stream, and the error it ended with (undefined when it ended cleanly). */
export async function drain<T>(stream: AsyncIterable<T>): Promise<{ events: T[]; error: unknown }> {
  const events: T[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}
