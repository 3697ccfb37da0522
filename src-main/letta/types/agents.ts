/**
 * Agents and what hangs off them: core memory (`Memory`), archival memory (`Passage`), the
 * context-window breakdown, the agent file used by export/import, and the Letta Cloud–only
 * template/search routes. Field names are the server's (snake_case), as they travel on the wire.
 */
import type { Block, CreateBlock } from './blocks.js';
import type { Tool, ToolRule } from './tools.js';
import type { Source } from './sources.js';
import type { LLMConfig, EmbeddingConfig } from './models.js';
import type { Group, ManagerType } from './groups.js';
import type { Message, MessageCreate } from './messages.js';

/** Which agent loop runs the agent. Open: newer servers add types. */
export type AgentType =
  | 'memgpt_agent'
  | 'split_thread_agent'
  | 'sleeptime_agent'
  | 'voice_convo_agent'
  | 'voice_sleeptime_agent'
  | (string & {});

/** How the agent formats the text it returns through `send_message` (spec: Text/JsonSchema/JsonObjectResponseFormat). */
export type AgentResponseFormat =
  | { type?: 'text' }
  | {
      type?: 'json_schema';
      /** The JSON schema the response must follow. */
      json_schema: Record<string, unknown>;
    }
  | { type?: 'json_object' };

/** A tool-execution environment variable scoped to one agent (`AgentEnvironmentVariable`). */
export interface AgentEnvironmentVariable {
  /** `agent-env-<uuid>`. */
  id?: string;
  key: string;
  value: string;
  description?: string | null;
  agent_id: string;
  created_by_id?: string | null;
  last_updated_by_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}

/** An agent's in-context (core) memory: its blocks and the template that renders them into the prompt. */
export interface Memory {
  blocks: Block[];
  /** Jinja2 template the server compiles the blocks with; depends on the agent type. */
  prompt_template?: string;
}

/**
 * An agent as the server stores it (`AgentState`).
 *
 * `memory`, `tools`, `sources`, `tags`, `identity_ids`, `tool_exec_environment_variables` and
 * `multi_agent_group` are relationships: when a list asks for `include_relationships`, the ones
 * not asked for come back empty (`[]`, `{blocks: []}`, null), not absent.
 */
export interface AgentState {
  /** `agent-<uuid>`. */
  id: string;
  name: string;
  /** The system prompt, with the compiled core memory embedded in it. */
  system: string;
  agent_type: AgentType;
  llm_config: LLMConfig;
  embedding_config: EmbeddingConfig;
  memory: Memory;
  tools: Tool[];
  sources: Source[];
  tags: string[];
  description?: string | null;
  metadata?: Record<string, unknown> | null;
  tool_rules?: ToolRule[] | null;
  /** Ids of the messages currently in the context window, oldest first (the first is the system message). */
  message_ids?: string[] | null;
  response_format?: AgentResponseFormat | null;
  tool_exec_environment_variables?: AgentEnvironmentVariable[];
  project_id?: string | null;
  template_id?: string | null;
  base_template_id?: string | null;
  identity_ids?: string[];
  /** The agent forgets earlier messages after each turn (core and archival memory stay). */
  message_buffer_autoclear?: boolean;
  /** Memory editing runs in a background (sleep-time) agent. */
  enable_sleeptime?: boolean | null;
  /** The multi-agent group this agent manages, if any. */
  multi_agent_group?: Group | null;
  /** Sent by server 0.7.29, not in the spec. */
  organization_id?: string | null;
  created_by_id?: string | null;
  last_updated_by_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}

/**
 * Body of `POST /v1/agents/` (`CreateAgentRequest`). Give either `llm_config` + `embedding_config`
 * or the `model` + `embedding` handles (`provider/model-name`); the server reports a missing or
 * unknown model as a 500, not a 422.
 */
export interface CreateAgentRequest {
  /** Server picks a random name when left out. */
  name?: string;
  /** Blocks created for this agent (typically `human` and `persona`). */
  memory_blocks?: CreateBlock[] | null;
  /** Tools to attach, by name. */
  tools?: string[] | null;
  /** Tools to attach, by id. */
  tool_ids?: string[] | null;
  source_ids?: string[] | null;
  /** Existing blocks to attach (shared memory). */
  block_ids?: string[] | null;
  tool_rules?: ToolRule[] | null;
  tags?: string[] | null;
  system?: string | null;
  agent_type?: AgentType;
  llm_config?: LLMConfig | null;
  embedding_config?: EmbeddingConfig | null;
  /** Replaces the default boot messages; `[]` starts with the system message only. */
  initial_message_sequence?: MessageCreate[] | null;
  /** Attach Letta's core memory tools (default true). */
  include_base_tools?: boolean;
  /** Attach the tools for messaging other agents (default false). */
  include_multi_agent_tools?: boolean;
  /** Attach Letta's default tool rules (default true). */
  include_base_tool_rules?: boolean;
  description?: string | null;
  metadata?: Record<string, unknown> | null;
  /** LLM handle, `provider/model-name`, instead of `llm_config`. */
  model?: string | null;
  /** Embedding handle, `provider/model-name`, instead of `embedding_config`. */
  embedding?: string | null;
  /** Lowers the model's context window; like the next three, applied only with `model` (ignored with `llm_config`). */
  context_window_limit?: number | null;
  max_tokens?: number | null;
  max_reasoning_tokens?: number | null;
  /** Extended thinking for reasoner models (default false). */
  enable_reasoner?: boolean | null;
  /** Applied only with `embedding` (server default 300). */
  embedding_chunk_size?: number | null;
  /** Template id to configure the agent from. */
  from_template?: string | null;
  /** Create the agent as a template (default false). */
  template?: boolean;
  /** Deprecated by the server in favour of the `X-Project` header (see `CreateAgentParams.project`). */
  project?: string | null;
  /** Tool-execution environment variables, name → value. */
  tool_exec_environment_variables?: Record<string, string> | null;
  /** Values for `{{variables}}` in the memory blocks. */
  memory_variables?: Record<string, string> | null;
  project_id?: string | null;
  template_id?: string | null;
  base_template_id?: string | null;
  identity_ids?: string[] | null;
  message_buffer_autoclear?: boolean;
  enable_sleeptime?: boolean | null;
  response_format?: AgentResponseFormat | null;
}

/** What `agents.create` takes: the body, with `project` sent as the `X-Project` header. */
export type CreateAgentParams = Omit<CreateAgentRequest, 'project'> & {
  /** Letta Cloud project (slug) to create the agent in; sent as the `X-Project` header. */
  project?: string;
};

/**
 * Body of `PATCH /v1/agents/{id}` (`UpdateAgent`): only the fields sent change. The id lists
 * (`tool_ids`, `source_ids`, `block_ids`, `message_ids`) replace the current list; core memory
 * text is edited through the block routes.
 */
export interface UpdateAgent {
  name?: string | null;
  tool_ids?: string[] | null;
  source_ids?: string[] | null;
  block_ids?: string[] | null;
  tags?: string[] | null;
  system?: string | null;
  tool_rules?: ToolRule[] | null;
  llm_config?: LLMConfig | null;
  embedding_config?: EmbeddingConfig | null;
  /** Replaces the in-context message ids (oldest first; the first is the system message). */
  message_ids?: string[] | null;
  description?: string | null;
  metadata?: Record<string, unknown> | null;
  tool_exec_environment_variables?: Record<string, string> | null;
  project_id?: string | null;
  template_id?: string | null;
  base_template_id?: string | null;
  identity_ids?: string[] | null;
  message_buffer_autoclear?: boolean | null;
  /** LLM handle, `provider/model-name`, instead of `llm_config`. */
  model?: string | null;
  /** Embedding handle, `provider/model-name`, instead of `embedding_config`. */
  embedding?: string | null;
  enable_sleeptime?: boolean | null;
  response_format?: AgentResponseFormat | null;
}

/** The relationships `include_relationships` can ask for. Open: newer servers add some. */
export type AgentRelationship =
  | 'tags'
  | 'tools'
  | 'sources'
  | 'memory'
  | 'identity_ids'
  | 'multi_agent_group'
  | 'tool_exec_environment_variables'
  | 'enable_sleeptime'
  | (string & {});

/** Query of `GET /v1/agents/`. Cursors are agent ids. */
export interface AgentListParams {
  /** Exact name. */
  name?: string | null;
  /** Server 0.7.29 applies this filter only with `match_all_tags: true` (a for-else bug ignores it otherwise). */
  tags?: string[] | null;
  /** Require all `tags` instead of any (default false). */
  match_all_tags?: boolean;
  before?: string | null;
  after?: string | null;
  /** Server default 50. */
  limit?: number | null;
  /** Search by name. */
  query_text?: string | null;
  project_id?: string | null;
  template_id?: string | null;
  base_template_id?: string | null;
  identity_id?: string | null;
  identifier_keys?: string[] | null;
  /** Load only these relationships (all when left out); the rest come back empty. */
  include_relationships?: AgentRelationship[] | null;
  /** Oldest first (default false: newest first). */
  ascending?: boolean;
}

/** `{"message": "Agent id=… successfully deleted"}`, the 200 body of the agent and passage deletes. */
export interface AgentDeleteResponse {
  message?: string;
}

/** Query of `GET /v1/agents/{id}/groups`. */
export interface AgentGroupListParams {
  /** Only groups with this manager type. */
  manager_type?: ManagerType | null;
}

/** A function the model is offered, as counted in the context window (spec: `FunctionTool`). */
export interface AgentFunctionTool {
  type: 'function';
  function: AgentFunctionDefinition;
  [key: string]: unknown;
}

/** OpenAI-style function definition (spec: `FunctionDefinition`, output variant). */
export interface AgentFunctionDefinition {
  name: string;
  description?: string | null;
  /** JSON schema of the arguments. */
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
  [key: string]: unknown;
}

/** Token accounting of what the agent currently sends to the model (`GET /v1/agents/{id}/context`). */
export interface ContextWindowOverview {
  /** The model's context window, in tokens. */
  context_window_size_max: number;
  context_window_size_current: number;
  /** Messages in the context window. */
  num_messages: number;
  /** Passages in archival memory. */
  num_archival_memory: number;
  /** Messages in recall memory (the whole history). */
  num_recall_memory: number;
  num_tokens_external_memory_summary: number;
  /** The prompt section that tells the agent how much archival/recall memory it has. */
  external_memory_summary: string;
  num_tokens_system: number;
  system_prompt: string;
  num_tokens_core_memory: number;
  /** The compiled core memory as the model sees it. */
  core_memory: string;
  num_tokens_summary_memory: number;
  /** Summary of evicted messages, if the context was ever summarised. */
  summary_memory?: string | null;
  num_tokens_functions_definitions: number;
  functions_definitions: AgentFunctionTool[] | null;
  num_tokens_messages: number;
  /** The in-context messages in the server's internal form (not the LettaMessage union). */
  messages: Message[];
}

/** A memory block in an agent file (spec: `CoreMemoryBlockSchema`). */
export interface AgentFileBlock {
  label: string;
  value: string;
  limit: number;
  is_template: boolean;
  template_name: string | null;
  description: string | null;
  metadata_?: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
}

/** A message in an agent file (spec: `MessageSchema`). */
export interface AgentFileMessage {
  role: string;
  content: Array<{ type?: 'text'; text: string }>;
  name: string | null;
  model: string | null;
  group_id: string | null;
  tool_call_id: string | null;
  /** OpenAI-style tool calls as the server stored them. */
  tool_calls: unknown[];
  tool_returns: unknown[];
  created_at: string;
  updated_at: string;
}

/** A tool rule in an agent file (spec: Base/Child/MaxCountPerStep/ConditionalToolRuleSchema). */
export interface AgentFileToolRule {
  tool_name: string;
  type: string;
  /** Child rules. */
  children?: string[];
  /** Max-count-per-step rules. */
  max_count_limit?: number;
  /** Conditional rules. */
  default_child?: string | null;
  child_output_mapping?: Record<string, string>;
  require_output_mapping?: boolean;
}

/** A tool in an agent file, with its source (spec: `ToolSchema`). */
export interface AgentFileTool {
  name: string;
  description: string;
  source_code: string | null;
  source_type: string;
  tool_type: string;
  tags: string[];
  return_char_limit: number;
  json_schema: {
    name: string;
    description: string;
    parameters: {
      type?: string | null;
      properties: Record<string, { type: string; description?: string | null }>;
      required?: string[];
    };
    type?: string | null;
    required?: string[] | null;
  };
  args_json_schema: unknown;
  metadata_?: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
}

/**
 * A whole agent as `GET /v1/agents/{id}/export` returns it and `POST /v1/agents/import` takes it
 * (spec: `AgentSchema`; the spec types the export response as a string, the server sends this
 * object). Messages are included; ids are not, so an import always creates a new agent.
 */
export interface AgentFile {
  /** Format version of the file (the server's version at export time). */
  version: string;
  name: string;
  agent_type: string;
  description: string | null;
  system: string;
  llm_config: LLMConfig;
  embedding_config: EmbeddingConfig;
  core_memory: AgentFileBlock[];
  messages: AgentFileMessage[];
  /** Indexes into `messages` of the ones in the context window. */
  in_context_message_indices: number[];
  message_buffer_autoclear: boolean;
  metadata_?: Record<string, unknown> | null;
  multi_agent_group: unknown;
  tags: Array<{ tag: string }>;
  tool_exec_environment_variables: Array<{
    key: string;
    value: string;
    description: string | null;
    created_at: string;
    updated_at: string;
  }>;
  tool_rules: AgentFileToolRule[];
  tools: AgentFileTool[];
  created_at: string;
  updated_at: string;
}

/** What `agents.importFile` takes: the file (multipart field `file`) plus the query flags. */
export interface AgentImportParams {
  /** The agent file: as exported (object), its JSON text, or its bytes. */
  file: AgentFile | string | Uint8Array;
  /** File name sent with the upload (default `agent.json`). */
  filename?: string;
  /** Append `_copy` to the agent's name (server default true). */
  append_copy_suffix?: boolean;
  /** Let the file's tool definitions overwrite the source of existing tools with the same name (server default true; Letta's core tools are never overwritten). */
  override_existing_tools?: boolean;
  project_id?: string | null;
  /** Import without the message history (server default false). */
  strip_messages?: boolean;
}

/** A passage of archival memory (or of a source's files), with its embedding (`Passage`). */
export interface Passage {
  /** `passage-<uuid>`; always present on stored passages (the spec marks it optional only because it has a default). */
  id: string;
  text: string;
  /** The embedding vector; null when not computed. */
  embedding: number[] | null;
  embedding_config: EmbeddingConfig | null;
  /** Set for archival passages. */
  agent_id?: string | null;
  /** Set for passages of a source's files. */
  source_id?: string | null;
  file_id?: string | null;
  metadata?: Record<string, unknown> | null;
  is_deleted?: boolean;
  /** Sent by server 0.7.29, not in the spec. */
  organization_id?: string | null;
  created_by_id?: string | null;
  last_updated_by_id?: string | null;
  created_at?: string;
  updated_at?: string | null;
}

/** Body of `POST /v1/agents/{id}/archival-memory` (`CreateArchivalMemory`). */
export interface CreateArchivalMemory {
  /** Text to store; the server embeds it (and may split long text into several passages). */
  text: string;
}

/**
 * Body of `PATCH /v1/agents/{id}/archival-memory/{memory_id}` (`PassageUpdate`). `id` is required
 * by the schema and should repeat the passage id. Only non-null fields are applied.
 */
export interface PassageUpdate {
  id: string;
  text?: string | null;
  embedding?: number[] | null;
  embedding_config?: EmbeddingConfig | null;
  /** Metadata, under the server's ORM name (note the trailing underscore). */
  metadata_?: Record<string, unknown> | null;
  agent_id?: string | null;
  source_id?: string | null;
  file_id?: string | null;
  is_deleted?: boolean;
  created_by_id?: string | null;
  last_updated_by_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}

/** Query of `GET /v1/agents/{id}/archival-memory`. Cursors are passage ids. */
export interface AgentPassageListParams {
  after?: string | null;
  before?: string | null;
  /** No server default: all passages when left out. */
  limit?: number | null;
  /** Case-insensitive substring filter on the text (server 0.7.29: not a semantic search). */
  search?: string | null;
  /** Oldest first (server default true). */
  ascending?: boolean | null;
}

// ---- Letta Cloud only -------------------------------------------------------------------------

/** One condition of `agents.search`. */
export type AgentSearchCondition =
  | { field: 'version'; value: string }
  | { field: 'name'; operator: 'eq' | 'contains'; value: string }
  | { field: 'tags'; operator: 'contains'; value: string[] }
  | { field: 'identity'; operator: 'eq'; value: string };

/** Body of `POST /v1/agents/search` (Cloud). */
export interface AgentSearchParams {
  search?: AgentSearchCondition[];
  project_id?: string;
  /** How conditions combine; only `AND` exists. */
  combinator?: 'AND';
  limit?: number;
  /** `nextCursor` of the previous page. */
  after?: string | null;
}

export interface AgentSearchResponse {
  agents: AgentState[];
  /** Cursor for the next page; null/absent on the last. */
  nextCursor?: string | null;
}

/** Body of `POST /v1/agents/{id}/migrate` (Cloud): moves a deployed agent to another template version. */
export interface AgentMigrateParams {
  /** Target template as `name:version`. */
  to_template: string;
  /** Keep the agent's current core memory; when false, `variables` fill the new template's blocks. */
  preserve_core_memories: boolean;
  variables?: Record<string, string>;
}

export interface AgentMigrateResponse {
  success: true;
}

/** Body of `POST /v1/agents/{id}/template` (Cloud). */
export interface AgentTemplateCreateParams {
  /** Project (slug) to create the template in. */
  project?: string;
}

export interface AgentTemplateCreateResponse {
  templateName: string;
  templateId: string;
}

/** Query and body of `POST /v1/agents/{id}/version-template` (Cloud). */
export interface AgentTemplateVersionParams {
  /** Include the new version's agent state in the answer (query parameter). */
  returnAgentState?: boolean;
  /** Move the agents deployed from the template to the new version. */
  migrate_deployed_agents?: boolean;
  /** Version note, at most 140 characters. */
  message?: string;
}

/**
 * 201 answer of the version route. The spec declares no body; Letta Cloud sends these fields, so
 * all are optional.
 */
export interface AgentTemplateVersionResponse {
  /** The new version number, e.g. `"3"`. */
  version?: string;
  /** `template-name:version`, usable as `AgentMigrateParams.to_template`. */
  fullVersion?: string;
  id?: string;
  /** With `returnAgentState`. */
  state?: AgentState;
}

/** `GET /v1/agents/{id}/core-memory/variables` (Cloud): the template variables the agent was created with. */
export interface AgentMemoryVariables {
  variables: Record<string, string>;
}
