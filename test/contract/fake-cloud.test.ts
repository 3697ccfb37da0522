/**
 * The fake Letta Cloud used by the Cloud end-to-end test must answer like the real one: every
 * answer it gives on the Cloud-only routes (and on the routes connecting needs) is validated
 * against the response schema the reference spec declares for that operation and status. A
 * drift in the fake (a renamed field, a wrong type) fails here rather than hiding a UI bug.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, type FakeCloud } from '../fake-cloud/server.js';
import { loadSpec, makeValidators } from './spec.js';

const spec = loadSpec();
const API_KEY = 'sk-let-fake-cloud-test';

describe.skipIf(!spec)('fake Letta Cloud answers as the spec says', () => {
  const validators = makeValidators(spec!.doc);
  let cloud: FakeCloud;

  beforeAll(async () => {
    cloud = await startFakeCloud({ apiKey: API_KEY });
  });
  afterAll(() => cloud.close());

  /** Calls the fake and returns status and parsed body. */
  async function call(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${cloud.url}${path}`, {
      method,
      headers: { ...(auth ? { authorization: `Bearer ${API_KEY}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  /** Violations of the schema the spec gives operation `operationId` for `status`. */
  function violations(operationId: string, status: number, body: unknown): string[] {
    const op = spec!.operations.find((o) => o.operationId === operationId);
    if (!op) throw new Error(`no operation ${operationId} in the spec`);
    const escaped = op.path.replace(/~/g, '~0').replace(/\//g, '~1');
    const pointer = `#/paths/${escaped}/${op.method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    const declared = (spec!.doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[op.path]![op.method.toLowerCase()]!.responses[String(status)];
    if (!declared) return [`the spec declares no ${status} answer for ${operationId}`];
    return validators.validatePointer(pointer, body);
  }

  async function expectValid(operationId: string, method: string, path: string, status: number, body?: unknown): Promise<unknown> {
    const answer = await call(method, path, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(violations(operationId, status, answer.body)).toEqual([]);
    return answer.body;
  }

  it('health, and the agent list the connection doctor and the sidebar read', async () => {
    await expectValid('health_check', 'GET', '/v1/health/', 200);
    const agents = (await expectValid('list_agents', 'GET', '/v1/agents/?limit=1', 200)) as unknown[];
    expect(agents).toHaveLength(1);
    await expectValid('count_agents', 'GET', '/v1/agents/count', 200);
    await expectValid('list_tags', 'GET', '/v1/tags/', 200);
    const [first] = (await call('GET', '/v1/agents/')).body as { id: string }[];
    await expectValid('retrieve_agent', 'GET', `/v1/agents/${first!.id}`, 200);
  });

  it('refuses a request without the API key', async () => {
    expect((await call('GET', '/v1/agents/', undefined, false)).status).toBe(401);
  });

  it('templates, projects and creating agents from a template version', async () => {
    const { templates } = (await expectValid('templates.listTemplates', 'GET', '/v1/templates?limit=10&offset=0', 200)) as { templates: { name: string }[] };
    expect(templates.map((t) => t.name)).toContain('support-bot');
    await expectValid('projects.listProjects', 'GET', '/v1/projects?limit=10', 200);
    const created = (await expectValid('templates.createAgentsFromTemplate', 'POST', '/v1/templates/customer-support/support-bot:latest/agents', 201, {
      agent_name: 'Helpdesk Cleo',
      tags: ['support'],
      memory_variables: { customer_name: 'Cleo', plan: 'team' },
    })) as { agents: { name: string; memory: { blocks: { value: string }[] } }[] };
    expect(created.agents[0]?.name).toBe('Helpdesk Cleo');
    expect(created.agents[0]?.memory.blocks[0]?.value).toBe('I help Cleo with their team plan.');
  });

  it('client-side access tokens: create, then revoke once', async () => {
    const [agent] = (await call('GET', '/v1/agents/')).body as { id: string }[];
    const token = (await expectValid('clientSideAccessTokens.createClientSideAccessToken', 'POST', '/v1/client-side-access-tokens', 201, {
      policy: [{ type: 'agent', id: agent!.id, access: ['read_messages', 'write_messages'] }],
      hostname: 'https://app.example.com',
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    })) as { token: string };
    const bad = await call('POST', '/v1/client-side-access-tokens', { policy: [], hostname: 'https://app.example.com' });
    expect(bad.status).toBe(400);
    expect(violations('clientSideAccessTokens.createClientSideAccessToken', 400, bad.body)).toEqual([]);
    const revoked = await call('DELETE', `/v1/client-side-access-tokens/${encodeURIComponent(token.token)}`);
    expect(revoked.status).toBe(204);
    const again = await call('DELETE', `/v1/client-side-access-tokens/${encodeURIComponent(token.token)}`);
    expect(again.status).toBe(400);
    expect(violations('clientSideAccessTokens.deleteClientSideAccessToken', 400, again.body)).toEqual([]);
  });

  it('search, variables, template from an agent, a new version and a migration', async () => {
    const found = (await expectValid('agents.searchDeployedAgents', 'POST', '/v1/agents/search', 200, {
      search: [{ field: 'name', operator: 'contains', value: 'Helpdesk' }],
      combinator: 'AND',
      limit: 1,
    })) as { agents: { id: string; name: string }[]; nextCursor: string | null };
    expect(found.agents).toHaveLength(1);
    expect(found.nextCursor).not.toBeNull();
    const agentId = found.agents[0]!.id;
    const { variables } = (await expectValid('agents.getAgentVariables', 'GET', `/v1/agents/${agentId}/core-memory/variables`, 200)) as { variables: Record<string, string> };
    expect(Object.keys(variables).length).toBeGreaterThan(0);
    await expectValid('agents.createTemplateFromAgent', 'POST', `/v1/agents/${agentId}/template`, 201, { project: 'customer-support' });
    const answer = await call('POST', `/v1/agents/${agentId}/version-template`, { message: 'tone' });
    expect(answer.status).toBe(201);
    await expectValid('agents.migrateAgent', 'POST', `/v1/agents/${agentId}/migrate`, 200, { to_template: 'support-bot:1', preserve_core_memories: true });
    const missing = await call('POST', `/v1/agents/${agentId}/migrate`, { to_template: 'support-bot:99', preserve_core_memories: true });
    expect(missing.status).toBe(404);
    expect(violations('agents.migrateAgent', 404, missing.body)).toEqual([]);
    const otherProject = await call('POST', `/v1/agents/${agentId}/migrate`, { to_template: 'onboarding-guide:1', preserve_core_memories: true });
    expect(otherProject.status).toBe(409);
    expect(violations('agents.migrateAgent', 409, otherProject.body)).toEqual([]);
  });
});
