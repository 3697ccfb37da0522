/**
 * What the sync engine needs from a Letta server, and nothing more. The typed client in
 * `src-main/letta` satisfies this through a few lines of adapter in the composition root
 * (`listMessages: (id, q, o) => client.agents.messages.list(id, q, o)`, …); tests use
 * `testing/fake-source.ts`.
 *
 * Results are `unknown` on purpose: the engine stores what the server sent as it came and reads
 * only the few fields it indexes, so a server that adds, drops or reshapes a field can never
 * stop a sync. Query types are the narrow subset the engine sends, so the client's wider
 * parameter types accept them.
 */

export interface CallOptions {
  signal?: AbortSignal;
}

/** `GET /v1/agents/{id}/messages`: the most recent `limit` between the cursors, oldest first. */
export interface MessageListQuery {
  before?: string;
  after?: string;
  limit: number;
}

export interface AgentListQuery {
  after?: string;
  limit: number;
  ascending?: boolean;
}

export interface BlockListQuery {
  limit: number;
}

export interface RunListQuery {
  agent_ids?: string[];
}

export interface RunStepListQuery {
  after?: string;
  limit: number;
  order: 'asc' | 'desc';
}

export interface LettaSyncSource {
  listAgents(query: AgentListQuery, options?: CallOptions): Promise<readonly unknown[]>;
  retrieveAgent(agentId: string, options?: CallOptions): Promise<unknown>;
  listMessages(agentId: string, query: MessageListQuery, options?: CallOptions): Promise<readonly unknown[]>;
  listBlocks(query: BlockListQuery, options?: CallOptions): Promise<readonly unknown[]>;
  listRuns(query: RunListQuery, options?: CallOptions): Promise<readonly unknown[]>;
  listRunSteps(runId: string, query: RunStepListQuery, options?: CallOptions): Promise<readonly unknown[]>;
  retrieveProviderTrace(stepId: string, options?: CallOptions): Promise<unknown>;
}
