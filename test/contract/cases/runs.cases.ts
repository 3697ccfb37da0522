import type { ContractCase } from '../case.js';

const runId = 'run-6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d';
const stepId = 'step-1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9';
const agentIds = ['agent-3f9d2c1e-7a4b-4c8e-9f12-6b5a4d3c2e10', 'agent-5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b'];

// Runs, steps and telemetry: the runs screen drilling down from a background send to its LLM calls.
export const cases: ContractCase[] = [
  { operationId: 'list_runs', call: (c) => c.runs.list({ agent_ids: agentIds }) },
  { operationId: 'list_active_runs', call: (c) => c.runs.listActive({ agent_ids: [agentIds[0]!] }) },
  { operationId: 'retrieve_run', call: (c) => c.runs.retrieve(runId) },
  { operationId: 'delete_run', call: (c) => c.runs.delete(runId) },
  {
    operationId: 'list_run_messages',
    call: (c) =>
      c.runs.messages.list(runId, {
        after: 'message-8c2e4f6a-1b3d-4e5f-9a7b-2c4d6e8f0a1b',
        limit: 40,
        order: 'asc',
        role: 'assistant',
      }),
  },
  { operationId: 'retrieve_run_usage', call: (c) => c.runs.usage.retrieve(runId) },
  {
    operationId: 'list_run_steps',
    call: (c) => c.runs.steps.list(runId, { before: stepId, limit: 10, order: 'desc' }),
  },
  {
    operationId: 'list_steps',
    call: (c) =>
      c.steps.list({
        agent_id: agentIds[0]!,
        model: 'gpt-4o-mini',
        start_date: '2025-05-19T00:00:00+02:00',
        end_date: '2025-05-20T23:59:59+02:00',
        order: 'asc',
        limit: 100,
        after: stepId,
      }),
  },
  { operationId: 'retrieve_step', call: (c) => c.steps.retrieve(stepId) },
  {
    operationId: 'retrieve_provider_trace',
    // Explicit: the spec requires `organization_id` but does not declare it, so no sample satisfies it.
    response: {
      id: 'provider_trace-9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
      step_id: stepId,
      organization_id: 'org-00000000-0000-4000-8000-000000000000',
      request_json: { model: 'gpt-4o-mini', tool_choice: 'required', messages: [{ role: 'user', content: 'hi' }] },
      response_json: { id: 'chatcmpl-1', object: 'chat.completion', usage: { prompt_tokens: 2210, completion_tokens: 42 } },
      created_at: '2025-05-20T10:00:02Z',
    },
    call: (c) => c.telemetry.retrieveProviderTrace(stepId),
  },
];
