/**
 * The MCP servers screen: the servers the Letta server knows (kept by name in its
 * ~/.letta/mcp_config.json), the tools one of them offers (asked live), and registering one of
 * those as a Letta tool. The add form parses here so the dialog keeps what was typed when the
 * server refuses it (adding connects first: a command that does not start fails there).
 */
import type { MCPServerConfig, MCPTool, Tool } from '../../../src-shared/letta-types';
import { api, onEvent } from '../api';
import { Loadable, Mutation } from './loadable.svelte';

export interface ServerForm {
  type: 'stdio' | 'sse';
  name: string;
  url: string;
  command: string;
  /** One argument per line, so paths with spaces need no quoting. */
  args: string;
  /** `KEY=value`, one per line. */
  env: string;
}

export const EMPTY_SERVER_FORM: ServerForm = { type: 'stdio', name: '', url: '', command: '', args: '', env: '' };

export type ParsedServer = { ok: true; config: MCPServerConfig } | { ok: false; error: string };

/** The add form → the server's config, or what is wrong with it (nothing is sent then). */
export function parseServerForm(form: ServerForm): ParsedServer {
  const name = form.name.trim();
  if (!name) return { ok: false, error: 'Give the server a name; Letta addresses MCP servers by name.' };
  if (form.type === 'sse') {
    const url = form.url.trim();
    if (!/^https?:\/\/\S+$/i.test(url)) return { ok: false, error: 'The SSE URL must start with http:// or https://, e.g. http://127.0.0.1:8000/sse.' };
    return { ok: true, config: { type: 'sse', server_name: name, server_url: url } };
  }
  const command = form.command.trim();
  if (!command) return { ok: false, error: 'Give the command the Letta server should start, e.g. npx or /usr/bin/python3.' };
  const args = form.args.split('\n').map((a) => a.trim()).filter(Boolean);
  const env: Record<string, string> = {};
  for (const [index, raw] of form.env.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq < 1) return { ok: false, error: `Environment line ${index + 1} should read KEY=value.` };
    env[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return { ok: true, config: { type: 'stdio', server_name: name, command, args, ...(Object.keys(env).length ? { env } : {}) } };
}

/** One line saying how the server is reached: its URL, or its command line. */
export function describeServer(config: MCPServerConfig): string {
  if (config.type === 'sse') return config.server_url;
  return [config.command, ...config.args].join(' ');
}

/** The tag Letta puts on a tool registered from an MCP server. */
export function mcpTag(serverName: string): string {
  return `mcp:${serverName}`;
}

export class McpState {
  readonly servers = new Loadable<MCPServerConfig[]>(
    async () => Object.entries(await api.mcp.listServers({})).map(([name, config]) => ({ ...config, server_name: config.server_name || name })),
    [],
  );
  readonly tools = new Loadable<MCPTool[]>(() => {
    const name = this.#selected;
    return name ? api.mcp.listTools({ serverName: name }) : Promise.resolve([]);
  }, []);
  /** The Letta tools already registered from MCP servers, to mark what is added. */
  readonly lettaTools = new Loadable<Tool[]>(() => api.tools.list({ limit: 1000 }), []);
  readonly write = new Mutation();
  readonly toolWrite = new Mutation();

  #selected = $state<string | null>(null);
  #form = $state<ServerForm>({ ...EMPTY_SERVER_FORM });
  #formError = $state<string | null>(null);
  /** What this screen registered, by `server/tool`: the server may answer a tool an earlier server's tag. */
  #added = $state.raw<Record<string, Tool>>({});

  get selectedName(): string | null {
    return this.#selected;
  }
  get selected(): MCPServerConfig | null {
    return this.servers.value.find((s) => s.server_name === this.#selected) ?? null;
  }
  get form(): ServerForm {
    return this.#form;
  }
  get formError(): string | null {
    return this.#formError;
  }

  start(): () => void {
    void this.servers.load();
    void this.lettaTools.load();
    return onEvent('tools:changed', () => {
      void this.servers.load();
      void this.lettaTools.load();
    });
  }

  select(name: string | null): void {
    this.#selected = name;
    this.toolWrite.clearError();
    this.tools.set([]);
    if (name) void this.tools.load();
  }

  /** The Letta tool registered from this server under this name, if any. */
  registered(serverName: string, toolName: string): Tool | undefined {
    const added = this.#added[`${serverName}/${toolName}`];
    if (added && this.lettaTools.value.some((t) => t.id === added.id)) return added;
    return this.lettaTools.value.find((t) => t.name === toolName && t.tool_type === 'external_mcp' && t.tags.includes(mcpTag(serverName)));
  }

  editForm(patch: Partial<ServerForm>): void {
    this.#form = { ...this.#form, ...patch };
    this.#formError = null;
  }
  resetForm(): void {
    this.#form = { ...EMPTY_SERVER_FORM };
    this.#formError = null;
    this.write.clearError();
  }

  /** Adds the form's server; on success selects it and clears the form, on failure keeps it. */
  async add(): Promise<boolean> {
    const parsed = parseServerForm(this.#form);
    if (!parsed.ok) {
      this.#formError = parsed.error;
      return false;
    }
    this.#formError = null;
    const configs = await this.write.run('add', () => api.mcp.addServer({ config: parsed.config }));
    if (!configs) return false;
    await this.servers.load();
    this.resetForm();
    this.select(parsed.config.server_name);
    return true;
  }

  async remove(name: string): Promise<boolean> {
    const remaining = await this.write.run('delete', () => api.mcp.deleteServer({ serverName: name }));
    if (!remaining) return false;
    this.servers.set(this.servers.value.filter((s) => s.server_name !== name));
    if (this.#selected === name) this.select(null);
    return true;
  }

  async addTool(toolName: string): Promise<Tool | null> {
    const server = this.#selected;
    if (!server) return null;
    const tool = await this.toolWrite.run(toolName, () => api.mcp.addTool({ serverName: server, toolName }));
    if (!tool) return null;
    this.#added = { ...this.#added, [`${server}/${toolName}`]: tool };
    this.lettaTools.set([...this.lettaTools.value.filter((t) => t.id !== tool.id), tool]);
    return tool;
  }
}
