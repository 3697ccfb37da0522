import { equal, ok } from 'node:assert/strict';
import type { ContractCase } from '../case.js';
import { collect } from '../case.js';
import type { LettaStreamEvent } from '../../../src-main/letta/types/streaming.js';

const groupId = 'group-2d4f6a8c-0e1b-4c3d-8e5f-7a9b1c3d5e7f';
const supervisorId = 'agent-0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const researcherId = 'agent-5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const writerId = 'agent-9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const messageId = 'message-4b6d8f0a-2c4e-4a6c-8e0a-2c4e6a8c0e2a';

/** Two agents answering in turn; a type this client does not know yet rides along untouched. */
const groupTurn = [
  {
    id: 'message-aa11bb22-cc33-4d44-8e55-ff6600771188',
    date: '2025-05-20T11:00:01Z',
    message_type: 'reasoning_message',
    sender_id: researcherId,
    reasoning: 'Look up the latest release notes first.',
  },
  {
    id: 'message-aa11bb22-cc33-4d44-8e55-ff6600771189',
    date: '2025-05-20T11:00:02Z',
    message_type: 'tool_call_message',
    sender_id: researcherId,
    tool_call: { name: 'archival_memory_search', arguments: '{"query": "release notes"}', tool_call_id: 'call_01' },
  },
  {
    id: 'message-aa11bb22-cc33-4d44-8e55-ff6600771190',
    date: '2025-05-20T11:00:03Z',
    message_type: 'tool_return_message',
    sender_id: researcherId,
    tool_return: '["0.7.29: SQLite async support"]',
    status: 'success',
    tool_call_id: 'call_01',
  },
  {
    id: 'message-aa11bb22-cc33-4d44-8e55-ff6600771191',
    date: '2025-05-20T11:00:04Z',
    message_type: 'approval_request_message',
    sender_id: researcherId,
  },
  {
    id: 'message-aa11bb22-cc33-4d44-8e55-ff6600771192',
    date: '2025-05-20T11:00:05Z',
    message_type: 'assistant_message',
    sender_id: writerId,
    content: 'The latest release runs on SQLite.',
  },
  { message_type: 'usage_statistics', completion_tokens: 96, prompt_tokens: 4100, total_tokens: 4196, step_count: 3 },
]
  .map((m) => `data: ${JSON.stringify(m)}\n\n`)
  .join('')
  .concat('data: [DONE]\n\n');

/** The synchronous group reply (explicit: the spec's sampler cannot build `usage.steps_messages`). */
const groupReply = {
  messages: [
    {
      id: 'message-bb22cc33-dd44-4e55-8f66-007711882299',
      date: '2025-05-20T11:05:02Z',
      message_type: 'assistant_message',
      sender_id: writerId,
      content: 'The latest release runs on SQLite.',
    },
  ],
  usage: {
    message_type: 'usage_statistics',
    completion_tokens: 31,
    prompt_tokens: 3900,
    total_tokens: 3931,
    step_count: 2,
    steps_messages: null,
    run_ids: null,
  },
};

export const cases: ContractCase[] = [
  {
    operationId: 'list_groups',
    call: (c) => c.groups.list({ manager_type: 'supervisor', limit: 20, after: groupId, project_id: 'project-support' }),
  },
  {
    operationId: 'create_group',
    call: (c) =>
      c.groups.create({
        agent_ids: [researcherId, writerId],
        description: 'Research desk: the researcher finds facts, the writer answers.',
        manager_config: { manager_type: 'supervisor', manager_agent_id: supervisorId },
        shared_block_ids: ['block-7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f'],
        project: 'project-support',
      }),
  },
  { operationId: 'count_groups', call: (c) => c.groups.count() },
  { operationId: 'retrieve_group', call: (c) => c.groups.retrieve(groupId) },
  {
    operationId: 'modify_group',
    call: (c) =>
      c.groups.modify(groupId, {
        description: 'Research desk (dynamic turn-taking).',
        manager_config: { manager_type: 'dynamic', manager_agent_id: supervisorId, termination_token: 'DONE!', max_turns: 6 },
      }),
  },
  {
    operationId: 'delete_group',
    response: { message: `Group id=${groupId} successfully deleted` },
    call: (c) => c.groups.delete(groupId),
  },
  {
    operationId: 'send_group_message',
    response: groupReply,
    call: (c) =>
      c.groups.messages.create(groupId, {
        messages: [{ role: 'user', content: 'What changed in the latest release?', otid: 'otid-group-1' }],
      }),
  },
  {
    operationId: 'list_group_messages',
    call: (c) =>
      c.groups.messages.list(groupId, { after: messageId, limit: 50, use_assistant_message: true }),
  },
  {
    operationId: 'send_group_message_streaming',
    sse: groupTurn,
    call: async (c) =>
      collect(
        await c.groups.messages.createStream(groupId, {
          messages: [{ role: 'user', content: 'What changed in the latest release?' }],
          stream_tokens: false,
        }),
      ),
    check: (result) => {
      const events = result as LettaStreamEvent[];
      equal(events.length, 6);
      const types = events.map((e) => ('kind' in e ? `raw:${(e.json as { message_type: string }).message_type}` : e.message_type));
      equal(
        types.join(' '),
        'reasoning_message tool_call_message tool_return_message raw:approval_request_message assistant_message usage_statistics',
      );
      const reply = events[4];
      ok(reply && !('kind' in reply) && reply.message_type === 'assistant_message');
      equal(reply.sender_id, writerId);
    },
  },
  {
    operationId: 'modify_group_message',
    call: (c) =>
      c.groups.messages.modify(groupId, messageId, {
        message_type: 'reasoning_message',
        reasoning: 'Check the release notes before answering.',
      }),
  },
  {
    operationId: 'reset_group_messages',
    call: (c) => c.groups.messages.reset(groupId),
    check: (result) => equal(result, undefined),
  },
];
