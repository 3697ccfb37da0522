/**
 * Agents through the typed client against the real Letta 0.7.29 server: the lifecycle a user goes
 * through (create, find, rename, inspect the context window, export/import, delete), what hangs
 * off an agent (tools, sources, shared blocks, groups, tags), and the server's real answers to bad
 * input. Server quirks found here are asserted as they are, with the reason next to them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LettaNotFoundError, LettaServerError, LettaValidationError } from '../../src-main/letta/core/errors.js';
import { paginate } from '../../src-main/letta/core/pagination.js';
import type { AgentListParams, AgentState } from '../../src-main/letta/types/agents.js';
import { FAKE_CONTEXT_WINDOW, FAKE_MODEL, fakeLlmCommands as cmd } from '../fake-llm/server.js';
import { AgentFactory, uniqueName, uniqueWord } from './support/agents.js';
import { testClient } from './support/coverage.js';

const client = testClient();
const agents = new AgentFactory(client);
afterAll(() => agents.cleanup());

const byLabel = (agent: AgentState) => Object.fromEntries(agent.memory.blocks.map((b) => [b.label, b.value]));
const ids = (list: { id: string }[]) => list.map((a) => a.id);

describe('agents', () => {
  it('create → retrieve → modify (name, system, tags) → delete, with the count and the tag list following', async () => {
    const before = await client.agents.count();
    const tag = uniqueWord('tag');
    const created = await agents.create({
      name: uniqueName('lifecycle'),
      system: 'You are the lifecycle test agent.',
      tags: [tag, 'letta-desk-it'],
      memory_blocks: [{ label: 'human', value: 'Name: Ada.', limit: 1000 }],
    });

    expect(created.id).toMatch(/^agent-/);
    expect(created.llm_config).toMatchObject({ model: FAKE_MODEL, context_window: FAKE_CONTEXT_WINDOW, model_endpoint_type: 'openai' });
    expect(created.embedding_config.embedding_model).toBe('letta-desk-fake-embedding');
    expect(created.tags.sort()).toEqual([tag, 'letta-desk-it'].sort());
    expect(created.memory.blocks.map((b) => [b.label, b.value, b.limit])).toEqual([['human', 'Name: Ada.', 1000]]);
    expect(created.system).toBe('You are the lifecycle test agent.');
    // initial_message_sequence: [] leaves exactly the system message in context.
    expect(created.message_ids).toHaveLength(1);
    expect(await client.agents.count()).toBe(before + 1);

    const retrieved = await client.agents.retrieve(created.id);
    expect(retrieved).toMatchObject({ id: created.id, name: created.name, system: created.system });
    expect(byLabel(retrieved)).toEqual({ human: 'Name: Ada.' });
    expect(await client.tags.list({ query_text: tag })).toEqual([tag]);

    const newTag = uniqueWord('renamed');
    const modified = await client.agents.modify(created.id, {
      name: `${created.name}-renamed`,
      system: 'You are the renamed test agent.',
      tags: [newTag],
    });
    expect(modified).toMatchObject({ id: created.id, name: `${created.name}-renamed`, system: 'You are the renamed test agent.', tags: [newTag] });
    const reread = await client.agents.retrieve(created.id);
    expect(reread).toMatchObject({ name: `${created.name}-renamed`, system: 'You are the renamed test agent.', tags: [newTag] });
    // The old tag disappears from the distinct tag list once no agent carries it.
    expect(await client.tags.list({ query_text: tag })).toEqual([]);
    expect(await client.tags.list({ query_text: newTag })).toEqual([newTag]);

    const deleted = await client.agents.delete(created.id);
    expect(deleted.message).toContain(created.id);
    await expect(client.agents.retrieve(created.id)).rejects.toBeInstanceOf(LettaNotFoundError);
    expect(await client.agents.count()).toBe(before);
  });

  it('lists by name and tags, and pages with after/limit and with paginate()', async () => {
    const tag = uniqueWord('page');
    const odd = uniqueWord('odd');
    // Imported agents keep the file's created_at, which makes the order known in advance.
    const template = await client.agents.exportFile((await agents.create({ include_base_tools: false, memory_blocks: [] })).id);
    const tagged: AgentState[] = [];
    for (let i = 1; i <= 3; i++) {
      const file = { ...template, name: uniqueName(`page-${i}`), created_at: `2020-01-01T00:00:0${i}`, tags: i === 2 ? [{ tag }, { tag: odd }] : [{ tag }] };
      tagged.push(agents.track(await client.agents.importFile({ file, append_copy_suffix: false })));
    }
    expect(tagged.map((a) => a.created_at)).toEqual(['2020-01-01T00:00:01', '2020-01-01T00:00:02', '2020-01-01T00:00:03']);
    const untagged = await agents.create({ name: uniqueName('untagged') });
    const newestFirst = ids([...tagged].reverse());

    expect(ids(await client.agents.list({ name: tagged[0]!.name }))).toEqual([tagged[0]!.id]);
    expect(ids(await client.agents.list({ query_text: tagged[0]!.name }))).toEqual([tagged[0]!.id]);

    // Server 0.7.29 bug: `_apply_tag_filter` attaches its "any tag" branch to a for-else, so without
    // match_all_tags the tag filter is not applied at all (every agent comes back).
    expect(ids(await client.agents.list({ tags: [tag] }))).toContain(untagged.id);
    // With match_all_tags it filters as documented.
    expect(ids(await client.agents.list({ tags: [tag], match_all_tags: true }))).toEqual(newestFirst);
    expect(ids(await client.agents.list({ tags: [tag, odd], match_all_tags: true }))).toEqual([tagged[1]!.id]);

    const filter: AgentListParams = { tags: [tag], match_all_tags: true };
    const page1 = await client.agents.list({ ...filter, limit: 2 });
    expect(ids(page1)).toEqual(newestFirst.slice(0, 2));
    expect(ids(await client.agents.list({ ...filter, limit: 2, after: page1[1]!.id }))).toEqual(newestFirst.slice(2));
    expect(ids(await client.agents.list({ ...filter, ascending: true, limit: 2, after: tagged[0]!.id }))).toEqual(ids(tagged).slice(1));

    const walk = async (params: AgentListParams, pageSize: number) => {
      const seen: string[] = [];
      for await (const agent of paginate((p) => client.agents.list(p), params, { pageSize })) seen.push(agent.id);
      return seen;
    };
    expect(await walk(filter, 2)).toEqual(newestFirst);
    expect(await walk(filter, 1)).toEqual(newestFirst);
    expect(await walk({ ...filter, ascending: true }, 2)).toEqual(ids(tagged));
  });

  /**
   * Server 0.7.29 on SQLite: an agent created through the API gets created_at from the database
   * clock, stored to the second ('2026-12-03 17:02:18'), while the cursor is compared as text with
   * microseconds ('… 17:02:18.000000'). So `after` = an agent created in the same second as others
   * returns those others and the cursor itself again (newest first), or skips them (ascending).
   */
  it('pages wrongly across agents created in the same second (server cursor bug, asserted as it is)', async () => {
    const tag = uniqueWord('same_second');
    const made: AgentState[] = [];
    // Creating takes ~0.1 s, so two consecutive agents soon share a second; bounded attempts.
    while (made.length < 2 || made.at(-1)!.created_at !== made.at(-2)!.created_at) {
      if (made.length >= 15) throw new Error('no two agents were created in the same second');
      made.push(await agents.create({ tags: [tag], include_base_tools: false, memory_blocks: [] }));
    }
    const filter: AgentListParams = { tags: [tag], match_all_tags: true };
    const newestFirst = await client.agents.list(filter);
    expect(ids(newestFirst).sort()).toEqual(ids(made).sort());
    const [newest, twin] = newestFirst as [AgentState, AgentState];
    expect(twin.created_at).toBe(newest.created_at);

    // "After the newest" should start at its twin; the server starts at the newest again.
    expect(ids(await client.agents.list({ ...filter, limit: 1, after: newest.id }))).toEqual([newest.id]);
    const afterNewest = await client.agents.list({ ...filter, after: newest.id });
    expect(ids(afterNewest)).toContain(newest.id);
    // So a one-by-one walk stops after the first agent (paginate sees only repeats and ends).
    const walked: string[] = [];
    for await (const agent of paginate((p) => client.agents.list(p), filter, { pageSize: 1 })) walked.push(agent.id);
    expect(walked).toEqual([newest.id]);
    // Ascending, the twin created in the same second is skipped.
    const oldestFirst = await client.agents.list({ ...filter, ascending: true });
    const [first, second] = oldestFirst.slice(-2) as [AgentState, AgentState];
    expect(ids(await client.agents.list({ ...filter, ascending: true, after: first.id }))).not.toContain(second.id);
  });

  it('reports a context window whose parts add up to the current size, bounded by the model window', async () => {
    const agent = await agents.create({
      system: 'You are the context window test agent.',
      memory_blocks: [{ label: 'human', value: 'Name: Grace. Likes compilers.' }],
    });
    const context = await client.agents.context.retrieve(agent.id);

    expect(context.context_window_size_max).toBe(agent.llm_config.context_window);
    expect(context.context_window_size_max).toBe(FAKE_CONTEXT_WINDOW);
    const parts =
      context.num_tokens_system +
      context.num_tokens_core_memory +
      context.num_tokens_external_memory_summary +
      context.num_tokens_summary_memory +
      context.num_tokens_functions_definitions +
      context.num_tokens_messages;
    expect(context.context_window_size_current).toBe(parts);
    expect(context.context_window_size_current).toBeLessThan(context.context_window_size_max);
    expect(context.num_tokens_system).toBeGreaterThan(0);
    expect(context.system_prompt).toBe('You are the context window test agent.');
    expect(context.core_memory).toContain('Name: Grace. Likes compilers.');
    // Only the system message is in context; it counts as a message but its tokens are the system part.
    expect(context.num_messages).toBe(1);
    expect(context.messages.map((m) => m.role)).toEqual(['system']);
    expect(context.num_archival_memory).toBe(0);
    expect(context.functions_definitions?.map((f) => f.function.name).sort()).toEqual(agent.tools.map((t) => t.name).sort());

    await client.agents.messages.create(agent.id, { messages: [{ role: 'user', content: 'hello context' }] });
    const after = await client.agents.context.retrieve(agent.id);
    // user + assistant (reasoning and send_message call) + the send_message tool return.
    expect(after.num_messages).toBe(4);
    expect(after.num_recall_memory).toBe(4);
    expect(after.num_tokens_messages).toBeGreaterThan(0);
    expect(after.context_window_size_current).toBeGreaterThan(context.context_window_size_current);

    // Changing `system` stores it on the agent, but the in-context system message (what the model
    // sees) is rebuilt only on the next memory change.
    await client.agents.modify(agent.id, { system: 'You are the edited context agent.' });
    expect((await client.agents.context.retrieve(agent.id)).system_prompt).toBe('You are the context window test agent.');
    await client.agents.coreMemory.blocks.modify(agent.id, 'human', { value: 'Name: Grace.' });
    const rebuilt = await client.agents.context.retrieve(agent.id);
    expect(rebuilt.system_prompt).toBe('You are the edited context agent.');
    expect(rebuilt.core_memory).toContain('Name: Grace.');
    expect(rebuilt.core_memory).not.toContain('Likes compilers.');
  });

  it('exports an agent file and imports it as a new agent with the same memory, system and history', async () => {
    const agent = await agents.create({
      system: 'You are the export test agent.',
      tags: ['letta-desk-export'],
      memory_blocks: [
        { label: 'human', value: 'Name: Linus.' },
        { label: 'persona', value: 'Exported persona.' },
      ],
    });
    await client.agents.messages.create(agent.id, { messages: [{ role: 'user', content: `remember ${cmd.remember('human', 'Uses git.')}` }] });
    const source = await client.agents.retrieve(agent.id);

    const file = await client.agents.exportFile(agent.id);
    expect(file).toMatchObject({ name: agent.name, system: 'You are the export test agent.', agent_type: 'memgpt_agent' });
    expect(Object.fromEntries(file.core_memory.map((b) => [b.label, b.value]))).toEqual({ human: 'Name: Linus.\nUses git.', persona: 'Exported persona.' });
    expect(file.tags).toEqual([{ tag: 'letta-desk-export' }]);
    expect(file.tools.map((t) => t.name).sort()).toEqual(source.tools.map((t) => t.name).sort());
    expect(file.in_context_message_indices).toHaveLength(source.message_ids!.length);
    expect(JSON.stringify(file)).not.toContain(agent.id);

    const imported = agents.track(await client.agents.importFile({ file }));
    expect(imported.id).not.toBe(agent.id);
    expect(imported.name).toBe(`${agent.name}_copy`);
    expect(imported.system).toBe(source.system);
    expect(byLabel(imported)).toEqual(byLabel(source));
    // New blocks, not shared ones: editing the copy leaves the original alone.
    const sourceBlockIds = source.memory.blocks.map((b) => b.id);
    for (const block of imported.memory.blocks) expect(sourceBlockIds).not.toContain(block.id);
    expect(imported.tags).toEqual(['letta-desk-export']);
    expect(imported.message_ids).toHaveLength(source.message_ids!.length);
    const history = await client.agents.messages.list(imported.id, { limit: 50 });
    expect(history.some((m) => m.message_type === 'user_message' && JSON.stringify(m).includes('remember'))).toBe(true);

    const stripped = agents.track(await client.agents.importFile({ file, strip_messages: true, append_copy_suffix: false }));
    expect(stripped.name).toBe(agent.name);
    expect(stripped.message_ids).toHaveLength(1);
  });

  it('attaches and detaches a tool, a source and a global block, with the agent state following each', async () => {
    const agent = await agents.create();
    const baseTools = agent.tools.map((t) => t.name).sort();

    const [webSearch] = await client.tools.list({ name: 'web_search' });
    expect(webSearch).toBeDefined();
    expect(baseTools).not.toContain('web_search');
    const withTool = await client.agents.tools.attach(agent.id, webSearch!.id);
    expect(withTool.tools.map((t) => t.name)).toContain('web_search');
    expect((await client.agents.tools.list(agent.id)).map((t) => t.name).sort()).toEqual([...baseTools, 'web_search'].sort());
    const withoutTool = await client.agents.tools.detach(agent.id, webSearch!.id);
    expect(withoutTool.tools.map((t) => t.name).sort()).toEqual(baseTools);

    const source = await client.sources.create({ name: uniqueName('attach-source'), embedding_config: agent.embedding_config });
    try {
      expect(await client.agents.sources.list(agent.id)).toEqual([]);
      const withSource = await client.agents.sources.attach(agent.id, source.id);
      expect(ids(withSource.sources)).toEqual([source.id]);
      expect((await client.agents.sources.list(agent.id)).map((s) => s.name)).toEqual([source.name]);
      const withoutSource = await client.agents.sources.detach(agent.id, source.id);
      expect(withoutSource.sources).toEqual([]);
      expect(await client.agents.sources.list(agent.id)).toEqual([]);
    } finally {
      await client.sources.delete(source.id);
    }

    const label = uniqueWord('shared');
    const block = await client.blocks.create({ label, value: 'Shared team notes.' });
    try {
      const withBlock = await client.agents.coreMemory.blocks.attach(agent.id, block.id);
      expect(byLabel(withBlock)).toMatchObject({ [label]: 'Shared team notes.' });
      expect((await client.agents.coreMemory.blocks.retrieve(agent.id, label)).id).toBe(block.id);
      expect(ids(await client.blocks.agents.list(block.id))).toEqual([agent.id]);
      const withoutBlock = await client.agents.coreMemory.blocks.detach(agent.id, block.id);
      expect(withoutBlock.memory.blocks.map((b) => b.label).sort()).toEqual(['human', 'persona']);
      await expect(client.agents.coreMemory.blocks.retrieve(agent.id, label)).rejects.toBeInstanceOf(LettaNotFoundError);
      // Detaching keeps the block itself.
      expect((await client.blocks.retrieve(block.id)).value).toBe('Shared team notes.');
      expect(await client.blocks.agents.list(block.id)).toEqual([]);
    } finally {
      await client.blocks.delete(block.id);
    }
  });

  it('lists the groups an agent belongs to, filtered by manager type', async () => {
    const agent = await agents.create();
    expect(await client.agents.groups.list(agent.id)).toEqual([]);
    const group = await client.groups.create({ agent_ids: [agent.id], description: 'agents.test group' });
    try {
      const groups = await client.agents.groups.list(agent.id);
      expect(groups.map((g) => [g.id, g.manager_type, g.agent_ids])).toEqual([[group.id, 'round_robin', [agent.id]]]);
      expect(await client.agents.groups.list(agent.id, { manager_type: 'round_robin' })).toHaveLength(1);
      expect(await client.agents.groups.list(agent.id, { manager_type: 'supervisor' })).toEqual([]);
    } finally {
      await client.groups.delete(group.id);
    }
    expect(await client.agents.groups.list(agent.id)).toEqual([]);
  });

  it('answers bad input with the server’s real errors through the typed error classes', async () => {
    const wrongType = client.agents.create({ name: 5 as unknown as string, initial_message_sequence: [] });
    const invalid = await wrongType.catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(LettaValidationError);
    expect((invalid as LettaValidationError).status).toBe(422);
    expect((invalid as LettaValidationError).issues).toContainEqual(expect.objectContaining({ loc: ['body', 'name'], type: 'string_type' }));

    const agent = await agents.create();
    const partialConfig = await client.agents
      .modify(agent.id, { llm_config: { model: FAKE_MODEL } as AgentState['llm_config'] })
      .catch((e: unknown) => e);
    expect(partialConfig).toBeInstanceOf(LettaValidationError);
    expect((partialConfig as LettaValidationError).issues.map((i) => i.loc.join('.')).sort()).toEqual([
      'body.llm_config.context_window',
      'body.llm_config.model_endpoint_type',
    ]);
    // Nothing changed.
    expect((await client.agents.retrieve(agent.id)).llm_config.model_endpoint_type).toBe('openai');

    // An agent file that is not one: the server wraps its validation error as a 500.
    const badFile = await client.agents.importFile({ file: '{"not": "an agent"}' }).catch((e: unknown) => e);
    expect(badFile).toBeInstanceOf(LettaServerError);
    expect((badFile as LettaServerError).serverMessage).toMatch(/validation errors? for AgentSchema/);

    const unknown = 'agent-00000000-0000-4000-8000-000000000000';
    for (const call of [
      () => client.agents.retrieve(unknown),
      () => client.agents.modify(unknown, { name: 'x' }),
      () => client.agents.delete(unknown),
      () => client.agents.context.retrieve(unknown),
      () => client.agents.exportFile(unknown),
      () => client.agents.tools.list(unknown),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(LettaNotFoundError);
    }
  });
});
