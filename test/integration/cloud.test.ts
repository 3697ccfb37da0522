/**
 * The ten Letta Cloud operations against a self-hosted server: each is refused, and the app must
 * tell "this server does not have it" from "that thing does not exist". The agent-scoped ones use
 * a real agent, so the 404 cannot be mistaken for a missing agent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LettaClient } from '../../src-main/letta/client.js';
import { LettaClientError, LettaNotFoundError } from '../../src-main/letta/core/errors.js';
import { ROUTES, type OperationId } from '../../src-main/letta/core/routes.js';
import { expectServerRefusal, testClient } from './support/coverage.js';
import { createAgent } from './support/kit.js';

const client = testClient();
const REASON = 'Letta Cloud only';
let agentId = '';

beforeAll(async () => {
  agentId = (await createAgent(client)).id;
});
afterAll(async () => {
  if (agentId) await client.agents.delete(agentId).catch(() => undefined);
});

interface CloudCase {
  operationId: OperationId;
  call: (c: LettaClient) => Promise<unknown>;
  /** 404 for a path the server lacks; 405 when the path matches a self-hosted route with another method. */
  status: 404 | 405;
}

const CASES: CloudCase[] = [
  // POST /v1/agents/search meets GET /v1/agents/{agent_id}: the path exists, the method does not.
  { operationId: 'agents.searchDeployedAgents', status: 405, call: (c) => c.agents.search({ search: [{ field: 'name', operator: 'eq', value: 'x' }], limit: 5 }) },
  { operationId: 'agents.versionAgentTemplate', status: 404, call: (c) => c.agents.templates.version(agentId, { message: 'v2' }) },
  { operationId: 'agents.migrateAgent', status: 404, call: (c) => c.agents.migrate(agentId, { to_template: 'support-bot:2', preserve_core_memories: true }) },
  { operationId: 'agents.createTemplateFromAgent', status: 404, call: (c) => c.agents.templates.create(agentId, { project: 'desk' }) },
  { operationId: 'agents.getAgentVariables', status: 404, call: (c) => c.agents.coreMemory.variables.list(agentId) },
  { operationId: 'templates.listTemplates', status: 404, call: (c) => c.templates.list({ limit: 5 }) },
  { operationId: 'templates.createAgentsFromTemplate', status: 404, call: (c) => c.templates.createAgents('desk', 'support-bot:latest', { agent_name: 'x' }) },
  { operationId: 'projects.listProjects', status: 404, call: (c) => c.projects.list({ limit: 5 }) },
  {
    operationId: 'clientSideAccessTokens.createClientSideAccessToken',
    status: 404,
    call: (c) => c.clientTokens.create({ policy: [{ type: 'agent', id: agentId, access: ['read_messages'] }], hostname: 'https://app.example.com' }),
  },
  { operationId: 'clientSideAccessTokens.deleteClientSideAccessToken', status: 404, call: (c) => c.clientTokens.delete('ck-let-desk') },
];

describe('Letta Cloud operations on a self-hosted server', () => {
  it('cover exactly the routes marked cloud', () => {
    const cloud = Object.values(ROUTES).filter((r) => 'cloud' in r && r.cloud).map((r) => r.operationId);
    expect(CASES.map((c) => c.operationId).sort()).toEqual([...cloud].sort());
  });

  it.each(CASES)('$operationId is refused with $status', async ({ operationId, status, call }) => {
    const err = await expectServerRefusal(operationId, status, REASON, () => call(client));
    expect(err).toBeInstanceOf(status === 404 ? LettaNotFoundError : LettaClientError);
    expect(err.serverMessage).toBe(status === 404 ? 'Not Found' : 'Method Not Allowed');
  });

  it('the agent those routes named is still there: the 404s were about the routes', async () => {
    expect((await client.agents.retrieve(agentId)).id).toBe(agentId);
  });
});
