import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProviderView } from '../../../src-shared/app-types';
import type { EmbeddingConfig, LLMConfig } from '../../../src-shared/letta-types';

const calls: { channel: string; args: unknown }[] = [];
const server = {
  llms: [] as LLMConfig[],
  embeddings: [] as EmbeddingConfig[],
  providers: [] as ProviderView[],
  checkRefusal: null as string | null,
  checkStatus: 500,
  createRefusal: null as string | null,
};

vi.mock('../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api')>();
  const record = <T>(channel: string, fn: (args: never) => T) => async (args: unknown) => {
    calls.push({ channel, args });
    return fn(args as never);
  };
  return {
    ApiError: actual.ApiError,
    asApiError: actual.asApiError,
    onEvent: () => () => {},
    api: {
      models: {
        listLlms: record('models:list-llms', () => server.llms),
        listEmbeddings: record('models:list-embeddings', () => server.embeddings),
      },
      providers: {
        list: record('providers:list', () => server.providers),
        create: record('providers:create', (args: { name: string; provider_type: string }) => {
          if (server.createRefusal) throw new actual.ApiError({ code: 'rejected', message: server.createRefusal });
          const p: ProviderView = { id: 'provider-new', name: args.name, provider_type: args.provider_type, provider_category: 'byok', base_url: null, has_api_key: true, updated_at: null };
          server.providers = [p, ...server.providers];
          return p;
        }),
        update: record('providers:update', (args: { providerId: string }) => ({ ...server.providers.find((p) => p.id === args.providerId)!, updated_at: '2026-01-01T00:00:00' })),
        delete: record('providers:delete', () => undefined),
        check: record('providers:check', (args: { provider_type: string }) => {
          if (server.checkRefusal) throw new actual.ApiError({ code: server.checkStatus === 401 ? 'unauthorized' : 'server_error', message: server.checkRefusal, status: server.checkStatus });
          return { message: `Valid api key for provider_type=${args.provider_type}` };
        }),
      },
    },
  };
});

const { ModelsState, embeddingProvider, llmProvider } = await import('./models.svelte');

function llm(handle: string, provider_name: string, context_window = 8192): LLMConfig {
  return { handle, model: handle.split('/')[1]!, provider_name, provider_category: 'base', model_endpoint_type: 'openai', context_window };
}

beforeEach(() => {
  calls.length = 0;
  server.llms = [llm('letta/letta-free', 'letta'), llm('openai-proxy/fake-llm', 'openai', 32000), llm('openai-proxy/gpt-4o-mini', 'openai')];
  server.embeddings = [{ handle: 'letta/letta-free', embedding_model: 'letta-free', embedding_endpoint_type: 'hugging-face', embedding_dim: 1024 }];
  server.providers = [];
  server.checkRefusal = null;
  server.checkStatus = 500;
  server.createRefusal = null;
});

async function loaded() {
  const state = new ModelsState();
  state.start();
  await Promise.all([state.llms.load(), state.embeddings.load(), state.providers.load()]);
  return state;
}

describe('ModelsState', () => {
  it('filters both model lists by text and by provider, and offers every provider seen', async () => {
    const state = await loaded();
    expect(state.providerNames).toEqual(['letta', 'openai']);
    state.query = 'FAKE';
    expect(state.filteredLlms.map((m) => m.handle)).toEqual(['openai-proxy/fake-llm']);
    expect(state.filteredEmbeddings).toEqual([]);
    state.query = '';
    state.provider = 'letta';
    expect(state.filteredLlms.map((m) => m.handle)).toEqual(['letta/letta-free']);
    expect(state.filteredEmbeddings.map((e) => e.handle)).toEqual(['letta/letta-free']);
  });

  it('names the provider of a model from its provider name, else its handle', () => {
    expect(llmProvider({ provider_name: null, handle: 'anthropic/claude', model_endpoint_type: 'anthropic' })).toBe('anthropic');
    expect(embeddingProvider({ handle: null, embedding_endpoint_type: 'openai' })).toBe('openai');
  });

  it('adds a provider to the list and sends the key only in the create call', async () => {
    const state = await loaded();
    expect(await state.createProvider('  mine ', 'openai', 'sk-secret')).toBe(true);
    expect(state.providers.value.map((p) => [p.name, p.has_api_key])).toEqual([['mine', true]]);
    expect(calls.find((c) => c.channel === 'providers:create')?.args).toEqual({ name: 'mine', provider_type: 'openai', apiKey: 'sk-secret' });
    expect(JSON.stringify(state.providers.value)).not.toContain('sk-secret');
  });

  it('keeps the server\'s refusal of a create and leaves the list alone', async () => {
    const state = await loaded();
    server.createRefusal = 'Provider name taken';
    expect(await state.createProvider('mine', 'openai', 'sk-secret')).toBe(false);
    expect(state.mutation.error?.message).toBe('Provider name taken');
    expect(state.providers.value).toEqual([]);
  });

  it('shows the server\'s answer to a key check, accepted or refused', async () => {
    const state = await loaded();
    expect(await state.checkKey('openai', 'sk-1')).toEqual({ ok: true, message: 'Valid api key for provider_type=openai' });
    server.checkRefusal = 'INTERNAL_SERVER_ERROR: Connection error.';
    const refused = await state.checkKey('anthropic', 'sk-2');
    expect(refused).toMatchObject({ ok: false, message: 'INTERNAL_SERVER_ERROR: Connection error.', rejected: false });
    expect(state.check).toEqual(refused);
    expect(state.checking).toBe(false);
    expect(state.mutation.error).toBeNull();
    server.checkStatus = 401;
    server.checkRefusal = 'Invalid API key';
    expect(await state.checkKey('anthropic', 'sk-3')).toMatchObject({ ok: false, rejected: true });
  });

  it('replaces the key in place and removes a deleted provider', async () => {
    server.providers = [{ id: 'provider-1', name: 'p1', provider_type: 'openai', provider_category: 'byok', base_url: null, has_api_key: true, updated_at: null }];
    const state = await loaded();
    expect(await state.updateKey('provider-1', 'sk-new')).toBe(true);
    expect(state.providers.value[0]?.updated_at).toBe('2026-01-01T00:00:00');
    expect(await state.deleteProvider('provider-1')).toBe(true);
    expect(state.providers.value).toEqual([]);
  });
});
