import type { ContractCase } from '../case.js';
import type { AgentFile } from '../../../src-main/letta/types/agents.js';

const agentId = 'agent-1d4e6f80-2b3c-4a5d-9e8f-7a6b5c4d3e2f';
const toolId = 'tool-8c7b6a59-4e3d-4c2b-a1f0-e9d8c7b6a5f4';
const sourceId = 'source-2f3e4d5c-6b7a-4988-b7c6-d5e4f3a2b1c0';
const blockId = 'block-5b0c7e2a-3f41-4d8e-a1c6-8e2d9f0b7a13';
const passageId = 'passage-9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/** The model and embedding the test server's fake LLM answers for. */
const llmConfig = {
  model: 'fake-model-1',
  model_endpoint_type: 'openai' as const,
  model_endpoint: 'http://127.0.0.1:18080/v1',
  context_window: 32000,
};
const embeddingConfig = {
  embedding_endpoint_type: 'hugging-face' as const,
  embedding_endpoint: 'http://127.0.0.1:18080/v1',
  embedding_model: 'fake-embed-1',
  embedding_dim: 64,
  embedding_chunk_size: 300,
};

/** What server 0.7.29 answers on export: an object, although the spec says string. */
const agentFile: AgentFile = {
  version: '0.7.29',
  name: 'support-bot',
  agent_type: 'memgpt_agent',
  description: 'Answers questions about the handbook.',
  system: 'You are Letta, a helpful assistant.',
  llm_config: llmConfig,
  embedding_config: embeddingConfig,
  core_memory: [
    {
      label: 'persona',
      value: 'I am a patient support agent.',
      limit: 5000,
      is_template: false,
      template_name: null,
      description: null,
      metadata_: {},
      created_at: '2025-05-20T10:00:00',
      updated_at: '2025-05-20T10:00:00',
    },
  ],
  messages: [
    {
      role: 'system',
      content: [{ type: 'text', text: 'You are Letta, a helpful assistant.' }],
      name: null,
      model: 'fake-model-1',
      group_id: null,
      tool_call_id: null,
      tool_calls: [],
      tool_returns: [],
      created_at: '2025-05-20T10:00:00',
      updated_at: '2025-05-20T10:00:00',
    },
  ],
  in_context_message_indices: [0],
  message_buffer_autoclear: false,
  metadata_: null,
  multi_agent_group: null,
  tags: [{ tag: 'support' }],
  tool_exec_environment_variables: [],
  tool_rules: [{ tool_name: 'send_message', type: 'exit_loop' }],
  tools: [],
  created_at: '2025-05-20T10:00:00',
  updated_at: '2025-05-20T10:05:00',
};

export const cases: ContractCase[] = [
  {
    operationId: 'list_agents',
    // The sidebar: agents tagged for support, lightweight (memory and tools only), oldest first.
    call: (c) =>
      c.agents.list({
        tags: ['support', 'beta'],
        match_all_tags: true,
        query_text: 'bot',
        after: agentId,
        limit: 20,
        include_relationships: ['memory', 'tools'],
        ascending: true,
      }),
  },
  {
    operationId: 'create_agent',
    call: (c) =>
      c.agents.create({
        project: 'default-project',
        name: 'support-bot',
        description: 'Answers questions about the handbook.',
        memory_blocks: [
          { label: 'human', value: 'The user is called Sam.' },
          { label: 'persona', value: 'I am a patient support agent.', limit: 4000 },
        ],
        block_ids: [blockId],
        tools: ['web_search'],
        tool_rules: [{ type: 'exit_loop', tool_name: 'send_message' }],
        tags: ['support'],
        llm_config: llmConfig,
        embedding_config: embeddingConfig,
        initial_message_sequence: [],
        include_base_tools: true,
        tool_exec_environment_variables: { HANDBOOK_URL: 'https://example.com/handbook' },
        metadata: { created_from: 'letta-desk' },
      }),
  },
  { operationId: 'count_agents', call: (c) => c.agents.count() },
  {
    operationId: 'export_agent_serialized',
    call: (c) => c.agents.exportFile(agentId),
    response: agentFile,
  },
  {
    operationId: 'import_agent_serialized',
    call: (c) =>
      c.agents.importFile({
        file: agentFile,
        filename: 'support-bot.af',
        append_copy_suffix: false,
        override_existing_tools: false,
        strip_messages: true,
      }),
  },
  { operationId: 'retrieve_agent_context_window', call: (c) => c.agents.context.retrieve(agentId) },
  {
    operationId: 'modify_agent',
    call: (c) =>
      c.agents.modify(agentId, {
        name: 'support-bot-2',
        system: 'You are Letta, a concise assistant.',
        tags: ['support', 'v2'],
        tool_ids: [toolId],
        model: 'openai/gpt-4o-mini',
        response_format: { type: 'json_object' },
        message_buffer_autoclear: false,
      }),
  },
  { operationId: 'retrieve_agent', call: (c) => c.agents.retrieve(agentId) },
  {
    operationId: 'delete_agent',
    call: (c) => c.agents.delete(agentId),
    response: { message: `Agent id=${agentId} successfully deleted` },
  },
  { operationId: 'list_agent_groups', call: (c) => c.agents.groups.list(agentId, { manager_type: 'sleeptime' }) },

  { operationId: 'list_agent_tools', call: (c) => c.agents.tools.list(agentId) },
  { operationId: 'attach_tool', call: (c) => c.agents.tools.attach(agentId, toolId) },
  { operationId: 'detach_tool', call: (c) => c.agents.tools.detach(agentId, toolId) },
  { operationId: 'list_agent_sources', call: (c) => c.agents.sources.list(agentId) },
  { operationId: 'attach_source_to_agent', call: (c) => c.agents.sources.attach(agentId, sourceId) },
  { operationId: 'detach_source_from_agent', call: (c) => c.agents.sources.detach(agentId, sourceId) },

  { operationId: 'retrieve_agent_memory', call: (c) => c.agents.coreMemory.retrieve(agentId) },
  { operationId: 'list_core_memory_blocks', call: (c) => c.agents.coreMemory.blocks.list(agentId) },
  // A label may hold characters that need encoding in a path.
  { operationId: 'retrieve_core_memory_block', call: (c) => c.agents.coreMemory.blocks.retrieve(agentId, 'team notes') },
  {
    operationId: 'modify_core_memory_block',
    call: (c) =>
      c.agents.coreMemory.blocks.modify(agentId, 'human', {
        value: 'The user is called Sam and prefers email.',
        limit: 6000,
      }),
  },
  { operationId: 'attach_core_memory_block', call: (c) => c.agents.coreMemory.blocks.attach(agentId, blockId) },
  { operationId: 'detach_core_memory_block', call: (c) => c.agents.coreMemory.blocks.detach(agentId, blockId) },

  {
    operationId: 'list_passages',
    call: (c) => c.agents.archival.list(agentId, { search: 'birthday', after: passageId, limit: 10, ascending: false }),
  },
  {
    operationId: 'create_passage',
    call: (c) => c.agents.archival.create(agentId, { text: "Sam's birthday is on 14 March." }),
  },
  {
    operationId: 'modify_passage',
    call: (c) =>
      c.agents.archival.modify(agentId, passageId, {
        id: passageId,
        text: "Sam's birthday is on 15 March.",
        metadata_: { corrected: true },
      }),
  },
  {
    operationId: 'delete_passage',
    call: (c) => c.agents.archival.delete(agentId, passageId),
    response: { message: `Memory id=${passageId} successfully deleted` },
  },

  // Letta Cloud only
  {
    operationId: 'agents.searchDeployedAgents',
    call: (c) =>
      c.agents.search({
        search: [
          { field: 'name', operator: 'contains', value: 'support' },
          { field: 'tags', operator: 'contains', value: ['prod'] },
        ],
        project_id: 'project-7d1c2b3a',
        combinator: 'AND',
        limit: 10,
        after: null,
      }),
  },
  {
    operationId: 'agents.versionAgentTemplate',
    call: (c) =>
      c.agents.templates.version(agentId, {
        returnAgentState: false,
        migrate_deployed_agents: true,
        message: 'Shorter persona',
      }),
    // The spec declares no body for the 201; Letta Cloud sends this.
    response: { version: '3', fullVersion: 'support-bot:3', id: agentId },
  },
  {
    operationId: 'agents.migrateAgent',
    call: (c) =>
      c.agents.migrate(agentId, {
        to_template: 'support-bot:3',
        preserve_core_memories: false,
        variables: { customer_name: 'Sam' },
      }),
  },
  {
    operationId: 'agents.createTemplateFromAgent',
    call: (c) => c.agents.templates.create(agentId, { project: 'default-project' }),
  },
  { operationId: 'agents.getAgentVariables', call: (c) => c.agents.coreMemory.variables.list(agentId) },
];
