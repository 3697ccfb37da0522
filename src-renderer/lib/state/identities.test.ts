import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Identity } from '../../../src-shared/letta-types';

const calls: { channel: string; args: unknown }[] = [];
let identities: Identity[] = [];
/** What `identities:get` answers: the server's current copies (another client may have changed them). */
let serverSide: Identity[] = [];
let upsertAnswer: () => Identity = () => {
  throw Object.assign(new Error('Identity not found'), { code: 'not_found', status: 404 });
};

vi.mock('../api', () => {
  const record = <T>(channel: string, fn: (args: never) => T) => async (args: unknown) => {
    calls.push({ channel, args });
    return fn(args as never);
  };
  return {
    api: {
      identities: {
        list: record('identities:list', () => identities.map((i) => ({ ...i }))),
        create: record('identities:create', (args: { body: Omit<Identity, 'id' | 'agent_ids' | 'block_ids'> }) => ({ id: 'identity-new', agent_ids: [], block_ids: [], ...args.body })),
        upsert: record('identities:upsert', () => upsertAnswer()),
        update: record('identities:update', (args: { identityId: string; patch: Partial<Identity> }) => ({ ...identities.find((i) => i.id === args.identityId)!, ...args.patch })),
        delete: record('identities:delete', () => undefined),
        upsertProperties: record('identities:upsert-properties', () => identities[0]!),
        get: record('identities:get', (args: { identityId: string }) => {
          const found = serverSide.find((i) => i.id === args.identityId);
          if (!found) throw Object.assign(new Error('Identity not found'), { code: 'not_found', status: 404 });
          return { ...found };
        }),
      },
      agents: { list: record('agents:list', () => [{ id: 'agent-1', name: 'Helper' }]) },
      blocks: { list: record('blocks:list', () => [{ id: 'block-1', label: 'human', value: '' }]) },
    },
    asApiError: (e: unknown) => e,
    onEvent: () => () => {},
  };
});

const { IdentitiesState, parseProperties, propertyToDraft } = await import('./identities.svelte');

function identity(id: string, name: string, type: Identity['identity_type'] = 'user'): Identity {
  return { id, identifier_key: `key-${id}`, name, identity_type: type, agent_ids: [], block_ids: [], properties: [] };
}

beforeEach(() => {
  calls.length = 0;
  identities = [identity('i1', 'Ada'), identity('i2', 'Acme', 'org')];
  serverSide = identities.map((i) => ({ ...i }));
});

describe('parseProperties', () => {
  it('turns typed text into the four property types the spec allows', () => {
    const parsed = parseProperties([
      { key: 'plan', type: 'string', text: 'pro' },
      { key: 'seats', type: 'number', text: ' 12.5 ' },
      { key: 'trial', type: 'boolean', text: 'False' },
      { key: 'prefs', type: 'json', text: '{"tone":"formal"}' },
    ]);
    expect(parsed).toEqual({
      ok: true,
      properties: [
        { key: 'plan', type: 'string', value: 'pro' },
        { key: 'seats', type: 'number', value: 12.5 },
        { key: 'trial', type: 'boolean', value: false },
        { key: 'prefs', type: 'json', value: { tone: 'formal' } },
      ],
    });
  });

  it('names each bad row: no key, a repeated key, a non-number, json that is not an object', () => {
    const parsed = parseProperties([
      { key: ' ', type: 'string', text: 'x' },
      { key: 'a', type: 'number', text: 'twelve' },
      { key: 'a', type: 'string', text: 'again' },
      { key: 'b', type: 'json', text: '[1, 2]' },
      { key: 'c', type: 'json', text: '{oops' },
      { key: 'd', type: 'number', text: '' },
    ]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).map(Number)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(parsed.errors[1]).toBe('“twelve” is not a number.');
    expect(parsed.errors[2]).toContain('used twice');
    expect(parsed.errors[3]).toContain('object');
    expect(parsed.errors[4]).toMatch(/^Not valid JSON/);
  });

  it('round-trips what the server sent back into editable text', () => {
    const drafts = [
      propertyToDraft({ key: 'n', type: 'number', value: 3 }),
      propertyToDraft({ key: 'j', type: 'json', value: { a: 1 } }),
      propertyToDraft({ key: 'b', type: 'boolean', value: true }),
    ];
    expect(parseProperties(drafts)).toEqual({
      ok: true,
      properties: [
        { key: 'n', type: 'number', value: 3 },
        { key: 'j', type: 'json', value: { a: 1 } },
        { key: 'b', type: 'boolean', value: true },
      ],
    });
  });
});

describe('IdentitiesState', () => {
  it('filters by type on the server and by name or key locally', async () => {
    const state = new IdentitiesState();
    await state.list.load();
    state.setNameFilter('acm');
    expect(state.visible.map((i) => i.name)).toEqual(['Acme']);
    state.setNameFilter('key-i1');
    expect(state.visible.map((i) => i.name)).toEqual(['Ada']);
    state.setTypeFilter('org');
    await vi.waitFor(() => expect(calls.at(-1)).toEqual({ channel: 'identities:list', args: { limit: 1000, identity_type: 'org' } }));
  });

  it('keeps the server\'s 404 for an upsert of an unknown key and leaves the list alone', async () => {
    const state = new IdentitiesState();
    await state.list.load();
    const result = await state.upsert({ identifier_key: 'nobody', name: 'Nobody', identity_type: 'user', properties: [] });
    expect(result).toBeUndefined();
    expect(state.dialog.error).toMatchObject({ status: 404, message: 'Identity not found' });
    expect(state.list.value).toHaveLength(2);
  });

  it('an upsert of a known key replaces that identity in the list and selects it', async () => {
    upsertAnswer = () => ({ ...identity('i2', 'Acme Corp', 'org') });
    const state = new IdentitiesState();
    await state.list.load();
    await state.upsert({ identifier_key: 'key-i2', name: 'Acme Corp', identity_type: 'org', properties: [] });
    expect(state.list.value.map((i) => i.name)).toEqual(['Ada', 'Acme Corp']);
    expect(state.selected?.name).toBe('Acme Corp');
  });

  it('links an agent by sending the whole new agent_ids list, and names it', async () => {
    const state = new IdentitiesState();
    await Promise.all([state.list.load(), state.agents.load()]);
    await state.setLinks('i1', { agent_ids: ['agent-1'] });
    expect(calls.at(-1)).toEqual({ channel: 'identities:update', args: { identityId: 'i1', patch: { agent_ids: ['agent-1'] } } });
    expect(state.list.value[0]!.agent_ids).toEqual(['agent-1']);
    expect(state.agentName('agent-1')).toBe('Helper');
  });

  it('opening an identity reads it again, so an edit made elsewhere shows; one deleted elsewhere leaves the list', async () => {
    const state = new IdentitiesState();
    await state.list.load();
    serverSide[0] = { ...serverSide[0]!, name: 'Ada Lovelace' };
    state.select('i1');
    await vi.waitFor(() => expect(state.list.value.find((i) => i.id === 'i1')?.name).toBe('Ada Lovelace'));
    expect(calls.filter((c) => c.channel === 'identities:get')).toEqual([{ channel: 'identities:get', args: { identityId: 'i1' } }]);

    serverSide = serverSide.filter((i) => i.id !== 'i2');
    identities = identities.filter((i) => i.id !== 'i2');
    state.select('i2');
    await vi.waitFor(() => expect(state.list.value.map((i) => i.id)).toEqual(['i1']));
  });

  it('drops a deleted identity and its selection', async () => {
    const state = new IdentitiesState();
    await state.list.load();
    state.select('i1');
    expect(await state.remove('i1')).toBe(true);
    expect(state.selected).toBeNull();
    expect(state.list.value.map((i) => i.id)).toEqual(['i2']);
  });
});
