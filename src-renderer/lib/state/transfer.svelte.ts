/**
 * Agent files (`.af`): exporting an agent to one and importing one back.
 *
 * Export asks main for the file's JSON text and hands it to a `save` function the screen gives
 * (a Blob download), so the same code works in Electron and in the web shell. Import reads the
 * file here first, refuses what is too big, not JSON, or not an agent file with a message naming
 * the file, and shows what the import would create before anything is sent.
 */
import type { AgentState } from '../../../src-shared/letta-types';
import { MAX_AGENT_FILE_BYTES } from '../../../src-shared/ipc/transfer-cloud-schemas';
import { api } from '../api';
import { Loadable, Mutation } from './loadable.svelte';

export { MAX_AGENT_FILE_BYTES };

export interface AgentFilePreview {
  name: string;
  agentType: string;
  description: string | null;
  model: string;
  embedding: string | null;
  blocks: { label: string; value: string; limit: number | null }[];
  tools: string[];
  toolRules: number;
  tags: string[];
  messages: number;
  /** The Letta version that wrote the file, when it says. */
  version: string | null;
}

export type ParseResult = { ok: true; preview: AgentFilePreview } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Reads an agent file's text into what the preview shows. Only the fields every Letta export
 * has are required (name, core memory, LLM config), so files from older and newer servers still
 * preview; anything else missing shows as empty.
 */
export function parseAgentFile(text: string, fileName: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `“${fileName}” is not a JSON file (${why}). Choose an agent file exported from Letta.` };
  }
  if (!isObject(data)) {
    return { ok: false, error: `“${fileName}” is JSON, but not an agent file (it is not an object). Choose an agent file exported from Letta.` };
  }
  const missing = [
    typeof data.name === 'string' ? null : 'name',
    Array.isArray(data.core_memory) ? null : 'core_memory',
    isObject(data.llm_config) ? null : 'llm_config',
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) {
    return {
      ok: false,
      error: `“${fileName}” is JSON, but not a Letta agent file: it has no ${missing.join(', ')}. Choose an agent file exported from Letta.`,
    };
  }
  const llm = data.llm_config as Record<string, unknown>;
  const embedding = isObject(data.embedding_config) ? data.embedding_config : null;
  const blocks = (data.core_memory as unknown[]).filter(isObject).map((b) => ({
    label: str(b.label) ?? '(no label)',
    value: typeof b.value === 'string' ? b.value : '',
    limit: typeof b.limit === 'number' ? b.limit : null,
  }));
  const tools = Array.isArray(data.tools) ? data.tools.filter(isObject).map((t) => str(t.name) ?? '(unnamed)') : [];
  const tags = Array.isArray(data.tags)
    ? data.tags.map((t) => (isObject(t) ? str(t.tag) : str(t))).filter((t): t is string => t !== null)
    : [];
  return {
    ok: true,
    preview: {
      name: data.name as string,
      agentType: str(data.agent_type) ?? 'memgpt_agent',
      description: str(data.description),
      model: str(llm.handle) ?? str(llm.model) ?? 'unknown model',
      embedding: embedding ? (str(embedding.handle) ?? str(embedding.embedding_model)) : null,
      blocks,
      tools: tools.sort((a, b) => a.localeCompare(b)),
      toolRules: Array.isArray(data.tool_rules) ? data.tool_rules.length : 0,
      tags,
      messages: Array.isArray(data.messages) ? data.messages.length : 0,
      version: str(data.version),
    },
  };
}

export interface ImportOptions {
  /** Server default: true. */
  appendCopySuffix: boolean;
  /** Server default: true (Letta's own tools are never overwritten). */
  overrideExistingTools: boolean;
  /** Server default: false. */
  stripMessages: boolean;
  /** Letta Cloud: the project to put the agent in; empty for none. */
  projectId: string;
}

/** A file picked for import, once read. */
export interface PickedFile {
  name: string;
  size: number;
  text: string;
  preview: AgentFilePreview;
}

export class TransferState {
  /** Agents to export, filtered by name on the server. */
  readonly agents: Loadable<AgentState[]>;
  readonly exporting = new Mutation();
  readonly importing = new Mutation();
  #query = $state('');
  #picked = $state.raw<PickedFile | null>(null);
  #fileError = $state<string | null>(null);
  #reading = $state(false);
  #lastExport = $state<string | null>(null);
  #options = $state<ImportOptions>({ appendCopySuffix: true, overrideExistingTools: true, stripMessages: false, projectId: '' });

  constructor() {
    this.agents = new Loadable(() => api.agents.list({ limit: 100, ...(this.#query.trim() ? { query_text: this.#query.trim() } : {}) }), []);
  }

  get query(): string {
    return this.#query;
  }
  get picked(): PickedFile | null {
    return this.#picked;
  }
  get fileError(): string | null {
    return this.#fileError;
  }
  get reading(): boolean {
    return this.#reading;
  }
  /** The file name of the last export, for the "saved" note. */
  get lastExport(): string | null {
    return this.#lastExport;
  }
  get options(): ImportOptions {
    return this.#options;
  }

  search(query: string): Promise<void> {
    this.#query = query;
    return this.agents.load();
  }

  setOption<K extends keyof ImportOptions>(key: K, value: ImportOptions[K]): void {
    this.#options[key] = value;
  }

  /** Exports an agent and hands the file to `save`; returns whether it worked. */
  async exportAgent(agent: Pick<AgentState, 'id' | 'name'>, save: (fileName: string, text: string) => void): Promise<boolean> {
    this.#lastExport = null;
    const file = await this.exporting.run(agent.id, () => api.agents.exportFile({ agentId: agent.id }));
    if (!file) return false;
    save(file.fileName, file.text);
    this.#lastExport = file.fileName;
    return true;
  }

  /** Reads a dropped or picked file; the preview or the reason it cannot be imported follows. */
  async pick(file: Pick<File, 'name' | 'size' | 'text'>): Promise<void> {
    this.#picked = null;
    this.#fileError = null;
    this.importing.clearError();
    if (file.size > MAX_AGENT_FILE_BYTES) {
      this.#fileError = `“${file.name}” is ${formatBytes(file.size)}; agent files up to ${formatBytes(MAX_AGENT_FILE_BYTES)} can be imported. Export the agent again without its messages, or import it with a Letta client directly.`;
      return;
    }
    if (file.size === 0) {
      this.#fileError = `“${file.name}” is empty. Choose an agent file exported from Letta.`;
      return;
    }
    this.#reading = true;
    try {
      const text = await file.text();
      const parsed = parseAgentFile(text, file.name);
      if (parsed.ok) this.#picked = { name: file.name, size: file.size, text, preview: parsed.preview };
      else this.#fileError = parsed.error;
    } catch (error) {
      this.#fileError = `“${file.name}” could not be read (${error instanceof Error ? error.message : String(error)}).`;
    } finally {
      this.#reading = false;
    }
  }

  clearPicked(): void {
    this.#picked = null;
    this.#fileError = null;
    this.importing.clearError();
  }

  /** Imports the picked file with the chosen options; the new agent, or undefined (error kept, file kept). */
  async importPicked(): Promise<AgentState | undefined> {
    const picked = this.#picked;
    if (!picked) return undefined;
    const o = this.#options;
    const agent = await this.importing.run('import', () =>
      api.agents.importFile({
        text: picked.text,
        fileName: picked.name,
        append_copy_suffix: o.appendCopySuffix,
        override_existing_tools: o.overrideExistingTools,
        strip_messages: o.stripMessages,
        ...(o.projectId.trim() ? { project_id: o.projectId.trim() } : {}),
      }),
    );
    if (agent) {
      this.#picked = null;
      void this.agents.load();
    }
    return agent;
  }
}
