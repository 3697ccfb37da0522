/**
 * Memory through the typed client against the real Letta 0.7.29 server: the agent's own core
 * memory edits seen through the core-memory routes, editing blocks by label (and the limit),
 * global blocks shared between agents, and archival memory written by the API and by the agent.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LettaBadRequestError, LettaNotFoundError, LettaValidationError } from '../../src-main/letta/core/errors.js';
import type { Passage } from '../../src-main/letta/types/agents.js';
import type { LettaMessageUnion, ToolCallMessage, ToolReturnMessage } from '../../src-main/letta/types/messages.js';
import { fakeLlmCommands as cmd, replyFor } from '../fake-llm/server.js';
import { AgentFactory, textOf, uniqueWord } from './support/agents.js';
import { expectServerRefusal, testClient } from './support/coverage.js';

const client = testClient();
const agents = new AgentFactory(client);
afterAll(() => agents.cleanup());

const toolCalls = (messages: LettaMessageUnion[]) =>
  messages.filter((m): m is ToolCallMessage => m.message_type === 'tool_call_message').map((m) => m.tool_call.name);
const toolReturns = (messages: LettaMessageUnion[]) =>
  messages.filter((m): m is ToolReturnMessage => m.message_type === 'tool_return_message');
const lastReply = (messages: LettaMessageUnion[]) => {
  const last = messages.at(-1)!;
  expect(last.message_type).toBe('assistant_message');
  return textOf((last as { content: string }).content);
};
const texts = (passages: Passage[]) => passages.map((p) => p.text);

describe('core memory', () => {
  it("shows the agent's own remember and replace edits through the core-memory routes", async () => {
    const agent = await agents.create();
    const say = (text: string) => client.agents.messages.create(agent.id, { messages: [{ role: 'user', content: text }] });

    const remember = `note this ${cmd.remember('human', 'Likes green tea.')}`;
    const first = await say(remember);
    expect(toolCalls(first.messages)).toEqual(['core_memory_append']);
    expect(toolReturns(first.messages).map((r) => r.status)).toEqual(['success']);
    expect(lastReply(first.messages)).toBe(replyFor(remember));
    expect((await client.agents.coreMemory.blocks.retrieve(agent.id, 'human')).value).toBe('Name: unknown.\nLikes green tea.');

    const replace = `correction ${cmd.replace('human', 'green tea', 'black coffee')}`;
    const second = await say(replace);
    expect(toolCalls(second.messages)).toEqual(['core_memory_replace']);
    expect((await client.agents.coreMemory.blocks.retrieve(agent.id, 'human')).value).toBe('Name: unknown.\nLikes black coffee.');

    const memory = await client.agents.coreMemory.retrieve(agent.id);
    expect(Object.fromEntries(memory.blocks.map((b) => [b.label, b.value]))).toEqual({
      human: 'Name: unknown.\nLikes black coffee.',
      persona: 'I am the Letta Desk integration test agent.',
    });
    expect(memory.prompt_template).toContain('{% for block in blocks %}');
    // The model sees the edited block in its prompt too.
    expect((await client.agents.context.retrieve(agent.id)).core_memory).toContain('Likes black coffee.');
  });

  it('lists and modifies blocks by label, refusing a value over the limit until the limit is raised', async () => {
    const agent = await agents.create({
      memory_blocks: [
        { label: 'human', value: 'Name: Ann.', limit: 40 },
        { label: 'persona', value: 'Helpful.' },
      ],
    });
    const blocks = await client.agents.coreMemory.blocks.list(agent.id);
    expect(blocks.map((b) => [b.label, b.value, b.limit]).sort()).toEqual([
      ['human', 'Name: Ann.', 40],
      ['persona', 'Helpful.', 5000],
    ]);

    const persona = await client.agents.coreMemory.blocks.modify(agent.id, 'persona', { value: 'Terse and exact.', description: 'How I talk' });
    expect(persona).toMatchObject({ label: 'persona', value: 'Terse and exact.', description: 'How I talk' });
    expect((await client.agents.coreMemory.blocks.retrieve(agent.id, 'persona')).value).toBe('Terse and exact.');
    expect((await client.agents.context.retrieve(agent.id)).core_memory).toContain('Terse and exact.');

    const tooLong = 'x'.repeat(41);
    const refused = await client.agents.coreMemory.blocks.modify(agent.id, 'human', { value: tooLong }).catch((e: unknown) => e);
    // A 400 with the server's sentence, not a 422: the limit is checked by the block manager.
    expect(refused).toBeInstanceOf(LettaBadRequestError);
    expect((refused as LettaBadRequestError).serverMessage).toMatch(/Value length \(41\) exceeds the limit \(40\) for block with label 'human'/);
    expect((await client.agents.coreMemory.blocks.retrieve(agent.id, 'human')).value).toBe('Name: Ann.');

    expect((await client.agents.coreMemory.blocks.modify(agent.id, 'human', { limit: 100 })).limit).toBe(100);
    expect((await client.agents.coreMemory.blocks.modify(agent.id, 'human', { value: tooLong })).value).toBe(tooLong);

    await expect(client.agents.coreMemory.blocks.retrieve(agent.id, 'no_such_label')).rejects.toBeInstanceOf(LettaNotFoundError);
  });
});

describe('global blocks', () => {
  it('create → retrieve → list by label → count → modify → agents → delete', async () => {
    const label = uniqueWord('team');
    const before = await client.blocks.count();
    const block = await client.blocks.create({ label, value: 'Team: Letta Desk.', limit: 500, description: 'Shared notes' });
    expect(block).toMatchObject({ label, value: 'Team: Letta Desk.', limit: 500, description: 'Shared notes', is_template: false, read_only: false });
    expect(block.id).toMatch(/^block-/);

    expect(await client.blocks.retrieve(block.id)).toMatchObject({ id: block.id, value: 'Team: Letta Desk.' });
    expect((await client.blocks.list({ label })).map((b) => b.id)).toEqual([block.id]);
    expect(await client.blocks.count()).toBe(before + 1);

    const modified = await client.blocks.modify(block.id, { value: 'Team: Letta Desk (2 engineers).' });
    expect(modified.value).toBe('Team: Letta Desk (2 engineers).');
    expect(await client.blocks.agents.list(block.id)).toEqual([]);

    // Shared by two agents: an edit through one agent's label route is what the other sees.
    const first = await agents.create({ block_ids: [block.id] });
    const second = await agents.create();
    await client.agents.coreMemory.blocks.attach(second.id, block.id);
    expect((await client.blocks.agents.list(block.id)).map((a) => a.id).sort()).toEqual([first.id, second.id].sort());
    await client.agents.coreMemory.blocks.modify(first.id, label, { value: 'Team: edited by the first agent.' });
    expect((await client.agents.coreMemory.blocks.retrieve(second.id, label)).value).toBe('Team: edited by the first agent.');
    expect((await client.blocks.retrieve(block.id)).value).toBe('Team: edited by the first agent.');

    // The count covers every block, the agents' own ones included.
    const withAgents = await client.blocks.count();
    expect(withAgents).toBe(before + 1 + 4);
    const deleted = await client.blocks.delete(block.id);
    expect(deleted).toMatchObject({ id: block.id, label });
    await expect(client.blocks.retrieve(block.id)).rejects.toBeInstanceOf(LettaNotFoundError);
    expect(await client.blocks.count()).toBe(withAgents - 1);
    expect((await client.agents.coreMemory.blocks.list(second.id)).map((b) => b.label).sort()).toEqual(['human', 'persona']);
  });

  it('answers a block over its own limit with a 422 and its issue', async () => {
    const error = await client.blocks.create({ label: uniqueWord('tiny'), value: 'y'.repeat(30), limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LettaValidationError);
    const [issue] = (error as LettaValidationError).issues;
    expect(issue).toMatchObject({ loc: ['body'], type: 'value_error' });
    expect(issue!.msg).toContain('Exceeds 10 character limit (requested 30)');
  });
});

describe('archival memory', () => {
  it('insert → list → search → modify → delete', async () => {
    const agent = await agents.create();
    const [key] = await client.agents.archival.create(agent.id, { text: 'The spare key is under the blue pot.' });
    expect(key).toMatchObject({ text: 'The spare key is under the blue pot.', agent_id: agent.id, source_id: null });
    expect(key!.id).toMatch(/^passage-/);
    // Letta pads the fake's 32-dimension vectors to its fixed 4096.
    expect(key!.embedding).toHaveLength(4096);
    const [moons] = await client.agents.archival.create(agent.id, { text: 'Mars has two moons.' });

    expect(texts(await client.agents.archival.list(agent.id))).toEqual(['The spare key is under the blue pot.', 'Mars has two moons.']);
    expect(texts(await client.agents.archival.list(agent.id, { ascending: false }))).toEqual(['Mars has two moons.', 'The spare key is under the blue pot.']);
    expect(texts(await client.agents.archival.list(agent.id, { limit: 1, after: key!.id }))).toEqual(['Mars has two moons.']);
    // `search` on this route is a case-insensitive substring filter, not a semantic search.
    expect(texts(await client.agents.archival.list(agent.id, { search: 'MOONS' }))).toEqual(['Mars has two moons.']);
    expect(await client.agents.archival.list(agent.id, { search: 'how many satellites' })).toEqual([]);
    expect((await client.agents.context.retrieve(agent.id)).num_archival_memory).toBe(2);

    // modify_passage, body with just the new text: the handler builds a full `Passage` from the
    // body, which requires embedding and embedding_config, and answers 400. Nothing changes.
    const partial = await client.agents.archival.modify(agent.id, moons!.id, { id: moons!.id, text: 'Mars has 2 moons.' }).catch((e: unknown) => e);
    expect(partial).toBeInstanceOf(LettaBadRequestError);
    expect((partial as LettaBadRequestError).serverMessage).toMatch(/validation errors for Passage[\s\S]*embedding\s+Field required/);
    expect(texts(await client.agents.archival.list(agent.id))).toContain('Mars has two moons.');

    // With the full body the update is committed, then the handler returns one Passage where
    // List[Passage] is declared and FastAPI's response validation answers 500.
    await expectServerRefusal(
      'modify_passage',
      500,
      'server 0.7.29 returns one Passage where List[Passage] is declared (response validation → 500) after committing the change',
      () =>
        client.agents.archival.modify(agent.id, moons!.id, {
          id: moons!.id,
          text: 'Mars has two small moons.',
          embedding: moons!.embedding,
          embedding_config: moons!.embedding_config,
        }),
    );
    // …and the change was applied anyway.
    expect(texts(await client.agents.archival.list(agent.id))).toEqual(['The spare key is under the blue pot.', 'Mars has two small moons.']);

    const deleted = await client.agents.archival.delete(agent.id, key!.id);
    expect(deleted.message).toContain(key!.id);
    expect(texts(await client.agents.archival.list(agent.id))).toEqual(['Mars has two small moons.']);
    await expect(client.agents.archival.delete(agent.id, key!.id)).rejects.toBeInstanceOf(LettaNotFoundError);
  });

  it("stores the agent's own archive command as a passage and finds it with its search command", async () => {
    const agent = await agents.create();
    await client.agents.archival.create(agent.id, { text: 'Tea goes with biscuits.' });

    const store = `keep this ${cmd.archive('The cellar key hangs by the door.')}`;
    const stored = await client.agents.messages.create(agent.id, { messages: [{ role: 'user', content: store }] });
    expect(toolCalls(stored.messages)).toEqual(['archival_memory_insert']);
    expect(toolReturns(stored.messages).map((r) => r.status)).toEqual(['success']);
    expect(lastReply(stored.messages)).toBe(replyFor(store));
    const passages = await client.agents.archival.list(agent.id);
    expect(texts(passages)).toEqual(['Tea goes with biscuits.', 'The cellar key hangs by the door.']);
    expect(passages[1]!.agent_id).toBe(agent.id);

    // The agent's search tool ranks by embedding: the passage sharing words comes first.
    const found = await client.agents.messages.create(agent.id, { messages: [{ role: 'user', content: `where ${cmd.search('cellar key door')}` }] });
    const [result] = toolReturns(found.messages);
    expect(result).toMatchObject({ name: 'archival_memory_search', status: 'success' });
    expect(result!.tool_return.indexOf('The cellar key hangs by the door.')).toBeGreaterThan(-1);
    expect(result!.tool_return.indexOf('The cellar key hangs by the door.')).toBeLessThan(result!.tool_return.indexOf('Tea goes with biscuits.'));
  });
});
