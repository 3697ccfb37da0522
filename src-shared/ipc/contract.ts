/**
 * The IPC contract: every channel between the renderer and the app core, declared once. The
 * preload's `window.api`, the web transport, the renderer's `api` and main's handler map are all
 * derived from this object (see ./define.ts).
 *
 * Channels are `domain:verb-noun`; each takes one strict argument object. Push events are
 * `domain:changed` and only say "refetch" (with the ids concerned); the two exceptions are the
 * `chat:stream` and `voice:stream` events, which carry a streamed reply's pieces keyed by the
 * request id the renderer chose.
 *
 * Offline: the read channels (agents, chat history, memory, runs, steps, traces) answer from the
 * local cache when the server cannot be reached, in the same shapes. Whether the app is offline,
 * and since when it last synced, is one app-wide status (`cache:get-status`, refetched on
 * `connection:changed`) rather than a flag on every result, so no reader has to change to keep
 * working offline; writes are refused with `unreachable` and a message saying nothing was queued.
 */
import { z } from 'zod';
import { channel, event } from './define.js';
import * as s from './schemas.js';
import * as tc from './transfer-cloud-schemas.js';
import type * as L from '../letta-types.js';
import type {
  BlockHistoryPage,
  CacheStatus,
  MessageSearchPage,
  SyncProgressEvent,
} from '../cache-types.js';
import type {
  AppInfo,
  AppSettings,
  ChatStreamChunk,
  ConnectionStatus,
  DoctorReport,
  KeychainStatus,
  ProfileView,
  ProviderView,
  VoiceStreamChunk,
} from '../app-types.js';
import type { SpeechModelProgress, SpeechModelView, SpeechServiceCheck, VoiceSettingsView } from '../voice/voice-settings.js';

const agentRef = { agentId: s.id };

/** 2 minutes of 16 kHz mono 16-bit PCM plus its header: longer utterances are cut by the VAD. */
export const MAX_UTTERANCE_WAV_BYTES = 2 * 60 * 16_000 * 2 + 44;

const voiceSettingsPatch = z.strictObject({
  mode: z.enum(['push-to-talk', 'hands-free']).optional(),
  inputDeviceId: z.string().max(500).nullable().optional(),
  sttEngine: z.enum(['openai-compatible', 'local-whisper']).optional(),
  sttBaseUrl: s.httpUrl.optional(),
  sttModel: s.name.optional(),
  localModelId: s.name.optional(),
  language: z.string().regex(/^[a-z]{2,3}$/, 'a language code like en').nullable().optional(),
  localWindow: z.enum(['fitted', 'full']).optional(),
  ttsEngine: z.enum(['openai-compatible', 'formant']).optional(),
  ttsBaseUrl: s.httpUrl.optional(),
  ttsModel: s.name.optional(),
  ttsVoice: s.name.optional(),
  ttsSpeed: z.number().min(0.5).max(2).optional(),
  speakReplies: z.boolean().optional(),
});

const profileFields = {
  name: z.string().trim().min(1).max(100),
  baseUrl: s.httpUrl,
  kind: z.enum(['cloud', 'self-hosted']),
  actingUserId: s.id.nullish(),
};

const tokenInput = {
  token: z.string().min(1).max(4000),
  /** `session`: keep it in memory until quit (the explicit choice when no keychain is reachable). */
  storage: z.enum(['keychain', 'session']),
};

const createAgentBody = z.strictObject({
  name: s.name.optional(),
  description: s.shortText.nullish(),
  system: s.text.nullish(),
  agent_type: s.agentType.optional(),
  memory_blocks: z.array(s.createBlock).max(100).nullish(),
  tools: z.array(s.name).max(500).nullish(),
  tool_ids: s.ids.nullish(),
  source_ids: s.ids.nullish(),
  block_ids: s.ids.nullish(),
  tool_rules: z.array(s.toolRule).max(200).nullish(),
  tags: s.tags.nullish(),
  llm_config: s.llmConfig.nullish(),
  embedding_config: s.embeddingConfig.nullish(),
  model: s.name.nullish(),
  embedding: s.name.nullish(),
  context_window_limit: z.number().int().min(1).max(10_000_000).nullish(),
  max_tokens: z.number().int().min(1).max(10_000_000).nullish(),
  embedding_chunk_size: z.number().int().min(1).max(1_000_000).nullish(),
  include_base_tools: z.boolean().optional(),
  include_multi_agent_tools: z.boolean().optional(),
  include_base_tool_rules: z.boolean().optional(),
  metadata: s.jsonObject.nullish(),
  tool_exec_environment_variables: s.stringMap.nullish(),
  identity_ids: s.ids.nullish(),
  message_buffer_autoclear: z.boolean().optional(),
  enable_sleeptime: z.boolean().nullish(),
  response_format: s.responseFormat.nullish(),
});

const updateAgentBody = z.strictObject({
  name: s.name.nullish(),
  description: s.shortText.nullish(),
  system: s.text.nullish(),
  tool_ids: s.ids.nullish(),
  source_ids: s.ids.nullish(),
  block_ids: s.ids.nullish(),
  tags: s.tags.nullish(),
  tool_rules: z.array(s.toolRule).max(200).nullish(),
  llm_config: s.llmConfig.nullish(),
  embedding_config: s.embeddingConfig.nullish(),
  model: s.name.nullish(),
  embedding: s.name.nullish(),
  message_ids: s.ids.nullish(),
  metadata: s.jsonObject.nullish(),
  tool_exec_environment_variables: s.stringMap.nullish(),
  identity_ids: s.ids.nullish(),
  message_buffer_autoclear: z.boolean().nullish(),
  enable_sleeptime: z.boolean().nullish(),
  response_format: s.responseFormat.nullish(),
});

const toolCreateBody = z.strictObject({
  source_code: z.string().min(1).max(s.MAX_TEXT),
  description: s.shortText.nullish(),
  tags: s.tags.optional(),
  source_type: z.string().max(50).optional(),
  json_schema: s.jsonObject.nullish(),
  args_json_schema: s.jsonObject.nullish(),
  return_char_limit: z.number().int().min(1).max(1_000_000).optional(),
});

const toolUpdateBody = z.strictObject({
  description: s.shortText.nullish(),
  tags: s.tags.nullish(),
  source_code: z.string().min(1).max(s.MAX_TEXT).nullish(),
  source_type: z.string().max(50).nullish(),
  json_schema: s.jsonObject.nullish(),
  args_json_schema: s.jsonObject.nullish(),
  return_char_limit: z.number().int().min(1).max(1_000_000).nullish(),
});

/** One agent as the tools screen lists it: enough to name it and to attach or detach the tool. */
export interface ToolAgentUse {
  id: string;
  name: string;
  attached: boolean;
}

const identityBody = {
  identifier_key: s.name,
  name: s.name,
  identity_type: s.identityType,
  project_id: s.id.nullish(),
  agent_ids: s.ids.nullish(),
  block_ids: s.ids.nullish(),
  properties: z.array(s.identityProperty).max(500).nullish(),
};

const settingsPatch = z.strictObject({
  theme: z.enum(['system', 'light', 'dark']).optional(),
  sendOnEnter: z.boolean().optional(),
  streamTokens: z.boolean().optional(),
  streamReplies: z.boolean().optional(),
  lastProfileId: z.uuid().nullable().optional(),
});

export const CONTRACT = {
  // ---- app
  'app:get-info': channel(s.empty, 'Name, version, shell and platform').returns<AppInfo>(),
  'app:open-external': channel(
    z.strictObject({ url: z.url({ protocol: /^https$/ }).max(2000) }),
    'Open an https link in the OS browser; `opened: false` means the renderer should open it itself (web shell)',
  ).returns<{ opened: boolean }>(),

  // ---- settings
  'settings:get': channel(s.empty, 'The app preferences').returns<AppSettings>(),
  'settings:update': channel(z.strictObject({ patch: settingsPatch }), 'Change some preferences').returns<AppSettings>(),

  // ---- profiles and credentials
  'profiles:list': channel(s.empty, 'Saved server profiles, with whether each has a token').returns<ProfileView[]>(),
  'profiles:create': channel(
    z.strictObject({ ...profileFields, token: tokenInput.token.optional(), storage: tokenInput.storage.optional() }),
    'Save a new profile, optionally with its token (kept in the keychain or for this session)',
  ).returns<ProfileView>(),
  'profiles:update': channel(
    z.strictObject({
      profileId: z.uuid(),
      name: profileFields.name.optional(),
      baseUrl: profileFields.baseUrl.optional(),
      kind: profileFields.kind.optional(),
      actingUserId: profileFields.actingUserId,
    }),
    'Edit a profile',
  ).returns<ProfileView>(),
  'profiles:delete': channel(z.strictObject({ profileId: z.uuid() }), 'Remove a profile and its token').returns<void>(),
  'profiles:set-token': channel(
    z.strictObject({ profileId: z.uuid(), ...tokenInput }),
    'Store a token for a profile; fails with keychain_unavailable unless storage is session',
  ).returns<ProfileView>(),
  'profiles:clear-token': channel(z.strictObject({ profileId: z.uuid() }), 'Forget a profile\'s token').returns<ProfileView>(),
  'secrets:get-status': channel(s.empty, 'Whether the OS keychain is reachable').returns<KeychainStatus>(),

  // ---- connection
  'connection:get-status': channel(s.empty, 'The active connection, if any').returns<ConnectionStatus>(),
  'connection:connect': channel(
    z.strictObject({ profileId: z.uuid() }),
    'Check the server and make this profile the active one',
  ).returns<ConnectionStatus>(),
  'connection:disconnect': channel(s.empty, 'Drop the active connection').returns<ConnectionStatus>(),
  'connection:diagnose': channel(
    z.strictObject({ profileId: z.uuid() }),
    'Run the connection doctor on a saved profile: URL, reachability, health and version, auth, latency',
  ).returns<DoctorReport>(),

  // ---- agents
  'agents:list': channel(
    z.strictObject({
      ...s.cursorPage,
      query_text: z.string().max(s.MAX_NAME).optional(),
      tags: s.tags.optional(),
      match_all_tags: z.boolean().optional(),
      ascending: z.boolean().optional(),
    }),
    'A page of agents, newest first',
  ).returns<L.AgentState[]>(),
  'agents:count': channel(s.empty, 'How many agents there are').returns<number>(),
  'agents:get': channel(z.strictObject(agentRef), 'One agent').returns<L.AgentState>(),
  'agents:create': channel(z.strictObject({ body: createAgentBody }), 'Create an agent').returns<L.AgentState>(),
  'agents:update': channel(z.strictObject({ ...agentRef, patch: updateAgentBody }), 'Change an agent').returns<L.AgentState>(),
  'agents:delete': channel(z.strictObject(agentRef), 'Delete an agent and its history').returns<void>(),
  'agents:duplicate': channel(
    z.strictObject({ ...agentRef, name: s.name.optional(), withMessages: z.boolean().optional() }),
    'Copy an agent (memory, tools, optionally messages) through export and import',
  ).returns<L.AgentState>(),
  'agents:list-groups': channel(z.strictObject(agentRef), 'The groups an agent belongs to').returns<L.Group[]>(),

  // ---- agent export / import (agent files, `.af`)
  'agents:export-file': channel(
    z.strictObject(agentRef),
    'An agent as an agent file: its JSON text and a file name; the renderer saves it (works the same in both shells)',
  ).returns<{ fileName: string; text: string; agentName: string }>(),
  'agents:import-file': channel(
    tc.agentImport,
    'Create an agent from an agent file\'s JSON text (at most 10 MB) with the server\'s import options',
  ).returns<L.AgentState>(),

  // ---- chat
  'chat:list-messages': channel(
    z.strictObject({ ...agentRef, ...s.cursorPage, group_id: s.id.optional() }),
    'A page of an agent\'s messages, oldest first; older pages with `before`',
  ).returns<L.LettaMessageUnion[]>(),
  'chat:send': channel(
    z.strictObject({ ...agentRef, text: s.userText, otid: z.uuid().optional() }),
    'Send a message and wait for the whole turn (never retried)',
  ).returns<L.LettaResponse>(),
  'chat:start-stream': channel(
    z.strictObject({ ...agentRef, requestId: s.requestId, text: s.userText, streamTokens: z.boolean().optional() }),
    'Send a message and stream the turn as chat:stream events for requestId; resolves once the server accepted',
  ).returns<{ requestId: string }>(),
  'chat:cancel': channel(z.strictObject({ requestId: s.requestId }), 'Stop a streamed turn').returns<{ cancelled: boolean }>(),
  'chat:send-async': channel(
    z.strictObject({ ...agentRef, text: s.userText }),
    'Start a turn in the background; returns its run',
  ).returns<L.Run>(),
  'chat:update-message': channel(
    z.strictObject({ ...agentRef, messageId: s.id, update: s.messageUpdate }),
    'Edit the text of a message',
  ).returns<L.LettaMessageUnion>(),
  'chat:reset-messages': channel(
    z.strictObject({ ...agentRef, addDefaultInitialMessages: z.boolean().optional() }),
    'Clear an agent\'s history',
  ).returns<L.AgentState>(),

  // ---- core memory (an agent's blocks, by label) and global blocks
  'memory:get': channel(z.strictObject(agentRef), 'An agent\'s core memory (blocks and prompt template)').returns<L.Memory>(),
  'memory:list-blocks': channel(z.strictObject(agentRef), 'An agent\'s core memory blocks').returns<L.Block[]>(),
  'memory:get-block': channel(
    z.strictObject({ ...agentRef, label: s.name }),
    'One of an agent\'s blocks, read again from the server (to see whether it changed under a draft)',
  ).returns<L.Block>(),
  'memory:update-block': channel(
    z.strictObject({ ...agentRef, label: s.name, patch: s.blockUpdate }),
    'Edit one of an agent\'s blocks',
  ).returns<L.Block>(),
  'memory:attach-block': channel(z.strictObject({ ...agentRef, blockId: s.id }), 'Share a block with an agent').returns<L.AgentState>(),
  'memory:detach-block': channel(z.strictObject({ ...agentRef, blockId: s.id }), 'Take a block from an agent').returns<L.AgentState>(),
  'blocks:list': channel(
    z.strictObject({
      label: s.name.optional(),
      templates_only: z.boolean().optional(),
      name: s.name.optional(),
      identity_id: s.id.optional(),
      limit: s.limit.optional(),
    }),
    'Global blocks',
  ).returns<L.Block[]>(),
  'blocks:count': channel(s.empty, 'How many blocks the server has').returns<number>(),
  'blocks:get': channel(z.strictObject({ blockId: s.id }), 'One block').returns<L.Block>(),
  'blocks:create': channel(z.strictObject({ body: s.createBlock }), 'Create a block').returns<L.Block>(),
  'blocks:update': channel(z.strictObject({ blockId: s.id, patch: s.blockUpdate }), 'Edit a block').returns<L.Block>(),
  'blocks:delete': channel(z.strictObject({ blockId: s.id }), 'Delete a block').returns<void>(),
  'blocks:list-agents': channel(z.strictObject({ blockId: s.id }), 'The agents a block is attached to').returns<L.AgentState[]>(),

  // ---- archival memory
  'archival:list': channel(
    z.strictObject({ ...agentRef, ...s.cursorPage, search: z.string().max(s.MAX_NAME).optional(), ascending: z.boolean().optional() }),
    'A page of an agent\'s archival passages',
  ).returns<L.Passage[]>(),
  'archival:create': channel(z.strictObject({ ...agentRef, text: z.string().min(1).max(s.MAX_TEXT) }), 'Store text in archival memory').returns<L.Passage[]>(),
  'archival:delete': channel(z.strictObject({ ...agentRef, passageId: s.id }), 'Delete a passage').returns<void>(),

  // ---- context window
  'context:get': channel(z.strictObject(agentRef), 'Token counts of each part of an agent\'s prompt').returns<L.ContextWindowOverview>(),

  // ---- tools
  'tools:list': channel(z.strictObject({ after: s.id.optional(), limit: s.limit.optional(), name: s.name.optional() }), 'Tools').returns<L.Tool[]>(),
  'tools:count': channel(s.empty, 'How many tools the server has (the list is read in one page, so this says when it is cut)').returns<number>(),
  'tools:get': channel(z.strictObject({ toolId: s.id }), 'One tool').returns<L.Tool>(),
  'tools:create': channel(z.strictObject({ body: toolCreateBody }), 'Create a tool from source').returns<L.Tool>(),
  'tools:update': channel(z.strictObject({ toolId: s.id, patch: toolUpdateBody }), 'Change a tool').returns<L.Tool>(),
  'tools:upsert': channel(
    z.strictObject({ body: toolCreateBody }),
    'Create a tool from source, or replace the one whose function has the same name',
  ).returns<L.Tool>(),
  'tools:delete': channel(z.strictObject({ toolId: s.id }), 'Delete a tool').returns<void>(),
  'tools:add-base': channel(s.empty, 'Make sure Letta\'s base tools exist').returns<L.Tool[]>(),
  'tools:run': channel(
    z.strictObject({
      source_code: z.string().min(1).max(s.MAX_TEXT),
      args: s.jsonObject,
      env_vars: s.stringMap.optional(),
      name: s.name.nullish(),
      source_type: z.string().max(50).nullish(),
      args_json_schema: s.jsonObject.nullish(),
      json_schema: s.jsonObject.nullish(),
    }),
    'Run tool source once on the server, without saving it',
  ).returns<L.ToolReturnMessage>(),
  'tools:list-for-agent': channel(z.strictObject(agentRef), 'An agent\'s tools').returns<L.Tool[]>(),
  'tools:attach': channel(z.strictObject({ ...agentRef, toolId: s.id }), 'Give an agent a tool').returns<L.AgentState>(),
  'tools:detach': channel(z.strictObject({ ...agentRef, toolId: s.id }), 'Take a tool from an agent').returns<L.AgentState>(),
  'tools:list-agents': channel(
    z.strictObject({ toolId: s.id }),
    'Every agent (by name) and whether it has this tool; the server has no such filter',
  ).returns<ToolAgentUse[]>(),

  // ---- MCP
  'mcp:list-servers': channel(s.empty, 'Configured MCP servers, by name').returns<L.MCPServerMap>(),
  'mcp:add-server': channel(z.strictObject({ config: s.mcpServerConfig }), 'Add or replace an MCP server').returns<L.MCPServerConfig[]>(),
  'mcp:delete-server': channel(z.strictObject({ serverName: s.name }), 'Remove an MCP server').returns<L.MCPServerConfig[]>(),
  'mcp:list-tools': channel(z.strictObject({ serverName: s.name }), 'The tools an MCP server offers').returns<L.MCPTool[]>(),
  'mcp:add-tool': channel(z.strictObject({ serverName: s.name, toolName: s.name }), 'Register an MCP tool as a Letta tool').returns<L.Tool>(),

  // ---- Composio
  'composio:list-apps': channel(s.empty, 'Composio apps (needs a Composio key on the server)').returns<L.AppModel[]>(),
  'composio:list-actions': channel(z.strictObject({ appName: s.name }), 'The actions of a Composio app').returns<L.ActionModel[]>(),
  'composio:add-tool': channel(z.strictObject({ actionName: s.name }), 'Register a Composio action as a Letta tool').returns<L.Tool>(),

  // ---- sources and files
  'sources:list': channel(s.empty, 'Data sources').returns<L.Source[]>(),
  'sources:count': channel(s.empty, 'How many data sources the server has').returns<number>(),
  'sources:get': channel(z.strictObject({ sourceId: s.id }), 'One source').returns<L.Source>(),
  'sources:create': channel(
    z.strictObject({
      body: z.strictObject({
        name: s.name,
        embedding: s.name.nullish(),
        embedding_chunk_size: z.number().int().min(1).max(1_000_000).nullish(),
        embedding_config: s.embeddingConfig.nullish(),
        description: s.shortText.nullish(),
        instructions: s.shortText.nullish(),
        metadata: s.jsonObject.nullish(),
      }),
    }),
    'Create a source',
  ).returns<L.Source>(),
  'sources:update': channel(
    z.strictObject({
      sourceId: s.id,
      patch: z.strictObject({
        name: s.name.nullish(),
        description: s.shortText.nullish(),
        instructions: s.shortText.nullish(),
        metadata: s.jsonObject.nullish(),
        embedding_config: s.embeddingConfig.nullish(),
      }),
    }),
    'Change a source',
  ).returns<L.Source>(),
  'sources:delete': channel(z.strictObject({ sourceId: s.id }), 'Delete a source').returns<void>(),
  'sources:list-files': channel(
    z.strictObject({ sourceId: s.id, after: s.id.optional(), limit: s.limit.optional() }),
    'The files of a source',
  ).returns<L.FileMetadata[]>(),
  'sources:upload-file': channel(
    z.strictObject({ sourceId: s.id, file: s.uploadFile }),
    'Upload a file; returns the job that parses and embeds it',
  ).returns<L.Job>(),
  'sources:delete-file': channel(z.strictObject({ sourceId: s.id, fileId: s.id }), 'Delete a file from a source').returns<void>(),
  'sources:list-passages': channel(z.strictObject({ sourceId: s.id, ...s.cursorPage }), 'A page of a source\'s passages').returns<L.Passage[]>(),
  'sources:list-for-agent': channel(z.strictObject(agentRef), 'The sources attached to an agent').returns<L.Source[]>(),
  'sources:attach': channel(z.strictObject({ ...agentRef, sourceId: s.id }), 'Attach a source to an agent').returns<L.AgentState>(),
  'sources:detach': channel(z.strictObject({ ...agentRef, sourceId: s.id }), 'Detach a source from an agent').returns<L.AgentState>(),

  // ---- groups
  'groups:list': channel(
    z.strictObject({ ...s.cursorPage, manager_type: z.string().max(50).optional() }),
    'Multi-agent groups',
  ).returns<L.Group[]>(),
  'groups:count': channel(s.empty, 'How many groups the server has').returns<number>(),
  'groups:get': channel(z.strictObject({ groupId: s.id }), 'One group').returns<L.Group>(),
  'groups:create': channel(
    z.strictObject({
      body: z.strictObject({
        agent_ids: s.ids,
        description: s.shortText,
        manager_config: s.managerConfig.optional(),
        shared_block_ids: s.ids.optional(),
      }),
    }),
    'Create a group',
  ).returns<L.Group>(),
  'groups:update': channel(
    z.strictObject({
      groupId: s.id,
      patch: z.strictObject({
        agent_ids: s.ids.nullish(),
        description: s.shortText.nullish(),
        manager_config: s.managerConfigUpdate.nullish(),
        shared_block_ids: s.ids.nullish(),
      }),
    }),
    'Change a group',
  ).returns<L.Group>(),
  'groups:delete': channel(z.strictObject({ groupId: s.id }), 'Delete a group').returns<void>(),
  'groups:list-messages': channel(z.strictObject({ groupId: s.id, ...s.cursorPage }), 'A page of a group\'s messages').returns<L.LettaMessageUnion[]>(),
  'groups:send': channel(z.strictObject({ groupId: s.id, text: s.userText }), 'Send a message to a group and wait for the turn').returns<L.LettaResponse>(),
  'groups:start-stream': channel(
    z.strictObject({ groupId: s.id, requestId: s.requestId, text: s.userText, streamTokens: z.boolean().optional() }),
    'Send a message to a group and stream every member\'s turn as chat:stream events for requestId (each message names its agent); resolves once the server accepted',
  ).returns<{ requestId: string }>(),
  'groups:cancel': channel(z.strictObject({ requestId: s.requestId }), 'Stop a streamed group turn').returns<{ cancelled: boolean }>(),
  'groups:reset-messages': channel(z.strictObject({ groupId: s.id }), 'Clear a group\'s history').returns<void>(),
  'groups:update-message': channel(
    z.strictObject({ groupId: s.id, messageId: s.id, update: s.messageUpdate }),
    'Edit the text of a message in a group\'s history (a member\'s reply, as that member keeps it)',
  ).returns<L.LettaMessageUnion>(),

  // ---- identities
  'identities:list': channel(
    z.strictObject({ ...s.cursorPage, name: s.name.optional(), identifier_key: s.name.optional(), identity_type: s.identityType.optional() }),
    'Identities (the end users and orgs agents serve)',
  ).returns<L.Identity[]>(),
  'identities:count': channel(s.empty, 'How many identities the server has').returns<number>(),
  'identities:get': channel(z.strictObject({ identityId: s.id }), 'One identity').returns<L.Identity>(),
  'identities:create': channel(z.strictObject({ body: z.strictObject(identityBody) }), 'Create an identity').returns<L.Identity>(),
  'identities:upsert': channel(
    z.strictObject({ body: z.strictObject(identityBody) }),
    'Replace the identity with this identifier_key (server 0.7.29 answers 404 for a key it does not have)',
  ).returns<L.Identity>(),
  'identities:update': channel(
    z.strictObject({
      identityId: s.id,
      patch: z.strictObject({
        identifier_key: s.name.nullish(),
        name: s.name.nullish(),
        identity_type: s.identityType.nullish(),
        agent_ids: s.ids.nullish(),
        block_ids: s.ids.nullish(),
        properties: z.array(s.identityProperty).max(500).nullish(),
      }),
    }),
    'Change an identity',
  ).returns<L.Identity>(),
  'identities:delete': channel(z.strictObject({ identityId: s.id }), 'Delete an identity').returns<void>(),
  'identities:upsert-properties': channel(
    z.strictObject({ identityId: s.id, properties: z.array(s.identityProperty).max(500) }),
    'Replace an identity\'s properties',
  ).returns<L.Identity>(),

  // ---- models and providers
  'models:list-llms': channel(
    z.strictObject({ provider_name: s.name.optional(), provider_type: s.providerType.optional() }),
    'The LLMs the server can use',
  ).returns<L.LLMConfig[]>(),
  'models:list-embeddings': channel(s.empty, 'The embedding models the server can use').returns<L.EmbeddingConfig[]>(),
  'models:get-embedding-storage': channel(s.empty, 'Bytes of embeddings the server keeps for the agents\' archival memory (its own estimate)').returns<number>(),
  'providers:list': channel(
    z.strictObject({ name: s.name.optional(), provider_type: s.providerType.optional(), after: s.id.optional(), limit: s.limit.optional() }),
    'Model providers (keys are never returned, only whether one is set)',
  ).returns<ProviderView[]>(),
  'providers:create': channel(
    z.strictObject({ name: s.name, provider_type: s.providerType, apiKey: s.apiKey }),
    'Add a provider with its key',
  ).returns<ProviderView>(),
  'providers:update': channel(z.strictObject({ providerId: s.id, apiKey: s.apiKey }), 'Replace a provider\'s key').returns<ProviderView>(),
  'providers:delete': channel(z.strictObject({ providerId: s.id }), 'Delete a provider').returns<void>(),
  'providers:check': channel(
    z.strictObject({ provider_type: s.providerType, apiKey: s.apiKey }),
    'Ask the server to try a provider key',
  ).returns<{ message: string }>(),

  // ---- tags
  'tags:list': channel(
    z.strictObject({ after: z.string().max(200).optional(), limit: s.limit.optional(), query_text: z.string().max(200).optional() }),
    'Agent tags in use',
  ).returns<string[]>(),

  // ---- Letta Cloud (only a Cloud profile has these routes; a self-hosted server answers 404/405)
  'cloud:list-templates': channel(tc.templateList, 'Agent templates').returns<L.TemplateList>(),
  'cloud:create-agents-from-template': channel(
    tc.createAgentsFromTemplate,
    'Create agents from a template version (`name:version` or `name:latest`) in a project',
  ).returns<L.TemplateAgentsCreateResponse>(),
  'cloud:list-projects': channel(tc.projectList, 'Projects').returns<L.ProjectList>(),
  'cloud:create-token': channel(
    tc.createClientToken,
    'Create a client-side access token for a browser app (its secret is in the answer only, once)',
  ).returns<L.ClientSideAccessToken>(),
  'cloud:revoke-token': channel(tc.revokeClientToken, 'Revoke a client-side access token').returns<void>(),
  'cloud:search-agents': channel(tc.searchAgents, 'Search deployed agents (by name, tags, template version, identity)').returns<L.AgentSearchResponse>(),
  'cloud:create-template': channel(tc.templateFromAgent, 'Make a new template from an agent').returns<L.AgentTemplateCreateResponse>(),
  'cloud:version-template': channel(
    tc.versionTemplate,
    'Save a template agent as a new version, optionally moving its deployed agents to it',
  ).returns<L.AgentTemplateVersionResponse>(),
  'cloud:migrate-agent': channel(tc.migrateAgent, 'Move a deployed agent to another template version').returns<L.AgentMigrateResponse>(),
  'cloud:get-variables': channel(z.strictObject(agentRef), 'The memory variables an agent was created with').returns<L.AgentMemoryVariables>(),

  // ---- runs and steps
  'runs:list': channel(z.strictObject({ agentIds: s.ids.optional(), activeOnly: z.boolean().optional() }), 'Runs (background turns)').returns<L.Run[]>(),
  'runs:get': channel(z.strictObject({ runId: s.id }), 'One run').returns<L.Run>(),
  'runs:delete': channel(z.strictObject({ runId: s.id }), 'Delete a run').returns<void>(),
  'runs:list-messages': channel(
    z.strictObject({ runId: s.id, ...s.cursorPage, order: s.sortOrder.optional() }),
    'The messages a run produced',
  ).returns<L.LettaMessageUnion[]>(),
  'runs:get-usage': channel(z.strictObject({ runId: s.id }), 'Token usage of a run').returns<L.UsageStatistics>(),
  'runs:list-steps': channel(z.strictObject({ runId: s.id, ...s.cursorPage, order: s.sortOrder.optional() }), 'The steps of a run').returns<L.Step[]>(),
  'steps:list': channel(
    z.strictObject({
      ...s.cursorPage,
      order: s.sortOrder.optional(),
      agent_id: s.id.optional(),
      model: s.name.optional(),
      start_date: s.isoDate.optional(),
      end_date: s.isoDate.optional(),
    }),
    'Steps (one LLM call each)',
  ).returns<L.Step[]>(),
  'steps:get': channel(z.strictObject({ stepId: s.id }), 'One step').returns<L.Step>(),
  'steps:get-trace': channel(z.strictObject({ stepId: s.id }), 'The raw LLM request and response of a step, if the server kept it').returns<L.ProviderTrace>(),

  // ---- batches and jobs
  'batches:list': channel(s.empty, 'Message batches').returns<L.BatchJob[]>(),
  'batches:get': channel(z.strictObject({ batchId: s.id }), 'One batch').returns<L.BatchJob>(),
  'batches:create': channel(
    z.strictObject({
      requests: z.array(z.strictObject({ agentId: s.id, text: s.userText })).min(1).max(1000),
      callbackUrl: s.httpUrl.optional(),
    }),
    'Send one message to each of several agents as a batch',
  ).returns<L.BatchJob>(),
  'batches:cancel': channel(z.strictObject({ batchId: s.id }), 'Cancel a batch').returns<void>(),
  'batches:list-messages': channel(
    z.strictObject({ batchId: s.id, limit: s.limit.optional(), cursor: s.id.optional(), agent_id: s.id.optional() }),
    'The messages of a batch',
  ).returns<L.LettaBatchMessages>(),
  'jobs:list': channel(z.strictObject({ sourceId: s.id.optional(), activeOnly: z.boolean().optional() }), 'Jobs (file imports and the like)').returns<L.Job[]>(),
  'jobs:get': channel(z.strictObject({ jobId: s.id }), 'One job').returns<L.Job>(),
  'jobs:delete': channel(z.strictObject({ jobId: s.id }), 'Delete a job').returns<void>(),

  // ---- voice (settings are per profile; speech-service keys go to the keychain, never back)
  'voice:start-turn': channel(
    z.strictObject({
      ...agentRef,
      requestId: s.requestId,
      /** One utterance as WAV (16 kHz mono from the capture worklet), at most ~2 minutes. */
      wavBase64: s.base64(MAX_UTTERANCE_WAV_BYTES).optional(),
      /** Typed instead of spoken: skips speech-to-text. */
      text: s.userText.optional(),
    }).refine((v) => (v.wavBase64 === undefined) !== (v.text === undefined), 'either wavBase64 or text'),
    'One voice turn: transcribe, send through the agent\'s reply transport, speak the reply; pieces arrive as voice:stream events',
  ).returns<{ requestId: string }>(),
  'voice:cancel': channel(z.strictObject({ requestId: s.requestId }), 'Stop a voice turn at once (barge-in or Stop): transcription, reply and speech').returns<{ cancelled: boolean }>(),
  'voice:get-settings': channel(s.empty, 'Voice settings of the active profile, and whether speech-service keys are set').returns<VoiceSettingsView>(),
  'voice:update-settings': channel(z.strictObject({ patch: voiceSettingsPatch }), 'Change voice settings of the active profile').returns<VoiceSettingsView>(),
  'voice:set-key': channel(
    z.strictObject({ service: z.enum(['stt', 'tts']), key: s.apiKey.nullable() }),
    'Store (or with null, forget) a speech service\'s API key in the keychain',
  ).returns<VoiceSettingsView>(),
  'voice:check-service': channel(
    z.strictObject({ service: z.enum(['stt', 'tts']) }),
    'Try the configured speech-to-text or text-to-speech once and say what happened',
  ).returns<SpeechServiceCheck>(),
  'voice:list-models': channel(s.empty, 'The local speech models on offer, which are installed, and any download running').returns<SpeechModelView[]>(),
  'voice:download-model': channel(
    z.strictObject({ modelId: s.name }),
    'Download a local speech model (the user agreed to its size); progress arrives as voice:progress events',
  ).returns<SpeechModelView>(),
  'voice:cancel-download': channel(z.strictObject({ modelId: s.name }), 'Stop a model download').returns<{ cancelled: boolean }>(),
  'voice:import-model': channel(
    z.strictObject({ modelId: s.name, path: z.string().min(1).max(4096) }),
    'Use a model file already on disk (checked before it is used)',
  ).returns<SpeechModelView>(),
  'voice:remove-model': channel(z.strictObject({ modelId: s.name }), 'Delete an installed local speech model').returns<void>(),

  // ---- offline cache, search and sync
  'sync:first-paint': channel(s.empty, 'The window has painted: background sync may start now (never before)').returns<void>(),
  'sync:now': channel(
    z.strictObject({ agentId: s.id.optional(), full: z.boolean().optional() }),
    'Sync the active profile (or one agent) now; progress arrives as sync:progress events',
  ).returns<void>(),
  'sync:cancel': channel(s.empty, 'Stop a running sync; what was fetched stays cached').returns<void>(),
  'search:messages': channel(
    z.strictObject({
      query: z.string().max(500),
      scope: z.enum(['all', 'profile', 'agent']).optional(),
      agentId: s.id.optional(),
      order: z.enum(['newest', 'relevance']).optional(),
      /** Newest first only: the `next` of the previous page. */
      cursor: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(100).optional(),
      /** Treat the last word as a prefix (results while typing). */
      prefix: z.boolean().optional(),
    }),
    'Full-text search of every cached message (all servers, this server, or one agent)',
  ).returns<MessageSearchPage>(),
  'cache:block-history': channel(
    z.strictObject({ agentId: s.id, label: s.name, before: z.number().int().positive().optional(), limit: z.number().int().min(1).max(200).optional() }),
    'The values an agent\'s block has had, newest first',
  ).returns<BlockHistoryPage>(),
  'cache:get-status': channel(s.empty, 'Cache file, size, counts, last sync per agent, offline state and any rebuild notice').returns<CacheStatus>(),
} as const;

export const EVENTS = {
  'profiles:changed': event<Record<string, never>>('Profiles or their token state changed'),
  'connection:changed': event<Record<string, never>>('Connected, disconnected or switched profile'),
  'settings:changed': event<Record<string, never>>('Preferences changed'),
  'agents:changed': event<{ agentId?: string }>('An agent was created, changed or deleted'),
  'chat:changed': event<{ agentId: string }>('An agent\'s messages changed (a turn finished, a message was edited)'),
  'chat:stream': event<{ requestId: string; chunk: ChatStreamChunk }>('A piece of a streamed turn'),
  'memory:changed': event<{ agentId?: string; blockId?: string }>('Core memory or a global block changed'),
  'archival:changed': event<{ agentId: string }>('Archival memory changed'),
  'tools:changed': event<{ agentId?: string }>('Tools, MCP servers or an agent\'s tools changed'),
  'sources:changed': event<{ sourceId?: string; agentId?: string }>('Sources or their files changed'),
  'groups:changed': event<{ groupId?: string }>('A group changed'),
  'identities:changed': event<{ identityId?: string }>('An identity changed'),
  'providers:changed': event<Record<string, never>>('Providers changed'),
  'runs:changed': event<{ runId?: string }>('Runs, batches or jobs changed'),
  'voice:stream': event<{ requestId: string; chunk: VoiceStreamChunk }>('A piece of a voice turn: transcript, reply text, a spoken sentence\'s audio, the end'),
  'voice:progress': event<SpeechModelProgress>('How far a local speech model download is'),
  'voice:changed': event<Record<string, never>>('Voice settings, keys or installed models changed'),
  'cache:changed': event<{ what: 'agents' | 'messages' | 'blocks' | 'runs' | 'steps'; agentId?: string }>(
    'The offline cache changed (a sync page, a sent message, a block edit)',
  ),
  'sync:progress': event<SyncProgressEvent>('How far the running sync is (phase, done of total)'),
} as const;

export type Contract = typeof CONTRACT;
export type Events = typeof EVENTS;
export type ChannelName = keyof Contract & string;
export type EventName = keyof Events & string;

export const CHANNEL_NAMES = Object.keys(CONTRACT) as ChannelName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(CONTRACT, value);
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(EVENTS, value);
}
