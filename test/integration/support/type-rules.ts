/**
 * Field rules (see shape.ts) for the response types the tools, sources, groups, identities,
 * providers/models and voice tests hold the real server to. Each object must mirror its type
 * exactly or it does not compile; the tests then check the server's JSON against it.
 */
import type { Health } from '../../../src-main/letta/types/health.js';
import type { Group } from '../../../src-main/letta/types/groups.js';
import type { Identity, IdentityProperty } from '../../../src-main/letta/types/identities.js';
import type { Job } from '../../../src-main/letta/types/jobs.js';
import type { LettaUsageStatistics, ToolReturnMessage } from '../../../src-main/letta/types/messages.js';
import type { EmbeddingConfig, LLMConfig } from '../../../src-main/letta/types/models.js';
import type { Provider, ProviderMessage } from '../../../src-main/letta/types/providers.js';
import type { FileMetadata, Source } from '../../../src-main/letta/types/sources.js';
import type { MCPTool, SSEServerConfig, StdioServerConfig, Tool } from '../../../src-main/letta/types/tools.js';
import type { ChatCompletionChunk, ChatCompletionChunkChoice, ChatCompletionChunkDelta } from '../../../src-main/letta/types/voice.js';
import type { Passage } from '../../../src-main/letta/types/index.js';
import type { FieldRules } from './shape.js';

export const TOOL: FieldRules<Tool> = {
  id: 'required',
  tool_type: 'required',
  description: 'optional|null',
  source_type: 'optional|null',
  name: 'optional|null',
  tags: 'required',
  source_code: 'optional|null',
  json_schema: 'optional|null',
  args_json_schema: 'optional|null',
  return_char_limit: 'required',
  organization_id: 'optional|null',
  created_by_id: 'optional|null',
  last_updated_by_id: 'optional|null',
  metadata_: 'optional|null',
};

export const TOOL_RETURN_MESSAGE: FieldRules<ToolReturnMessage> = {
  id: 'required',
  date: 'required',
  name: 'optional|null',
  otid: 'optional|null',
  sender_id: 'optional|null',
  step_id: 'optional|null',
  message_type: 'required',
  tool_return: 'required',
  status: 'required',
  tool_call_id: 'required',
  stdout: 'optional|null',
  stderr: 'optional|null',
};

export const MCP_TOOL: FieldRules<MCPTool> = { name: 'required', description: 'optional|null', inputSchema: 'required' };
export const SSE_SERVER: FieldRules<SSEServerConfig> = { type: 'required', server_name: 'required', server_url: 'required' };
export const STDIO_SERVER: FieldRules<StdioServerConfig> = {
  type: 'required',
  server_name: 'required',
  command: 'required',
  args: 'required',
  env: 'optional|null',
};

export const EMBEDDING_CONFIG: FieldRules<EmbeddingConfig> = {
  embedding_endpoint_type: 'required',
  embedding_endpoint: 'optional|null',
  embedding_model: 'required',
  embedding_dim: 'required',
  embedding_chunk_size: 'optional|null',
  handle: 'optional|null',
  azure_endpoint: 'optional|null',
  azure_version: 'optional|null',
  azure_deployment: 'optional|null',
};

export const LLM_CONFIG: FieldRules<LLMConfig> = {
  model: 'required',
  model_endpoint_type: 'required',
  model_endpoint: 'optional|null',
  provider_name: 'optional|null',
  provider_category: 'optional|null',
  model_wrapper: 'optional|null',
  context_window: 'required',
  put_inner_thoughts_in_kwargs: 'optional|null',
  handle: 'optional|null',
  temperature: 'optional',
  max_tokens: 'optional|null',
  enable_reasoner: 'optional',
  reasoning_effort: 'optional|null',
  max_reasoning_tokens: 'optional',
};

export const SOURCE: FieldRules<Source> = {
  id: 'required',
  name: 'required',
  description: 'optional|null',
  instructions: 'optional|null',
  embedding_config: 'required',
  metadata: 'optional|null',
  organization_id: 'optional|null',
  created_by_id: 'optional|null',
  last_updated_by_id: 'optional|null',
  created_at: 'optional|null',
  updated_at: 'optional|null',
};

export const FILE_METADATA: FieldRules<FileMetadata> = {
  id: 'required',
  source_id: 'required',
  organization_id: 'optional|null',
  file_name: 'optional|null',
  file_path: 'optional|null',
  file_type: 'optional|null',
  file_size: 'optional|null',
  file_creation_date: 'optional|null',
  file_last_modified_date: 'optional|null',
  created_at: 'optional|null',
  updated_at: 'optional|null',
  is_deleted: 'required',
};

export const JOB: FieldRules<Job> = {
  id: 'required',
  status: 'required',
  job_type: 'required',
  user_id: 'optional|null',
  created_by_id: 'optional|null',
  last_updated_by_id: 'optional|null',
  created_at: 'optional|null',
  updated_at: 'optional|null',
  completed_at: 'optional|null',
  metadata: 'optional|null',
  callback_url: 'optional|null',
  callback_sent_at: 'optional|null',
  callback_status_code: 'optional|null',
};

export const PASSAGE: FieldRules<Passage> = {
  id: 'required',
  text: 'required',
  embedding: 'required|null',
  embedding_config: 'required|null',
  agent_id: 'optional|null',
  source_id: 'optional|null',
  file_id: 'optional|null',
  metadata: 'optional|null',
  is_deleted: 'optional',
  organization_id: 'optional|null',
  created_by_id: 'optional|null',
  last_updated_by_id: 'optional|null',
  created_at: 'optional',
  updated_at: 'optional|null',
};

export const GROUP: FieldRules<Group> = {
  id: 'required',
  manager_type: 'required',
  agent_ids: 'required',
  description: 'required',
  shared_block_ids: 'optional',
  manager_agent_id: 'optional|null',
  termination_token: 'optional|null',
  max_turns: 'optional|null',
  sleeptime_agent_frequency: 'optional|null',
  turns_counter: 'optional|null',
  last_processed_message_id: 'optional|null',
  max_message_buffer_length: 'optional|null',
  min_message_buffer_length: 'optional|null',
};

export const USAGE: FieldRules<LettaUsageStatistics> = {
  message_type: 'required',
  completion_tokens: 'required',
  prompt_tokens: 'required',
  total_tokens: 'required',
  step_count: 'required',
  steps_messages: 'optional|null',
  run_ids: 'optional|null',
};

export const IDENTITY: FieldRules<Identity> = {
  id: 'required',
  identifier_key: 'required',
  name: 'required',
  identity_type: 'required',
  project_id: 'optional|null',
  organization_id: 'optional|null',
  agent_ids: 'required',
  block_ids: 'required',
  properties: 'optional',
};

export const IDENTITY_PROPERTY: FieldRules<IdentityProperty> = { key: 'required', value: 'required', type: 'required' };

export const PROVIDER: FieldRules<Provider> = {
  id: 'optional|null',
  name: 'required',
  provider_type: 'required',
  provider_category: 'required',
  api_key: 'optional|null',
  base_url: 'optional|null',
  organization_id: 'optional|null',
  updated_at: 'optional|null',
};

export const PROVIDER_MESSAGE: FieldRules<ProviderMessage> = { message: 'required' };

export const HEALTH: FieldRules<Health> = { version: 'required', status: 'required' };

export const CHUNK: FieldRules<ChatCompletionChunk> = {
  id: 'required',
  object: 'required',
  created: 'required',
  model: 'required',
  choices: 'required',
  system_fingerprint: 'optional|null',
  service_tier: 'optional|null',
  usage: 'optional|null',
};

export const CHUNK_CHOICE: FieldRules<ChatCompletionChunkChoice> = {
  index: 'required',
  delta: 'required',
  finish_reason: 'optional|null',
  logprobs: 'optional|null',
};

export const CHUNK_DELTA: FieldRules<ChatCompletionChunkDelta> = {
  role: 'optional|null',
  content: 'optional|null',
  refusal: 'optional|null',
  function_call: 'optional|null',
  tool_calls: 'optional|null',
};
