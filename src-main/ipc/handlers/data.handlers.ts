import type { HandlerFactory } from './types.js';

export const dataHandlers: HandlerFactory<'sources' | 'groups' | 'identities' | 'models' | 'providers'> = (s) => ({
  'sources:list': async () => s.sources.list(),
  'sources:get': async ({ sourceId }) => s.sources.get(sourceId),
  'sources:create': async ({ body }) => s.sources.create(body),
  'sources:update': async ({ sourceId, patch }) => s.sources.update(sourceId, patch),
  'sources:delete': async ({ sourceId }) => s.sources.delete(sourceId),
  'sources:list-files': async ({ sourceId, ...params }) => s.sources.listFiles(sourceId, params),
  'sources:upload-file': async ({ sourceId, file }) => s.sources.uploadFile(sourceId, file),
  'sources:delete-file': async ({ sourceId, fileId }) => s.sources.deleteFile(sourceId, fileId),
  'sources:list-passages': async ({ sourceId, ...params }) => s.sources.listPassages(sourceId, params),
  'sources:list-for-agent': async ({ agentId }) => s.sources.listForAgent(agentId),
  'sources:attach': async ({ agentId, sourceId }) => s.sources.attach(agentId, sourceId),
  'sources:detach': async ({ agentId, sourceId }) => s.sources.detach(agentId, sourceId),

  'groups:list': async (params) => s.groups.list(params),
  'groups:get': async ({ groupId }) => s.groups.get(groupId),
  'groups:create': async ({ body }) => s.groups.create(body),
  'groups:update': async ({ groupId, patch }) => s.groups.update(groupId, patch),
  'groups:delete': async ({ groupId }) => s.groups.delete(groupId),
  'groups:list-messages': async ({ groupId, ...params }) => s.groups.listMessages(groupId, params),
  'groups:send': async ({ groupId, text }) => s.groups.send(groupId, text),
  'groups:start-stream': async ({ groupId, requestId, text, streamTokens }) =>
    s.groups.startStream(groupId, requestId, text, streamTokens ?? (await s.settings.get()).streamTokens),
  'groups:cancel': async ({ requestId }) => s.groups.cancel(requestId),
  'groups:reset-messages': async ({ groupId }) => s.groups.reset(groupId),

  'identities:list': async (params) => s.identities.list(params),
  'identities:get': async ({ identityId }) => s.identities.get(identityId),
  'identities:create': async ({ body }) => s.identities.create(body),
  'identities:upsert': async ({ body }) => s.identities.upsert(body),
  'identities:update': async ({ identityId, patch }) => s.identities.update(identityId, patch),
  'identities:delete': async ({ identityId }) => s.identities.delete(identityId),
  'identities:upsert-properties': async ({ identityId, properties }) => s.identities.upsertProperties(identityId, properties),

  'models:list-llms': async (params) => s.models.listLlms(params),
  'models:list-embeddings': async () => s.models.listEmbeddings(),
  'providers:list': async (params) => s.models.listProviders(params),
  'providers:create': async ({ name, provider_type, apiKey }) => s.models.createProvider(name, provider_type, apiKey),
  'providers:update': async ({ providerId, apiKey }) => s.models.updateProvider(providerId, apiKey),
  'providers:delete': async ({ providerId }) => s.models.deleteProvider(providerId),
  'providers:check': async ({ provider_type, apiKey }) => s.models.checkProvider(provider_type, apiKey),
});
