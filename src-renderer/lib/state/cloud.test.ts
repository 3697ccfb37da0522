import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: { channel: string; args: unknown }[] = [];
const answers: Record<string, (args: never) => unknown> = {};
const channel = (name: string) => async (args: never) => {
  calls.push({ channel: name, args });
  const answer = answers[name];
  if (!answer) throw new Error(`unexpected ${name}`);
  return answer(args);
};
vi.mock('../api', () => ({
  api: {
    cloud: {
      listTemplates: channel('cloud:list-templates'),
      listProjects: channel('cloud:list-projects'),
      createAgentsFromTemplate: channel('cloud:create-agents-from-template'),
      createToken: channel('cloud:create-token'),
      revokeToken: channel('cloud:revoke-token'),
      searchAgents: channel('cloud:search-agents'),
      getVariables: channel('cloud:get-variables'),
      createTemplate: channel('cloud:create-template'),
      versionTemplate: channel('cloud:version-template'),
      migrateAgent: channel('cloud:migrate-agent'),
    },
  },
  asApiError: (e: unknown) => e,
  onEvent: () => () => {},
}));
const { CloudState, maskToken, parseVariables, searchConditions } = await import('./cloud.svelte');

const agent = (id: string, name: string) => ({ id, name }) as never;

beforeEach(() => {
  calls.length = 0;
  for (const key of Object.keys(answers)) delete answers[key];
});

describe('form helpers', () => {
  it('reads name=value lines and names the line that is not one', () => {
    expect(parseVariables('customer_name = Ava\n\nplan=pro=max')).toEqual({ ok: true, value: { customer_name: 'Ava', plan: 'pro=max' } });
    expect(parseVariables('customer_name\nplan=pro')).toEqual({ ok: false, error: 'Line 1 (“customer_name”) is not name=value.' });
  });

  it('turns the search form into the Cloud\'s conditions, leaving out empty fields', () => {
    expect(searchConditions({ name: ' Help ', nameExact: false, tags: 'support, eu', version: '', identity: '', projectId: '' })).toEqual([
      { field: 'name', operator: 'contains', value: 'Help' },
      { field: 'tags', operator: 'contains', value: ['support', 'eu'] },
    ]);
    expect(searchConditions({ name: '', nameExact: true, tags: '', version: 'support-bot:2', identity: 'identity-1', projectId: '' })).toEqual([
      { field: 'version', value: 'support-bot:2' },
      { field: 'identity', operator: 'eq', value: 'identity-1' },
    ]);
  });

  it('masks a token so it cannot be copied from the list', () => {
    expect(maskToken('ck-let-abcdefghijklmnopqrstuvwxyz')).toBe('ck-let-…wxyz');
  });
});

describe('CloudState', () => {
  it('creates a token for the chosen agents, shows its secret once and can revoke it', async () => {
    answers['cloud:create-token'] = () => ({ token: 'ck-let-secret-value-1234', hostname: 'https://app.example.com', expiresAt: '2026-01-01T01:00:00.000Z', policy: { version: '1', data: [] } });
    answers['cloud:revoke-token'] = () => undefined;
    const state = new CloudState();
    const ok = await state.createToken({ agentIds: ['agent-1'], access: ['read_messages', 'write_messages'], hostname: ' https://app.example.com ', expiry: '1h' }, Date.parse('2026-01-01T00:00:00Z'));
    expect(ok).toBe(true);
    expect(calls[0]).toEqual({
      channel: 'cloud:create-token',
      args: {
        policy: [{ type: 'agent', id: 'agent-1', access: ['read_messages', 'write_messages'] }],
        hostname: 'https://app.example.com',
        expires_at: '2026-01-01T01:00:00.000Z',
      },
    });
    expect(state.fresh?.token).toBe('ck-let-secret-value-1234');
    state.dismissFresh();
    expect(state.fresh).toBeNull();
    expect(await state.revokeToken('ck-let-secret-value-1234')).toBe(true);
    expect(state.tokens.map((t) => t.revoked)).toEqual([true]);
  });

  it('keeps the error where the token was created when the Cloud refuses it', async () => {
    answers['cloud:create-token'] = () => {
      throw { code: 'rejected', message: 'hostname must be a URL' };
    };
    const state = new CloudState();
    expect(await state.createToken({ agentIds: ['agent-1'], access: ['read_agent'], hostname: 'app', expiry: '5m' })).toBe(false);
    expect(state.tokenAction.error?.message).toBe('hostname must be a URL');
    expect(state.tokens).toEqual([]);
  });

  it('searches, pages with the cursor without repeating agents, and loads a selected agent\'s variables', async () => {
    answers['cloud:search-agents'] = (args: { after?: string }) =>
      args.after ? { agents: [agent('a2', 'Bruno'), agent('a3', 'Cleo')], nextCursor: null } : { agents: [agent('a1', 'Ava'), agent('a2', 'Bruno')], nextCursor: '2' };
    answers['cloud:get-variables'] = () => ({ variables: { customer_name: 'Ava' } });
    const state = new CloudState();
    await state.search({ name: 'a', nameExact: false, tags: '', version: '', identity: '', projectId: '' });
    expect(state.hasMore).toBe(true);
    await state.loadMore();
    expect(state.results.map((a) => a.name)).toEqual(['Ava', 'Bruno', 'Cleo']);
    expect(state.hasMore).toBe(false);
    expect(calls[1]?.args).toEqual({ search: [{ field: 'name', operator: 'contains', value: 'a' }], limit: 20, after: '2' });
    await state.select(state.results[0]!);
    expect(state.variables).toEqual({ customer_name: 'Ava' });
  });

  it('migrates with new variables only when memory is not kept', async () => {
    answers['cloud:get-variables'] = () => ({ variables: { customer_name: 'Ava' } });
    answers['cloud:migrate-agent'] = () => ({ success: true });
    const state = new CloudState();
    await state.select(agent('a1', 'Ava'));
    expect(await state.migrate('support-bot:1', true, { customer_name: 'X' })).toBe(true);
    expect(calls.find((c) => c.channel === 'cloud:migrate-agent')?.args).toEqual({ agentId: 'a1', to_template: 'support-bot:1', preserve_core_memories: true });
    expect(state.agentNote).toBe('Ava now runs support-bot:1, with its memory kept.');
    calls.length = 0;
    await state.migrate('support-bot:2', false, { customer_name: 'Zoe' });
    expect(calls.find((c) => c.channel === 'cloud:migrate-agent')?.args).toEqual({
      agentId: 'a1',
      to_template: 'support-bot:2',
      preserve_core_memories: false,
      variables: { customer_name: 'Zoe' },
    });
  });
});
