/**
 * An agent's settings form: system prompt, model and embedding (chosen from the server's lists),
 * tool rules and metadata as validated JSON, tags, and the attached tools and sources.
 * The form is one `agents:update`; tools and sources attach and detach immediately.
 */
import type { AgentState, EmbeddingConfig, Group, LLMConfig, Source, Tool, ToolRule } from '../../../src-shared/letta-types';
import { api, asApiError, onEvent, type ApiError } from '../api';

export interface SettingsDraft {
  system: string;
  llmKey: string;
  embeddingKey: string;
  toolRules: string;
  tags: string;
  metadata: string;
}

const RULE_TYPES = new Set([
  'constrain_child_tools',
  'run_first',
  'exit_loop',
  'conditional',
  'continue_loop',
  'max_count_per_step',
  'parent_last_tool',
  'required_before_exit',
]);

export function llmKey(config: LLMConfig): string {
  return config.handle ?? `${config.model_endpoint_type}/${config.model}`;
}
export function embeddingKey(config: EmbeddingConfig): string {
  return config.handle ?? `${config.embedding_endpoint_type}/${config.embedding_model}`;
}

/** The fields the contract's strict schema accepts, so a newer server's extra keys don't break saving. */
function pickLlm(c: LLMConfig): LLMConfig {
  const keys = ['model', 'model_endpoint_type', 'model_endpoint', 'provider_name', 'provider_category', 'model_wrapper', 'context_window', 'put_inner_thoughts_in_kwargs', 'handle', 'temperature', 'max_tokens', 'enable_reasoner', 'reasoning_effort', 'max_reasoning_tokens'] as const;
  return Object.fromEntries(keys.filter((k) => c[k] !== undefined).map((k) => [k, c[k]])) as unknown as LLMConfig;
}
function pickEmbedding(c: EmbeddingConfig): EmbeddingConfig {
  const keys = ['embedding_endpoint_type', 'embedding_endpoint', 'embedding_model', 'embedding_dim', 'embedding_chunk_size', 'handle', 'azure_endpoint', 'azure_version', 'azure_deployment'] as const;
  return Object.fromEntries(keys.filter((k) => c[k] !== undefined).map((k) => [k, c[k]])) as unknown as EmbeddingConfig;
}

/** Tool rules JSON → rules, or the first thing wrong with it. */
export function parseToolRules(text: string): { ok: true; value: ToolRule[] } | { ok: false; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.trim() || '[]');
  } catch (error) {
    return { ok: false, message: `Tool rules are not valid JSON: ${(error as Error).message}` };
  }
  if (!Array.isArray(parsed)) return { ok: false, message: 'Tool rules must be a JSON array of rules.' };
  for (const [i, rule] of parsed.entries()) {
    if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return { ok: false, message: `Rule ${i + 1} is not an object.` };
    const r = rule as Record<string, unknown>;
    if (typeof r.type !== 'string' || !RULE_TYPES.has(r.type)) {
      return { ok: false, message: `Rule ${i + 1}: "type" must be one of ${[...RULE_TYPES].join(', ')}.` };
    }
    if (typeof r.tool_name !== 'string' || !r.tool_name) return { ok: false, message: `Rule ${i + 1}: "tool_name" must be a tool's name.` };
  }
  return { ok: true, value: parsed as ToolRule[] };
}

export function parseMetadata(text: string): { ok: true; value: Record<string, unknown> | null } | { ok: false; message: string } {
  if (!text.trim()) return { ok: true, value: null };
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, message: 'Metadata must be a JSON object.' };
    return { ok: true, value: parsed as Record<string, unknown> };
  } catch (error) {
    return { ok: false, message: `Metadata is not valid JSON: ${(error as Error).message}` };
  }
}

export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}

function draftFrom(agent: AgentState): SettingsDraft {
  return {
    system: agent.system,
    llmKey: llmKey(agent.llm_config),
    embeddingKey: embeddingKey(agent.embedding_config),
    toolRules: JSON.stringify(agent.tool_rules ?? [], null, 2),
    tags: agent.tags.join(', '),
    metadata: agent.metadata && Object.keys(agent.metadata).length ? JSON.stringify(agent.metadata, null, 2) : '',
  };
}

export class AgentSettingsState {
  readonly agentId: string;
  #agent = $state.raw<AgentState | null>(null);
  #draft = $state<SettingsDraft | null>(null);
  #llms = $state.raw<LLMConfig[]>([]);
  #embeddings = $state.raw<EmbeddingConfig[]>([]);
  #tools = $state.raw<Tool[]>([]);
  #allTools = $state.raw<Tool[]>([]);
  #sources = $state.raw<Source[]>([]);
  #memberOf = $state.raw<Group[]>([]);
  #allSources = $state.raw<Source[]>([]);
  #error = $state.raw<ApiError | null>(null);
  #saveError = $state<string | null>(null);
  #saving = $state(false);
  #savedAt = $state<string | null>(null);
  #linkBusy = $state(false);

  constructor(agentId: string) {
    this.agentId = agentId;
  }

  get agent(): AgentState | null {
    return this.#agent;
  }
  get draft(): SettingsDraft | null {
    return this.#draft;
  }
  get llms(): LLMConfig[] {
    const current = this.#agent?.llm_config;
    if (current && !this.#llms.some((c) => llmKey(c) === llmKey(current))) return [current, ...this.#llms];
    return this.#llms;
  }
  get embeddings(): EmbeddingConfig[] {
    const current = this.#agent?.embedding_config;
    if (current && !this.#embeddings.some((c) => embeddingKey(c) === embeddingKey(current))) return [current, ...this.#embeddings];
    return this.#embeddings;
  }
  get tools(): Tool[] {
    return this.#tools;
  }
  get attachableTools(): Tool[] {
    const mine = new Set(this.#tools.map((t) => t.id));
    return this.#allTools.filter((t) => !mine.has(t.id));
  }
  /**
   * The groups this agent takes part in: the one it manages (a voice or sleep-time agent's own
   * group, from the agent itself) and those it is a member of (`agents:list-groups`).
   */
  get groups(): Array<{ group: Group; role: 'manager' | 'member' }> {
    const managed = this.#agent?.multi_agent_group;
    const out: Array<{ group: Group; role: 'manager' | 'member' }> = managed ? [{ group: managed, role: 'manager' }] : [];
    for (const g of this.#memberOf) if (g.id !== managed?.id) out.push({ group: g, role: 'member' });
    return out;
  }

  get sources(): Source[] {
    return this.#sources;
  }
  get attachableSources(): Source[] {
    const mine = new Set(this.#sources.map((s) => s.id));
    return this.#allSources.filter((s) => !mine.has(s.id));
  }
  get error(): ApiError | null {
    return this.#error;
  }
  get saveError(): string | null {
    return this.#saveError;
  }
  get saving(): boolean {
    return this.#saving;
  }
  get savedAt(): string | null {
    return this.#savedAt;
  }
  get linkBusy(): boolean {
    return this.#linkBusy;
  }
  get toolRulesError(): string | null {
    const r = this.#draft ? parseToolRules(this.#draft.toolRules) : null;
    return r && !r.ok ? r.message : null;
  }
  get metadataError(): string | null {
    const r = this.#draft ? parseMetadata(this.#draft.metadata) : null;
    return r && !r.ok ? r.message : null;
  }
  get dirty(): boolean {
    if (!this.#agent || !this.#draft) return false;
    const base = draftFrom(this.#agent);
    return (Object.keys(base) as (keyof SettingsDraft)[]).some((k) => base[k] !== this.#draft![k]);
  }

  start(): () => void {
    void this.load();
    const stops = [
      onEvent('agents:changed', (p) => {
        if ((!p.agentId || p.agentId === this.agentId) && !this.dirty) void this.load();
      }),
      onEvent('tools:changed', (p) => (!p.agentId || p.agentId === this.agentId) && void this.#loadLinks()),
      onEvent('sources:changed', (p) => (!p.agentId || p.agentId === this.agentId) && void this.#loadLinks()),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async load(): Promise<void> {
    this.#error = null;
    try {
      const [agent, llms, embeddings] = await Promise.all([
        api.agents.get({ agentId: this.agentId }),
        api.models.listLlms({}).catch(() => [] as LLMConfig[]),
        api.models.listEmbeddings({}).catch(() => [] as EmbeddingConfig[]),
      ]);
      this.#agent = agent;
      this.#draft = draftFrom(agent);
      this.#llms = llms;
      this.#embeddings = embeddings;
      await this.#loadLinks();
    } catch (error) {
      this.#error = asApiError(error);
    }
  }

  edit(patch: Partial<SettingsDraft>): void {
    if (!this.#draft) return;
    Object.assign(this.#draft, patch);
    this.#saveError = null;
    this.#savedAt = null;
  }

  discard(): void {
    if (this.#agent) this.#draft = draftFrom(this.#agent);
    this.#saveError = null;
  }

  async save(): Promise<boolean> {
    const agent = this.#agent;
    const draft = this.#draft;
    if (!agent || !draft) return false;
    const rules = parseToolRules(draft.toolRules);
    if (!rules.ok) return this.#fail(rules.message);
    const metadata = parseMetadata(draft.metadata);
    if (!metadata.ok) return this.#fail(metadata.message);

    const base = draftFrom(agent);
    const patch: Parameters<typeof api.agents.update>[0]['patch'] = {};
    if (draft.system !== base.system) patch.system = draft.system;
    if (draft.llmKey !== base.llmKey) {
      const config = this.llms.find((c) => llmKey(c) === draft.llmKey);
      if (config) patch.llm_config = pickLlm(config) as never;
    }
    if (draft.embeddingKey !== base.embeddingKey) {
      const config = this.embeddings.find((c) => embeddingKey(c) === draft.embeddingKey);
      if (config) patch.embedding_config = pickEmbedding(config) as never;
    }
    if (draft.toolRules !== base.toolRules) patch.tool_rules = rules.value as never;
    if (draft.tags !== base.tags) patch.tags = parseTags(draft.tags);
    if (draft.metadata !== base.metadata) patch.metadata = (metadata.value ?? {}) as never;
    if (Object.keys(patch).length === 0) return true;

    this.#saving = true;
    this.#saveError = null;
    try {
      const updated = await api.agents.update({ agentId: this.agentId, patch });
      this.#agent = updated;
      this.#draft = draftFrom(updated);
      this.#savedAt = new Date().toISOString();
      return true;
    } catch (error) {
      const e = asApiError(error);
      return this.#fail(e.hint ? `${e.message} ${e.hint}` : e.message);
    } finally {
      this.#saving = false;
    }
  }

  attachTool(toolId: string): Promise<boolean> {
    return this.#link(() => api.tools.attach({ agentId: this.agentId, toolId }));
  }
  detachTool(toolId: string): Promise<boolean> {
    return this.#link(() => api.tools.detach({ agentId: this.agentId, toolId }));
  }
  attachSource(sourceId: string): Promise<boolean> {
    return this.#link(() => api.sources.attach({ agentId: this.agentId, sourceId }));
  }
  detachSource(sourceId: string): Promise<boolean> {
    return this.#link(() => api.sources.detach({ agentId: this.agentId, sourceId }));
  }

  #fail(message: string): false {
    this.#saveError = message;
    return false;
  }

  async #link(action: () => Promise<unknown>): Promise<boolean> {
    this.#linkBusy = true;
    this.#error = null;
    try {
      await action();
      await this.#loadLinks();
      return true;
    } catch (error) {
      this.#error = asApiError(error);
      return false;
    } finally {
      this.#linkBusy = false;
    }
  }

  async #loadLinks(): Promise<void> {
    const [tools, allTools, sources, allSources, groups] = await Promise.all([
      api.tools.listForAgent({ agentId: this.agentId }),
      api.tools.list({ limit: 500 }).catch(() => [] as Tool[]),
      api.sources.listForAgent({ agentId: this.agentId }),
      api.sources.list({}).catch(() => [] as Source[]),
      api.agents.listGroups({ agentId: this.agentId }).catch(() => [] as Group[]),
    ]);
    this.#memberOf = groups;
    const byName = (a: { name?: string | null }, b: { name?: string | null }) => (a.name ?? '').localeCompare(b.name ?? '');
    this.#tools = [...tools].sort(byName);
    this.#allTools = [...allTools].sort(byName);
    this.#sources = [...sources].sort(byName);
    this.#allSources = [...allSources].sort(byName);
  }
}
