/**
 * The read channels that keep working offline. Each method takes the online call (the service the
 * handler would have called anyway) and answers from the cache, in the same shape, when the server
 * cannot be reached; online results are cached on the way through (blocks with a snapshot, traces,
 * a page of messages) so what the user has seen stays readable.
 *
 * Filters and ordering applied here work on one profile's handful of agents or one run's steps;
 * anything that can grow large (messages) is paged by the repositories' keysets.
 */
import type {
  AgentListParams,
  AgentState,
  Block,
  LettaMessageUnion,
  Memory,
  ProviderTrace,
  Run,
  Step,
} from '../letta/index.js';
import type { CacheScope, CacheService } from './cache.service.js';

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'expired']);
/** A tool call's clock and ours may disagree; look this far before the previous snapshot. */
const CLOCK_SLACK_MS = 5 * 60_000;

export interface MessagePageParams {
  before?: string | undefined;
  after?: string | undefined;
  limit?: number | undefined;
}

export interface StepPageParams extends MessagePageParams {
  order?: 'asc' | 'desc' | undefined;
}

export class CacheReadsService {
  constructor(private readonly cache: CacheService) {}

  agentsList(params: AgentListParams, online: () => Promise<AgentState[]>): Promise<AgentState[]> {
    return this.cache.read(online, ({ repos, profileId }) => {
      const query = params.query_text?.trim().toLowerCase() ?? '';
      const tags = params.tags ?? [];
      const agents: AgentState[] = [];
      for (const summary of repos.agents.list(profileId)) {
        if (query && !(summary.name ?? '').toLowerCase().includes(query)) continue;
        if (tags.length > 0) {
          const has = (t: string) => summary.tags.includes(t);
          if (params.match_all_tags ? !tags.every(has) : !tags.some(has)) continue;
        }
        const agent = repos.agents.get(profileId, summary.id)?.agent;
        if (agent) agents.push(agent as AgentState);
      }
      // Newest first, as the server lists them by default.
      agents.sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')));
      if (params.ascending) agents.reverse();
      return agents.slice(0, params.limit ?? 50);
    }, (agents, scope) => this.rememberAgents(scope, agents));
  }

  agentsCount(online: () => Promise<number>): Promise<number> {
    return this.cache.read(online, ({ repos, profileId }) => repos.agents.list(profileId).length);
  }

  /** Tags of the cached agents, for the sidebar's filter chips. */
  tags(online: () => Promise<string[]>): Promise<string[]> {
    return this.cache.read(online, ({ repos, profileId }) => [...new Set(repos.agents.list(profileId).flatMap((a) => a.tags))].sort());
  }

  agentsGet(agentId: string, online: () => Promise<AgentState>): Promise<AgentState> {
    return this.cache.read(
      online,
      ({ repos, profileId }) => (repos.agents.get(profileId, agentId)?.agent as AgentState | null) ?? undefined,
      (agent, scope) => {
        this.rememberAgents(scope, [agent]);
        this.rememberAgentBlocks(scope, agentId, agent.memory?.blocks);
      },
    );
  }

  listMessages(agentId: string, params: MessagePageParams, online: () => Promise<LettaMessageUnion[]>): Promise<LettaMessageUnion[]> {
    return this.cache.read(
      online,
      ({ repos, profileId }) => {
        const limit = params.limit ?? 50;
        const positionOf = (id: string) => repos.messages.byId(profileId, agentId, id)[0]?.position;
        let page;
        if (params.before !== undefined) {
          const before = positionOf(params.before);
          if (before === undefined) return [];
          page = repos.messages.page(profileId, agentId, { before, limit });
        } else if (params.after !== undefined) {
          const after = positionOf(params.after);
          if (after === undefined) return [];
          page = repos.messages.page(profileId, agentId, { after, limit });
        } else {
          page = repos.messages.page(profileId, agentId, { limit });
        }
        return page.messages.map((m) => m.message as LettaMessageUnion);
      },
      // What the user scrolled through is what they expect to find offline.
      (messages) => this.cache.ingestMessages(agentId, messages),
    );
  }

  coreMemory(agentId: string, online: () => Promise<Memory>): Promise<Memory> {
    return this.cache.read(
      online,
      (scope) => {
        const agent = scope.repos.agents.get(scope.profileId, agentId)?.agent as AgentState | null | undefined;
        const blocks = this.cachedBlocks(scope, agentId);
        if (!agent && blocks.length === 0) return undefined;
        return { ...(agent?.memory ?? {}), blocks: blocks.length > 0 ? blocks : (agent?.memory?.blocks ?? []) };
      },
      (memory, scope) => this.rememberAgentBlocks(scope, agentId, memory.blocks),
    );
  }

  agentBlocks(agentId: string, online: () => Promise<Block[]>): Promise<Block[]> {
    return this.cache.read(
      online,
      (scope) => {
        const blocks = this.cachedBlocks(scope, agentId);
        return blocks.length > 0 || scope.repos.agents.get(scope.profileId, agentId) ? blocks : undefined;
      },
      (blocks, scope) => this.rememberAgentBlocks(scope, agentId, blocks),
    );
  }

  /**
   * One block by label. Offline, the cached copy answers, so a save checking for a newer version
   * gets as far as the write and is refused there with the offline message.
   */
  agentBlock(agentId: string, label: string, online: () => Promise<Block>): Promise<Block> {
    return this.cache.read(online, (scope) => this.cachedBlocks(scope, agentId).find((b) => b.label === label));
  }

  listRuns(agentIds: string[] | undefined, activeOnly: boolean, online: () => Promise<Run[]>): Promise<Run[]> {
    return this.cache.read(online, ({ repos, profileId }) => {
      const pages = agentIds && agentIds.length > 0 ? agentIds.map((agentId) => repos.runs.list(profileId, { agentId, limit: 200 })) : [repos.runs.list(profileId, { limit: 200 })];
      const runs = pages.flatMap((p) => p.runs).filter((r) => !activeOnly || !TERMINAL.has(r.status ?? ''));
      return runs.map((r) => r.run as Run);
    });
  }

  getRun(runId: string, online: () => Promise<Run>): Promise<Run> {
    return this.cache.read(online, ({ repos, profileId }) => (repos.runs.get(profileId, runId)?.run as Run | undefined) ?? undefined);
  }

  listRunSteps(runId: string, params: StepPageParams, online: () => Promise<Step[]>): Promise<Step[]> {
    return this.cache.read(online, ({ repos, profileId }) => {
      let steps = repos.steps.listForRun(profileId, runId).map((s) => s.step as Step);
      if (params.order === 'desc') steps = steps.reverse();
      const at = (id: string | undefined) => (id === undefined ? -1 : steps.findIndex((s) => s.id === id));
      const after = at(params.after);
      if (after >= 0) steps = steps.slice(after + 1);
      const before = at(params.before);
      if (before >= 0) steps = steps.slice(0, before);
      return steps.slice(0, params.limit ?? 50);
    });
  }

  stepTrace(stepId: string, online: () => Promise<ProviderTrace>): Promise<ProviderTrace> {
    return this.cache.read(
      online,
      ({ repos, profileId }) => (repos.steps.getTrace(profileId, stepId)?.trace as ProviderTrace | undefined) ?? undefined,
      (trace, { repos, profileId }) => repos.steps.saveTrace(profileId, stepId, trace),
    );
  }

  /** A block the user saved: cached with a history snapshot right away. */
  blockSaved(agentId: string | undefined, block: Block): void {
    this.cache.ingestBlock(block, agentId ? { agentId } : null);
  }

  /** Agents as listed or read: an agent created since the last sync is readable offline at once. */
  private rememberAgents(scope: CacheScope, agents: readonly AgentState[]): void {
    scope.repos.transaction(() => scope.repos.agents.upsertMany(scope.profileId, agents));
  }

  private cachedBlocks(scope: CacheScope, agentId: string): Block[] {
    return scope.repos.blocks.listForAgent(scope.profileId, agentId).map((b) => b.block as Block);
  }

  /**
   * An agent's full block list as read from the server: linked to it, and a snapshot for each
   * changed value, attributed to the memory tool call (step, run) that explains it when the cached
   * messages have one.
   */
  private rememberAgentBlocks(scope: CacheScope, agentId: string, blocks: readonly Block[] | undefined): void {
    if (!blocks) return;
    const { repos, profileId } = scope;
    repos.transaction(() => {
      repos.blocks.upsertMany(profileId, blocks, {
        agentId,
        now: Date.now(),
        causeOf: ({ label, previousObservedAt }) => {
          const edit = label === null ? null : repos.messages.findMemoryEdit(profileId, agentId, label, previousObservedAt - CLOCK_SLACK_MS);
          if (!edit) return { agentId };
          const runId = edit.stepId === null ? null : (repos.steps.get(profileId, edit.stepId)?.runId ?? null);
          return { agentId, stepId: edit.stepId, runId, changedAt: edit.dateMs };
        },
      });
    });
  }
}
