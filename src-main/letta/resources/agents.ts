import { APIResource } from '../core/resource.js';
import type { LettaHttp, RequestOptions } from '../core/http.js';
import { ROUTES } from '../core/routes.js';
import { AgentMessages } from './agent-messages.js';
import type {
  AgentDeleteResponse,
  AgentFile,
  AgentGroupListParams,
  AgentImportParams,
  AgentListParams,
  AgentMemoryVariables,
  AgentMigrateParams,
  AgentMigrateResponse,
  AgentPassageListParams,
  AgentSearchParams,
  AgentSearchResponse,
  AgentState,
  AgentTemplateCreateParams,
  AgentTemplateCreateResponse,
  AgentTemplateVersionParams,
  AgentTemplateVersionResponse,
  ContextWindowOverview,
  CreateAgentParams,
  CreateArchivalMemory,
  Memory,
  Passage,
  PassageUpdate,
  UpdateAgent,
} from '../types/agents.js';
import type { Block, BlockUpdate } from '../types/blocks.js';
import type { Tool } from '../types/tools.js';
import type { Source } from '../types/sources.js';
import type { Group } from '../types/groups.js';

/**
 * `/v1/agents/…`: agents and everything addressed through one — tools, sources, core memory
 * (blocks by label), archival memory, groups, messages, and the Letta Cloud template routes.
 */
export class Agents extends APIResource {
  readonly messages: AgentMessages;
  readonly tools: AgentTools;
  readonly sources: AgentSources;
  readonly coreMemory: AgentCoreMemory;
  readonly archival: AgentArchival;
  readonly context: AgentContext;
  readonly groups: AgentGroups;
  /** Letta Cloud only. */
  readonly templates: AgentTemplates;

  constructor(http: LettaHttp) {
    super(http);
    this.messages = new AgentMessages(http);
    this.tools = new AgentTools(http);
    this.sources = new AgentSources(http);
    this.coreMemory = new AgentCoreMemory(http);
    this.archival = new AgentArchival(http);
    this.context = new AgentContext(http);
    this.groups = new AgentGroups(http);
    this.templates = new AgentTemplates(http);
  }

  /** GET /v1/agents/ — newest first unless `ascending`; page with `after`/`before` agent ids. */
  list(params: AgentListParams = {}, options?: RequestOptions): Promise<AgentState[]> {
    return this.http.request(ROUTES.list_agents, { query: params }, options);
  }

  /** POST /v1/agents/ — `project` travels as the `X-Project` header. */
  create(params: CreateAgentParams, options?: RequestOptions): Promise<AgentState> {
    const { project, ...body } = params;
    return this.http.request(ROUTES.create_agent, { body, headers: { 'X-Project': project } }, options);
  }

  /** GET /v1/agents/count — a bare integer. */
  count(options?: RequestOptions): Promise<number> {
    return this.http.request(ROUTES.count_agents, {}, options);
  }

  /** GET /v1/agents/{agent_id} */
  retrieve(agentId: string, options?: RequestOptions): Promise<AgentState> {
    return this.http.request(ROUTES.retrieve_agent, { path: { agent_id: agentId } }, options);
  }

  /** PATCH /v1/agents/{agent_id} */
  modify(agentId: string, params: UpdateAgent, options?: RequestOptions): Promise<AgentState> {
    return this.http.request(ROUTES.modify_agent, { path: { agent_id: agentId }, body: params }, options);
  }

  /** DELETE /v1/agents/{agent_id} — 200 with `{message}`. */
  delete(agentId: string, options?: RequestOptions): Promise<AgentDeleteResponse> {
    return this.http.request(ROUTES.delete_agent, { path: { agent_id: agentId } }, options);
  }

  /**
   * GET /v1/agents/{agent_id}/export — the agent file (memory, messages, tools) as an object.
   * The spec declares a request body on this GET; it is an artefact of the server's code and
   * nothing is sent.
   */
  exportFile(agentId: string, options?: RequestOptions): Promise<AgentFile> {
    return this.http.request(ROUTES.export_agent_serialized, { path: { agent_id: agentId } }, options);
  }

  /** POST /v1/agents/import — multipart upload of an agent file; always creates a new agent. */
  importFile(params: AgentImportParams, options?: RequestOptions): Promise<AgentState> {
    const { file, filename = 'agent.json', ...query } = params;
    const data = typeof file === 'string' || file instanceof Uint8Array ? file : JSON.stringify(file);
    return this.http.request(
      ROUTES.import_agent_serialized,
      { query, form: { file: { data, filename, contentType: 'application/json' } } },
      options,
    );
  }

  /** POST /v1/agents/search — Letta Cloud only (a self-hosted server answers 405). */
  search(params: AgentSearchParams = {}, options?: RequestOptions): Promise<AgentSearchResponse> {
    return this.http.request(ROUTES['agents.searchDeployedAgents'], { body: params }, options);
  }

  /** POST /v1/agents/{agent_id}/migrate — Letta Cloud only: moves a deployed agent to another template version. */
  migrate(agentId: string, params: AgentMigrateParams, options?: RequestOptions): Promise<AgentMigrateResponse> {
    return this.http.request(ROUTES['agents.migrateAgent'], { path: { agent_id: agentId }, body: params }, options);
  }
}

/** `/v1/agents/{agent_id}/context` */
export class AgentContext extends APIResource {
  /** GET /v1/agents/{agent_id}/context — token counts of each part of the prompt. */
  retrieve(agentId: string, options?: RequestOptions): Promise<ContextWindowOverview> {
    return this.http.request(ROUTES.retrieve_agent_context_window, { path: { agent_id: agentId } }, options);
  }
}

/** `/v1/agents/{agent_id}/tools` */
export class AgentTools extends APIResource {
  /** GET /v1/agents/{agent_id}/tools */
  list(agentId: string, options?: RequestOptions): Promise<Tool[]> {
    return this.http.request(ROUTES.list_agent_tools, { path: { agent_id: agentId } }, options);
  }

  /** PATCH /v1/agents/{agent_id}/tools/attach/{tool_id} — answers with the updated agent. */
  attach(agentId: string, toolId: string, options?: RequestOptions): Promise<AgentState> {
    return this.http.request(ROUTES.attach_tool, { path: { agent_id: agentId, tool_id: toolId } }, options);
  }

  /** PATCH /v1/agents/{agent_id}/tools/detach/{tool_id} — answers with the updated agent. */
  detach(agentId: string, toolId: string, options?: RequestOptions): Promise<AgentState> {
    return this.http.request(ROUTES.detach_tool, { path: { agent_id: agentId, tool_id: toolId } }, options);
  }
}

/** `/v1/agents/{agent_id}/sources` */
export class AgentSources extends APIResource {
  /** GET /v1/agents/{agent_id}/sources */
  list(agentId: string, options?: RequestOptions): Promise<Source[]> {
    return this.http.request(ROUTES.list_agent_sources, { path: { agent_id: agentId } }, options);
  }

  /** PATCH /v1/agents/{agent_id}/sources/attach/{source_id} — the source's passages become searchable by the agent. */
  attach(agentId: string, sourceId: string, options?: RequestOptions): Promise<AgentState> {
    return this.http.request(
      ROUTES.attach_source_to_agent,
      { path: { agent_id: agentId, source_id: sourceId } },
      options,
    );
  }

  /** PATCH /v1/agents/{agent_id}/sources/detach/{source_id} */
  detach(agentId: string, sourceId: string, options?: RequestOptions): Promise<AgentState> {
    return this.http.request(
      ROUTES.detach_source_from_agent,
      { path: { agent_id: agentId, source_id: sourceId } },
      options,
    );
  }
}

/** `/v1/agents/{agent_id}/groups` */
export class AgentGroups extends APIResource {
  /** GET /v1/agents/{agent_id}/groups — the multi-agent groups the agent belongs to. */
  list(agentId: string, params: AgentGroupListParams = {}, options?: RequestOptions): Promise<Group[]> {
    return this.http.request(ROUTES.list_agent_groups, { path: { agent_id: agentId }, query: params }, options);
  }
}

/** `/v1/agents/{agent_id}/core-memory` */
export class AgentCoreMemory extends APIResource {
  readonly blocks: AgentCoreMemoryBlocks;
  /** Letta Cloud only. */
  readonly variables: AgentCoreMemoryVariables;

  constructor(http: LettaHttp) {
    super(http);
    this.blocks = new AgentCoreMemoryBlocks(http);
    this.variables = new AgentCoreMemoryVariables(http);
  }

  /** GET /v1/agents/{agent_id}/core-memory — all blocks plus the prompt template. */
  retrieve(agentId: string, options?: RequestOptions): Promise<Memory> {
    return this.http.request(ROUTES.retrieve_agent_memory, { path: { agent_id: agentId } }, options);
  }
}

/**
 * `/v1/agents/{agent_id}/core-memory/blocks`: an agent's blocks, addressed by label for reading
 * and editing, by block id for attaching and detaching.
 */
export class AgentCoreMemoryBlocks extends APIResource {
  /** GET /v1/agents/{agent_id}/core-memory/blocks */
  list(agentId: string, options?: RequestOptions): Promise<Block[]> {
    return this.http.request(ROUTES.list_core_memory_blocks, { path: { agent_id: agentId } }, options);
  }

  /** GET /v1/agents/{agent_id}/core-memory/blocks/{block_label} */
  retrieve(agentId: string, label: string, options?: RequestOptions): Promise<Block> {
    return this.http.request(
      ROUTES.retrieve_core_memory_block,
      { path: { agent_id: agentId, block_label: label } },
      options,
    );
  }

  /** PATCH /v1/agents/{agent_id}/core-memory/blocks/{block_label} — the server rebuilds the agent's system prompt. */
  modify(agentId: string, label: string, params: BlockUpdate, options?: RequestOptions): Promise<Block> {
    return this.http.request(
      ROUTES.modify_core_memory_block,
      { path: { agent_id: agentId, block_label: label }, body: params },
      options,
    );
  }

  /** PATCH /v1/agents/{agent_id}/core-memory/blocks/attach/{block_id} — answers with the updated agent. */
  attach(agentId: string, blockId: string, options?: RequestOptions): Promise<AgentState> {
    return this.http.request(
      ROUTES.attach_core_memory_block,
      { path: { agent_id: agentId, block_id: blockId } },
      options,
    );
  }

  /** PATCH /v1/agents/{agent_id}/core-memory/blocks/detach/{block_id} — the block itself is kept. */
  detach(agentId: string, blockId: string, options?: RequestOptions): Promise<AgentState> {
    return this.http.request(
      ROUTES.detach_core_memory_block,
      { path: { agent_id: agentId, block_id: blockId } },
      options,
    );
  }
}

/** `/v1/agents/{agent_id}/core-memory/variables` (Letta Cloud only) */
export class AgentCoreMemoryVariables extends APIResource {
  /** GET /v1/agents/{agent_id}/core-memory/variables — the template variables the agent was created with. */
  list(agentId: string, options?: RequestOptions): Promise<AgentMemoryVariables> {
    return this.http.request(ROUTES['agents.getAgentVariables'], { path: { agent_id: agentId } }, options);
  }
}

/** `/v1/agents/{agent_id}/archival-memory`: the agent's long-term, embedding-searched passages. */
export class AgentArchival extends APIResource {
  /** GET /v1/agents/{agent_id}/archival-memory — oldest first unless `ascending: false`; cursors are passage ids. */
  list(agentId: string, params: AgentPassageListParams = {}, options?: RequestOptions): Promise<Passage[]> {
    return this.http.request(ROUTES.list_passages, { path: { agent_id: agentId }, query: params }, options);
  }

  /** POST /v1/agents/{agent_id}/archival-memory — long text may become several passages, hence a list. */
  create(agentId: string, params: CreateArchivalMemory, options?: RequestOptions): Promise<Passage[]> {
    return this.http.request(ROUTES.create_passage, { path: { agent_id: agentId }, body: params }, options);
  }

  /**
   * PATCH /v1/agents/{agent_id}/archival-memory/{memory_id}. The spec promises a list; server
   * 0.7.29's handler builds a full `Passage` from the body (so send `text`, `embedding` and
   * `embedding_config`) and returns a single one, which it then fails to serialise as a list.
   */
  modify(agentId: string, memoryId: string, params: PassageUpdate, options?: RequestOptions): Promise<Passage[]> {
    return this.http.request(
      ROUTES.modify_passage,
      { path: { agent_id: agentId, memory_id: memoryId }, body: params },
      options,
    );
  }

  /** DELETE /v1/agents/{agent_id}/archival-memory/{memory_id} — 200 with `{message}`. */
  delete(agentId: string, memoryId: string, options?: RequestOptions): Promise<AgentDeleteResponse> {
    return this.http.request(ROUTES.delete_passage, { path: { agent_id: agentId, memory_id: memoryId } }, options);
  }
}

/** `/v1/agents/{agent_id}/template` and `/version-template` (Letta Cloud only). */
export class AgentTemplates extends APIResource {
  /** POST /v1/agents/{agent_id}/template — makes a new template from the agent. */
  create(
    agentId: string,
    params: AgentTemplateCreateParams = {},
    options?: RequestOptions,
  ): Promise<AgentTemplateCreateResponse> {
    return this.http.request(
      ROUTES['agents.createTemplateFromAgent'],
      { path: { agent_id: agentId }, body: params },
      options,
    );
  }

  /**
   * POST /v1/agents/{agent_id}/version-template — snapshots the template (or, for a deployed
   * agent, a new template made from it) as a new version.
   */
  version(
    agentId: string,
    params: AgentTemplateVersionParams = {},
    options?: RequestOptions,
  ): Promise<AgentTemplateVersionResponse> {
    const { returnAgentState, ...body } = params;
    return this.http.request(
      ROUTES['agents.versionAgentTemplate'],
      { path: { agent_id: agentId }, query: { returnAgentState }, body },
      options,
    );
  }
}
