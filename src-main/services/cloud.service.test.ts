/**
 * The Cloud channels end to end through the app core: against the fake Letta Cloud they reach the
 * right routes and answer with what the Cloud said; against a server without those routes (a
 * self-hosted Letta) they fail as `not_supported` with words, not a bare "Not Found". Also the
 * agent-file import refusing text that is not a JSON object before any request.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, type FakeCloud } from '../../test/fake-cloud/server.js';
import { json, startTestServer, type TestServer } from '../../test/fixtures/sse-server.js';
import { coreFixture, type CoreFixture } from '../testing/core-fixture.js';

describe('Letta Cloud channels', () => {
  let cloud: FakeCloud;
  let selfHosted: TestServer;
  let fixture: CoreFixture;

  beforeAll(async () => {
    cloud = await startFakeCloud({ apiKey: 'sk-let-unit-test-key' });
    selfHosted = await startTestServer((req, res) => {
      if (req.url === '/v1/health/') return json(res, 200, { version: '0.7.29', status: 'ok' });
      if (req.url?.startsWith('/v1/agents/?')) return json(res, 200, []);
      return json(res, 404, { detail: 'Not Found' });
    });
  });
  afterAll(async () => {
    await cloud.close();
    await selfHosted.close();
  });
  afterEach(() => fixture.close());

  async function connectTo(baseUrl: string, kind: 'cloud' | 'self-hosted', token?: string): Promise<void> {
    const created = (await fixture.call('profiles:create', {
      name: kind,
      baseUrl,
      kind,
      ...(token ? { token, storage: 'session' } : {}),
    })) as { ok: boolean; value: { id: string } };
    expect(created.ok).toBe(true);
    expect(await fixture.call('connection:connect', { profileId: created.value.id })).toMatchObject({ ok: true });
  }

  it('lists templates, creates an agent from one (agents:changed), and creates and revokes a token', async () => {
    fixture = coreFixture();
    await connectTo(cloud.url, 'cloud', cloud.apiKey);
    expect(await fixture.call('cloud:list-templates', { limit: 10 })).toMatchObject({ ok: true, value: { templates: expect.arrayContaining([expect.objectContaining({ name: 'support-bot' })]) } });
    const made = (await fixture.call('cloud:create-agents-from-template', {
      project: 'customer-support',
      templateVersion: 'support-bot:latest',
      body: { agent_name: 'Unit Eve', memory_variables: { customer_name: 'Eve', plan: 'pro' } },
    })) as { ok: boolean; value: { agents: { id: string; name: string }[] } };
    expect(made.value.agents[0]?.name).toBe('Unit Eve');
    expect(fixture.events.some((e) => e.event === 'agents:changed')).toBe(true);

    const token = (await fixture.call('cloud:create-token', {
      policy: [{ type: 'agent', id: made.value.agents[0]!.id, access: ['read_messages'] }],
      hostname: 'https://app.example.com',
    })) as { ok: boolean; value: { token: string } };
    expect(cloud.tokens.has(token.value.token)).toBe(true);
    expect(await fixture.call('cloud:revoke-token', { token: token.value.token })).toMatchObject({ ok: true });
    expect(cloud.tokens.has(token.value.token)).toBe(false);
    expect(await fixture.call('cloud:revoke-token', { token: token.value.token })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Token not found or already revoked') },
    });
  });

  it('passes the Cloud\'s own 404 through (a missing template version is not "not a Cloud")', async () => {
    fixture = coreFixture();
    await connectTo(cloud.url, 'cloud', cloud.apiKey);
    const [agent] = [...cloud.agents.values()];
    expect(await fixture.call('cloud:migrate-agent', { agentId: agent!.state.id, to_template: 'support-bot:99', preserve_core_memories: true })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringContaining('Template version provided does not exist') },
    });
  });

  it('says a self-hosted server has no Cloud routes', async () => {
    fixture = coreFixture();
    await connectTo(selfHosted.url, 'self-hosted');
    expect(await fixture.call('cloud:list-projects', {})).toMatchObject({
      ok: false,
      error: { code: 'not_supported', message: 'This server does not offer Letta Cloud routes (templates, projects, access tokens).' },
    });
  });

  it('refuses an agent file that is not a JSON object before sending it', async () => {
    fixture = coreFixture();
    await connectTo(selfHosted.url, 'self-hosted');
    expect(await fixture.call('agents:import-file', { text: '{not json' })).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: 'The agent file is not valid JSON.' } });
    expect(await fixture.call('agents:import-file', { text: '[1, 2]' })).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: 'The file is JSON but not an agent file.' } });
  });
});
