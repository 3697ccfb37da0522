import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import type { ContractCase } from '../case.js';
import { collect } from '../case.js';
import type { LettaStreamEvent } from '../../../src-main/letta/types/streaming.js';

const agentId = 'agent-3f9d2c1e-7a4b-4c8e-9f12-6b5a4d3c2e10';
const messageId = 'message-8c2e4f6a-1b3d-4e5f-9a7b-2c4d6e8f0a1b';

const reasoningId = 'message-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const replyId = 'message-6f5e4d3c-2b1a-4f9e-8d7c-6b5a4f3e2d1c';

/** A token-streamed turn as the server writes it: reasoning, the reply in slices, usage, [DONE]. */
const streamedTurn = [
  { id: reasoningId, date: '2025-05-20T10:00:01Z', message_type: 'reasoning_message', reasoning: 'The user asks about refunds; ' },
  { id: reasoningId, date: '2025-05-20T10:00:01Z', message_type: 'reasoning_message', reasoning: 'quote the policy.' },
  { id: replyId, date: '2025-05-20T10:00:02Z', message_type: 'assistant_message', otid: 'otid-reply-1', content: 'Refunds are accepted ' },
  { id: replyId, date: '2025-05-20T10:00:02Z', message_type: 'assistant_message', otid: 'otid-reply-1', content: 'within 30 days.' },
  { message_type: 'usage_statistics', completion_tokens: 42, prompt_tokens: 2210, total_tokens: 2252, step_count: 1 },
]
  .map((m) => `data: ${JSON.stringify(m)}\n\n`)
  .join('')
  .concat('data: [DONE]\n\n');

/**
 * A whole turn as the synchronous send returns it. Given explicitly because the spec's sampler
 * cannot build `usage.steps_messages` (its tool-call schema is nested past the sampler's depth).
 */
const turn = {
  messages: [
    {
      id: reasoningId,
      date: '2025-05-20T10:00:01Z',
      message_type: 'reasoning_message',
      source: 'non_reasoner_model',
      reasoning: 'The user asks about refunds; quote the policy.',
      step_id: 'step-1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
    },
    {
      id: replyId,
      date: '2025-05-20T10:00:02Z',
      message_type: 'assistant_message',
      content: 'Refunds are accepted within 30 days.',
      step_id: 'step-1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
    },
  ],
  usage: {
    message_type: 'usage_statistics',
    completion_tokens: 42,
    prompt_tokens: 2210,
    total_tokens: 2252,
    step_count: 1,
    steps_messages: [
      [
        {
          id: replyId,
          role: 'assistant',
          agent_id: agentId,
          model: 'gpt-4o-mini',
          content: [{ type: 'text', text: 'The user asks about refunds; quote the policy.' }],
          tool_calls: [
            {
              id: 'call_7Hq2',
              type: 'function',
              function: { name: 'send_message', arguments: '{"message": "Refunds are accepted within 30 days."}' },
            },
          ],
          created_at: '2025-05-20T10:00:02Z',
        },
      ],
    ],
    run_ids: null,
  },
};

export const cases: ContractCase[] = [
  {
    operationId: 'list_messages',
    // Scrolling the chat back: the 30 messages before the oldest one on screen.
    call: (c) =>
      c.agents.messages.list(agentId, {
        before: messageId,
        limit: 30,
        use_assistant_message: true,
        assistant_message_tool_name: 'send_message',
        assistant_message_tool_kwarg: 'message',
      }),
  },
  {
    operationId: 'send_message',
    response: turn,
    call: (c) =>
      c.agents.messages.create(agentId, {
        messages: [
          {
            role: 'user',
            content: [{ type: 'text', text: 'What is your refund policy?' }],
            otid: 'otid-user-1',
          },
        ],
        use_assistant_message: true,
      }),
  },
  {
    operationId: 'modify_message',
    // Fixing a typo in an assistant reply from the chat's edit action.
    call: (c) =>
      c.agents.messages.modify(agentId, messageId, {
        message_type: 'assistant_message',
        content: 'Refunds are accepted within 30 days of delivery.',
      }),
  },
  {
    operationId: 'create_agent_message_stream',
    sse: streamedTurn,
    call: async (c) =>
      collect(
        await c.agents.messages.createStream(agentId, {
          messages: [{ role: 'user', content: 'What is your refund policy?', otid: 'otid-user-2' }],
          stream_tokens: true,
        }),
      ),
    check: (result) => {
      const events = result as LettaStreamEvent[];
      equal(events.length, 5);
      ok(events.every((e) => !('kind' in e)), 'every line is typed, none raw');
      const reasoning = events.flatMap((e) => ('message_type' in e && e.message_type === 'reasoning_message' ? [e.reasoning] : []));
      equal(reasoning.join(''), 'The user asks about refunds; quote the policy.');
      const reply = events.flatMap((e) => ('message_type' in e && e.message_type === 'assistant_message' ? [e.content] : []));
      equal(reply.join(''), 'Refunds are accepted within 30 days.');
      const last = events.at(-1);
      ok(last && 'message_type' in last && last.message_type === 'usage_statistics');
      deepStrictEqual([last.total_tokens, last.step_count], [2252, 1]);
    },
  },
  {
    operationId: 'create_agent_message_async',
    call: (c) =>
      c.agents.messages.createAsync(agentId, {
        messages: [{ role: 'user', content: 'Summarise yesterday’s tickets when you have time.' }],
        use_assistant_message: false,
      }),
  },
  {
    operationId: 'reset_messages',
    call: (c) => c.agents.messages.reset(agentId, { add_default_initial_messages: true }),
  },
];
