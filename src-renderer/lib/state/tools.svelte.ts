/**
 * The Tools screen: the server's whole tool library (one request: 0.7.29's `after` cursor skips
 * tools created in the same second, which is every built-in tool), filtered and searched here;
 * a draft per tool (and one for a new tool) so switching tools or a failed save loses nothing;
 * running a draft's source once; and which agents have the selected tool.
 *
 * Creating a tool whose function name is taken makes 0.7.29 answer a bare 500, so the name is
 * checked first and the user is offered to replace that tool (PUT /v1/tools/, an upsert) instead.
 */
import type { Tool, ToolReturnMessage } from '../../../src-shared/letta-types';
import type { ToolAgentUse } from '../../../src-shared/ipc/contract';
import { api, asApiError, onEvent, type ApiError } from '../api';
import { Loadable, Mutation, reloadCounted } from './loadable.svelte';
import { parseTags } from './agents.svelte';

export type ToolKind = 'custom' | 'builtin' | 'external';
export type KindFilter = ToolKind | 'all';

export const KIND_LABELS: Record<KindFilter, string> = {
  all: 'All',
  custom: 'Custom',
  builtin: 'Built-in',
  external: 'MCP & Composio',
};

/** Letta's own tools are `letta_*`; MCP, Composio and LangChain tools are `external_*`. */
export function toolKind(tool: Pick<Tool, 'tool_type'>): ToolKind {
  if (tool.tool_type === 'custom') return 'custom';
  if (tool.tool_type.startsWith('letta')) return 'builtin';
  return 'external';
}

/** The key drafts, arguments and results are kept under: a tool id, or this for the new tool. */
export const NEW_TOOL = 'new';

export const NEW_TOOL_SOURCE = `def my_tool(text: str) -> str:
    """
    Say what the tool does: the agent reads this to decide when to call it.

    Args:
        text (str): What this argument means.

    Returns:
        str: What the tool answers.
    """
    return text
`;

/** The name the server will give the tool: the first top-level function in the source. */
export function functionNameOf(source: string): string | null {
  return /^def\s+([A-Za-z_]\w*)\s*\(/m.exec(source)?.[1] ?? null;
}

function sampleFor(type: unknown): unknown {
  switch (type) {
    case 'integer':
    case 'int':
    case 'number':
    case 'float':
      return 0;
    case 'boolean':
    case 'bool':
      return false;
    case 'array':
    case 'list':
      return [];
    case 'object':
    case 'dict':
      return {};
    default:
      return '';
  }
}

/** Splits `a: int, b: list[str] = [1, 2]` at the top-level commas only. */
function splitParams(params: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of params) {
    if ('([{'.includes(ch)) depth++;
    if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((p) => p.trim()).filter(Boolean);
}

/**
 * Arguments to start a run with: from the saved schema's parameters when there is one (without
 * Letta's own `request_heartbeat`), else from the source's signature, so a new draft can be run
 * before it is saved.
 */
export function exampleArgs(tool: Pick<Tool, 'json_schema'> | null, source: string): Record<string, unknown> {
  const params = (tool?.json_schema as { parameters?: { properties?: Record<string, { type?: unknown }> } } | null | undefined)?.parameters;
  if (params?.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(params.properties)) {
      if (key !== 'request_heartbeat') out[key] = sampleFor(prop?.type);
    }
    return out;
  }
  const signature = /^def\s+[A-Za-z_]\w*\s*\(([^)]*)\)/m.exec(source)?.[1] ?? '';
  const out: Record<string, unknown> = {};
  for (const param of splitParams(signature)) {
    const match = /^\**([A-Za-z_]\w*)\s*(?::\s*([A-Za-z_]\w*))?/.exec(param);
    if (!match || match[1] === 'self' || param.startsWith('*')) continue;
    out[match[1]!] = sampleFor(match[2]);
  }
  return out;
}

/** What JSON.parse gives for an object: the run channel's `args`. */
type JsonArgs = Parameters<typeof api.tools.run>[0]['args'];

export type ParsedArgs = { ok: true; value: JsonArgs } | { ok: false; error: string };

/** The run form's arguments: a JSON object, or a message saying what is wrong with it. */
export function parseArgs(text: string): ParsedArgs {
  if (!text.trim()) return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'Arguments must be a JSON object, like {"text": "hi"}.' };
    return { ok: true, value: value as JsonArgs };
  } catch (error) {
    return { ok: false, error: `Arguments are not valid JSON: ${(error as Error).message}` };
  }
}

export interface ToolDraft {
  source: string;
  description: string;
  /** Comma-separated, as typed. */
  tags: string;
  /** As typed; checked on save. */
  returnCharLimit: string;
}

function draftOf(tool: Tool): ToolDraft {
  return {
    source: tool.source_code ?? '',
    description: tool.description ?? '',
    tags: tool.tags.join(', '),
    returnCharLimit: String(tool.return_char_limit),
  };
}

const NEW_DRAFT: ToolDraft = { source: NEW_TOOL_SOURCE, description: '', tags: '', returnCharLimit: '6000' };

export type SaveOutcome = 'created' | 'saved' | 'unchanged' | 'name-taken' | 'invalid' | 'failed';

export class ToolsState {
  readonly list = new Loadable<Tool[]>(() => api.tools.list({ limit: 1000 }), []);
  /** How many the server has in all (the list is one page: this tells when it is cut). */
  readonly total = new Loadable<number | null>(() => api.tools.count({}), null);
  /** Create, save, replace, delete, restore built-ins: one at a time, errors shown where it happened. */
  readonly write = new Mutation();
  readonly agentWrite = new Mutation();
  readonly agents = new Loadable<ToolAgentUse[]>(() => {
    const id = this.#selected;
    return id && id !== NEW_TOOL ? api.tools.listAgents({ toolId: id }) : Promise.resolve([]);
  }, []);

  #query = $state('');
  #kind = $state<KindFilter>('all');
  #selected = $state<string | null>(null);
  #drafts = $state<Record<string, ToolDraft>>({});
  #args = $state<Record<string, string>>({});
  #results = $state.raw<Record<string, ToolReturnMessage>>({});
  #running = $state<string | null>(null);
  #runError = $state.raw<{ key: string; error: ApiError | string } | null>(null);
  /** Set when a create found the function name taken: the tool that has it. */
  #nameTaken = $state.raw<Tool | null>(null);
  #invalid = $state<string | null>(null);

  get query(): string {
    return this.#query;
  }
  set query(value: string) {
    this.#query = value;
  }
  get kind(): KindFilter {
    return this.#kind;
  }
  set kind(value: KindFilter) {
    this.#kind = value;
  }
  get selectedKey(): string | null {
    return this.#selected;
  }
  get selected(): Tool | null {
    return this.list.value.find((t) => t.id === this.#selected) ?? null;
  }
  get isNew(): boolean {
    return this.#selected === NEW_TOOL;
  }
  get nameTaken(): Tool | null {
    return this.#nameTaken;
  }
  /** A local refusal (bad limit, no function in the source), shown like a server error. */
  get invalid(): string | null {
    return this.#invalid;
  }

  counts(): Record<KindFilter, number> {
    const counts: Record<KindFilter, number> = { all: 0, custom: 0, builtin: 0, external: 0 };
    for (const tool of this.list.value) {
      counts.all++;
      counts[toolKind(tool)]++;
    }
    return counts;
  }

  /** The list as shown: kind filter, then the search over name, description and tags; by name. */
  get visible(): Tool[] {
    const q = this.#query.trim().toLowerCase();
    return this.list.value
      .filter((t) => this.#kind === 'all' || toolKind(t) === this.#kind)
      .filter((t) => !q || [t.name ?? '', t.description ?? '', ...t.tags].some((s) => s.toLowerCase().includes(q)))
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  }

  start(): () => void {
    void this.list.load();
    void this.total.load();
    const stops = [
      onEvent('tools:changed', () => {
        void reloadCounted(this.list, this.total);
        if (this.selected) void this.agents.load();
      }),
      onEvent('agents:changed', () => {
        if (this.selected) void this.agents.load();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  select(key: string | null): void {
    this.#selected = key;
    this.#nameTaken = null;
    this.#invalid = null;
    this.write.clearError();
    this.agentWrite.clearError();
    if (key === NEW_TOOL && !this.#drafts[NEW_TOOL]) this.#drafts[NEW_TOOL] = { ...NEW_DRAFT };
    const tool = this.selected;
    if (tool && !this.#drafts[tool.id]) this.#drafts[tool.id] = draftOf(tool);
    if (key && this.#args[key] === undefined) this.#args[key] = JSON.stringify(exampleArgs(tool, this.#drafts[key]?.source ?? ''), null, 2);
    this.agents.set([]);
    if (tool) {
      void this.agents.load();
      void this.#fresh(tool.id);
    }
  }

  /** The opened tool as the server has it now; an untouched draft follows it, an edited one is kept. */
  async #fresh(toolId: string): Promise<void> {
    try {
      const tool = await api.tools.get({ toolId });
      if (this.#selected !== toolId) return;
      const untouched = !this.isDirty(toolId);
      this.list.set(this.list.value.map((t) => (t.id === tool.id ? tool : t)));
      if (untouched) this.#drafts[toolId] = draftOf(tool);
    } catch (error) {
      if (asApiError(error).code === 'not_found') void this.list.load();
    }
  }

  draft(key: string): ToolDraft | undefined {
    return this.#drafts[key];
  }

  edit(key: string, patch: Partial<ToolDraft>): void {
    const current = this.#drafts[key];
    if (!current) return;
    this.#drafts[key] = { ...current, ...patch };
    this.#invalid = null;
    if (patch.source !== undefined) this.#nameTaken = null;
  }

  isDirty(key: string): boolean {
    const draft = this.#drafts[key];
    if (!draft) return false;
    if (key === NEW_TOOL) return true;
    const tool = this.list.value.find((t) => t.id === key);
    if (!tool) return false;
    const base = draftOf(tool);
    return (
      draft.source !== base.source ||
      draft.description !== base.description ||
      parseTags(draft.tags).join(',') !== tool.tags.join(',') ||
      draft.returnCharLimit.trim() !== base.returnCharLimit
    );
  }

  discard(key: string): void {
    const tool = this.list.value.find((t) => t.id === key);
    this.#drafts[key] = tool ? draftOf(tool) : { ...NEW_DRAFT };
    this.#nameTaken = null;
    this.#invalid = null;
    this.write.clearError();
  }

  #checkDraft(draft: ToolDraft): { limit: number } | null {
    const limit = Number(draft.returnCharLimit.trim());
    if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) {
      this.#invalid = 'The return limit must be a whole number of characters between 1 and 1,000,000.';
      return null;
    }
    if (!functionNameOf(draft.source)) {
      this.#invalid = 'The source needs a top-level Python function (def name(...):); its name becomes the tool\'s name.';
      return null;
    }
    return { limit };
  }

  /**
   * Saves the selected draft. A new tool whose function name is taken stops at 'name-taken' (and
   * `nameTaken`) unless `replace` says to overwrite that tool by name.
   */
  async save(options: { replace?: boolean } = {}): Promise<SaveOutcome> {
    const key = this.#selected;
    const draft = key ? this.#drafts[key] : undefined;
    if (!key || !draft) return 'failed';
    this.#invalid = null;
    const checked = this.#checkDraft(draft);
    if (!checked) return 'invalid';
    if (key !== NEW_TOOL && !this.isDirty(key)) return 'unchanged';
    const body = {
      source_code: draft.source,
      description: draft.description.trim() || null,
      tags: parseTags(draft.tags),
      return_char_limit: checked.limit,
    };
    if (key === NEW_TOOL) {
      const name = functionNameOf(draft.source)!;
      const outcome = await this.write.run('create', async () => {
        if (!options.replace) {
          const [existing] = await api.tools.list({ name });
          if (existing) {
            this.#nameTaken = existing;
            return 'name-taken' as const;
          }
        }
        // Leave the description out rather than sending null: the server then takes the docstring's.
        const { description, ...rest } = body;
        const created = options.replace
          ? await api.tools.upsert({ body: description ? body : rest })
          : await api.tools.create({ body: description ? body : rest });
        this.#nameTaken = null;
        this.list.set([...this.list.value.filter((t) => t.id !== created.id), created]);
        delete this.#drafts[NEW_TOOL];
        delete this.#args[NEW_TOOL];
        this.#drafts[created.id] = draftOf(created);
        this.select(created.id);
        return 'created' as const;
      });
      return outcome ?? 'failed';
    }
    const tool = this.selected;
    if (!tool) return 'failed';
    const saved = await this.write.run('save', () =>
      api.tools.update({
        toolId: key,
        patch: {
          ...(body.source_code !== (tool.source_code ?? '') ? { source_code: body.source_code } : {}),
          ...(body.description !== (tool.description ?? null) ? { description: body.description } : {}),
          ...(body.tags.join(',') !== tool.tags.join(',') ? { tags: body.tags } : {}),
          ...(body.return_char_limit !== tool.return_char_limit ? { return_char_limit: body.return_char_limit } : {}),
        },
      }),
    );
    if (!saved) return 'failed';
    this.list.set(this.list.value.map((t) => (t.id === saved.id ? saved : t)));
    this.#drafts[key] = draftOf(saved);
    return 'saved';
  }

  async remove(): Promise<boolean> {
    const tool = this.selected;
    if (!tool) return false;
    const done = await this.write.run('delete', async () => {
      await api.tools.delete({ toolId: tool.id });
      return true;
    });
    if (!done) return false;
    this.list.set(this.list.value.filter((t) => t.id !== tool.id));
    delete this.#drafts[tool.id];
    this.#selected = null;
    return true;
  }

  async restoreBuiltIns(): Promise<boolean> {
    const done = await this.write.run('restore', () => api.tools.addBase({}));
    if (done) await this.list.load();
    return !!done;
  }

  // ---- run from source

  args(key: string): string {
    return this.#args[key] ?? '{}';
  }
  setArgs(key: string, text: string): void {
    this.#args[key] = text;
    if (this.#runError?.key === key) this.#runError = null;
  }
  resetArgs(key: string): void {
    const tool = this.list.value.find((t) => t.id === key) ?? null;
    this.setArgs(key, JSON.stringify(exampleArgs(tool, this.#drafts[key]?.source ?? ''), null, 2));
  }
  result(key: string): ToolReturnMessage | undefined {
    return this.#results[key];
  }
  isRunning(key: string): boolean {
    return this.#running === key;
  }
  runError(key: string): ApiError | string | null {
    return this.#runError?.key === key ? this.#runError.error : null;
  }

  /** Runs the draft's source (saved or not) once on the server with the typed arguments. */
  async run(key: string): Promise<ToolReturnMessage | null> {
    const draft = this.#drafts[key];
    if (!draft) return null;
    const parsed = parseArgs(this.args(key));
    if (!parsed.ok) {
      this.#runError = { key, error: parsed.error };
      return null;
    }
    this.#running = key;
    this.#runError = null;
    try {
      const name = functionNameOf(draft.source);
      const result = await api.tools.run({ source_code: draft.source, args: parsed.value, ...(name ? { name } : {}) });
      this.#results = { ...this.#results, [key]: result };
      return result;
    } catch (error) {
      this.#runError = { key, error: asApiError(error) };
      return null;
    } finally {
      this.#running = null;
    }
  }

  // ---- agents

  async attach(agentId: string): Promise<boolean> {
    return this.#changeAgent('attach', agentId);
  }
  async detach(agentId: string): Promise<boolean> {
    return this.#changeAgent('detach', agentId);
  }

  async #changeAgent(what: 'attach' | 'detach', agentId: string): Promise<boolean> {
    const tool = this.selected;
    if (!tool) return false;
    const agent = await this.agentWrite.run(`${what}:${agentId}`, () =>
      what === 'attach' ? api.tools.attach({ agentId, toolId: tool.id }) : api.tools.detach({ agentId, toolId: tool.id }),
    );
    if (!agent) return false;
    const has = (agent.tools ?? []).some((t) => t.id === tool.id);
    this.agents.set(this.agents.value.map((a) => (a.id === agentId ? { ...a, attached: has } : a)));
    return true;
  }
}
