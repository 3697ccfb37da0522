/**
 * Letta Cloud's own routes: templates, projects, client-side access tokens, the search of
 * deployed agents, and an agent's template, version, migration and memory variables. A
 * self-hosted server has none of these (404/405); the renderer offers them only for a Cloud
 * profile, and if one is called anyway the server's answer is turned into words here.
 */
import type {
  AgentMemoryVariables,
  AgentMigrateParams,
  AgentMigrateResponse,
  AgentSearchParams,
  AgentSearchResponse,
  AgentTemplateCreateResponse,
  AgentTemplateVersionParams,
  AgentTemplateVersionResponse,
  ClientSideAccessToken,
  ClientSideAccessTokenCreate,
  ProjectList,
  ProjectListParams,
  TemplateAgentsCreate,
  TemplateAgentsCreateResponse,
  TemplateList,
  TemplateListParams,
} from '../letta/index.js';
import { LettaApiError } from '../letta/index.js';
import { ConnectedService } from './connected.js';
import { AppFailure } from './errors.js';

/** Strips the keys a zod `.optional()` left as `undefined`, so they are not sent as nulls. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export class CloudService extends ConnectedService {
  listTemplates(params: TemplateListParams): Promise<TemplateList> {
    return this.cloudOnly(() => this.client.templates.list(defined(params)));
  }

  async createAgentsFromTemplate(project: string, templateVersion: string, body: TemplateAgentsCreate): Promise<TemplateAgentsCreateResponse> {
    const created = await this.cloudOnly(() => this.client.templates.createAgents(project, templateVersion, defined(body)));
    this.events.emit('agents:changed', {});
    return created;
  }

  listProjects(params: ProjectListParams): Promise<ProjectList> {
    return this.cloudOnly(() => this.client.projects.list(defined(params)));
  }

  createToken(body: ClientSideAccessTokenCreate): Promise<ClientSideAccessToken> {
    return this.cloudOnly(() => this.client.clientTokens.create(defined(body)));
  }

  revokeToken(token: string): Promise<void> {
    return this.cloudOnly(() => this.client.clientTokens.delete(token));
  }

  searchAgents(params: AgentSearchParams): Promise<AgentSearchResponse> {
    // The Cloud combines conditions with AND (the only combinator it knows); say so explicitly.
    return this.cloudOnly(() => this.client.agents.search(defined({ ...params, combinator: 'AND' as const })));
  }

  createTemplate(agentId: string, project: string | undefined): Promise<AgentTemplateCreateResponse> {
    return this.cloudOnly(() => this.client.agents.templates.create(agentId, defined({ project })));
  }

  async versionTemplate(agentId: string, params: AgentTemplateVersionParams): Promise<AgentTemplateVersionResponse> {
    const answer = await this.cloudOnly(() => this.client.agents.templates.version(agentId, defined(params)));
    if (params.migrate_deployed_agents) this.events.emit('agents:changed', {});
    // The spec declares no body for this 201; an empty answer still means it worked.
    return answer ?? {};
  }

  async migrateAgent(agentId: string, params: AgentMigrateParams): Promise<AgentMigrateResponse> {
    const answer = await this.cloudOnly(() => this.client.agents.migrate(agentId, defined(params)));
    this.events.emit('agents:changed', { agentId });
    this.events.emit('memory:changed', { agentId });
    return answer;
  }

  getVariables(agentId: string): Promise<AgentMemoryVariables> {
    return this.cloudOnly(() => this.client.agents.coreMemory.variables.list(agentId));
  }

  /**
   * A self-hosted server answers Cloud routes with 404 (no route) or 405: say that, instead of
   * a bare "Not Found" that reads like a missing agent. A Cloud 404 carries its own message
   * ("Agent not found", "Template version provided does not exist") and is passed through.
   */
  private async cloudOnly<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof LettaApiError && (error.status === 405 || (error.status === 404 && /^not found$/i.test((error.serverMessage ?? 'Not Found').trim())))) {
        throw new AppFailure(
          'not_supported',
          'This server does not offer Letta Cloud routes (templates, projects, access tokens).',
          'Connect with a Letta Cloud profile (https://api.letta.com and an API key) to use them.',
        );
      }
      throw error;
    }
  }
}
