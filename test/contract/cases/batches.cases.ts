import { equal } from 'node:assert/strict';
import type { ContractCase } from '../case.js';

const batchId = 'job-0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const agentA = 'agent-3f9d2c1e-7a4b-4c8e-9f12-6b5a4d3c2e10';
const agentB = 'agent-5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';

export const cases: ContractCase[] = [
  {
    operationId: 'create_messages_batch',
    // The nightly digest: one question to each support agent, answered through the provider's batch API.
    call: (c) =>
      c.batches.create({
        requests: [
          { agent_id: agentA, messages: [{ role: 'user', content: 'Summarise today’s tickets in three bullets.' }] },
          {
            agent_id: agentB,
            messages: [{ role: 'user', content: [{ type: 'text', text: 'List open escalations.' }] }],
            use_assistant_message: true,
            assistant_message_tool_name: 'send_message',
            assistant_message_tool_kwarg: 'message',
          },
        ],
        callback_url: 'https://hooks.example.com/letta/batches',
      }),
  },
  { operationId: 'list_batch_runs', call: (c) => c.batches.list() },
  { operationId: 'retrieve_batch_run', call: (c) => c.batches.retrieve(batchId) },
  {
    operationId: 'list_batch_messages',
    call: (c) =>
      c.batches.messages.list(batchId, {
        limit: 50,
        cursor: 'message-8c2e4f6a-1b3d-4e5f-9a7b-2c4d6e8f0a1b',
        agent_id: agentB,
        sort_descending: false,
      }),
  },
  {
    operationId: 'cancel_batch_run',
    call: (c) => c.batches.cancel(batchId),
    check: (result) => equal(result, undefined),
  },
];
