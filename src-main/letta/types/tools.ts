/**
 * Tools: custom Python tools, tool rules, Composio apps/actions and MCP servers.
 *
 * Optionality rule used in this file (and the other resource type files): a response field is
 * required when the spec requires it, when it is the entity's `id`, or when the server fills it
 * from a default (so it is always in the JSON); every other field is optional, because servers of
 * other versions may not send it. Request bodies require exactly what the spec requires.
 */

/** JSON Schema (OpenAI function-calling shape) as the server stores it. */
export type JsonSchemaObject = Record<string, unknown>;

/** Where a tool comes from; decides which executor runs it. Newer servers add kinds. */
export type ToolType =
  | 'custom'
  | 'letta_core'
  | 'letta_memory_core'
  | 'letta_multi_agent_core'
  | 'letta_sleeptime_core'
  | 'letta_voice_sleeptime_core'
  | 'external_composio'
  | 'external_langchain'
  | 'external_mcp'
  | 'letta_builtin'
  | (string & {});

export interface Tool {
  id: string;
  tool_type: ToolType;
  description?: string | null;
  /** Language of `source_code`, e.g. `python`. */
  source_type?: string | null;
  /** The function name, derived from `source_code` (or from the Composio/MCP action). */
  name?: string | null;
  tags: string[];
  source_code?: string | null;
  json_schema?: JsonSchemaObject | null;
  args_json_schema?: JsonSchemaObject | null;
  /** Tool output longer than this is cut before it reaches the agent. */
  return_char_limit: number;
  /** Server 0.7.29 sends it (not in the spec). */
  organization_id?: string | null;
  created_by_id?: string | null;
  last_updated_by_id?: string | null;
  /** Note the trailing underscore: the server sends it under this name. */
  metadata_?: Record<string, unknown> | null;
}

/**
 * Body of `POST /v1/tools/` and `PUT /v1/tools/`. There is no `name`: the server takes it from
 * the function in `source_code` (which needs a Google-style docstring). Leave `args_json_schema`
 * out rather than sending `{}`: any non-null value switches how the server derives the schema.
 */
export interface ToolCreate {
  source_code: string;
  description?: string | null;
  tags?: string[];
  /** Default `python`. */
  source_type?: string;
  /** Derived from `source_code` when left out. */
  json_schema?: JsonSchemaObject | null;
  args_json_schema?: JsonSchemaObject | null;
  /** Default 6000. */
  return_char_limit?: number;
}

export interface ToolUpdate {
  description?: string | null;
  tags?: string[] | null;
  source_code?: string | null;
  source_type?: string | null;
  json_schema?: JsonSchemaObject | null;
  args_json_schema?: JsonSchemaObject | null;
  return_char_limit?: number | null;
}

/** Body of `POST /v1/tools/run`: builds the tool from source and runs it once, without saving it. */
export interface ToolRunFromSource {
  source_code: string;
  args: Record<string, unknown>;
  /** Environment of the sandbox the tool runs in. */
  env_vars?: Record<string, string>;
  /** Which function in `source_code` to run, when it defines several. */
  name?: string | null;
  source_type?: string | null;
  args_json_schema?: JsonSchemaObject | null;
  json_schema?: JsonSchemaObject | null;
}

export interface ToolListParams {
  /** Cursor: a tool id. */
  after?: string;
  /** Default 50. */
  limit?: number;
  /** Exact tool name. */
  name?: string;
}

export interface ToolCountParams {
  /** Count Letta's built-in tools too (default false). */
  include_base_tools?: boolean;
}

// ---- Tool rules (an agent's `tool_rules`; discriminated by `type`) ----

/** After `tool_name`, the agent may only call one of `children`. */
export interface ChildToolRule {
  type: 'constrain_child_tools';
  tool_name: string;
  children: string[];
}

/** `tool_name` must be the first tool the agent calls. */
export interface InitToolRule {
  type: 'run_first';
  tool_name: string;
}

/** Calling `tool_name` ends the agent loop. */
export interface TerminalToolRule {
  type: 'exit_loop';
  tool_name: string;
}

/** Picks the next tool from `tool_name`'s output. */
export interface ConditionalToolRule {
  type: 'conditional';
  tool_name: string;
  /** Next tool when no mapping matches; null lets the agent call any tool. */
  default_child?: string | null;
  /** Output value → tool name to call next. */
  child_output_mapping: Record<string, string>;
  /** Fail when the output matches no mapping (default false). */
  require_output_mapping?: boolean;
}

/** Calling `tool_name` forces the agent loop to go on. */
export interface ContinueToolRule {
  type: 'continue_loop';
  tool_name: string;
}

export interface MaxCountPerStepToolRule {
  type: 'max_count_per_step';
  tool_name: string;
  /** How often `tool_name` may be called within one step. */
  max_count_limit: number;
}

/** The `children` may only be called after `tool_name` has been called. */
export interface ParentToolRule {
  type: 'parent_last_tool';
  tool_name: string;
  children: string[];
}

export type ToolRule =
  | ChildToolRule
  | InitToolRule
  | TerminalToolRule
  | ConditionalToolRule
  | ContinueToolRule
  | MaxCountPerStepToolRule
  | ParentToolRule;

export type ToolRuleType = ToolRule['type'];

// ---- Composio (needs COMPOSIO_API_KEY on the server) ----

export interface AuthSchemeField {
  name: string;
  display_name?: string | null;
  description: string;
  type: string;
  default?: string | null;
  required: boolean;
  expected_from_customer: boolean;
  get_current_user_endpoint?: string | null;
}

/** Composio's list of auth modes; Composio may add more. */
export type AppAuthMode =
  | 'OAUTH2'
  | 'OAUTH1'
  | 'API_KEY'
  | 'BASIC'
  | 'BEARER_TOKEN'
  | 'BASIC_WITH_JWT'
  | 'GOOGLE_SERVICE_ACCOUNT'
  | 'GOOGLEADS_AUTH'
  | 'NO_AUTH'
  | 'CALCOM_AUTH'
  | (string & {});

export interface AppAuthScheme {
  scheme_name: string;
  auth_mode: AppAuthMode;
  fields: AuthSchemeField[];
  proxy?: Record<string, unknown> | null;
  authorization_url?: string | null;
  token_url?: string | null;
  default_scopes?: unknown[] | null;
  token_response_metadata?: unknown[] | null;
  client_id?: string | null;
  client_secret?: string | null;
}

/** A Composio app (a service such as GitHub), as Composio describes it; mixed-case keys are Composio's. */
export interface AppModel {
  name: string;
  key: string;
  appId: string;
  description: string;
  categories: string[];
  meta: Record<string, unknown>;
  logo?: string | null;
  docs?: string | null;
  group?: string | null;
  status?: string | null;
  enabled: boolean;
  no_auth: boolean;
  auth_schemes?: AppAuthScheme[] | null;
  testConnectors?: Record<string, unknown>[] | null;
  documentation_doc_text?: string | null;
  configuration_docs_text?: string | null;
}

/** JSON-Schema-like description of an action's input or output. */
export interface ActionSchemaModel {
  properties: Record<string, unknown>;
  title: string;
  type: string;
  required?: string[] | null;
  examples?: unknown[] | null;
}

export type ActionParametersModel = ActionSchemaModel;
export type ActionResponseModel = ActionSchemaModel;

/** One Composio action; its `name` is what `tools.composio.add` takes. */
export interface ActionModel {
  name: string;
  description: string;
  parameters: ActionParametersModel;
  response: ActionResponseModel;
  appName: string;
  appId: string;
  version: string;
  available_versions: string[];
  tags: string[];
  logo?: string | null;
  display_name?: string | null;
  enabled: boolean;
}

export interface ComposioAppListParams {
  /** Acting user, sent as the `user-id` header (overrides the client's `userId` for this call). */
  userId?: string;
}

// ---- MCP servers (kept in ~/.letta/mcp_config.json on the server) ----

export type MCPServerType = 'sse' | 'stdio';

/** A remote MCP server reached over SSE. */
export interface SSEServerConfig {
  type: 'sse';
  server_name: string;
  /** The URL the server's MCP SSE client connects to. */
  server_url: string;
}

/** A local MCP server the Letta server starts as a subprocess. */
export interface StdioServerConfig {
  type: 'stdio';
  server_name: string;
  command: string;
  args: string[];
  env?: Record<string, string> | null;
}

export type MCPServerConfig = SSEServerConfig | StdioServerConfig;

/** `GET /v1/tools/mcp/servers`: server name → its config. */
export type MCPServerMap = Record<string, MCPServerConfig>;

export interface MCPServerListParams {
  /** Acting user, sent as the `user-id` header (overrides the client's `userId` for this call). */
  userId?: string;
}

/** A tool as an MCP server announces it (not yet a Letta tool: see `tools.mcp.addTool`). */
export interface MCPTool {
  name: string;
  description?: string | null;
  /** JSON Schema of the tool's arguments. */
  inputSchema: JsonSchemaObject;
}
