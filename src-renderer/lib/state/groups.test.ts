import { describe, expect, it, vi } from 'vitest';
import type { ChatStreamChunk } from '../../../src-shared/app-types';
import type { Group, LettaMessageUnion } from '../../../src-shared/letta-types';

const server = { memberBlocks: {} as Record<string, { id: string; label: string }[]>, groups: [] as Group[], created: [] as unknown[], failCreate: null as null | { message: string } };

vi.mock('../api', () => ({
  api: {
    groups: {
      list: async (args: { manager_type?: string }) => server.groups.filter((g) => !args.manager_type || g.manager_type === args.manager_type),
      create: async (args: { body: { manager_config?: { manager_type: string } } }) => {
        if (server.failCreate) throw server.failCreate;
        server.created.push(args.body);
        const group = { id: `group-${server.created.length}`, manager_type: args.body.manager_config?.manager_type ?? 'round_robin', agent_ids: [], description: 'x' } as unknown as Group;
        server.groups.push(group);
        return group;
      },
    },
    agents: { list: async () => [] },
    memory: { listBlocks: async (args: { agentId: string }) => server.memberBlocks[args.agentId] ?? [] },
    blocks: { list: async () => [] },
  },
  asApiError: (e: unknown) => e,
  onEvent: () => () => {},
}));

const {
  GroupChatState,
  GroupsState,
  conversationOf,
  sharedBlocksOf,
  createBodyOf,
  draftFromGroup,
  emptyDraft,
  updatePatchOf,
  validateDraft,
} = await import('./groups.svelte');
type Deps = ConstructorParameters<typeof GroupChatState>[2];

const group = (over: Partial<Group> = {}): Group =>
  ({ id: 'group-1', manager_type: 'round_robin', agent_ids: ['agent-a', 'agent-b'], description: 'Pair', shared_block_ids: [], max_turns: null, ...over }) as Group;

describe('group form', () => {
  it('refuses an empty description, no members and a manager missing or doubling as a member', () => {
    expect(Object.keys(validateDraft(emptyDraft()))).toEqual(['description', 'memberIds']);
    const supervisor = { ...emptyDraft('supervisor'), description: 'Team', memberIds: ['agent-a'] };
    expect(validateDraft(supervisor).managerAgentId).toBe('Pick the supervisor agent.');
    expect(validateDraft({ ...supervisor, managerAgentId: 'agent-a' }).managerAgentId).toMatch(/cannot also be one of the members/);
    expect(validateDraft({ ...supervisor, managerAgentId: 'agent-m' })).toEqual({});
  });

  it('checks each type\'s numbers: turns, frequency, and both-or-neither buffers above 4 with max > min', () => {
    const base = { ...emptyDraft(), description: 'd', memberIds: ['agent-a'] };
    expect(validateDraft({ ...base, maxTurns: '0' }).maxTurns).toMatch(/whole number/);
    expect(validateDraft({ ...base, maxTurns: '2.5' }).maxTurns).toMatch(/whole number/);
    expect(validateDraft({ ...base, maxTurns: '3' })).toEqual({});
    const sleeptime = { ...base, managerType: 'sleeptime' as const, managerAgentId: 'agent-m' };
    expect(validateDraft({ ...sleeptime, sleeptimeFrequency: 'often' }).sleeptimeFrequency).toMatch(/whole number/);
    const voice = { ...base, managerType: 'voice_sleeptime' as const, managerAgentId: 'agent-m' };
    expect(validateDraft(voice)).toEqual({});
    expect(validateDraft({ ...voice, maxBuffer: '30' }).minBuffer).toMatch(/Set both/);
    expect(validateDraft({ ...voice, maxBuffer: '4', minBuffer: '3' }).maxBuffer).toMatch(/at least 5/);
    expect(validateDraft({ ...voice, maxBuffer: '10', minBuffer: '10' }).maxBuffer).toMatch(/larger than min/);
    expect(validateDraft({ ...voice, maxBuffer: '30', minBuffer: '15' })).toEqual({});
  });

  it('will not pretend to clear a max_turns the server keeps', () => {
    const original = group({ max_turns: 4 });
    expect(validateDraft({ ...draftFromGroup(original), maxTurns: '' }, original).maxTurns).toMatch(/cannot clear/);
  });

  it('sends only the picked type\'s fields, with the dynamic token defaulting to DONE!', () => {
    const base = { ...emptyDraft(), description: ' Team ', memberIds: ['agent-a', 'agent-b'], maxTurns: '4', sleeptimeFrequency: '9' };
    expect(createBodyOf({ ...base, sharedBlockIds: ['block-1'] })).toEqual({
      description: 'Team',
      agent_ids: ['agent-a', 'agent-b'],
      manager_config: { manager_type: 'round_robin', max_turns: 4 },
      shared_block_ids: ['block-1'],
    });
    expect(createBodyOf({ ...base, managerType: 'supervisor', managerAgentId: 'agent-m' }).manager_config).toEqual({ manager_type: 'supervisor', manager_agent_id: 'agent-m' });
    expect(createBodyOf({ ...base, managerType: 'dynamic', managerAgentId: 'agent-m', terminationToken: ' ' }).manager_config).toEqual({
      manager_type: 'dynamic',
      manager_agent_id: 'agent-m',
      termination_token: 'DONE!',
      max_turns: 4,
    });
    expect(createBodyOf({ ...base, managerType: 'voice_sleeptime', managerAgentId: 'agent-m', maxBuffer: '30', minBuffer: '15' }).manager_config).toEqual({
      manager_type: 'voice_sleeptime',
      manager_agent_id: 'agent-m',
      max_message_buffer_length: 30,
      min_message_buffer_length: 15,
    });
  });

  it('an edit sends what changed, with the manager config tagged by the group\'s type', () => {
    const original = group({ max_turns: 2 });
    expect(updatePatchOf(original, draftFromGroup(original))).toBeNull();
    expect(updatePatchOf(original, { ...draftFromGroup(original), description: 'Pair, renamed', maxTurns: '3' })).toEqual({
      description: 'Pair, renamed',
      manager_config: { manager_type: 'round_robin', max_turns: 3 },
    });
    expect(updatePatchOf(original, { ...draftFromGroup(original), memberIds: ['agent-b'] })).toEqual({ agent_ids: ['agent-b'] });
  });
});

describe('shared blocks', () => {
  it('are the blocks every member holds (the server reports none), or the reported ones when it does', async () => {
    const team = { id: 'block-team', label: 'team' };
    server.memberBlocks = {
      'agent-a': [{ id: 'block-pa', label: 'persona' }, team],
      'agent-b': [team, { id: 'block-pb', label: 'persona' }],
    };
    expect((await sharedBlocksOf(group())).map((b) => b.label)).toEqual(['team']);
    expect(await sharedBlocksOf(group({ shared_block_ids: ['block-other'] }))).toEqual([]);
    expect(await sharedBlocksOf(group({ agent_ids: [] }))).toEqual([]);
  });
});

describe('group list', () => {
  it('filters by manager type, and a created group of another type clears the filter and is selected', async () => {
    server.groups = [group(), group({ id: 'group-s', manager_type: 'supervisor' })];
    const state = new GroupsState();
    state.setFilter('supervisor');
    await vi.waitFor(() => expect(state.groups.value.map((g) => g.id)).toEqual(['group-s']));
    const created = await state.create({ ...emptyDraft(), description: 'New', memberIds: ['agent-a'] });
    expect(created?.manager_type).toBe('round_robin');
    expect(state.filter).toBe('');
    expect(state.selected?.id).toBe(created?.id);
  });

  it('keeps the server\'s refusal for the dialog to show', async () => {
    server.failCreate = { message: 'Items not found in agents' };
    const state = new GroupsState();
    expect(await state.create({ ...emptyDraft(), description: 'New', memberIds: ['agent-x'] })).toBeUndefined();
    expect(state.mutation.error).toEqual({ message: 'Items not found in agents' });
    server.failCreate = null;
  });
});

const names = new Map([
  ['agent-a', 'Ada'],
  ['agent-b', 'Bo'],
]);
const msg = (id: string, type: string, extra: Record<string, unknown> = {}) => ({ id, date: '2026-01-01T00:00:00Z', message_type: type, ...extra }) as unknown as LettaMessageUnion;

describe('group conversation', () => {
  it('shows the user once, drops the relayed copies, and names who said what (a tool result takes its call\'s speaker)', () => {
    const history = [
      msg('u1', 'user_message', { content: 'hello', otid: 'o-1' }),
      msg('r1', 'reasoning_message', { name: 'Ada', reasoning: 'hm' }),
      msg('t1', 'tool_call_message', { name: 'Ada', tool_call: { name: 'core_memory_append', arguments: '{}' } }),
      msg('t1r', 'tool_return_message', { name: 'core_memory_append', tool_return: 'ok' }),
      msg('a1', 'assistant_message', { name: 'Ada', content: 'hi' }),
      msg('u2', 'user_message', { content: 'hello', otid: 'o-1' }),
      msg('s1', 'system_message', { name: 'Ada', sender_id: 'agent-a', content: '{"type":"system_alert"}' }),
      msg('a2', 'assistant_message', { name: 'Bo', content: 'hey' }),
      msg('s2', 'system_message', { name: 'Bo', sender_id: 'agent-b', content: 'hey' }),
    ];
    expect(conversationOf(history, names).map((e) => [e.message.id, e.speaker])).toEqual([
      ['u1', null],
      ['r1', 'Ada'],
      ['t1', 'Ada'],
      ['t1r', 'Ada'],
      ['a1', 'Ada'],
      ['a2', 'Bo'],
    ]);
  });

  it('reads a thought before the reply it led to, even when the stream sent the reply first', () => {
    const streamed = [msg('m1', 'assistant_message', { name: 'Ada', content: 'hi' }), msg('m1', 'reasoning_message', { name: 'Ada', reasoning: 'hm' })];
    expect(conversationOf(streamed, names).map((e) => e.message.message_type)).toEqual(['reasoning_message', 'assistant_message']);
  });

  it('without otids, a copy of the same text right after is dropped but a new message is kept', () => {
    const history = [
      msg('u1', 'user_message', { content: 'same' }),
      msg('a1', 'assistant_message', { name: 'Ada', content: '1' }),
      msg('u2', 'user_message', { content: 'same' }),
      msg('u3', 'user_message', { content: 'different' }),
    ];
    expect(conversationOf(history, names).map((e) => e.message.id)).toEqual(['u1', 'a1', 'u3']);
  });
});

function chatHarness(pages: LettaMessageUnion[][]) {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const frames: (() => void)[] = [];
  let ids = 0;
  const calls = {
    listMessages: vi.fn(async () => pages.shift() ?? []),
    startStream: vi.fn(async (args: { requestId: string }) => ({ requestId: args.requestId })),
    cancel: vi.fn(async () => ({ cancelled: true })),
    resetMessages: vi.fn(async () => undefined),
    updateMessage: vi.fn(async (args: { messageId: string; update: { content: string } }) => ({ id: args.messageId, message_type: 'assistant_message', content: args.update.content })),
  };
  const deps: Deps = {
    api: {
      groups: calls as unknown as NonNullable<Deps>['api']['groups'],
      settings: { get: async () => ({ theme: 'system', sendOnEnter: true, streamTokens: false, streamReplies: true, lastProfileId: null }) },
    },
    onEvent: ((event: string, listener: (payload: never) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    }) as NonNullable<Deps>['onEvent'],
    frame: (callback) => void frames.push(callback),
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  };
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload as never));
  const chunk = (requestId: string, c: ChatStreamChunk) => emit('chat:stream', { requestId, chunk: c });
  const runFrames = () => frames.splice(0).forEach((f) => f());
  return { deps, calls, emit, chunk, runFrames };
}

describe('group chat', () => {
  it('corrects a member\'s reply as that member keeps it, and leaves the user\'s words alone', async () => {
    const stored = [msg('u1', 'user_message', { content: 'hi', otid: 'o' }), msg('a1', 'assistant_message', { name: 'Ada', content: 'Helo' })];
    const h = chatHarness([stored]);
    const chat = new GroupChatState('group-1', () => names, h.deps);
    await chat.load();
    expect(await chat.editReply(stored[1]!, 'Hello')).toBe(true);
    expect(h.calls.updateMessage).toHaveBeenCalledWith({ groupId: 'group-1', messageId: 'a1', update: { message_type: 'assistant_message', content: 'Hello' } });
    const reply = chat.history.find((e) => e.message.id === 'a1')!.message as { content: string; name?: string };
    expect(reply.content).toBe('Hello');
    expect(reply.name).toBe('Ada');
    expect(await chat.editReply(stored[0]!, 'changed')).toBe(false);
    h.calls.updateMessage.mockRejectedValueOnce(Object.assign(new Error('Message not found'), { code: 'not_found' }));
    expect(await chat.editReply(stored[1]!, 'Again')).toBe(false);
    expect(chat.editError?.message).toBe('Message not found');
  });

  it('walks a managerless group\'s history forward (the server lists it oldest first) until nothing new comes', async () => {
    const first = [msg('u1', 'user_message', { content: 'one', otid: 'o1' }), msg('a1', 'assistant_message', { name: 'Ada', content: '1' })];
    const second = [msg('a1', 'assistant_message', { name: 'Ada', content: '1' }), msg('u2', 'user_message', { content: 'two', otid: 'o2' })];
    const h = chatHarness([first, second, [msg('u2', 'user_message', { content: 'two', otid: 'o2' })]]);
    const chat = new GroupChatState('group-1', () => names, h.deps, { pagesForward: true });
    await chat.load();
    expect(h.calls.listMessages.mock.calls.map((c) => (c as unknown as [{ after?: string }])[0].after)).toEqual([undefined, 'a1', 'u2']);
    expect(chat.history.map((e) => e.message.id)).toEqual(['u1', 'a1', 'u2']);
  });

  it('streams each member\'s reply under its name, then swaps in the stored history', async () => {
    const stored = [msg('u1', 'user_message', { content: 'hi all', otid: 'o' }), msg('a1', 'assistant_message', { name: 'Ada', content: 'Hello' })];
    const h = chatHarness([[], stored]);
    const chat = new GroupChatState('group-1', () => names, h.deps);
    const stop = chat.start();
    await vi.waitFor(() => expect(chat.loaded).toBe(true));

    expect(await chat.send('  hi all ')).toBe(true);
    const { requestId, text, streamTokens } = h.calls.startStream.mock.calls[0]![0] as { requestId: string; text: string; streamTokens: boolean };
    expect([text, streamTokens, chat.status, chat.pendingText]).toEqual(['hi all', false, 'streaming', 'hi all']);

    h.chunk(requestId, { type: 'message', message: msg('a1', 'assistant_message', { name: 'Ada', content: 'Hel' }) as never });
    h.chunk(requestId, { type: 'message', message: msg('a1', 'assistant_message', { name: 'Ada', content: 'lo' }) as never });
    h.chunk(requestId, { type: 'message', message: msg('a2', 'assistant_message', { name: 'Bo', content: 'Hey' }) as never });
    h.chunk('someone-else', { type: 'message', message: msg('x', 'assistant_message', { name: 'Zed', content: 'no' }) as never });
    expect(chat.live).toEqual([]);
    h.runFrames();
    expect(chat.live.map((e) => [e.speaker, (e.message as { content: string }).content, e.live])).toEqual([
      ['Ada', 'Hello', true],
      ['Bo', 'Hey', true],
    ]);

    h.chunk(requestId, { type: 'done' });
    expect(chat.status).toBe('idle');
    await vi.waitFor(() => expect(chat.live).toEqual([]));
    expect(chat.history.map((e) => e.message.id)).toEqual(['u1', 'a1']);
    expect(chat.pendingText).toBeNull();
    stop();
  });

  it('a refused send keeps the text for a retry; a failed stream says why and offers it too', async () => {
    const h = chatHarness([[], [], []]);
    h.calls.startStream.mockRejectedValueOnce({ message: 'Group not found', hint: 'Refresh the list.' });
    const chat = new GroupChatState('group-1', () => names, h.deps);
    chat.start();
    expect(await chat.send('hello')).toBe(false);
    expect(chat.notices).toMatchObject([{ tone: 'error', message: 'Group not found', hint: 'Refresh the list.', retryText: 'hello' }]);
    expect(chat.status).toBe('idle');

    await chat.send('again');
    const { requestId } = h.calls.startStream.mock.calls[1]![0] as { requestId: string };
    h.chunk(requestId, { type: 'error', error: { code: 'internal', message: 'LLM failed' } });
    expect(chat.notices).toMatchObject([{ tone: 'error', message: 'LLM failed', retryText: 'again' }]);
  });

  it('stop cancels the stream and says what is kept; reset clears the history', async () => {
    const h = chatHarness([[msg('u1', 'user_message', { content: 'old' })], [], []]);
    const chat = new GroupChatState('group-1', () => names, h.deps);
    chat.start();
    await vi.waitFor(() => expect(chat.history).toHaveLength(1));
    await chat.send('long one');
    const { requestId } = h.calls.startStream.mock.calls[0]![0] as { requestId: string };
    await chat.cancel();
    expect(h.calls.cancel).toHaveBeenCalledWith({ requestId });
    h.chunk(requestId, { type: 'cancelled' });
    expect(chat.notices.map((n) => n.tone)).toEqual(['stopped']);

    expect(await chat.reset()).toBe(true);
    expect(h.calls.resetMessages).toHaveBeenCalledWith({ groupId: 'group-1' });
    expect(chat.history).toEqual([]);
    expect(chat.notices).toEqual([]);
  });
});
