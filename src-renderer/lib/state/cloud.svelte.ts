/**
 * Letta Cloud's screens: templates (and creating agents from one), projects, client-side access
 * tokens, the search of deployed agents, and for one deployed agent its memory variables, a
 * template made from it, a new template version and a migration to another version.
 *
 * Each area has its own Mutation, so a failure shows beside the action that caused it and the
 * form keeps what was typed. Access tokens cannot be listed (the Cloud has no such route), so
 * the ones made here are remembered for this session to be revoked later; the secret is shown
 * in full only once, right after creation.
 */
import type { AgentState, ClientSideAccessToken, ClientSideAccessTokenAccess, ProjectList, TemplateList } from '../../../src-shared/letta-types';
import { api } from '../api';
import { Loadable, Mutation } from './loadable.svelte';

export const TOKEN_ACCESS: { id: ClientSideAccessTokenAccess; label: string }[] = [
  { id: 'read_messages', label: 'Read messages' },
  { id: 'write_messages', label: 'Send messages' },
  { id: 'read_agent', label: 'Read the agent' },
  { id: 'write_agent', label: 'Change the agent' },
];

export const TOKEN_EXPIRY = [
  { id: '5m', label: '5 minutes (the Cloud default)', ms: 5 * 60_000 },
  { id: '1h', label: '1 hour', ms: 3_600_000 },
  { id: '1d', label: '1 day', ms: 86_400_000 },
  { id: '30d', label: '30 days', ms: 30 * 86_400_000 },
] as const;
export type TokenExpiry = (typeof TOKEN_EXPIRY)[number]['id'];

/**
 * `key=value` lines → a map. Blank lines are skipped; a line without `=` or with an empty key is
 * an error naming the line, so a typo is not silently sent as a missing variable.
 */
export function parseVariables(text: string): { ok: true; value: Record<string, string> } | { ok: false; error: string } {
  const value: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!key) return { ok: false, error: `Line ${i + 1} (“${line}”) is not name=value.` };
    value[key] = line.slice(eq + 1).trim();
  }
  return { ok: true, value };
}

/** Comma- or space-separated list → trimmed, non-empty, unique items. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[,\s]+/).map((t) => t.trim()).filter(Boolean))];
}

/** `ck-let-abcd…wxyz`: enough to tell tokens apart, not enough to use one. */
export function maskToken(token: string): string {
  return token.length <= 14 ? '•'.repeat(token.length) : `${token.slice(0, 7)}…${token.slice(-4)}`;
}

export interface SearchForm {
  name: string;
  nameExact: boolean;
  tags: string;
  version: string;
  identity: string;
  projectId: string;
}

type Condition =
  | { field: 'version'; value: string }
  | { field: 'name'; operator: 'eq' | 'contains'; value: string }
  | { field: 'tags'; operator: 'contains'; value: string[] }
  | { field: 'identity'; operator: 'eq'; value: string };

export function searchConditions(form: SearchForm): Condition[] {
  const conditions: Condition[] = [];
  if (form.name.trim()) conditions.push({ field: 'name', operator: form.nameExact ? 'eq' : 'contains', value: form.name.trim() });
  const tags = splitList(form.tags);
  if (tags.length) conditions.push({ field: 'tags', operator: 'contains', value: tags });
  if (form.version.trim()) conditions.push({ field: 'version', value: form.version.trim() });
  if (form.identity.trim()) conditions.push({ field: 'identity', operator: 'eq', value: form.identity.trim() });
  return conditions;
}

/** A token made in this session: kept so it can be revoked; `revoked` once it was. */
export interface SessionToken extends ClientSideAccessToken {
  revoked: boolean;
}

export class CloudState {
  readonly templates = new Loadable<TemplateList>(() => api.cloud.listTemplates({ limit: 100 }), { templates: [], hasNextPage: false });
  readonly projects = new Loadable<ProjectList>(() => api.cloud.listProjects({ limit: 100 }), { projects: [], hasNextPage: false });
  readonly templateAction = new Mutation();
  readonly tokenAction = new Mutation();
  readonly searchAction = new Mutation();
  readonly agentAction = new Mutation();

  #created = $state.raw<AgentState[]>([]);
  #tokens = $state.raw<SessionToken[]>([]);
  #fresh = $state.raw<ClientSideAccessToken | null>(null);
  #results = $state.raw<AgentState[]>([]);
  #nextCursor = $state<string | null>(null);
  #searched = $state(false);
  #lastSearch: { search: Condition[]; project_id?: string } = { search: [] };
  #selected = $state.raw<AgentState | null>(null);
  #variables = $state.raw<Record<string, string> | null>(null);
  #agentNote = $state<string | null>(null);

  /** Agents made by the last "create from template". */
  get created(): AgentState[] {
    return this.#created;
  }
  get tokens(): SessionToken[] {
    return this.#tokens;
  }
  /** The token just created, whose secret is on screen until dismissed. */
  get fresh(): ClientSideAccessToken | null {
    return this.#fresh;
  }
  get results(): AgentState[] {
    return this.#results;
  }
  get hasMore(): boolean {
    return this.#nextCursor !== null;
  }
  get searched(): boolean {
    return this.#searched;
  }
  get selected(): AgentState | null {
    return this.#selected;
  }
  get variables(): Record<string, string> | null {
    return this.#variables;
  }
  /** What the last agent action did, in words. */
  get agentNote(): string | null {
    return this.#agentNote;
  }

  async createFromTemplate(input: {
    project: string;
    templateVersion: string;
    agentName: string;
    tags: string;
    variables: Record<string, string>;
  }): Promise<AgentState[] | undefined> {
    const answer = await this.templateAction.run('create-agents', () =>
      api.cloud.createAgentsFromTemplate({
        project: input.project,
        templateVersion: input.templateVersion,
        body: {
          ...(input.agentName.trim() ? { agent_name: input.agentName.trim() } : {}),
          ...(splitList(input.tags).length ? { tags: splitList(input.tags) } : {}),
          ...(Object.keys(input.variables).length ? { memory_variables: input.variables } : {}),
        },
      }),
    );
    if (!answer) return undefined;
    this.#created = answer.agents;
    return answer.agents;
  }

  async createToken(input: { agentIds: string[]; access: ClientSideAccessTokenAccess[]; hostname: string; expiry: TokenExpiry }, now = Date.now()): Promise<boolean> {
    const ms = TOKEN_EXPIRY.find((e) => e.id === input.expiry)?.ms ?? TOKEN_EXPIRY[0].ms;
    const token = await this.tokenAction.run('create', () =>
      api.cloud.createToken({
        policy: input.agentIds.map((id) => ({ type: 'agent' as const, id, access: input.access })),
        hostname: input.hostname.trim(),
        expires_at: new Date(now + ms).toISOString(),
      }),
    );
    if (!token) return false;
    this.#fresh = token;
    this.#tokens = [{ ...token, revoked: false }, ...this.#tokens];
    return true;
  }

  dismissFresh(): void {
    this.#fresh = null;
  }

  async revokeToken(token: string): Promise<boolean> {
    const done = await this.tokenAction.run('revoke', async () => {
      await api.cloud.revokeToken({ token });
      return true;
    });
    if (!done) return false;
    if (this.#fresh?.token === token) this.#fresh = null;
    const known = this.#tokens.some((t) => t.token === token);
    this.#tokens = known
      ? this.#tokens.map((t) => (t.token === token ? { ...t, revoked: true } : t))
      : [{ token, hostname: '', expiresAt: '', policy: { version: '1', data: [] }, revoked: true }, ...this.#tokens];
    return true;
  }

  async search(form: SearchForm): Promise<boolean> {
    this.#lastSearch = { search: searchConditions(form), ...(form.projectId ? { project_id: form.projectId } : {}) };
    const answer = await this.searchAction.run('search', () => api.cloud.searchAgents({ ...this.#lastSearch, limit: 20 }));
    if (!answer) return false;
    this.#results = answer.agents;
    this.#nextCursor = answer.nextCursor ?? null;
    this.#searched = true;
    return true;
  }

  async loadMore(): Promise<void> {
    const after = this.#nextCursor;
    if (!after) return;
    const answer = await this.searchAction.run('more', () => api.cloud.searchAgents({ ...this.#lastSearch, limit: 20, after }));
    if (!answer) return;
    const seen = new Set(this.#results.map((a) => a.id));
    this.#results = [...this.#results, ...answer.agents.filter((a) => !seen.has(a.id))];
    this.#nextCursor = answer.nextCursor ?? null;
  }

  /** Opens one deployed agent's panel and loads its memory variables. */
  async select(agent: AgentState | null): Promise<void> {
    this.#selected = agent;
    this.#variables = null;
    this.#agentNote = null;
    this.agentAction.clearError();
    if (!agent) return;
    const answer = await this.agentAction.run('variables', () => api.cloud.getVariables({ agentId: agent.id }));
    if (answer && this.#selected?.id === agent.id) this.#variables = answer.variables;
  }

  async createTemplate(project: string): Promise<boolean> {
    const agent = this.#selected;
    if (!agent) return false;
    const answer = await this.agentAction.run('template', () => api.cloud.createTemplate({ agentId: agent.id, ...(project ? { project } : {}) }));
    if (!answer) return false;
    this.#agentNote = `Template “${answer.templateName}” created from ${agent.name}.`;
    void this.templates.load();
    return true;
  }

  async versionTemplate(message: string, migrateDeployed: boolean): Promise<boolean> {
    const agent = this.#selected;
    if (!agent) return false;
    const answer = await this.agentAction.run('version', () =>
      api.cloud.versionTemplate({ agentId: agent.id, ...(message.trim() ? { message: message.trim() } : {}), migrate_deployed_agents: migrateDeployed }),
    );
    if (!answer) return false;
    const which = answer.fullVersion ?? (answer.version ? `version ${answer.version}` : 'a new version');
    this.#agentNote = `Saved ${which}${migrateDeployed ? '; its deployed agents were moved to it' : ''}.`;
    return true;
  }

  async migrate(toTemplate: string, preserve: boolean, variables: Record<string, string>): Promise<boolean> {
    const agent = this.#selected;
    if (!agent) return false;
    const answer = await this.agentAction.run('migrate', () =>
      api.cloud.migrateAgent({
        agentId: agent.id,
        to_template: toTemplate.trim(),
        preserve_core_memories: preserve,
        ...(!preserve && Object.keys(variables).length ? { variables } : {}),
      }),
    );
    if (!answer) return false;
    this.#agentNote = `${agent.name} now runs ${toTemplate.trim()}${preserve ? ', with its memory kept' : ''}.`;
    const fresh = await this.agentAction.run('variables', () => api.cloud.getVariables({ agentId: agent.id }));
    if (fresh && this.#selected?.id === agent.id) this.#variables = fresh.variables;
    return true;
  }
}
