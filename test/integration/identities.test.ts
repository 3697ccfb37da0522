/**
 * Identities through the typed client against the real server: an identity's whole life (typed
 * properties, filters, update, upsert by identifier_key, property replacement, an attached agent)
 * and the server's answers to bad input and unknown ids.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LettaNotFoundError, LettaValidationError } from '../../src-main/letta/core/errors.js';
import { testClient } from './support/coverage.js';
import { createAgent, uniqueName } from './support/kit.js';
import { expectEachFields, expectFields } from './support/shape.js';
import { IDENTITY, IDENTITY_PROPERTY } from './support/type-rules.js';

const client = testClient();
const cleanup: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo().catch(() => undefined);
});

describe('identities', () => {
  it('live a whole life: create → retrieve → list by filters → count → update → upsert by key → replace properties → delete', async () => {
    const key = uniqueName('crm-user');
    const countBefore = await client.identities.count();

    const identity = await client.identities.create({
      identifier_key: key,
      name: 'Ada',
      identity_type: 'user',
      properties: [
        { key: 'plan', value: 'pro', type: 'string' },
        { key: 'seats', value: 3, type: 'number' },
      ],
    });
    cleanup.push(() => client.identities.delete(identity.id));
    expectFields('created identity', identity, IDENTITY);
    expectEachFields('identity properties', identity.properties ?? [], IDENTITY_PROPERTY);
    expect(identity).toMatchObject({ identifier_key: key, name: 'Ada', identity_type: 'user', project_id: null, agent_ids: [], block_ids: [] });
    expect(identity.properties).toEqual([
      { key: 'plan', value: 'pro', type: 'string' },
      { key: 'seats', value: 3, type: 'number' },
    ]);
    expect(await client.identities.retrieve(identity.id)).toEqual(identity);

    // Filters narrow the list; each answers our identity or leaves it out.
    expect((await client.identities.list({ identifier_key: key })).map((i) => i.id)).toEqual([identity.id]);
    expect((await client.identities.list({ name: 'Ada' })).map((i) => i.id)).toContain(identity.id);
    expect((await client.identities.list({ identity_type: 'user' })).map((i) => i.id)).toContain(identity.id);
    expect((await client.identities.list({ identity_type: 'org' })).map((i) => i.id)).not.toContain(identity.id);
    const all = await client.identities.list({ limit: 1000 });
    expectEachFields('listed identities', all, IDENTITY);
    expect(await client.identities.count()).toBe(countBefore + 1);

    // Update: a new name, and an agent attached through the identity.
    const agent = await createAgent(client);
    cleanup.push(() => client.agents.delete(agent.id));
    const updated = await client.identities.modify(identity.id, { name: 'Ada Lovelace', agent_ids: [agent.id] });
    expect(updated).toMatchObject({ id: identity.id, name: 'Ada Lovelace', agent_ids: [agent.id], identifier_key: key });
    expect((await client.agents.list({ identity_id: identity.id })).map((a) => a.id)).toEqual([agent.id]);

    // Upsert finds the identity by identifier_key: same id, the body's fields win, and what the
    // body leaves out (agents, properties) stays as it was.
    const upserted = await client.identities.upsert({ identifier_key: key, name: 'Countess Lovelace', identity_type: 'user' });
    expectFields('upserted identity', upserted, IDENTITY);
    expect(upserted).toMatchObject({ id: identity.id, name: 'Countess Lovelace', agent_ids: [agent.id], properties: identity.properties });
    expect(await client.identities.count()).toBe(countBefore + 1);

    // The properties route replaces the whole list and answers the identity.
    const withProps = await client.identities.properties.upsert(identity.id, [
      { key: 'seats', value: 5, type: 'number' },
      { key: 'beta', value: true, type: 'boolean' },
      { key: 'address', value: { city: 'London' }, type: 'json' },
    ]);
    expectFields('identity after property upsert', withProps, IDENTITY);
    expect(withProps.properties).toEqual([
      { key: 'seats', value: 5, type: 'number' },
      { key: 'beta', value: true, type: 'boolean' },
      { key: 'address', value: { city: 'London' }, type: 'json' },
    ]);
    expect((await client.identities.retrieve(identity.id)).properties).toEqual(withProps.properties);

    expect(await client.identities.delete(identity.id)).toBeUndefined();
    await expect(client.identities.retrieve(identity.id)).rejects.toBeInstanceOf(LettaNotFoundError);
    expect(await client.identities.list({ identifier_key: key })).toEqual([]);
    expect(await client.identities.count()).toBe(countBefore);
    // The agent stays; it is only no longer found through the identity.
    expect((await client.agents.retrieve(agent.id)).id).toBe(agent.id);
  });

  it('upsert never creates (a new identifier_key is a 404); create does not check the key is unique', async () => {
    // Server 0.7.29's upsert looks the key up with a read that raises instead of answering none,
    // so the create branch is never reached.
    const key = uniqueName('crm-org');
    const err = await client.identities.upsert({ identifier_key: key, name: 'Analytical Engines Ltd', identity_type: 'org' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LettaNotFoundError);
    expect((err as LettaNotFoundError).serverMessage).toMatch(/^Identity not found with access level/);
    expect(await client.identities.list({ identifier_key: key })).toEqual([]);

    // Two creates with one key both succeed (no project: the unique index does not bite).
    const first = await client.identities.create({ identifier_key: key, name: 'Analytical Engines Ltd', identity_type: 'org' });
    cleanup.push(() => client.identities.delete(first.id));
    const second = await client.identities.create({ identifier_key: key, name: 'Difference Engines Ltd', identity_type: 'org' });
    cleanup.push(() => client.identities.delete(second.id));
    expect(second.id).not.toBe(first.id);
    expect((await client.identities.list({ identifier_key: key })).map((i) => i.name).sort()).toEqual(['Analytical Engines Ltd', 'Difference Engines Ltd']);
    expect((await client.identities.list({ identity_type: 'org' })).map((i) => i.id)).toEqual(expect.arrayContaining([first.id, second.id]));
  });
});

describe('identities: bad input and unknown ids', () => {
  const unknownId = 'identity-00000000-0000-4000-8000-000000000000';

  it('missing or invalid fields are 422s naming them', async () => {
    const missing = await client.identities.create({ identifier_key: uniqueName('k'), name: 'x' } as never).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(LettaValidationError);
    expect((missing as LettaValidationError).issues).toEqual([{ loc: ['body', 'identity_type'], msg: 'Field required', type: 'missing' }]);

    const badType = await client.identities
      .create({ identifier_key: uniqueName('k'), name: 'x', identity_type: 'robot' as never })
      .catch((e: unknown) => e);
    expect(badType).toBeInstanceOf(LettaValidationError);
    expect((badType as LettaValidationError).issues[0]).toMatchObject({ loc: ['body', 'identity_type'], type: 'enum' });

    const badProperty = await client.identities.properties
      .upsert(unknownId, [{ key: 'a', value: 1, type: 'float' as never }])
      .catch((e: unknown) => e);
    expect(badProperty).toBeInstanceOf(LettaValidationError);
    expect((badProperty as LettaValidationError).issues[0]).toMatchObject({ loc: ['body', 0, 'type'], type: 'enum' });
  });

  it('unknown ids are 404 on retrieve, update, properties and delete', async () => {
    const get = await client.identities.retrieve(unknownId).catch((e: unknown) => e);
    expect(get).toBeInstanceOf(LettaNotFoundError);
    expect((get as LettaNotFoundError).serverMessage).toMatch(/^Identity not found with id=identity-0{8}/);
    await expect(client.identities.modify(unknownId, { name: 'x' })).rejects.toBeInstanceOf(LettaNotFoundError);
    await expect(client.identities.properties.upsert(unknownId, [])).rejects.toBeInstanceOf(LettaNotFoundError);
    await expect(client.identities.delete(unknownId)).rejects.toBeInstanceOf(LettaNotFoundError);
  });
});
