// Jobs, identities, models, embeddings, providers, tags and health.
import { expect } from 'vitest';
import type { ContractCase } from '../case.js';

const SOURCE_ID = 'source-3b0e6d1a-7c42-4f8e-a5d9-2e1b7c9f0a44';
const JOB_ID = 'job-4c6e8a0b-2d4f-4a6c-8e0b-1d3f5a7c9e22';
const IDENTITY_ID = 'identity-7a9c1e3f-5b7d-4f1a-8c3e-0b2d4f6a8c55';
const AGENT_ID = 'agent-2e4a6c8e-0a2c-4e6a-9c0e-3f5b7d9f1b66';
const PROVIDER_ID = 'provider-9e1b3d5f-7a9c-4b1d-8f3a-5c7e9a1c3e77';

const identity = {
  id: IDENTITY_ID,
  identifier_key: 'acme-user-1042',
  name: 'Dana Whitfield',
  identity_type: 'user',
  project_id: null,
  agent_ids: [AGENT_ID],
  block_ids: [],
  properties: [
    { key: 'plan', value: 'team', type: 'string' },
    { key: 'seats', value: 12, type: 'number' },
  ],
};

export const cases: ContractCase[] = [
  // jobs
  {
    operationId: 'list_jobs',
    call: (c) => c.jobs.list({ source_id: SOURCE_ID }),
  },
  {
    operationId: 'list_active_jobs',
    call: (c) => c.jobs.listActive(),
  },
  {
    operationId: 'retrieve_job',
    call: (c) => c.jobs.retrieve(JOB_ID),
  },
  {
    operationId: 'delete_job',
    call: (c) => c.jobs.delete(JOB_ID),
  },

  // identities
  {
    operationId: 'list_identities',
    call: (c) =>
      c.identities.list({
        name: 'Dana',
        identifier_key: 'acme-user-1042',
        identity_type: 'user',
        project_id: 'proj-acme',
        after: IDENTITY_ID,
        limit: 25,
      }),
  },
  {
    operationId: 'create_identity',
    call: (c) =>
      c.identities.create({
        identifier_key: 'acme-user-1042',
        name: 'Dana Whitfield',
        identity_type: 'user',
        agent_ids: [AGENT_ID],
        properties: [{ key: 'plan', value: 'team', type: 'string' }],
        xProject: 'acme-support',
      }),
  },
  {
    operationId: 'upsert_identity',
    call: (c) =>
      c.identities.upsert({
        identifier_key: 'acme',
        name: 'Acme Corp',
        identity_type: 'org',
        properties: [{ key: 'billing', value: { currency: 'EUR', net_days: 30 }, type: 'json' }],
        xProject: 'acme-support',
      }),
  },
  {
    operationId: 'count_identities',
    call: (c) => c.identities.count(),
  },
  {
    operationId: 'retrieve_identity',
    call: (c) => c.identities.retrieve(IDENTITY_ID),
  },
  {
    operationId: 'update_identity',
    call: (c) => c.identities.modify(IDENTITY_ID, { name: 'Dana W.', block_ids: [] }),
  },
  {
    operationId: 'delete_identity',
    response: null,
    call: (c) => c.identities.delete(IDENTITY_ID),
    check: (result) => expect(result).toBeUndefined(),
  },
  {
    operationId: 'upsert_identity_properties',
    // The spec's 200 schema is open; the server answers the updated identity.
    response: identity,
    call: (c) =>
      c.identities.properties.upsert(IDENTITY_ID, [
        { key: 'plan', value: 'team', type: 'string' },
        { key: 'seats', value: 12, type: 'number' },
        { key: 'beta', value: true, type: 'boolean' },
      ]),
  },

  // models, embeddings
  {
    operationId: 'list_models',
    call: (c) => c.models.list({ provider_category: ['base', 'byok'], provider_name: 'openai', provider_type: 'openai' }),
  },
  {
    operationId: 'list_embedding_models',
    call: (c) => c.models.embedding.list(),
  },
  {
    operationId: 'get_total_storage_size',
    call: (c) => c.embeddings.getTotalStorageSize({ storageUnit: 'MB' }),
  },

  // providers
  {
    operationId: 'list_providers',
    call: (c) => c.providers.list({ name: 'my-anthropic', provider_type: 'anthropic', after: PROVIDER_ID, limit: 10 }),
  },
  {
    operationId: 'create_provider',
    call: (c) => c.providers.create({ name: 'my-anthropic', provider_type: 'anthropic', api_key: 'sk-ant-test-0000' }),
  },
  {
    operationId: 'modify_provider',
    call: (c) => c.providers.modify(PROVIDER_ID, { api_key: 'sk-ant-test-1111' }),
  },
  {
    operationId: 'delete_provider',
    response: { message: `Provider id=${PROVIDER_ID} successfully deleted` },
    call: (c) => c.providers.delete(PROVIDER_ID),
  },
  {
    operationId: 'check_provider',
    response: { message: 'Valid api key for provider_type=openai' },
    call: (c) => c.providers.check({ provider_type: 'openai', apiKey: 'sk-test-0000' }),
  },

  // tags
  {
    operationId: 'list_tags',
    call: (c) => c.tags.list({ query_text: 'support', after: 'billing', limit: 20 }),
  },

  // health (the resource predates these cases; nobody else's case file covers it)
  {
    operationId: 'health_check',
    call: (c) => c.health.check(),
  },
];
