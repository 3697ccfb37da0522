/**
 * An agent's core memory: its blocks, an editable draft of each, the global blocks it could
 * attach, and the versions of each block: those the cache kept from earlier sessions, then those
 * seen in this one (the history the diff view shows).
 *
 * Saving is guarded before the write: a value over the block's limit is refused with a message,
 * a block other agents share needs an explicit confirmation naming them, and a block the agent
 * (or another client) changed since the draft began is not overwritten unseen — the save stops,
 * the newer version joins the history and the draft stays for the user to reconcile.
 * It refetches when main says memory changed or when a chat turn of this agent finished.
 */
import type { AgentState, Block } from '../../../src-shared/letta-types';
import { api, asApiError, onEvent, type ApiError } from '../api';

/** One version of a block's value, tied to the step/run that produced it when known. */
export interface BlockSnapshot {
  value: string;
  /** ISO time the app observed (or saved) this value. */
  at: string;
  stepId?: string;
  runId?: string;
  /**
   * Who changed it, as far as the app knows: `elsewhere` is a version found on the server when a
   * save checked, which the agent or another client may have written.
   */
  source: 'loaded' | 'you' | 'agent' | 'elsewhere';
}

export interface BlockDraft {
  value: string;
  description: string;
}

export interface SharedConfirmation {
  blockId: string;
  label: string;
  /** The other agents the block is attached to. */
  agents: Pick<AgentState, 'id' | 'name'>[];
}

export type SaveOutcome = 'saved' | 'unchanged' | 'over-limit' | 'needs-confirmation' | 'conflict' | 'failed';

/** The server's version of a block that a draft was started from. */
type DraftBase = Pick<BlockDraft, 'value' | 'description'>;

/** Server default when a block comes back without one. */
export const DEFAULT_BLOCK_LIMIT = 5000;

export function blockLimit(block: Pick<Block, 'limit'>): number {
  return block.limit ?? DEFAULT_BLOCK_LIMIT;
}

/**
 * One MemoryState per agent for the whole session, so the history of versions survives switching
 * tabs (the view unmounts; the state keeps what it saw and diffs against it on return).
 */
const sessionStates = new Map<string, MemoryState>();

export function memoryStateFor(agentId: string): MemoryState {
  let state = sessionStates.get(agentId);
  if (!state) {
    state = new MemoryState(agentId);
    sessionStates.set(agentId, state);
  }
  return state;
}

export class MemoryState {
  readonly agentId: string;
  #blocks = $state.raw<Block[]>([]);
  #drafts = $state<Record<string, BlockDraft>>({});
  #history = $state.raw<Record<string, BlockSnapshot[]>>({});
  #loading = $state(false);
  #loadedOnce = $state(false);
  #error = $state.raw<ApiError | null>(null);
  /** Per-block messages: over-limit refusals and server errors on save. */
  #blockErrors = $state<Record<string, string>>({});
  #saving = $state<Record<string, boolean>>({});
  #confirmation = $state.raw<SharedConfirmation | null>(null);
  /** Per block, the server version the current draft started from (not shown, so not reactive). */
  #draftBases = new Map<string, DraftBase>();
  #promptTemplate = $state<{ text: string | null; error: string | null; loading: boolean }>({ text: null, error: null, loading: false });
  #globalBlocks = $state.raw<Block[]>([]);
  #attachBusy = $state(false);
  #generation = 0;

  constructor(agentId: string) {
    this.agentId = agentId;
  }

  get blocks(): Block[] {
    return this.#blocks;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loadedOnce(): boolean {
    return this.#loadedOnce;
  }
  get error(): ApiError | null {
    return this.#error;
  }
  get confirmation(): SharedConfirmation | null {
    return this.#confirmation;
  }
  get attachBusy(): boolean {
    return this.#attachBusy;
  }
  /** Global blocks not already attached to this agent. */
  get attachable(): Block[] {
    const mine = new Set(this.#blocks.map((b) => b.id));
    return this.#globalBlocks.filter((b) => !mine.has(b.id));
  }

  draft(blockId: string): BlockDraft | undefined {
    return this.#drafts[blockId];
  }
  blockError(blockId: string): string | undefined {
    return this.#blockErrors[blockId];
  }
  isSaving(blockId: string): boolean {
    return this.#saving[blockId] ?? false;
  }
  history(blockId: string): BlockSnapshot[] {
    return this.#history[blockId] ?? [];
  }
  isDirty(blockId: string): boolean {
    const block = this.#blocks.find((b) => b.id === blockId);
    const draft = this.#drafts[blockId];
    if (!block || !draft) return false;
    return draft.value !== block.value || draft.description !== (block.description ?? '');
  }
  isOverLimit(blockId: string): boolean {
    const block = this.#blocks.find((b) => b.id === blockId);
    const draft = this.#drafts[blockId];
    return !!block && !!draft && draft.value.length > blockLimit(block);
  }

  start(): () => void {
    void this.load();
    const stops = [
      onEvent('memory:changed', (payload) => {
        const concernsUs =
          (!payload.agentId && !payload.blockId) ||
          payload.agentId === this.agentId ||
          (!!payload.blockId && this.#blocks.some((b) => b.id === payload.blockId));
        if (concernsUs) void this.load('agent');
      }),
      onEvent('chat:changed', (payload) => {
        if (payload.agentId === this.agentId) void this.load('agent');
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  /** The template that renders these blocks into the system prompt, once asked for. */
  get promptTemplate(): { text: string | null; error: string | null; loading: boolean } {
    return this.#promptTemplate;
  }

  /**
   * Read the agent's whole core memory object for its prompt template (the blocks come from the
   * blocks list, which the edits and history already follow).
   */
  async loadPromptTemplate(): Promise<void> {
    this.#promptTemplate = { text: this.#promptTemplate.text, error: null, loading: true };
    try {
      const memory = await api.memory.get({ agentId: this.agentId });
      this.#promptTemplate = { text: memory.prompt_template ?? '', error: null, loading: false };
    } catch (error) {
      const e = asApiError(error);
      this.#promptTemplate = { text: this.#promptTemplate.text, error: e.hint ? `${e.message} ${e.hint}` : e.message, loading: false };
    }
  }

  /** Fetch the blocks; values that changed since the last look become history entries. */
  async load(changedBy: BlockSnapshot['source'] = 'agent'): Promise<void> {
    const generation = ++this.#generation;
    this.#loading = true;
    try {
      const blocks = await api.memory.listBlocks({ agentId: this.agentId });
      if (generation !== this.#generation) return;
      this.#error = null;
      const changed = blocks.filter((b) => {
        const seen = this.#history[b.id];
        return seen && seen.length > 0 && seen[seen.length - 1]!.value !== b.value;
      });
      let link: { stepId?: string; runId?: string } = {};
      if (changed.length > 0) link = await this.#latestStep();
      const persisted = await this.#persistedHistory(blocks.filter((b) => !this.#history[b.id]?.length));
      if (generation !== this.#generation) return;
      const at = new Date().toISOString();
      const history = { ...this.#history };
      for (const block of blocks) {
        const seen = history[block.id];
        if (!seen || seen.length === 0) {
          const earlier = persisted.get(block.id) ?? [];
          const latest = earlier[earlier.length - 1];
          history[block.id] =
            latest && latest.value === block.value
              ? earlier
              : [...earlier, { value: block.value, at, source: this.#loadedOnce ? changedBy : 'loaded' }];
        } else if (changed.includes(block)) {
          history[block.id] = [...seen, { value: block.value, at, source: changedBy, ...link }];
        }
      }
      this.#history = history;
      this.#applyBlocks(blocks);
    } catch (error) {
      if (generation === this.#generation) this.#error = asApiError(error);
    } finally {
      if (generation === this.#generation) {
        this.#loading = false;
        this.#loadedOnce = true;
      }
    }
  }

  /**
   * What the cache remembers of each block from earlier sessions (oldest first), so the history
   * panel starts with every version the app has ever seen, not just this session's. The history
   * is an aid, so a cache that cannot answer leaves it to this session's versions.
   */
  async #persistedHistory(blocks: Block[]): Promise<Map<string, BlockSnapshot[]>> {
    const out = new Map<string, BlockSnapshot[]>();
    await Promise.all(
      blocks.map(async (block) => {
        if (!block.label) return;
        try {
          const page = await api.cache.blockHistory({ agentId: this.agentId, label: block.label, limit: 50 });
          out.set(
            block.id,
            [...page.snapshots].reverse().map((snap) => ({
              value: snap.value,
              at: snap.at,
              ...(snap.stepId ? { stepId: snap.stepId } : {}),
              ...(snap.runId ? { runId: snap.runId } : {}),
              source: snap.stepId || snap.runId ? ('agent' as const) : ('loaded' as const),
            })),
          );
        } catch {
          // No cache yet (first connect) or the cache is rebuilding: this session's versions only.
        }
      }),
    );
    return out;
  }

  edit(blockId: string, patch: Partial<BlockDraft>): void {
    const current = this.#drafts[blockId];
    if (!current) return;
    this.#drafts[blockId] = { ...current, ...patch };
    if (this.#blockErrors[blockId]) delete this.#blockErrors[blockId];
  }

  discard(blockId: string): void {
    const block = this.#blocks.find((b) => b.id === blockId);
    if (!block) return;
    this.#drafts[blockId] = { value: block.value, description: block.description ?? '' };
    this.#draftBases.set(blockId, baseOf(block));
    delete this.#blockErrors[blockId];
    if (this.#confirmation?.blockId === blockId) this.#confirmation = null;
  }

  /**
   * Save a block's draft. Over the limit: refused here, nothing sent. Shared with other agents
   * and not yet confirmed: returns 'needs-confirmation' and sets `confirmation`.
   */
  async save(blockId: string, options: { confirmed?: boolean } = {}): Promise<SaveOutcome> {
    const block = this.#blocks.find((b) => b.id === blockId);
    const draft = this.#drafts[blockId];
    if (!block || !draft) return 'failed';
    if (block.read_only) {
      this.#blockErrors[blockId] = 'This block is read-only.';
      return 'failed';
    }
    if (!this.isDirty(blockId)) return 'unchanged';
    const limit = blockLimit(block);
    if (draft.value.length > limit) {
      const over = draft.value.length - limit;
      this.#blockErrors[blockId] =
        `Not saved: ${draft.value.length.toLocaleString()} characters is ${over.toLocaleString()} over this block's limit of ${limit.toLocaleString()}. Shorten it first.`;
      return 'over-limit';
    }
    this.#saving[blockId] = true;
    delete this.#blockErrors[blockId];
    try {
      if (!options.confirmed) {
        const agents = await api.blocks.listAgents({ blockId });
        const others = agents.filter((a) => a.id !== this.agentId).map((a) => ({ id: a.id, name: a.name }));
        if (others.length > 0) {
          this.#confirmation = { blockId, label: block.label ?? block.id, agents: others };
          return 'needs-confirmation';
        }
      }
      this.#confirmation = null;
      const patch: { value?: string; description?: string | null } = {};
      if (draft.value !== block.value) patch.value = draft.value;
      if (draft.description !== (block.description ?? '')) patch.description = draft.description || null;
      // A turn may have rewritten the block while the user typed; the refresh that showed it
      // kept the draft, so compare with what the draft started from, read fresh by label.
      const base = this.#draftBases.get(blockId) ?? baseOf(block);
      const fresh = await api.memory.getBlock({ agentId: this.agentId, label: block.label ?? '' });
      const freshBase = baseOf(fresh);
      const overtaken =
        (patch.value !== undefined && freshBase.value !== base.value) ||
        (patch.description !== undefined && freshBase.description !== base.description);
      if (overtaken) {
        this.#acceptNewerVersion(block, fresh);
        this.#blockErrors[blockId] =
          'Not saved: this block changed on the server after you started editing (the newer version is in its history). Your draft is kept; save again to replace that version with it.';
        return 'conflict';
      }
      const saved = await api.memory.updateBlock({ agentId: this.agentId, label: block.label ?? '', patch });
      if (saved.value !== block.value) {
        this.#addVersion(blockId, saved.value, 'you');
      }
      this.#blocks = this.#blocks.map((b) => (b.id === blockId ? saved : b));
      this.#drafts[blockId] = { value: saved.value, description: saved.description ?? '' };
      this.#draftBases.set(blockId, baseOf(saved));
      return 'saved';
    } catch (error) {
      const e = asApiError(error);
      this.#blockErrors[blockId] = e.hint ? `${e.message} ${e.hint}` : e.message;
      return 'failed';
    } finally {
      this.#saving[blockId] = false;
    }
  }

  /**
   * Flip a block's read-only flag. Read-only stops the agent's memory tools; the app also keeps
   * its editor locked until the user unlocks it here, so an unlock is always a deliberate act.
   */
  async setReadOnly(blockId: string, readOnly: boolean): Promise<boolean> {
    const block = this.#blocks.find((b) => b.id === blockId);
    if (!block) return false;
    this.#saving[blockId] = true;
    try {
      const saved = await api.memory.updateBlock({ agentId: this.agentId, label: block.label ?? '', patch: { read_only: readOnly } });
      this.#blocks = this.#blocks.map((b) => (b.id === blockId ? { ...b, read_only: saved.read_only ?? readOnly } : b));
      return true;
    } catch (error) {
      const e = asApiError(error);
      this.#blockErrors[blockId] = e.message;
      return false;
    } finally {
      this.#saving[blockId] = false;
    }
  }

  async confirmSave(): Promise<SaveOutcome> {
    const pending = this.#confirmation;
    if (!pending) return 'unchanged';
    return this.save(pending.blockId, { confirmed: true });
  }

  cancelConfirmation(): void {
    this.#confirmation = null;
  }

  async loadAttachable(): Promise<void> {
    try {
      this.#globalBlocks = await api.blocks.list({ limit: 200, templates_only: false });
    } catch (error) {
      this.#error = asApiError(error);
    }
  }

  async attach(blockId: string): Promise<boolean> {
    return this.#membership(() => api.memory.attachBlock({ agentId: this.agentId, blockId }));
  }

  async detach(blockId: string): Promise<boolean> {
    return this.#membership(() => api.memory.detachBlock({ agentId: this.agentId, blockId }));
  }

  async #membership(action: () => Promise<unknown>): Promise<boolean> {
    this.#attachBusy = true;
    this.#error = null;
    try {
      await action();
      await this.load('you');
      return true;
    } catch (error) {
      this.#error = asApiError(error);
      return false;
    } finally {
      this.#attachBusy = false;
    }
  }

  /** The agent's newest step, to tie an observed change to the turn that probably made it. */
  async #latestStep(): Promise<{ stepId?: string; runId?: string }> {
    try {
      const [step] = await api.steps.list({ agent_id: this.agentId, limit: 1, order: 'desc' });
      if (!step) return {};
      return { stepId: step.id, ...(step.job_id ? { runId: step.job_id } : {}) };
    } catch {
      return {};
    }
  }

  /** A version seen now, appended to the block's history. */
  #addVersion(blockId: string, value: string, source: BlockSnapshot['source']): void {
    const seen = this.#history[blockId] ?? [];
    this.#history = { ...this.#history, [blockId]: [...seen, { value, at: new Date().toISOString(), source }] };
  }

  /** The server's newer version becomes the draft's base; the draft itself is left alone. */
  #acceptNewerVersion(block: Block, fresh: Block): void {
    if (fresh.value !== block.value) {
      this.#addVersion(block.id, fresh.value, 'elsewhere');
    }
    this.#blocks = this.#blocks.map((b) => (b.id === block.id ? { ...b, ...fresh, id: block.id } : b));
    this.#draftBases.set(block.id, baseOf(fresh));
  }

  #applyBlocks(blocks: Block[]): void {
    const drafts: Record<string, BlockDraft> = {};
    for (const block of blocks) {
      const previous = this.#blocks.find((b) => b.id === block.id);
      const draft = this.#drafts[block.id];
      const wasDirty =
        previous && draft && (draft.value !== previous.value || draft.description !== (previous.description ?? ''));
      // An unsaved edit survives a refresh; everything else follows the server.
      drafts[block.id] = wasDirty ? draft : { value: block.value, description: block.description ?? '' };
      if (!wasDirty) this.#draftBases.set(block.id, baseOf(block));
      else if (!this.#draftBases.has(block.id)) this.#draftBases.set(block.id, baseOf(previous));
    }
    this.#blocks = [...blocks].sort((a, b) => (a.label ?? '').localeCompare(b.label ?? ''));
    this.#drafts = drafts;
  }
}

function baseOf(block: Pick<Block, 'value' | 'description'>): DraftBase {
  return { value: block.value, description: block.description ?? '' };
}
