/**
 * Multi-agent groups: the list (filtered by manager type), the create/edit form's draft with its
 * per-type manager fields and validation, and a group's conversation (history plus the streamed
 * turn, each message attributed to the member agent that said it).
 *
 * What the 0.7.29 server does that shapes this: the manager type cannot change after creation;
 * an edit ignores empty values (a set max_turns cannot be cleared) and ignores shared blocks;
 * a round-robin turn stores the user's message once per member and tells each member what the
 * others said as a system message carrying the speaker's id. The form refuses what the server
 * would silently drop, and the conversation shows each thing said once.
 */
import type { Api } from '../../../src-shared/ipc/api-types';
import type { ChatStreamChunk } from '../../../src-shared/app-types';
import type { AgentState, Block, Group, LettaMessageUnion, LettaUsageStatistics } from '../../../src-shared/letta-types';
import { api, asApiError, onEvent, type ApiError } from '../api';
import { streamingChoice } from './streaming';
import { mergeDelta, messageKey, messageText } from './chat.svelte';
import { Loadable, Mutation, reloadCounted } from './loadable.svelte';

// ---------------------------------------------------------------------------------------------
// Manager types and the form

export type ManagerTypeId = 'round_robin' | 'supervisor' | 'dynamic' | 'sleeptime' | 'voice_sleeptime';

export interface ManagerTypeInfo {
  id: ManagerTypeId;
  label: string;
  /** One line on how a message travels through the group. */
  blurb: string;
  /** Whether the type has a manager agent (then it is required). */
  hasManager: boolean;
  managerLabel?: string;
}

export const MANAGER_TYPES: readonly ManagerTypeInfo[] = [
  { id: 'round_robin', label: 'Round robin', blurb: 'Members answer in turn; each sees what the others said.', hasManager: false },
  {
    id: 'supervisor',
    label: 'Supervisor',
    blurb: 'A supervisor agent forwards the message to every member and gathers their replies.',
    hasManager: true,
    managerLabel: 'Supervisor agent',
  },
  {
    id: 'dynamic',
    label: 'Dynamic',
    blurb: 'A manager agent picks who speaks next, until it says the termination token or the turns run out.',
    hasManager: true,
    managerLabel: 'Manager agent',
  },
  {
    id: 'sleeptime',
    label: 'Sleep-time',
    blurb: 'The main agent talks; the members reorganise its memory in the background every few turns.',
    hasManager: true,
    managerLabel: 'Main agent',
  },
  {
    id: 'voice_sleeptime',
    label: 'Voice sleep-time',
    blurb: 'A voice agent keeps a short context; older messages are handed to the sleep-time members.',
    hasManager: true,
    managerLabel: 'Voice agent',
  },
];

export function managerTypeInfo(type: string): ManagerTypeInfo | undefined {
  return MANAGER_TYPES.find((t) => t.id === type);
}

export function managerTypeLabel(type: string): string {
  return managerTypeInfo(type)?.label ?? type.replace(/_/g, ' ');
}

/** The server's own default when a dynamic group is created without one. */
export const DEFAULT_TERMINATION_TOKEN = 'DONE!';
/** Buffer lengths must be above this (server rule for voice sleep-time groups). */
export const MIN_BUFFER_LENGTH = 5;

/** What the form edits; numbers stay text until validated so a half-typed value is kept. */
export interface GroupDraft {
  description: string;
  managerType: ManagerTypeId;
  memberIds: string[];
  sharedBlockIds: string[];
  managerAgentId: string;
  maxTurns: string;
  terminationToken: string;
  sleeptimeFrequency: string;
  maxBuffer: string;
  minBuffer: string;
}

export type DraftField = keyof GroupDraft;
export type DraftErrors = Partial<Record<DraftField, string>>;

export function emptyDraft(managerType: ManagerTypeId = 'round_robin'): GroupDraft {
  return {
    description: '',
    managerType,
    memberIds: [],
    sharedBlockIds: [],
    managerAgentId: '',
    maxTurns: '',
    terminationToken: DEFAULT_TERMINATION_TOKEN,
    sleeptimeFrequency: '',
    maxBuffer: '',
    minBuffer: '',
  };
}

const numberText = (value: number | null | undefined) => (value == null ? '' : String(value));

export function draftFromGroup(group: Group): GroupDraft {
  const type = (managerTypeInfo(group.manager_type)?.id ?? 'round_robin') as ManagerTypeId;
  return {
    description: group.description,
    managerType: type,
    memberIds: [...group.agent_ids],
    sharedBlockIds: [...(group.shared_block_ids ?? [])],
    managerAgentId: group.manager_agent_id ?? '',
    maxTurns: numberText(group.max_turns),
    terminationToken: group.termination_token ?? '',
    sleeptimeFrequency: numberText(group.sleeptime_agent_frequency),
    maxBuffer: numberText(group.max_message_buffer_length),
    minBuffer: numberText(group.min_message_buffer_length),
  };
}

/** A whole number ≥ min from the text, null when empty, NaN when not one. */
function parseCount(text: string, min = 1): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return Number.NaN;
  const value = Number(trimmed);
  return value >= min && value <= 10_000 ? value : Number.NaN;
}

/**
 * Everything the server would refuse (or silently ignore), per field, before any request.
 * `original` is the group being edited (null when creating).
 */
export function validateDraft(draft: GroupDraft, original: Group | null = null): DraftErrors {
  const errors: DraftErrors = {};
  const info = managerTypeInfo(draft.managerType);
  if (draft.description.trim() === '') errors.description = 'Describe the group: members see this as the group\'s purpose.';
  else if (draft.description.length > 2000) errors.description = 'Keep the description under 2,000 characters.';
  if (draft.memberIds.length === 0) errors.memberIds = 'Pick at least one member agent.';
  if (info?.hasManager) {
    if (!draft.managerAgentId) errors.managerAgentId = `Pick the ${info.managerLabel?.toLowerCase() ?? 'manager agent'}.`;
    else if (draft.memberIds.includes(draft.managerAgentId)) errors.managerAgentId = 'The manager cannot also be one of the members.';
  }
  const count = (field: 'maxTurns' | 'sleeptimeFrequency', label: string) => {
    const value = parseCount(draft[field]);
    if (Number.isNaN(value)) errors[field] = `${label} must be a whole number from 1 to 10,000.`;
    else if (value === null && original) {
      const before = field === 'maxTurns' ? original.max_turns : original.sleeptime_agent_frequency;
      // The server keeps the old value when sent nothing; say so rather than pretend it cleared.
      if (before != null) errors[field] = `This server cannot clear ${label.toLowerCase()} once set; enter a number.`;
    }
  };
  if (draft.managerType === 'round_robin' || draft.managerType === 'dynamic') count('maxTurns', 'Max turns');
  if (draft.managerType === 'sleeptime') count('sleeptimeFrequency', 'Frequency');
  if (draft.managerType === 'dynamic' && draft.terminationToken.length > 200) errors.terminationToken = 'Keep the token under 200 characters.';
  if (draft.managerType === 'voice_sleeptime') {
    const max = parseCount(draft.maxBuffer, MIN_BUFFER_LENGTH);
    const min = parseCount(draft.minBuffer, MIN_BUFFER_LENGTH);
    const rule = `a whole number of at least ${MIN_BUFFER_LENGTH}`;
    if (Number.isNaN(max)) errors.maxBuffer = `Max buffer must be ${rule}.`;
    if (Number.isNaN(min)) errors.minBuffer = `Min buffer must be ${rule}.`;
    if (!errors.maxBuffer && !errors.minBuffer) {
      if ((max === null) !== (min === null)) errors[max === null ? 'maxBuffer' : 'minBuffer'] = 'Set both buffer lengths, or neither for the server\'s defaults.';
      else if (max !== null && min !== null && max <= min) errors.maxBuffer = 'Max buffer must be larger than min buffer.';
    }
  }
  return errors;
}

type CreateBody = Parameters<Api['groups']['create']>[0]['body'];
type UpdatePatch = Parameters<Api['groups']['update']>[0]['patch'];
type ManagerConfig = NonNullable<CreateBody['manager_config']>;

const orNull = (text: string) => {
  const value = parseCount(text);
  return value === null || Number.isNaN(value) ? null : value;
};

function managerConfigOf(draft: GroupDraft): ManagerConfig {
  switch (draft.managerType) {
    case 'round_robin':
      return { manager_type: 'round_robin', max_turns: orNull(draft.maxTurns) };
    case 'supervisor':
      return { manager_type: 'supervisor', manager_agent_id: draft.managerAgentId };
    case 'dynamic':
      return {
        manager_type: 'dynamic',
        manager_agent_id: draft.managerAgentId,
        termination_token: draft.terminationToken.trim() || DEFAULT_TERMINATION_TOKEN,
        max_turns: orNull(draft.maxTurns),
      };
    case 'sleeptime':
      return { manager_type: 'sleeptime', manager_agent_id: draft.managerAgentId, sleeptime_agent_frequency: orNull(draft.sleeptimeFrequency) };
    case 'voice_sleeptime':
      return {
        manager_type: 'voice_sleeptime',
        manager_agent_id: draft.managerAgentId,
        max_message_buffer_length: orNull(draft.maxBuffer),
        min_message_buffer_length: orNull(draft.minBuffer),
      };
  }
}

export function createBodyOf(draft: GroupDraft): CreateBody {
  return {
    description: draft.description.trim(),
    agent_ids: [...draft.memberIds],
    manager_config: managerConfigOf(draft),
    ...(draft.sharedBlockIds.length ? { shared_block_ids: [...draft.sharedBlockIds] } : {}),
  };
}

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** Only what changed; null when nothing did. The manager config always carries its type tag. */
export function updatePatchOf(group: Group, draft: GroupDraft): UpdatePatch | null {
  const before = draftFromGroup(group);
  const patch: UpdatePatch = {};
  if (draft.description.trim() !== group.description) patch.description = draft.description.trim();
  if (!sameIds(draft.memberIds, group.agent_ids)) patch.agent_ids = [...draft.memberIds];
  const managerFields: (keyof GroupDraft)[] = ['managerAgentId', 'maxTurns', 'terminationToken', 'sleeptimeFrequency', 'maxBuffer', 'minBuffer'];
  if (managerFields.some((f) => String(draft[f]).trim() !== String(before[f]).trim())) {
    const config = managerConfigOf(draft);
    patch.manager_config = config as NonNullable<UpdatePatch['manager_config']>;
  }
  return Object.keys(patch).length ? patch : null;
}

// ---------------------------------------------------------------------------------------------
// Shared blocks

/**
 * The blocks every member has in its core memory. Server 0.7.29 attaches a group's shared blocks
 * to each member but always reports `shared_block_ids: []`, so what the members hold in common is
 * the truth the screen can show.
 */
export function blocksInCommon(perMember: Block[][]): Block[] {
  if (perMember.length === 0) return [];
  const [first, ...rest] = perMember;
  const others = rest.map((blocks) => new Set(blocks.map((b) => b.id)));
  return first!.filter((b) => others.every((ids) => ids.has(b.id)));
}

/** The group's shared blocks: as reported when the server does, else those its members share. */
export async function sharedBlocksOf(group: Group): Promise<Block[]> {
  const perMember = await Promise.all(group.agent_ids.map((agentId) => api.memory.listBlocks({ agentId })));
  const common = blocksInCommon(perMember);
  const reported = group.shared_block_ids ?? [];
  return reported.length ? common.filter((b) => reported.includes(b.id)) : common;
}

// ---------------------------------------------------------------------------------------------
// The list screen

export type TypeFilter = ManagerTypeId | 'swarm' | '';

export class GroupsState {
  #filter = $state<TypeFilter>('');
  #selectedId = $state<string | null>(null);
  /** How many the server has in all, whatever the type filter shows. */
  readonly total = new Loadable<number | null>(() => api.groups.count({}), null);
  readonly groups = new Loadable<Group[]>(() => api.groups.list({ limit: 200, ...(this.#filter ? { manager_type: this.#filter } : {}) }), []);
  readonly agents = new Loadable<AgentState[]>(() => api.agents.list({ limit: 1000 }), []);
  readonly blocks = new Loadable<Block[]>(() => api.blocks.list({ templates_only: false, limit: 1000 }), []);
  readonly mutation = new Mutation();

  readonly selected: Group | null = $derived(this.groups.value.find((g) => g.id === this.#selectedId) ?? null);
  readonly #agentNames: Map<string, string> = $derived(new Map(this.agents.value.map((a) => [a.id, a.name])));
  readonly #blockNames: Map<string, string> = $derived(new Map(this.blocks.value.map((b) => [b.id, b.label ?? b.id])));

  get filter(): TypeFilter {
    return this.#filter;
  }
  get selectedId(): string | null {
    return this.#selectedId;
  }

  start(): () => void {
    void this.groups.load();
    void this.total.load();
    void this.agents.load();
    void this.blocks.load();
    const stops = [
      onEvent('groups:changed', () => void reloadCounted(this.groups, this.total)),
      onEvent('agents:changed', () => void this.agents.load()),
      onEvent('memory:changed', ({ agentId }) => {
        if (!agentId) void this.blocks.load();
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  setFilter(filter: TypeFilter): void {
    this.#filter = filter;
    void this.groups.load();
  }

  select(groupId: string | null): void {
    this.#selectedId = groupId;
    if (groupId) void this.#fresh(groupId);
  }

  /** The opened group as the server has it now (members or shared blocks may have changed elsewhere). */
  async #fresh(groupId: string): Promise<void> {
    try {
      const group = await api.groups.get({ groupId });
      if (this.#selectedId === groupId) this.groups.set(this.groups.value.map((g) => (g.id === group.id ? group : g)));
    } catch (error) {
      if (asApiError(error).code === 'not_found') void this.groups.load();
    }
  }

  agentName(id: string): string {
    return this.#agentNames.get(id) ?? id;
  }
  blockLabel(id: string): string {
    return this.#blockNames.get(id) ?? id;
  }
  /** Agents with this name (to attribute a message by the name the server put on it). */
  get agentNames(): ReadonlyMap<string, string> {
    return this.#agentNames;
  }

  async create(draft: GroupDraft): Promise<Group | undefined> {
    const group = await this.mutation.run('create', () => api.groups.create({ body: createBodyOf(draft) }));
    if (group) {
      // Show it at once even when the filter hides its type (then the filter steps aside).
      if (this.#filter && this.#filter !== group.manager_type) this.#filter = '';
      this.groups.set([group, ...this.groups.value.filter((g) => g.id !== group.id)]);
      this.#selectedId = group.id;
      void this.groups.load();
    }
    return group;
  }

  /** True when saved (or nothing to save). */
  async update(group: Group, draft: GroupDraft): Promise<boolean> {
    const patch = updatePatchOf(group, draft);
    if (!patch) return true;
    const saved = await this.mutation.run('update', () => api.groups.update({ groupId: group.id, patch }));
    if (!saved) return false;
    this.groups.set(this.groups.value.map((g) => (g.id === saved.id ? saved : g)));
    return true;
  }

  async remove(groupId: string): Promise<boolean> {
    const done = await this.mutation.run('delete', async () => {
      await api.groups.delete({ groupId });
      return true;
    });
    if (!done) return false;
    this.groups.set(this.groups.value.filter((g) => g.id !== groupId));
    if (this.#selectedId === groupId) this.#selectedId = null;
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// A group's conversation

export const HISTORY_LIMIT = 100;
/** Page size when walking a group's history forward, and how far to walk. */
export const FORWARD_PAGE = 500;
const MAX_FORWARD_PAGES = 20;

export interface GroupEntry {
  key: string;
  message: LettaMessageUnion;
  /** The member agent's name; null for the user. */
  speaker: string | null;
  live: boolean;
}

export type GroupNotice = { key: string; tone: 'stopped' | 'error'; message: string; hint?: string | undefined; retryText?: string };
export type TurnStatus = 'idle' | 'sending' | 'streaming' | 'cancelling';

/**
 * History as the user would tell it: the user's message once (the server stores a copy per
 * member, sharing the otid we sent, or the same text when another client sent it), without the
 * relayed copies of what members said to each other, each message with its speaker. A tool's
 * result is named after the tool, so it takes the speaker of the call before it.
 */
export function conversationOf(messages: LettaMessageUnion[], agentNames: ReadonlyMap<string, string>, live = false): GroupEntry[] {
  const names = new Set(agentNames.values());
  const seenOtids = new Set<string>();
  const entries: GroupEntry[] = [];
  let lastUserText: string | null = null;
  let speaker: string | null = null;
  for (const message of messages) {
    const m = message as LettaMessageUnion & { name?: string | null; sender_id?: string | null; otid?: string | null; content?: unknown };
    if (m.message_type === 'system_message') {
      if (m.sender_id) continue;
    }
    if (m.message_type === 'user_message') {
      const text = messageText(m.content);
      if (m.otid) {
        if (seenOtids.has(m.otid)) continue;
        seenOtids.add(m.otid);
      } else if (text === lastUserText) continue;
      lastUserText = text;
      speaker = null;
      entries.push({ key: messageKey(message), message, speaker: null, live });
      continue;
    }
    if (m.name && names.has(m.name)) speaker = m.name;
    else if (m.sender_id && agentNames.has(m.sender_id)) speaker = agentNames.get(m.sender_id)!;
    else if (m.name && m.message_type !== 'tool_return_message') speaker = m.name;
    entries.push({ key: messageKey(message), message, speaker, live });
  }
  return thoughtsFirst(entries);
}

const STEP_ORDER: Record<string, number> = { reasoning_message: 0, hidden_reasoning_message: 0, tool_call_message: 1, assistant_message: 2 };

/**
 * One stored message expands into a thought and a reply (same id), and a token stream can send
 * the reply's pieces first; the thought always reads before what it led to.
 */
function thoughtsFirst(entries: GroupEntry[]): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (let i = 0; i < entries.length; ) {
    let j = i + 1;
    while (j < entries.length && entries[j]!.message.id === entries[i]!.message.id) j++;
    const run = entries.slice(i, j);
    if (run.length > 1) run.sort((a, b) => (STEP_ORDER[a.message.message_type] ?? 3) - (STEP_ORDER[b.message.message_type] ?? 3));
    out.push(...run);
    i = j;
  }
  return out;
}

export interface GroupChatDeps {
  api: { groups: Pick<Api['groups'], 'listMessages' | 'startStream' | 'send' | 'cancel' | 'resetMessages' | 'updateMessage'>; settings: Pick<Api['settings'], 'get'> };
  onEvent: typeof onEvent;
  frame: (callback: () => void) => void;
  newId: () => string;
}

const defaultDeps: GroupChatDeps = {
  api,
  onEvent,
  frame: (callback) => requestAnimationFrame(() => callback()),
  newId: () => crypto.randomUUID(),
};

export class GroupChatState {
  readonly groupId: string;
  readonly #deps: GroupChatDeps;
  readonly #names: () => ReadonlyMap<string, string>;

  #history = $state.raw<LettaMessageUnion[]>([]);
  #stream = $state.raw<LettaMessageUnion[]>([]);
  #pendingText = $state<string | null>(null);
  #notices = $state.raw<GroupNotice[]>([]);
  #loaded = $state(false);
  #loading = $state(false);
  #error = $state.raw<ApiError | null>(null);
  #status = $state<TurnStatus>('idle');
  #usage = $state.raw<LettaUsageStatistics | null>(null);
  #resetting = $state(false);
  #savingId = $state<string | null>(null);
  #editError = $state.raw<ApiError | null>(null);
  #resetError = $state.raw<ApiError | null>(null);

  #requestId: string | null = null;
  #work: LettaMessageUnion[] = [];
  #framePending = false;
  #disposed = false;
  #generation = 0;

  readonly history: GroupEntry[] = $derived.by(() => conversationOf(this.#history, this.#names()));
  readonly live: GroupEntry[] = $derived.by(() => conversationOf(this.#stream, this.#names(), true));

  readonly #pagesForward: boolean;

  /**
   * `names` maps agent ids to names (kept current by the screen's agent list). `pagesForward`:
   * the group has no manager agent, and server 0.7.29 lists such a group's messages oldest first,
   * so the newest are reached by walking forward with `after`.
   */
  constructor(groupId: string, names: () => ReadonlyMap<string, string>, deps: GroupChatDeps = defaultDeps, options: { pagesForward?: boolean } = {}) {
    this.groupId = groupId;
    this.#names = names;
    this.#deps = deps;
    this.#pagesForward = options.pagesForward ?? false;
  }

  async #fetchHistory(): Promise<LettaMessageUnion[]> {
    const list = this.#deps.api.groups.listMessages;
    if (!this.#pagesForward) return list({ groupId: this.groupId, limit: HISTORY_LIMIT });
    const all: LettaMessageUnion[] = [];
    const seen = new Set<string>();
    let after: string | undefined;
    for (let i = 0; i < MAX_FORWARD_PAGES; i++) {
      const page = await list({ groupId: this.groupId, limit: FORWARD_PAGE, ...(after ? { after } : {}) });
      // Rows of the same second can come again across a cursor (a 0.7.29 quirk): keep each once.
      const fresh = page.filter((m) => !seen.has(messageKey(m)));
      fresh.forEach((m) => seen.add(messageKey(m)));
      all.push(...fresh);
      if (fresh.length === 0) break;
      after = page[page.length - 1]!.id;
    }
    return all;
  }

  get loaded(): boolean {
    return this.#loaded;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): ApiError | null {
    return this.#error;
  }
  get status(): TurnStatus {
    return this.#status;
  }
  get busy(): boolean {
    return this.#status !== 'idle';
  }
  get pendingText(): string | null {
    return this.#pendingText;
  }
  get notices(): GroupNotice[] {
    return this.#notices;
  }
  get usage(): LettaUsageStatistics | null {
    return this.#usage;
  }
  /** The message whose edit is being saved. */
  get savingId(): string | null {
    return this.#savingId;
  }
  get editError(): ApiError | null {
    return this.#editError;
  }
  clearEditError(): void {
    this.#editError = null;
  }

  /**
   * Corrects what a member said: the reply as that member keeps it in its history (each member
   * has its own copy of the user's words, so only replies are edited here).
   */
  async editReply(message: LettaMessageUnion, text: string): Promise<boolean> {
    if (message.message_type !== 'assistant_message' || !text.trim()) return false;
    this.#savingId = message.id;
    this.#editError = null;
    try {
      const updated = await this.#deps.api.groups.updateMessage({ groupId: this.groupId, messageId: message.id, update: { message_type: 'assistant_message', content: text } });
      const merged = { ...message, ...updated, message_type: message.message_type } as LettaMessageUnion;
      this.#history = this.#history.map((m) => (m.id === message.id && m.message_type === message.message_type ? merged : m));
      return true;
    } catch (error) {
      this.#editError = asApiError(error);
      return false;
    } finally {
      this.#savingId = null;
    }
  }

  get resetting(): boolean {
    return this.#resetting;
  }
  get resetError(): ApiError | null {
    return this.#resetError;
  }

  start(): () => void {
    void this.load();
    const stops = [
      this.#deps.onEvent('chat:stream', ({ requestId, chunk }) => {
        if (requestId === this.#requestId) this.#onChunk(chunk);
      }),
      this.#deps.onEvent('groups:changed', ({ groupId }) => {
        if ((!groupId || groupId === this.groupId) && this.#status === 'idle') void this.load();
      }),
    ];
    return () => {
      this.#disposed = true;
      stops.forEach((stop) => stop());
      if (this.#requestId && this.#status !== 'idle') void this.#deps.api.groups.cancel({ requestId: this.#requestId }).catch(() => undefined);
    };
  }

  /** The latest page; the streamed turn stays on screen until the history holds it. */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.#loading = true;
    try {
      const page = await this.#fetchHistory();
      if (generation !== this.#generation) return;
      this.#history = page;
      this.#error = null;
      this.#loaded = true;
      if (this.#status === 'idle') {
        this.#stream = [];
        this.#work = [];
        this.#pendingText = null;
      }
    } catch (error) {
      if (generation === this.#generation) this.#error = asApiError(error);
    } finally {
      if (generation === this.#generation) this.#loading = false;
    }
  }

  async send(text: string): Promise<boolean> {
    const trimmed = text.trim();
    if (!trimmed || this.#status !== 'idle') return false;
    this.#notices = [];
    this.#usage = null;
    this.#work = [];
    this.#stream = [];
    this.#pendingText = trimmed;
    this.#status = 'sending';
    const { streamTokens, streamReplies } = await streamingChoice(() => this.#deps.api.settings.get());
    if (!streamReplies) return this.#sendWhole(trimmed);
    const requestId = this.#deps.newId();
    this.#requestId = requestId;
    try {
      await this.#deps.api.groups.startStream({ groupId: this.groupId, requestId, text: trimmed, streamTokens });
      if (this.#requestId === requestId && this.#status === 'sending') this.#status = 'streaming';
      return true;
    } catch (error) {
      if (this.#requestId !== requestId) return false;
      this.#requestId = null;
      this.#status = 'idle';
      this.#pendingText = null;
      const e = asApiError(error);
      this.#notices = [{ key: `notice:${this.#deps.newId()}`, tone: 'error', message: e.message, hint: e.hint, retryText: trimmed }];
      return false;
    }
  }

  async cancel(): Promise<void> {
    const requestId = this.#requestId;
    if (!requestId || (this.#status !== 'streaming' && this.#status !== 'sending')) return;
    this.#status = 'cancelling';
    try {
      const { cancelled } = await this.#deps.api.groups.cancel({ requestId });
      if (!cancelled && this.#requestId === requestId) this.#finish();
    } catch (error) {
      if (this.#requestId === requestId) {
        this.#status = 'streaming';
        const e = asApiError(error);
        this.#notices = [...this.#notices, { key: `notice:${this.#deps.newId()}`, tone: 'error', message: e.message, hint: e.hint }];
      }
    }
  }

  dismissNotice(key: string): void {
    this.#notices = this.#notices.filter((n) => n.key !== key);
  }

  /** Deletes the group's messages from every member (confirmed by the screen first). */
  async reset(): Promise<boolean> {
    if (this.#status !== 'idle') return false;
    this.#resetting = true;
    this.#resetError = null;
    try {
      await this.#deps.api.groups.resetMessages({ groupId: this.groupId });
      this.#notices = [];
      this.#usage = null;
      await this.load();
      return true;
    } catch (error) {
      this.#resetError = asApiError(error);
      return false;
    } finally {
      this.#resetting = false;
    }
  }

  clearResetError(): void {
    this.#resetError = null;
  }

  /** Streaming off in Preferences: the whole group turn in one request, then the history again. */
  async #sendWhole(text: string): Promise<boolean> {
    try {
      const response = await this.#deps.api.groups.send({ groupId: this.groupId, text });
      this.#usage = response.usage;
      this.#status = 'idle';
      await this.load();
      return true;
    } catch (error) {
      this.#status = 'idle';
      this.#pendingText = null;
      const e = asApiError(error);
      this.#notices = [{ key: `notice:${this.#deps.newId()}`, tone: 'error', message: e.message, hint: e.hint, retryText: text }];
      return false;
    }
  }

  /** Whether Stop can reach the running turn (a whole-turn send cannot be stopped once sent). */
  get cancellable(): boolean {
    return this.#requestId !== null && (this.#status === 'sending' || this.#status === 'streaming');
  }

  #onChunk(chunk: ChatStreamChunk): void {
    if (this.#status === 'sending') this.#status = 'streaming';
    switch (chunk.type) {
      case 'message': {
        const message = chunk.message as LettaMessageUnion;
        const key = messageKey(message);
        const at = this.#work.findIndex((m) => messageKey(m) === key);
        if (at >= 0) this.#work[at] = mergeDelta(this.#work[at], message);
        else this.#work.push(message);
        this.#scheduleFlush();
        return;
      }
      case 'usage':
        this.#usage = chunk.usage;
        return;
      case 'done':
        this.#finish();
        return;
      case 'cancelled':
        this.#finish({ tone: 'stopped', message: 'Stopped. What the members had said so far is kept.' });
        return;
      case 'error':
        this.#finish({ tone: 'error', message: chunk.error.message, hint: chunk.error.hint, ...(this.#pendingText ? { retryText: this.#pendingText } : {}) });
        return;
    }
  }

  #finish(notice?: Omit<GroupNotice, 'key'>): void {
    this.#requestId = null;
    this.#status = 'idle';
    this.#flush();
    if (notice) this.#notices = [...this.#notices, { key: `notice:${this.#deps.newId()}`, ...notice }];
    // The server has stored the turn; the history replaces the streamed copy once it arrives.
    void this.load();
  }

  #scheduleFlush(): void {
    if (this.#framePending) return;
    this.#framePending = true;
    this.#deps.frame(() => {
      this.#framePending = false;
      if (!this.#disposed) this.#flush();
    });
  }

  #flush(): void {
    this.#stream = this.#work.slice();
  }
}
