/**
 * The global block store: every block on the server (filtered locally by label/name as one types,
 * templates on the server), the one open in the editor with its draft, and the agents that use it.
 *
 * Like the agent Memory tab, a value over the block's limit is refused before any request, and a
 * failed save keeps the draft. Blocks shared by several agents say so before they are saved or
 * deleted (the editor shows the users; the delete confirmation names how many).
 */
import type { AgentState, Block } from '../../../src-shared/letta-types';
import { api, asApiError, onEvent } from '../api';
import { Loadable, Mutation, reloadCounted } from './loadable.svelte';
import { blockLimit } from './memory.svelte';

export interface BlockForm {
  label: string;
  name: string;
  description: string;
  value: string;
  limit: number;
  is_template: boolean;
  read_only: boolean;
}

export function blockToForm(b: Block): BlockForm {
  return {
    label: b.label ?? '',
    name: b.name ?? '',
    description: b.description ?? '',
    value: b.value,
    limit: blockLimit(b),
    is_template: !!b.is_template,
    read_only: !!b.read_only,
  };
}

export function emptyBlockForm(): BlockForm {
  return { label: '', name: '', description: '', value: '', limit: 5000, is_template: false, read_only: false };
}

/** What is wrong with a form before it is sent, or null. */
export function blockFormProblem(form: BlockForm): string | null {
  if (!form.label.trim()) return 'Give the block a label (e.g. human, persona, project).';
  if (!Number.isInteger(form.limit) || form.limit < 1) return 'The limit is a whole number of characters, at least 1.';
  if (form.value.length > form.limit) {
    return `The value has ${form.value.length.toLocaleString()} characters, over the limit of ${form.limit.toLocaleString()}: shorten it or raise the limit. Nothing was sent.`;
  }
  return null;
}

function sameForm(a: BlockForm, b: BlockForm): boolean {
  return (Object.keys(a) as (keyof BlockForm)[]).every((k) => a[k] === b[k]);
}

export class BlocksState {
  #textFilter = $state('');
  #templatesOnly = $state(false);
  #selectedId = $state<string | null>(null);
  #draft = $state<BlockForm | null>(null);
  /** The server's version the draft started from: what "unsaved changes" and a save compare with. */
  #base = $state.raw<BlockForm | null>(null);
  #problem = $state<string | null>(null);

  /** How many the server has in all (the list is one page: this tells when it is cut). */
  readonly total = new Loadable<number | null>(() => api.blocks.count({}), null);
  readonly list = new Loadable<Block[]>(() => api.blocks.list({ limit: 1000, ...(this.#templatesOnly ? { templates_only: true } : {}) }), []);
  /** The agents using the selected block. */
  readonly users = new Loadable<AgentState[]>(() => (this.#selectedId ? api.blocks.listAgents({ blockId: this.#selectedId }) : Promise.resolve([])), []);
  /** Every agent, for the attach picker. */
  readonly agents = new Loadable<AgentState[]>(() => api.agents.list({ limit: 1000 }), []);
  readonly dialog = new Mutation();
  readonly editor = new Mutation();

  get textFilter(): string {
    return this.#textFilter;
  }
  get templatesOnly(): boolean {
    return this.#templatesOnly;
  }
  get selectedId(): string | null {
    return this.#selectedId;
  }
  get selected(): Block | null {
    return this.list.value.find((b) => b.id === this.#selectedId) ?? null;
  }
  get draft(): BlockForm | null {
    return this.#draft;
  }
  /** Why the last save was refused before sending (over the limit, no label). */
  get problem(): string | null {
    return this.#problem;
  }
  get dirty(): boolean {
    return !!this.selected && !!this.#draft && !!this.#base && !sameForm(this.#base, this.#draft);
  }
  get visible(): Block[] {
    const q = this.#textFilter.trim().toLowerCase();
    if (!q) return this.list.value;
    return this.list.value.filter((b) => [b.label, b.name, b.description].some((t) => t?.toLowerCase().includes(q)));
  }
  /** Agents not already using the selected block. */
  get attachable(): AgentState[] {
    const using = new Set(this.users.value.map((a) => a.id));
    return this.agents.value.filter((a) => !using.has(a.id));
  }

  start(): () => void {
    void this.list.load();
    void this.total.load();
    void this.agents.load();
    const stops = [
      onEvent('memory:changed', () => {
        void reloadCounted(this.list, this.total).then(() => this.#refreshDraft());
        if (this.#selectedId) void this.users.load();
      }),
      onEvent('agents:changed', () => {
        void this.agents.load();
        if (this.#selectedId) void this.users.load();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  /** A block changed elsewhere: take the server's version unless the user is mid-edit. */
  #refreshDraft(): void {
    const b = this.selected;
    if (b && !this.dirty) this.#startDraft(b);
  }

  #startDraft(b: Block | null): void {
    this.#draft = b ? blockToForm(b) : null;
    this.#base = b ? blockToForm(b) : null;
  }

  setTextFilter(text: string): void {
    this.#textFilter = text;
  }
  setTemplatesOnly(on: boolean): void {
    this.#templatesOnly = on;
    void this.list.load();
  }

  select(id: string | null): void {
    this.#selectedId = id;
    this.#problem = null;
    this.editor.clearError();
    this.#startDraft(this.selected);
    this.users.set([]);
    if (id) {
      void this.users.load();
      void this.#fresh(id);
    }
  }

  /** The opened block as the server has it now: an agent may have rewritten it since the list came. */
  async #fresh(id: string): Promise<void> {
    try {
      const block = await api.blocks.get({ blockId: id });
      if (this.#selectedId !== id) return;
      this.list.set(this.list.value.map((b) => (b.id === block.id ? block : b)));
      this.#refreshDraft();
    } catch (error) {
      if (asApiError(error).code === 'not_found') void this.list.load();
    }
  }

  edit(patch: Partial<BlockForm>): void {
    if (!this.#draft) return;
    this.#draft = { ...this.#draft, ...patch };
    this.#problem = null;
  }
  discard(): void {
    this.#startDraft(this.selected);
    this.#problem = null;
    this.editor.clearError();
  }

  #replace(block: Block): void {
    if (this.list.value.some((b) => b.id === block.id)) this.list.set(this.list.value.map((b) => (b.id === block.id ? block : b)));
    else this.list.set([block, ...this.list.value]);
  }

  /**
   * Saves the fields the user changed; refuses (no request) when the draft is invalid, keeps it
   * when the server refuses. The block is read again first: if an agent or another client changed
   * one of those fields since the draft began, nothing is written, the newer version shows and
   * the draft stays — a second Save then replaces it knowingly.
   */
  async save(): Promise<'saved' | 'invalid' | 'failed' | 'unchanged' | 'conflict'> {
    const b = this.selected;
    const d = this.#draft;
    const base = this.#base;
    if (!b || !d || !base) return 'unchanged';
    const changed = (Object.keys(d) as (keyof BlockForm)[]).filter((k) => d[k] !== base[k]);
    if (changed.length === 0) return 'unchanged';
    this.#problem = blockFormProblem(d);
    if (this.#problem) return 'invalid';
    const outcome = await this.editor.run('save', async () => {
      const fresh = await api.blocks.get({ blockId: b.id });
      const theirs = blockToForm(fresh);
      if (changed.some((k) => theirs[k] !== base[k])) return { kind: 'conflict' as const, block: fresh };
      const patch: Record<string, unknown> = {};
      for (const k of changed) patch[k] = k === 'label' ? d.label.trim() : k === 'name' ? d.name.trim() || null : d[k];
      return { kind: 'saved' as const, block: await api.blocks.update({ blockId: b.id, patch }) };
    });
    if (!outcome) return 'failed';
    if (outcome.kind === 'conflict') {
      this.#replace(outcome.block);
      this.#base = blockToForm(outcome.block);
      this.#problem = 'Not saved: this block changed on the server after you started editing (the list shows the newer version). Your draft is kept; save again to replace that version with it.';
      return 'conflict';
    }
    this.#replace(outcome.block);
    this.#startDraft(outcome.block);
    return 'saved';
  }

  async create(form: BlockForm): Promise<Block | undefined> {
    // The dialog shows blockFormProblem as the user types; this is the last guard before sending.
    if (blockFormProblem(form)) return undefined;
    const block = await this.dialog.run('create', () =>
      api.blocks.create({
        body: {
          label: form.label.trim(),
          value: form.value,
          limit: form.limit,
          ...(form.name.trim() ? { name: form.name.trim() } : {}),
          ...(form.description.trim() ? { description: form.description } : {}),
          is_template: form.is_template,
          read_only: form.read_only,
        },
      }),
    );
    if (block) {
      this.#replace(block);
      this.select(block.id);
    }
    return block;
  }

  async remove(id: string): Promise<boolean> {
    const done = await this.dialog.run('delete', async () => {
      await api.blocks.delete({ blockId: id });
      return true;
    });
    if (!done) return false;
    this.list.set(this.list.value.filter((b) => b.id !== id));
    if (this.#selectedId === id) this.select(null);
    return true;
  }

  async attach(agentId: string): Promise<boolean> {
    const id = this.#selectedId;
    if (!id) return false;
    const done = await this.editor.run('attach', () => api.memory.attachBlock({ agentId, blockId: id }));
    if (done) await this.users.load();
    return !!done;
  }

  async detach(agentId: string): Promise<boolean> {
    const id = this.#selectedId;
    if (!id) return false;
    const done = await this.editor.run('detach', () => api.memory.detachBlock({ agentId, blockId: id }));
    if (done) await this.users.load();
    return !!done;
  }
}
