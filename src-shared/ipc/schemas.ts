/**
 * Building blocks of the channel argument schemas. Every object is strict (an unknown key is an
 * error, not silently dropped: a typo in the renderer must show up, and nothing unexpected may
 * ride along to the server), and every string and list is bounded, so a malformed or hostile
 * payload is rejected before any service runs.
 *
 * Naming: ids that address a resource are camelCase (`agentId`); bodies sent on to the Letta
 * server keep the server's snake_case field names, so they read like the API docs and the results.
 */
import { z } from 'zod';

export const MAX_TEXT = 200_000;
export const MAX_NAME = 500;

/** Letta ids look like `agent-<uuid>`; a conservative alphabet keeps paths and logs sane. */
export const id = z.string().min(1).max(256).regex(/^[A-Za-z0-9][\w.:-]*$/, 'not a valid id');
/** Block labels, MCP server and tool names, Composio names: free text, but bounded and non-empty. */
export const name = z.string().min(1).max(MAX_NAME);
export const text = z.string().max(MAX_TEXT);
export const shortText = z.string().max(10_000);
export const tags = z.array(z.string().min(1).max(200)).max(200);
export const ids = z.array(id).max(1000);
export const limit = z.number().int().min(1).max(1000);
/** The renderer picks stream request ids (a UUID) so it can subscribe before the first chunk. */
export const requestId = z.uuid();
export const jsonObject = z.record(z.string().max(200), z.json());
export const stringMap = z.record(z.string().min(1).max(200), z.string().max(10_000));
export const isoDate = z.iso.datetime({ offset: true });

export const empty = z.strictObject({});

export const cursorPage = {
  after: id.optional(),
  before: id.optional(),
  limit: limit.optional(),
};

export const httpUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials');

export const llmConfig = z.strictObject({
  model: name,
  model_endpoint_type: z.string().min(1).max(100),
  model_endpoint: httpUrl.nullish(),
  provider_name: z.string().max(200).nullish(),
  provider_category: z.enum(['base', 'byok']).nullish(),
  model_wrapper: z.string().max(200).nullish(),
  context_window: z.number().int().min(1).max(10_000_000),
  put_inner_thoughts_in_kwargs: z.boolean().nullish(),
  handle: z.string().max(MAX_NAME).nullish(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().min(1).max(10_000_000).nullish(),
  enable_reasoner: z.boolean().optional(),
  reasoning_effort: z.enum(['low', 'medium', 'high']).nullish(),
  max_reasoning_tokens: z.number().int().min(0).max(10_000_000).optional(),
});

export const embeddingConfig = z.strictObject({
  embedding_endpoint_type: z.string().min(1).max(100),
  embedding_endpoint: httpUrl.nullish(),
  embedding_model: name,
  embedding_dim: z.number().int().min(1).max(100_000),
  embedding_chunk_size: z.number().int().min(1).max(1_000_000).nullish(),
  handle: z.string().max(MAX_NAME).nullish(),
  azure_endpoint: z.string().max(2000).nullish(),
  azure_version: z.string().max(100).nullish(),
  azure_deployment: z.string().max(200).nullish(),
});

export const createBlock = z.strictObject({
  label: name,
  value: text,
  limit: z.number().int().min(1).max(1_000_000).optional(),
  name: z.string().max(MAX_NAME).nullish(),
  is_template: z.boolean().optional(),
  read_only: z.boolean().optional(),
  description: shortText.nullish(),
  metadata: jsonObject.nullish(),
});

export const blockUpdate = z.strictObject({
  value: text.nullish(),
  limit: z.number().int().min(1).max(1_000_000).nullish(),
  name: z.string().max(MAX_NAME).nullish(),
  is_template: z.boolean().optional(),
  label: name.nullish(),
  read_only: z.boolean().optional(),
  description: shortText.nullish(),
  metadata: jsonObject.nullish(),
});

const toolName = name;
export const toolRule = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constrain_child_tools'), tool_name: toolName, children: z.array(toolName).max(200) }),
  z.strictObject({ type: z.literal('run_first'), tool_name: toolName }),
  z.strictObject({ type: z.literal('exit_loop'), tool_name: toolName }),
  z.strictObject({
    type: z.literal('conditional'),
    tool_name: toolName,
    default_child: toolName.nullish(),
    child_output_mapping: z.record(z.string().max(1000), toolName),
    require_output_mapping: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('continue_loop'), tool_name: toolName }),
  z.strictObject({
    type: z.literal('max_count_per_step'),
    tool_name: toolName,
    max_count_limit: z.number().int().min(1).max(10_000),
  }),
  z.strictObject({ type: z.literal('parent_last_tool'), tool_name: toolName, children: z.array(toolName).max(200) }),
]);

export const agentType = z.enum([
  'memgpt_agent',
  'split_thread_agent',
  'sleeptime_agent',
  'voice_convo_agent',
  'voice_sleeptime_agent',
]);

export const responseFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_schema'), json_schema: jsonObject }),
  z.strictObject({ type: z.literal('json_object') }),
]);

/** The text of a user turn. Rich content parts come later with attachments. */
export const userText = z.string().min(1).max(MAX_TEXT);

export const assistantMessageOptions = {
  use_assistant_message: z.boolean().optional(),
  assistant_message_tool_name: name.optional(),
  assistant_message_tool_kwarg: name.optional(),
};

export const messageUpdate = z.discriminatedUnion('message_type', [
  z.strictObject({ message_type: z.literal('system_message'), content: text }),
  z.strictObject({ message_type: z.literal('user_message'), content: text }),
  z.strictObject({ message_type: z.literal('reasoning_message'), reasoning: text }),
  z.strictObject({ message_type: z.literal('assistant_message'), content: text }),
]);

export const identityType = z.enum(['org', 'user', 'other']);
export const identityProperty = z.strictObject({
  key: name,
  value: z.union([z.string().max(MAX_TEXT), z.number(), z.boolean(), jsonObject]),
  type: z.enum(['string', 'number', 'boolean', 'json']),
});

export const managerConfig = z.discriminatedUnion('manager_type', [
  z.strictObject({ manager_type: z.literal('round_robin'), max_turns: z.number().int().min(1).max(10_000).nullish() }),
  z.strictObject({ manager_type: z.literal('supervisor'), manager_agent_id: id }),
  z.strictObject({
    manager_type: z.literal('dynamic'),
    manager_agent_id: id,
    termination_token: z.string().max(200).nullish(),
    max_turns: z.number().int().min(1).max(10_000).nullish(),
  }),
  z.strictObject({
    manager_type: z.literal('sleeptime'),
    manager_agent_id: id,
    sleeptime_agent_frequency: z.number().int().min(1).max(10_000).nullish(),
  }),
  z.strictObject({
    manager_type: z.literal('voice_sleeptime'),
    manager_agent_id: id,
    max_message_buffer_length: z.number().int().min(1).max(10_000).nullish(),
    min_message_buffer_length: z.number().int().min(1).max(10_000).nullish(),
  }),
]);

export const managerConfigUpdate = z.discriminatedUnion('manager_type', [
  z.strictObject({ manager_type: z.literal('round_robin'), max_turns: z.number().int().min(1).max(10_000).nullish() }),
  z.strictObject({ manager_type: z.literal('supervisor'), manager_agent_id: id.nullable() }),
  z.strictObject({
    manager_type: z.literal('dynamic'),
    manager_agent_id: id.nullish(),
    termination_token: z.string().max(200).nullish(),
    max_turns: z.number().int().min(1).max(10_000).nullish(),
  }),
  z.strictObject({
    manager_type: z.literal('sleeptime'),
    manager_agent_id: id.nullish(),
    sleeptime_agent_frequency: z.number().int().min(1).max(10_000).nullish(),
  }),
  z.strictObject({
    manager_type: z.literal('voice_sleeptime'),
    manager_agent_id: id.nullish(),
    max_message_buffer_length: z.number().int().min(1).max(10_000).nullish(),
    min_message_buffer_length: z.number().int().min(1).max(10_000).nullish(),
  }),
]);

export const mcpServerConfig = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('sse'), server_name: name, server_url: httpUrl }),
  z.strictObject({
    type: z.literal('stdio'),
    server_name: name,
    command: z.string().min(1).max(2000),
    args: z.array(z.string().max(2000)).max(100),
    env: stringMap.nullish(),
  }),
]);

export const providerType = z.enum([
  'anthropic',
  'bedrock',
  'google_ai',
  'google_vertex',
  'openai',
  'letta',
  'deepseek',
  'lmstudio_openai',
  'xai',
  'mistral',
  'ollama',
  'groq',
  'together',
  'azure',
  'vllm',
]);
/** A provider's API key goes from the form straight to the server; never echoed back. */
export const apiKey = z.string().min(1).max(4000);

export const sortOrder = z.enum(['asc', 'desc']);

/** Bytes carried as base64 (both transports carry strings alike), at most `maxBytes` decoded. */
export const base64 = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

/** A file picked in the renderer, base64 so both transports (IPC and JSON frames) carry it alike. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
export const uploadFile = z.strictObject({
  fileName: z
    .string()
    .min(1)
    .max(255)
    .refine((n) => !/[\\/\0]/.test(n), 'a file name, not a path'),
  contentType: z.string().max(200).regex(/^[\w.+-]+\/[\w.+-]+$/).optional(),
  dataBase64: z
    .string()
    .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
});
