/** Letta Cloud's channels: the handlers only hand the parsed arguments to the Cloud service. */
import type { HandlerFactory } from './types.js';

export const cloudHandlers: HandlerFactory<'cloud'> = (s) => ({
  'cloud:list-templates': async (params) => s.cloud.listTemplates(params),
  'cloud:create-agents-from-template': async ({ project, templateVersion, body }) => s.cloud.createAgentsFromTemplate(project, templateVersion, body),
  'cloud:list-projects': async (params) => s.cloud.listProjects(params),
  'cloud:create-token': async (body) => s.cloud.createToken(body),
  'cloud:revoke-token': async ({ token }) => s.cloud.revokeToken(token),
  'cloud:search-agents': async (params) => s.cloud.searchAgents(params),
  'cloud:create-template': async ({ agentId, project }) => s.cloud.createTemplate(agentId, project),
  'cloud:version-template': async ({ agentId, ...params }) => s.cloud.versionTemplate(agentId, params),
  'cloud:migrate-agent': async ({ agentId, ...params }) => s.cloud.migrateAgent(agentId, params),
  'cloud:get-variables': async ({ agentId }) => s.cloud.getVariables(agentId),
});
