import { describe, expect, it, vi } from 'vitest';
import type { LettaClient, Provider } from '../letta/index.js';
import { maskSecrets } from '../secrets/secret-registry.js';
import { EventBus } from './events.js';
import { ModelsService } from './models.service.js';
import type { Session } from './session.js';

function stored(apiKey: string): Provider {
  return { id: 'provider-1', name: 'mine', provider_type: 'openai', provider_category: 'byok', api_key: apiKey, base_url: 'http://fake/v1', updated_at: '2025-01-01T00:00:00' };
}

function setup() {
  const providers = {
    create: vi.fn(async (body: { api_key: string }) => stored(body.api_key)),
    modify: vi.fn(async (_id: string, body: { api_key: string }) => stored(body.api_key)),
    list: vi.fn(async () => [stored('sk-listed-secret')]),
    delete: vi.fn(async () => ({ message: 'deleted' })),
    check: vi.fn(async () => ({ message: 'Valid api key for provider_type=openai' })),
  };
  const client = { providers } as unknown as LettaClient;
  const events = new EventBus();
  const seen: string[] = [];
  events.subscribe((event) => seen.push(event));
  const service = new ModelsService({ client: () => client } as unknown as Session, events);
  return { service, providers, seen };
}

describe('ModelsService', () => {
  it('never hands a provider key back: created, updated and listed providers only say one is set', async () => {
    const { service, seen } = setup();
    const created = await service.createProvider('mine', 'openai', 'sk-created-secret');
    const updated = await service.updateProvider('provider-1', 'sk-updated-secret');
    const listed = await service.listProviders({});
    for (const view of [created, updated, ...listed]) {
      expect(view.has_api_key).toBe(true);
      expect(JSON.stringify(view)).not.toMatch(/secret/);
    }
    expect(seen).toEqual(['providers:changed', 'providers:changed']);
    // Keys the user typed are masked in anything main logs or reports afterwards.
    expect(maskSecrets('failed with sk-created-secret')).not.toContain('sk-created-secret');
  });

  it('checks a key once, without the retries reads get: a refusal would only come back slower', async () => {
    const { service, providers } = setup();
    await service.checkProvider('groq', 'gsk-typed');
    expect(providers.check).toHaveBeenCalledWith({ provider_type: 'groq', apiKey: 'gsk-typed' }, { maxRetries: 0 });
  });
});
