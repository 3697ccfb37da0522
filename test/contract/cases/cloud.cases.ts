// Letta Cloud only: templates, projects, client-side access tokens.
import { expect } from 'vitest';
import type { ContractCase } from '../case.js';

const AGENT_ID = 'agent-2e4a6c8e-0a2c-4e6a-9c0e-3f5b7d9f1b66';

// No `offset` in the list cases: the spec types it `oneOf: [string, number]`, and a query value
// such as "20" satisfies both branches once coerced, so the validator rejects every numeric offset.
export const cases: ContractCase[] = [
  {
    operationId: 'templates.listTemplates',
    call: (c) => c.templates.list({ name: 'support-bot', projectId: 'proj-5d1e', limit: 10 }),
  },
  {
    operationId: 'templates.createAgentsFromTemplate',
    status: 201,
    call: (c) =>
      c.templates.createAgents('acme-support', 'support-bot:latest', {
        agent_name: 'support-dana',
        tags: ['customer:1042'],
        memory_variables: { customer_name: 'Dana' },
        tool_variables: { CRM_REGION: 'eu' },
        identity_ids: ['identity-7a9c1e3f-5b7d-4f1a-8c3e-0b2d4f6a8c55'],
      }),
  },
  {
    operationId: 'projects.listProjects',
    call: (c) => c.projects.list({ name: 'acme', limit: 50 }),
  },
  {
    operationId: 'clientSideAccessTokens.createClientSideAccessToken',
    status: 201,
    call: (c) =>
      c.clientTokens.create({
        policy: [{ type: 'agent', id: AGENT_ID, access: ['read_messages', 'write_messages'] }],
        hostname: 'https://app.example.com',
        expires_at: '2025-06-01T12:00:00Z',
      }),
  },
  {
    operationId: 'clientSideAccessTokens.deleteClientSideAccessToken',
    status: 204,
    call: (c) => c.clientTokens.delete('ck-let-4f2a9c1e'),
    check: (result) => expect(result).toBeUndefined(),
  },
];
