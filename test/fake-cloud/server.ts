/**
 * A small stand-in for Letta Cloud, for the end-to-end test of the Cloud screens: a node http
 * server on 127.0.0.1 (random port) answering the Cloud-only routes (templates, projects,
 * client-side access tokens, deployed-agent search, agent → template / version / migrate,
 * memory variables) plus what connecting needs (health, the agent list the doctor's auth check
 * and the sidebar read, and empty answers for what the background sync asks).
 *
 * Its answers follow the reference spec's response schemas (test/contract/fake-cloud.test.ts
 * checks them against it); the data is kept in memory, so created agents, templates and revoked
 * tokens show up in later answers like on the real service. Every route wants the API key as a
 * Bearer token, as Letta Cloud does.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCloudOptions {
  apiKey: string;
}

interface Template {
  id: string;
  name: string;
  projectSlug: string;
  /** Versions that exist, newest last. */
  versions: string[];
  /** Names of the `{{variables}}` its memory blocks use. */
  variables: string[];
  persona: string;
}

interface Project {
  id: string;
  name: string;
  slug: string;
}

interface IssuedToken {
  token: string;
  hostname: string;
  expiresAt: string;
  policy: { type: 'agent'; id: string; access: string[] }[];
}

interface DeployedAgent {
  state: Record<string, unknown>;
  variables: Record<string, string>;
  /** `template-name:version` it was created from, if any. */
  templateVersion: string | null;
}

export interface FakeCloud {
  url: string;
  apiKey: string;
  /** What the fake holds, for a test to check what the UI did. */
  readonly tokens: Map<string, IssuedToken>;
  readonly agents: Map<string, DeployedAgent>;
  readonly templates: Template[];
  readonly projects: Project[];
  /** Every request seen, as `METHOD /path`. */
  readonly requests: string[];
  close(): Promise<void>;
}

const VERSION = '0.7.29';
const now = () => new Date().toISOString();

function llmConfig(): Record<string, unknown> {
  return {
    model: 'gpt-4o-mini',
    model_endpoint_type: 'openai',
    model_endpoint: 'https://api.openai.com/v1',
    model_wrapper: null,
    context_window: 32000,
    put_inner_thoughts_in_kwargs: true,
    handle: 'openai/gpt-4o-mini',
    temperature: 0.7,
    max_tokens: 4096,
    enable_reasoner: false,
    max_reasoning_tokens: 0,
  };
}

function embeddingConfig(): Record<string, unknown> {
  return {
    embedding_endpoint_type: 'openai',
    embedding_endpoint: 'https://api.openai.com/v1',
    embedding_model: 'text-embedding-3-small',
    embedding_dim: 1536,
    embedding_chunk_size: 300,
    handle: 'openai/text-embedding-3-small',
  };
}

function block(label: string, value: string): Record<string, unknown> {
  return {
    id: `block-${randomUUID()}`,
    label,
    value,
    limit: 5000,
    name: null,
    is_template: false,
    read_only: false,
    description: null,
    metadata: {},
    created_by_id: null,
    last_updated_by_id: null,
  };
}

function sendMessageTool(): Record<string, unknown> {
  return {
    id: 'tool-5a3f0a8e-7b0e-4f6c-9d7c-1d2f3e4a5b6c',
    tool_type: 'letta_core',
    description: 'Sends a message to the human user.',
    source_type: 'python',
    name: 'send_message',
    tags: ['letta_core'],
    source_code: null,
    json_schema: {
      name: 'send_message',
      description: 'Sends a message to the human user.',
      parameters: {
        type: 'object',
        properties: { message: { type: 'string', description: 'Message contents. All unicode (including emojis) are supported.' } },
        required: ['message'],
      },
    },
    args_json_schema: null,
    return_char_limit: 6000,
    created_by_id: null,
    last_updated_by_id: null,
    metadata_: {},
  };
}

function agentState(input: {
  name: string;
  persona: string;
  human: string;
  tags: string[];
  projectId: string;
  templateId: string | null;
  identityIds?: string[];
}): Record<string, unknown> {
  const id = `agent-${randomUUID()}`;
  const at = now();
  const blocks = [block('persona', input.persona), block('human', input.human)];
  return {
    id,
    name: input.name,
    created_by_id: 'user-00000000-0000-4000-8000-000000000001',
    last_updated_by_id: 'user-00000000-0000-4000-8000-000000000001',
    created_at: at,
    updated_at: at,
    tool_rules: [{ tool_name: 'send_message', type: 'exit_loop' }],
    message_ids: [`message-${randomUUID()}`],
    system: 'You are a helpful support agent deployed from a Letta Cloud template.',
    agent_type: 'memgpt_agent',
    llm_config: llmConfig(),
    embedding_config: embeddingConfig(),
    response_format: null,
    description: 'Deployed from a template',
    metadata: null,
    memory: { blocks, prompt_template: '{% for block in blocks %}<{{ block.label }}>\n{{ block.value }}\n</{{ block.label }}>{% endfor %}' },
    tools: [sendMessageTool()],
    sources: [],
    tags: input.tags,
    tool_exec_environment_variables: [],
    project_id: input.projectId,
    template_id: input.templateId,
    base_template_id: input.templateId,
    identity_ids: input.identityIds ?? [],
    message_buffer_autoclear: false,
    enable_sleeptime: null,
    multi_agent_group: null,
  };
}

function fill(text: string, variables: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, key: string) => variables[key] ?? '');
}

const slugify = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'agent';

export async function startFakeCloud(options: FakeCloudOptions): Promise<FakeCloud> {
  const projects: Project[] = [
    { id: 'project-6b1e4c2a-0f1d-4b7e-9a55-2f0c8d1e7a10', name: 'Customer Support', slug: 'customer-support' },
    { id: 'project-0c9a7f3e-5d2b-4e18-8f64-9b3a2c1d0e5f', name: 'Default Project', slug: 'default-project' },
  ];
  const templates: Template[] = [
    {
      id: 'template-3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
      name: 'support-bot',
      projectSlug: 'customer-support',
      versions: ['1', '2'],
      variables: ['customer_name', 'plan'],
      persona: 'I help {{customer_name}} with their {{plan}} plan.',
    },
    {
      id: 'template-8a7b6c5d-4e3f-4a1b-9c0d-1e2f3a4b5c6d',
      name: 'onboarding-guide',
      projectSlug: 'default-project',
      versions: ['1'],
      variables: ['team'],
      persona: 'I walk new members of {{team}} through their first week.',
    },
  ];
  const agents = new Map<string, DeployedAgent>();
  const tokens = new Map<string, IssuedToken>();
  const requests: string[] = [];

  const deploy = (template: Template, version: string, name: string, variables: Record<string, string>, tags: string[], identityIds: string[] = []) => {
    const project = projects.find((p) => p.slug === template.projectSlug)!;
    const state = agentState({
      name,
      persona: fill(template.persona, variables),
      human: variables.customer_name ? `The customer is ${variables.customer_name}.` : 'Nothing known about the user yet.',
      tags,
      projectId: project.id,
      templateId: template.id,
      identityIds,
    });
    agents.set(state.id as string, { state, variables, templateVersion: `${template.name}:${version}` });
    return state;
  };
  deploy(templates[0]!, '2', 'Helpdesk Ava', { customer_name: 'Ava', plan: 'pro' }, ['support', 'eu']);
  deploy(templates[0]!, '1', 'Helpdesk Bruno', { customer_name: 'Bruno', plan: 'free' }, ['support']);
  deploy(templates[1]!, '1', 'Onboarding Kit', { team: 'Platform' }, ['onboarding']);

  const resolveVersion = (templateVersion: string): { template: Template; version: string } | null => {
    const [name, version] = templateVersion.split(':');
    const template = templates.find((t) => t.name === name);
    if (!template || !version) return null;
    if (version === 'latest') return { template, version: template.versions.at(-1)! };
    return template.versions.includes(version) ? { template, version } : null;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, { message: String(error) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    requests.push(`${method} ${path}`);
    const body = await readJson(req);

    if (method === 'GET' && path === '/v1/health') return send(res, 200, { version: VERSION, status: 'ok' });
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return send(res, 401, { message: 'Unauthorized: the API key is missing or not valid' });
    }

    const deployed = () => [...agents.values()].map((a) => a.state);
    let m: RegExpMatchArray | null;

    // ---- what connecting, the sidebar and the background sync read
    if (method === 'GET' && path === '/v1/agents') {
      const q = (url.searchParams.get('query_text') ?? '').toLowerCase();
      const limit = Number(url.searchParams.get('limit') ?? '50');
      const list = deployed()
        .filter((a) => !q || String(a.name).toLowerCase().includes(q))
        .reverse();
      return send(res, 200, list.slice(0, limit));
    }
    if (method === 'GET' && path === '/v1/agents/count') return send(res, 200, agents.size);
    if (method === 'GET' && path === '/v1/tags') return send(res, 200, [...new Set(deployed().flatMap((a) => a.tags as string[]))].sort());
    if (method === 'GET' && (path === '/v1/blocks' || path === '/v1/runs' || path === '/v1/models' || path === '/v1/models/embedding')) {
      return send(res, 200, []);
    }
    if ((m = path.match(/^\/v1\/agents\/(agent-[\w-]+)(\/.*)?$/)) && method === 'GET' && !['/core-memory/variables'].includes(m[2] ?? '')) {
      const agent = agents.get(m[1]!);
      if (!agent) return send(res, 404, { detail: `Agent ${m[1]} not found` });
      if (!m[2]) return send(res, 200, agent.state);
      if (m[2] === '/messages') return send(res, 200, []);
      if (m[2] === '/core-memory/blocks') return send(res, 200, (agent.state.memory as { blocks: unknown[] }).blocks);
      if (m[2] === '/tools') return send(res, 200, agent.state.tools);
      if (m[2] === '/sources' || m[2] === '/groups') return send(res, 200, []);
    }

    // ---- templates and projects
    if (method === 'GET' && path === '/v1/templates') {
      const name = url.searchParams.get('name');
      const projectId = url.searchParams.get('projectId');
      const project = projectId ? projects.find((p) => p.id === projectId) : undefined;
      const list = templates.filter((t) => (!name || t.name.includes(name)) && (!projectId || t.projectSlug === project?.slug));
      return send(res, 200, page(list.map((t) => ({ id: t.id, name: t.name })), url, 'templates'));
    }
    if ((m = path.match(/^\/v1\/templates\/([^/]+)\/([^/]+)\/agents$/)) && method === 'POST') {
      const project = decodeURIComponent(m[1]!);
      const found = resolveVersion(decodeURIComponent(m[2]!));
      if (!found || found.template.projectSlug !== project) {
        return send(res, 404, { message: `Template version ${decodeURIComponent(m[2]!)} not found in project ${project}` });
      }
      const b = (body ?? {}) as { agent_name?: string; tags?: string[]; memory_variables?: Record<string, string>; identity_ids?: string[] };
      const name = b.agent_name ?? `${found.template.name}-${randomBytes(3).toString('hex')}`;
      const state = deploy(found.template, found.version, name, b.memory_variables ?? {}, b.tags ?? [], b.identity_ids ?? []);
      return send(res, 201, { agents: [state] });
    }
    if (method === 'GET' && path === '/v1/projects') {
      const name = url.searchParams.get('name');
      return send(res, 200, page(projects.filter((p) => !name || p.name.toLowerCase().includes(name.toLowerCase())), url, 'projects'));
    }

    // ---- client-side access tokens
    if (method === 'POST' && path === '/v1/client-side-access-tokens') {
      const b = (body ?? {}) as { policy?: IssuedToken['policy']; hostname?: string; expires_at?: string };
      if (!Array.isArray(b.policy) || b.policy.length === 0) return send(res, 400, { message: 'policy must name at least one agent' });
      if (!b.hostname || !/^https?:\/\//.test(b.hostname)) return send(res, 400, { message: 'hostname must be a URL with http:// or https://' });
      const unknown = b.policy.find((p) => !agents.has(p.id));
      if (unknown) return send(res, 400, { message: `Agent ${unknown.id} does not exist in this organization` });
      const expiresAt = b.expires_at ?? new Date(Date.now() + 5 * 60_000).toISOString();
      if (Number.isNaN(Date.parse(expiresAt)) || Date.parse(expiresAt) <= Date.now()) return send(res, 400, { message: 'expires_at must be a date in the future' });
      const token = `ck-let-${randomBytes(24).toString('base64url')}`;
      const issued: IssuedToken = { token, hostname: b.hostname, expiresAt, policy: b.policy };
      tokens.set(token, issued);
      return send(res, 201, { policy: { version: '1', data: issued.policy }, token, hostname: issued.hostname, expiresAt });
    }
    if ((m = path.match(/^\/v1\/client-side-access-tokens\/([^/]+)$/)) && method === 'DELETE') {
      const token = decodeURIComponent(m[1]!);
      if (!tokens.delete(token)) return send(res, 400, { message: 'Token not found or already revoked' });
      res.writeHead(204).end();
      return;
    }

    // ---- deployed agents: search, template, version, migrate, variables
    if (method === 'POST' && path === '/v1/agents/search') {
      const b = (body ?? {}) as { search?: { field: string; operator?: string; value: unknown }[]; project_id?: string; limit?: number; after?: string | null };
      let list = [...agents.values()];
      if (b.project_id) list = list.filter((a) => a.state.project_id === b.project_id);
      for (const c of b.search ?? []) {
        if (c.field === 'name') {
          const v = String(c.value).toLowerCase();
          list = list.filter((a) => (c.operator === 'eq' ? String(a.state.name).toLowerCase() === v : String(a.state.name).toLowerCase().includes(v)));
        } else if (c.field === 'tags') {
          const wanted = c.value as string[];
          list = list.filter((a) => wanted.every((t) => (a.state.tags as string[]).includes(t)));
        } else if (c.field === 'version') {
          list = list.filter((a) => a.templateVersion === c.value || a.templateVersion?.split(':')[0] === c.value);
        } else if (c.field === 'identity') {
          list = list.filter((a) => (a.state.identity_ids as string[]).includes(String(c.value)));
        }
      }
      const start = b.after ? Number(b.after) : 0;
      const limit = b.limit ?? 20;
      const slice = list.slice(start, start + limit);
      const next = start + limit < list.length ? String(start + limit) : null;
      return send(res, 200, { agents: slice.map((a) => a.state), nextCursor: next });
    }
    if ((m = path.match(/^\/v1\/agents\/(agent-[\w-]+)\/(template|version-template|migrate|core-memory\/variables)$/))) {
      const agent = agents.get(m[1]!);
      const action = m[2];
      if (action === 'core-memory/variables' && method === 'GET') {
        if (!agent) return send(res, 404, { message: 'Agent not found' });
        return send(res, 200, { variables: agent.variables });
      }
      if (action === 'template' && method === 'POST') {
        if (!agent) return send(res, 500, { message: 'Failed to create agent template' });
        const projectSlug = ((body ?? {}) as { project?: string }).project ?? projects.find((p) => p.id === agent.state.project_id)?.slug ?? 'default-project';
        if (!projects.some((p) => p.slug === projectSlug)) return send(res, 500, { message: 'Failed to create agent template' });
        const template: Template = {
          id: `template-${randomUUID()}`,
          name: `${slugify(String(agent.state.name))}-template`,
          projectSlug,
          versions: ['1'],
          variables: Object.keys(agent.variables),
          persona: String((agent.state.memory as { blocks: { value: string }[] }).blocks[0]?.value ?? ''),
        };
        templates.push(template);
        return send(res, 201, { templateName: template.name, templateId: template.id });
      }
      if (action === 'version-template' && method === 'POST') {
        if (!agent) return send(res, 404, { message: 'Agent not found' });
        const template = templates.find((t) => t.id === agent.state.template_id);
        if (!template) return send(res, 500, { message: 'Failed to version agent template' });
        const version = String(Number(template.versions.at(-1)) + 1);
        template.versions.push(version);
        if ((body as { migrate_deployed_agents?: boolean } | null)?.migrate_deployed_agents) {
          for (const a of agents.values()) if (a.state.template_id === template.id) a.templateVersion = `${template.name}:${version}`;
        }
        return send(res, 201, { version, fullVersion: `${template.name}:${version}`, id: `${template.id}-v${version}` });
      }
      if (action === 'migrate' && method === 'POST') {
        if (!agent) return send(res, 404, { message: 'Agent provided is a template or not found, you can only migrate deployed agents' });
        const b = (body ?? {}) as { to_template?: string; preserve_core_memories?: boolean; variables?: Record<string, string> };
        const found = b.to_template ? resolveVersion(b.to_template) : null;
        if (!found) return send(res, 404, { message: 'Template version provided does not exist' });
        if (projects.find((p) => p.slug === found.template.projectSlug)?.id !== agent.state.project_id) {
          return send(res, 409, { message: 'You can only migrate agents to a new versioned agent template that belongs to the same project' });
        }
        agent.templateVersion = `${found.template.name}:${found.version}`;
        agent.state.template_id = found.template.id;
        agent.state.updated_at = now();
        if (!b.preserve_core_memories) {
          agent.variables = b.variables ?? {};
          const blocks = (agent.state.memory as { blocks: { label: string; value: string }[] }).blocks;
          const persona = blocks.find((x) => x.label === 'persona');
          if (persona) persona.value = fill(found.template.persona, agent.variables);
        }
        return send(res, 200, { success: true });
      }
    }

    if (path.startsWith('/v1/')) return send(res, 404, { detail: 'Not Found' });
    send(res, 404, { message: 'Not found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: options.apiKey,
    tokens,
    agents,
    templates,
    projects,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function page<T>(items: T[], url: URL, key: 'templates' | 'projects'): Record<string, unknown> {
  const offset = Number(url.searchParams.get('offset') ?? '0') || 0;
  const limit = Number(url.searchParams.get('limit') ?? '20') || 20;
  return { [key]: items.slice(offset, offset + limit), hasNextPage: offset + limit < items.length };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return null;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
