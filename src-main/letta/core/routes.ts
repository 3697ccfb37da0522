/**
 * The route table: every operation of the Letta REST API exactly once, as the server spells it.
 *
 * This is the single source the resource methods build requests from; the contract test
 * compares it, entry by entry, with the reference spec. Paths are written literally with
 * their `{placeholders}` (including trailing slashes: collection routes end in `/` and the
 * server answers 307 without it), so a reader can grep any URL from a log to its method.
 *
 * `cloud: true` marks the operations only Letta Cloud serves; a self-hosted server answers
 * them with 404/405.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly cloud?: boolean;
}

function r(method: HttpMethod, path: string, operationId: string, cloud = false): Route {
  return cloud ? { method, path, operationId, cloud } : { method, path, operationId };
}

export const ROUTES = {
  // agents
  list_agents: r('GET', '/v1/agents/', 'list_agents'),
  create_agent: r('POST', '/v1/agents/', 'create_agent'),
  count_agents: r('GET', '/v1/agents/count', 'count_agents'),
  export_agent_serialized: r('GET', '/v1/agents/{agent_id}/export', 'export_agent_serialized'),
  import_agent_serialized: r('POST', '/v1/agents/import', 'import_agent_serialized'),
  retrieve_agent_context_window: r('GET', '/v1/agents/{agent_id}/context', 'retrieve_agent_context_window'),
  modify_agent: r('PATCH', '/v1/agents/{agent_id}', 'modify_agent'),
  retrieve_agent: r('GET', '/v1/agents/{agent_id}', 'retrieve_agent'),
  delete_agent: r('DELETE', '/v1/agents/{agent_id}', 'delete_agent'),
  list_agent_groups: r('GET', '/v1/agents/{agent_id}/groups', 'list_agent_groups'),
  reset_messages: r('PATCH', '/v1/agents/{agent_id}/reset-messages', 'reset_messages'),

  // agents.tools / agents.sources
  list_agent_tools: r('GET', '/v1/agents/{agent_id}/tools', 'list_agent_tools'),
  attach_tool: r('PATCH', '/v1/agents/{agent_id}/tools/attach/{tool_id}', 'attach_tool'),
  detach_tool: r('PATCH', '/v1/agents/{agent_id}/tools/detach/{tool_id}', 'detach_tool'),
  list_agent_sources: r('GET', '/v1/agents/{agent_id}/sources', 'list_agent_sources'),
  attach_source_to_agent: r('PATCH', '/v1/agents/{agent_id}/sources/attach/{source_id}', 'attach_source_to_agent'),
  detach_source_from_agent: r('PATCH', '/v1/agents/{agent_id}/sources/detach/{source_id}', 'detach_source_from_agent'),

  // agents.coreMemory
  retrieve_agent_memory: r('GET', '/v1/agents/{agent_id}/core-memory', 'retrieve_agent_memory'),
  list_core_memory_blocks: r('GET', '/v1/agents/{agent_id}/core-memory/blocks', 'list_core_memory_blocks'),
  retrieve_core_memory_block: r('GET', '/v1/agents/{agent_id}/core-memory/blocks/{block_label}', 'retrieve_core_memory_block'),
  modify_core_memory_block: r('PATCH', '/v1/agents/{agent_id}/core-memory/blocks/{block_label}', 'modify_core_memory_block'),
  attach_core_memory_block: r('PATCH', '/v1/agents/{agent_id}/core-memory/blocks/attach/{block_id}', 'attach_core_memory_block'),
  detach_core_memory_block: r('PATCH', '/v1/agents/{agent_id}/core-memory/blocks/detach/{block_id}', 'detach_core_memory_block'),

  // agents.archival
  list_passages: r('GET', '/v1/agents/{agent_id}/archival-memory', 'list_passages'),
  create_passage: r('POST', '/v1/agents/{agent_id}/archival-memory', 'create_passage'),
  modify_passage: r('PATCH', '/v1/agents/{agent_id}/archival-memory/{memory_id}', 'modify_passage'),
  delete_passage: r('DELETE', '/v1/agents/{agent_id}/archival-memory/{memory_id}', 'delete_passage'),

  // agents.messages
  list_messages: r('GET', '/v1/agents/{agent_id}/messages', 'list_messages'),
  send_message: r('POST', '/v1/agents/{agent_id}/messages', 'send_message'),
  modify_message: r('PATCH', '/v1/agents/{agent_id}/messages/{message_id}', 'modify_message'),
  create_agent_message_stream: r('POST', '/v1/agents/{agent_id}/messages/stream', 'create_agent_message_stream'),
  create_agent_message_async: r('POST', '/v1/agents/{agent_id}/messages/async', 'create_agent_message_async'),

  // agents — Letta Cloud only
  'agents.searchDeployedAgents': r('POST', '/v1/agents/search', 'agents.searchDeployedAgents', true),
  'agents.versionAgentTemplate': r('POST', '/v1/agents/{agent_id}/version-template', 'agents.versionAgentTemplate', true),
  'agents.migrateAgent': r('POST', '/v1/agents/{agent_id}/migrate', 'agents.migrateAgent', true),
  'agents.createTemplateFromAgent': r('POST', '/v1/agents/{agent_id}/template', 'agents.createTemplateFromAgent', true),
  'agents.getAgentVariables': r('GET', '/v1/agents/{agent_id}/core-memory/variables', 'agents.getAgentVariables', true),

  // blocks
  list_blocks: r('GET', '/v1/blocks/', 'list_blocks'),
  create_block: r('POST', '/v1/blocks/', 'create_block'),
  count_blocks: r('GET', '/v1/blocks/count', 'count_blocks'),
  retrieve_block: r('GET', '/v1/blocks/{block_id}', 'retrieve_block'),
  modify_block: r('PATCH', '/v1/blocks/{block_id}', 'modify_block'),
  delete_block: r('DELETE', '/v1/blocks/{block_id}', 'delete_block'),
  list_agents_for_block: r('GET', '/v1/blocks/{block_id}/agents', 'list_agents_for_block'),

  // tools
  list_tools: r('GET', '/v1/tools/', 'list_tools'),
  create_tool: r('POST', '/v1/tools/', 'create_tool'),
  upsert_tool: r('PUT', '/v1/tools/', 'upsert_tool'),
  count_tools: r('GET', '/v1/tools/count', 'count_tools'),
  retrieve_tool: r('GET', '/v1/tools/{tool_id}', 'retrieve_tool'),
  modify_tool: r('PATCH', '/v1/tools/{tool_id}', 'modify_tool'),
  delete_tool: r('DELETE', '/v1/tools/{tool_id}', 'delete_tool'),
  add_base_tools: r('POST', '/v1/tools/add-base-tools', 'add_base_tools'),
  run_tool_from_source: r('POST', '/v1/tools/run', 'run_tool_from_source'),

  // tools.composio
  list_composio_apps: r('GET', '/v1/tools/composio/apps', 'list_composio_apps'),
  list_composio_actions_by_app: r('GET', '/v1/tools/composio/apps/{composio_app_name}/actions', 'list_composio_actions_by_app'),
  add_composio_tool: r('POST', '/v1/tools/composio/{composio_action_name}', 'add_composio_tool'),

  // tools.mcp
  list_mcp_servers: r('GET', '/v1/tools/mcp/servers', 'list_mcp_servers'),
  add_mcp_server: r('PUT', '/v1/tools/mcp/servers', 'add_mcp_server'),
  list_mcp_tools_by_server: r('GET', '/v1/tools/mcp/servers/{mcp_server_name}/tools', 'list_mcp_tools_by_server'),
  add_mcp_tool: r('POST', '/v1/tools/mcp/servers/{mcp_server_name}/{mcp_tool_name}', 'add_mcp_tool'),
  delete_mcp_server: r('DELETE', '/v1/tools/mcp/servers/{mcp_server_name}', 'delete_mcp_server'),

  // sources, sources.files
  list_sources: r('GET', '/v1/sources/', 'list_sources'),
  create_source: r('POST', '/v1/sources/', 'create_source'),
  count_sources: r('GET', '/v1/sources/count', 'count_sources'),
  retrieve_source: r('GET', '/v1/sources/{source_id}', 'retrieve_source'),
  modify_source: r('PATCH', '/v1/sources/{source_id}', 'modify_source'),
  delete_source: r('DELETE', '/v1/sources/{source_id}', 'delete_source'),
  get_source_id_by_name: r('GET', '/v1/sources/name/{source_name}', 'get_source_id_by_name'),
  upload_file_to_source: r('POST', '/v1/sources/{source_id}/upload', 'upload_file_to_source'),
  list_source_passages: r('GET', '/v1/sources/{source_id}/passages', 'list_source_passages'),
  list_source_files: r('GET', '/v1/sources/{source_id}/files', 'list_source_files'),
  delete_file_from_source: r('DELETE', '/v1/sources/{source_id}/{file_id}', 'delete_file_from_source'),

  // groups, groups.messages
  list_groups: r('GET', '/v1/groups/', 'list_groups'),
  create_group: r('POST', '/v1/groups/', 'create_group'),
  count_groups: r('GET', '/v1/groups/count', 'count_groups'),
  retrieve_group: r('GET', '/v1/groups/{group_id}', 'retrieve_group'),
  modify_group: r('PATCH', '/v1/groups/{group_id}', 'modify_group'),
  delete_group: r('DELETE', '/v1/groups/{group_id}', 'delete_group'),
  send_group_message: r('POST', '/v1/groups/{group_id}/messages', 'send_group_message'),
  list_group_messages: r('GET', '/v1/groups/{group_id}/messages', 'list_group_messages'),
  send_group_message_streaming: r('POST', '/v1/groups/{group_id}/messages/stream', 'send_group_message_streaming'),
  modify_group_message: r('PATCH', '/v1/groups/{group_id}/messages/{message_id}', 'modify_group_message'),
  reset_group_messages: r('PATCH', '/v1/groups/{group_id}/reset-messages', 'reset_group_messages'),

  // identities
  list_identities: r('GET', '/v1/identities/', 'list_identities'),
  create_identity: r('POST', '/v1/identities/', 'create_identity'),
  upsert_identity: r('PUT', '/v1/identities/', 'upsert_identity'),
  count_identities: r('GET', '/v1/identities/count', 'count_identities'),
  retrieve_identity: r('GET', '/v1/identities/{identity_id}', 'retrieve_identity'),
  update_identity: r('PATCH', '/v1/identities/{identity_id}', 'update_identity'),
  delete_identity: r('DELETE', '/v1/identities/{identity_id}', 'delete_identity'),
  upsert_identity_properties: r('PUT', '/v1/identities/{identity_id}/properties', 'upsert_identity_properties'),

  // models, embeddings
  list_models: r('GET', '/v1/models/', 'list_models'),
  list_embedding_models: r('GET', '/v1/models/embedding', 'list_embedding_models'),
  get_total_storage_size: r('GET', '/v1/embeddings/total_storage_size', 'get_total_storage_size'),

  // providers
  list_providers: r('GET', '/v1/providers/', 'list_providers'),
  create_provider: r('POST', '/v1/providers/', 'create_provider'),
  modify_provider: r('PATCH', '/v1/providers/{provider_id}', 'modify_provider'),
  delete_provider: r('DELETE', '/v1/providers/{provider_id}', 'delete_provider'),
  check_provider: r('GET', '/v1/providers/check', 'check_provider'),

  // jobs
  list_jobs: r('GET', '/v1/jobs/', 'list_jobs'),
  list_active_jobs: r('GET', '/v1/jobs/active', 'list_active_jobs'),
  retrieve_job: r('GET', '/v1/jobs/{job_id}', 'retrieve_job'),
  delete_job: r('DELETE', '/v1/jobs/{job_id}', 'delete_job'),

  // runs
  list_runs: r('GET', '/v1/runs/', 'list_runs'),
  list_active_runs: r('GET', '/v1/runs/active', 'list_active_runs'),
  retrieve_run: r('GET', '/v1/runs/{run_id}', 'retrieve_run'),
  delete_run: r('DELETE', '/v1/runs/{run_id}', 'delete_run'),
  list_run_messages: r('GET', '/v1/runs/{run_id}/messages', 'list_run_messages'),
  retrieve_run_usage: r('GET', '/v1/runs/{run_id}/usage', 'retrieve_run_usage'),
  list_run_steps: r('GET', '/v1/runs/{run_id}/steps', 'list_run_steps'),

  // steps, telemetry
  list_steps: r('GET', '/v1/steps/', 'list_steps'),
  retrieve_step: r('GET', '/v1/steps/{step_id}', 'retrieve_step'),
  retrieve_provider_trace: r('GET', '/v1/telemetry/{step_id}', 'retrieve_provider_trace'),

  // tags, health
  list_tags: r('GET', '/v1/tags/', 'list_tags'),
  health_check: r('GET', '/v1/health/', 'health_check'),

  // batches (the spec files them under messages)
  create_messages_batch: r('POST', '/v1/messages/batches', 'create_messages_batch'),
  list_batch_runs: r('GET', '/v1/messages/batches', 'list_batch_runs'),
  retrieve_batch_run: r('GET', '/v1/messages/batches/{batch_id}', 'retrieve_batch_run'),
  list_batch_messages: r('GET', '/v1/messages/batches/{batch_id}/messages', 'list_batch_messages'),
  cancel_batch_run: r('PATCH', '/v1/messages/batches/{batch_id}/cancel', 'cancel_batch_run'),

  // voice
  create_voice_chat_completions: r('POST', '/v1/voice-beta/{agent_id}/chat/completions', 'create_voice_chat_completions'),

  // Letta Cloud only: templates, projects, client-side access tokens
  'templates.listTemplates': r('GET', '/v1/templates', 'templates.listTemplates', true),
  'templates.createAgentsFromTemplate': r('POST', '/v1/templates/{project}/{template_version}/agents', 'templates.createAgentsFromTemplate', true),
  'projects.listProjects': r('GET', '/v1/projects', 'projects.listProjects', true),
  'clientSideAccessTokens.createClientSideAccessToken': r('POST', '/v1/client-side-access-tokens', 'clientSideAccessTokens.createClientSideAccessToken', true),
  'clientSideAccessTokens.deleteClientSideAccessToken': r('DELETE', '/v1/client-side-access-tokens/{token}', 'clientSideAccessTokens.deleteClientSideAccessToken', true),
} as const satisfies Record<string, Route>;

export type OperationId = keyof typeof ROUTES;
