/**
 * Providers, models, embeddings storage and health through the typed client against the real
 * server. A BYOK OpenAI provider lands on the fake model (the server gives OpenAI providers its
 * own OPENAI_BASE_URL, which the harness points at the fake), so its models, its key check and
 * its removal are all observable offline.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { LettaAuthenticationError, LettaBadRequestError, LettaNotFoundError, LettaServerError, LettaValidationError } from '../../src-main/letta/core/errors.js';
import { FAKE_MODEL } from '../fake-llm/server.js';
import { testClient } from './support/coverage.js';
import { createAgent, uniqueName } from './support/kit.js';
import { expectEachFields, expectFields } from './support/shape.js';
import { EMBEDDING_CONFIG, HEALTH, LLM_CONFIG, PROVIDER, PROVIDER_MESSAGE } from './support/type-rules.js';

const client = testClient();
const fakeLlmUrl = inject('fakeLlmUrl');
const cleanup: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo().catch(() => undefined);
});

describe('health', () => {
  it('answers the server version and ok', async () => {
    const health = await client.health.check();
    expectFields('health', health, HEALTH);
    expect(health).toEqual({ version: '0.7.29', status: 'ok' });
  });
});

describe('providers', () => {
  it('a BYOK OpenAI provider lives a whole life: create → list → modify key → its models → delete', async () => {
    const name = uniqueName('desk-byok');
    const provider = await client.providers.create({ name, provider_type: 'openai', api_key: 'sk-desk-dummy-1' });
    cleanup.push(() => client.providers.delete(provider.id!));
    expectFields('created provider', provider, PROVIDER);
    // Without a base_url in the body (the server forbids one), an OpenAI provider gets the
    // server's own OPENAI_BASE_URL: here the fake model. The key is stored and shown in clear.
    expect(provider).toMatchObject({ name, provider_type: 'openai', provider_category: 'byok', api_key: 'sk-desk-dummy-1', base_url: `${fakeLlmUrl}/v1` });
    expect(provider.id).toMatch(/^provider-/);

    const byName = await client.providers.list({ name });
    expectEachFields('listed providers', byName, PROVIDER);
    expect(byName).toEqual([provider]);
    expect((await client.providers.list({ provider_type: 'openai' })).map((p) => p.id)).toContain(provider.id);
    expect((await client.providers.list({ provider_type: 'anthropic' })).map((p) => p.id)).not.toContain(provider.id);

    const modified = await client.providers.modify(provider.id!, { api_key: 'sk-desk-dummy-2' });
    expectFields('modified provider', modified, PROVIDER);
    expect(modified).toMatchObject({ id: provider.id, name, api_key: 'sk-desk-dummy-2' });
    expect((await client.providers.list({ name }))[0]?.api_key).toBe('sk-desk-dummy-2');

    // The server asks the provider for its models live: the fake's one model, under our provider.
    const byok = await client.models.list({ provider_category: ['byok'] });
    expectEachFields('BYOK models', byok, LLM_CONFIG);
    const ours = byok.filter((m) => m.provider_name === name);
    expect(ours).toEqual([
      expect.objectContaining({
        model: FAKE_MODEL,
        model_endpoint_type: 'openai',
        model_endpoint: `${fakeLlmUrl}/v1`,
        provider_category: 'byok',
        context_window: 32000,
        // Any base URL other than api.openai.com makes the handle prefix `openai-proxy`.
        handle: `openai-proxy/${FAKE_MODEL}`,
      }),
    ]);
    expect((await client.models.list({ provider_name: name })).map((m) => m.provider_name)).toEqual([name]);

    expect(await client.providers.delete(provider.id!)).toEqual({ message: `Provider id=${provider.id} successfully deleted` });
    expect(await client.providers.list({ name })).toEqual([]);
    expect((await client.models.list({ provider_category: ['byok'] })).filter((m) => m.provider_name === name)).toEqual([]);
    const again = await client.providers.delete(provider.id!).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(LettaNotFoundError);
    expect((again as LettaNotFoundError).serverMessage).toBe(`Provider provider_id=${provider.id} not found for user_id=user-00000000-0000-4000-8000-000000000000.`);
  });

  it('checks a key live: OpenAI against the server\'s OPENAI_BASE_URL (the fake) passes; Anthropic cannot be reached offline', async () => {
    // The check builds a provider with the server's defaults, so OpenAI goes to the fake, which
    // takes any key; what it proves is that the server reached a model list with that key.
    const ok = await client.providers.check({ provider_type: 'openai', apiKey: 'sk-desk-check' });
    expectFields('provider check', ok, PROVIDER_MESSAGE);
    expect(ok).toEqual({ message: 'Valid api key for provider_type=openai' });
    const fakeSaw = (await (await fetch(`${fakeLlmUrl}/_fake/requests`)).json()) as Array<{ method: string; path: string }>;
    expect(fakeSaw.some((r) => r.method === 'GET' && r.path === '/v1/models')).toBe(true);

    // Anthropic's base URL is fixed to api.anthropic.com: offline that is a 500 "Connection
    // error." (after the SDK's retries, ~5 s); a machine that can reach Anthropic gets the 401
    // for a rejected key instead.
    const anthropic = await client.providers.check({ provider_type: 'anthropic', apiKey: 'sk-ant-desk' }).catch((e: unknown) => e);
    if (anthropic instanceof LettaAuthenticationError) {
      expect(anthropic.status).toBe(401);
    } else {
      expect(anthropic).toBeInstanceOf(LettaServerError);
      expect((anthropic as LettaServerError).serverMessage).toBe('INTERNAL_SERVER_ERROR: Connection error.');
    }
  });

  it('refuses a base_url in the body, a missing key and an unknown provider type with 422s; an unknown id with 404', async () => {
    const withUrl = await client.providers
      .create({ name: uniqueName('desk-bad'), provider_type: 'openai', api_key: 'k', base_url: 'http://example.invalid/v1' } as never)
      .catch((e: unknown) => e);
    expect(withUrl).toBeInstanceOf(LettaValidationError);
    expect((withUrl as LettaValidationError).issues).toEqual([{ loc: ['body', 'base_url'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' }]);

    const noKey = await client.providers.create({ name: uniqueName('desk-bad'), provider_type: 'openai' } as never).catch((e: unknown) => e);
    expect(noKey).toBeInstanceOf(LettaValidationError);
    expect((noKey as LettaValidationError).issues.map((i) => i.loc.join('.'))).toEqual(['body.api_key']);

    const badType = await client.providers.check({ provider_type: 'nope', apiKey: 'k' }).catch((e: unknown) => e);
    expect(badType).toBeInstanceOf(LettaValidationError);
    expect((badType as LettaValidationError).issues[0]).toMatchObject({ loc: ['query', 'provider_type'], type: 'enum' });

    const unknown = await client.providers.modify('provider-00000000-0000-4000-8000-000000000000', { api_key: 'k' }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(LettaNotFoundError);
    expect((unknown as LettaNotFoundError).serverMessage).toMatch(/^Provider not found with id=provider-0{8}/);
  });
});

describe('models', () => {
  it('lists the server\'s LLMs (the fake through the harness\'s OpenAI settings) and embedding models, as configs', async () => {
    const models = await client.models.list();
    expectEachFields('models', models, LLM_CONFIG);
    const fake = models.find((m) => m.handle === `openai-proxy/${FAKE_MODEL}`);
    expect(fake).toMatchObject({ model: FAKE_MODEL, model_endpoint_type: 'openai', model_endpoint: `${fakeLlmUrl}/v1`, provider_category: 'base' });
    // Letta's free hosted model is always listed, reachable or not.
    expect(models.map((m) => m.handle)).toContain('letta/letta-free');
    const base = await client.models.list({ provider_category: ['base'] });
    expect(base.every((m) => m.provider_category === 'base')).toBe(true);
    expect((await client.models.list({ provider_type: 'openai' })).map((m) => m.handle)).toContain(`openai-proxy/${FAKE_MODEL}`);

    const embeddings = await client.models.embedding.list();
    expectEachFields('embedding models', embeddings, EMBEDDING_CONFIG);
    expect(embeddings.map((e) => e.handle)).toContain('letta/letta-free');

    const bad = await client.models.list({ provider_category: ['nope' as never] }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(LettaValidationError);
    expect((bad as LettaValidationError).issues[0]).toMatchObject({ loc: ['query', 'provider_category', 0], type: 'enum' });
  });
});

describe('embeddings storage', () => {
  it('grows by 4096 floats of 4 bytes per archival passage, in the unit asked for', async () => {
    // The estimate counts agents' archival passages (not source passages) at Letta's fixed 4096
    // dimensions. Server 0.7.29 reads the unit from a `storage_unit` header (the spec says
    // `storage-unit`); the client sends both, so the unit is honoured.
    const agent = await createAgent(client);
    cleanup.push(() => client.agents.delete(agent.id));
    const before = await client.embeddings.getTotalStorageSize({ storageUnit: 'B' });
    await client.agents.archival.create(agent.id, { text: 'The spare key is under the blue pot.' });
    await client.agents.archival.create(agent.id, { text: 'Mars has two moons.' });
    const after = await client.embeddings.getTotalStorageSize({ storageUnit: 'B' });
    expect(after - before).toBe(2 * 4096 * 4);
    expect(await client.embeddings.getTotalStorageSize({ storageUnit: 'KB' })).toBe(after / 1024);
    // Without a unit the answer is in GB.
    expect(await client.embeddings.getTotalStorageSize()).toBe(after / 1024 ** 3);
    const badUnit = await client.embeddings.getTotalStorageSize({ storageUnit: 'XB' }).catch((e: unknown) => e);
    expect(badUnit).toBeInstanceOf(LettaBadRequestError);
    expect((badUnit as LettaBadRequestError).serverMessage).toBe("Invalid storage unit: XB. Must be one of ['B', 'KB', 'MB', 'GB', 'TB'].");
  });
});
