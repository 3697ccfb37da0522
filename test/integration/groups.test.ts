/**
 * Multi-agent groups through the typed client against the real server: a round-robin pair's
 * whole life, talking to it plainly and streamed, editing and resetting its history, and the
 * server's answers to bad input and unknown ids.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LettaNotFoundError, LettaServerError, LettaTimeoutError, LettaValidationError } from '../../src-main/letta/core/errors.js';
import type { RawStreamEvent } from '../../src-main/letta/core/stream.js';
import type { LettaMessage, LettaMessageUnion, LettaUsageStatistics } from '../../src-main/letta/types/messages.js';
import { replyFor, thoughtsFor } from '../fake-llm/commands.js';
import { testClient } from './support/coverage.js';
import { createAgent, drain, uniqueName } from './support/kit.js';
import { expectEachFields, expectFields } from './support/shape.js';
import { GROUP, USAGE } from './support/type-rules.js';

const client = testClient();
const cleanup: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo().catch(() => undefined);
});

function contentOf(messages: LettaMessageUnion[], type: string, name?: string): unknown[] {
  return messages
    .filter((m) => m.message_type === type && (name === undefined || m.name === name))
    .map((m) => ('content' in m ? m.content : 'reasoning' in m ? m.reasoning : undefined));
}

describe('groups', () => {
  it('a round-robin pair lives a whole life: create → find → modify → talk → stream → edit → reset → delete', async () => {
    const first = await createAgent(client, { name: uniqueName('desk-first') });
    const second = await createAgent(client, { name: uniqueName('desk-second') });
    cleanup.push(() => client.agents.delete(first.id), () => client.agents.delete(second.id));
    const countBefore = await client.groups.count();

    const group = await client.groups.create({
      agent_ids: [first.id, second.id],
      description: 'Desk pair',
      manager_config: { manager_type: 'round_robin', max_turns: 2 },
    });
    cleanup.push(() => client.groups.delete(group.id));
    expectFields('created group', group, GROUP);
    expect(group).toMatchObject({
      manager_type: 'round_robin',
      agent_ids: [first.id, second.id],
      description: 'Desk pair',
      max_turns: 2,
      manager_agent_id: null,
      shared_block_ids: [],
    });

    expect(await client.groups.retrieve(group.id)).toEqual(group);
    const roundRobins = await client.groups.list({ manager_type: 'round_robin' });
    expectEachFields('listed groups', roundRobins, GROUP);
    expect(roundRobins.map((g) => g.id)).toContain(group.id);
    expect((await client.groups.list({ manager_type: 'supervisor' })).map((g) => g.id)).not.toContain(group.id);
    expect(await client.groups.count()).toBe(countBefore + 1);
    // Each member sees the group from its side too.
    expect((await client.agents.groups.list(first.id)).map((g) => g.id)).toEqual([group.id]);

    const modified = await client.groups.modify(group.id, { description: 'Desk pair, renamed' });
    expect(modified).toMatchObject({ id: group.id, description: 'Desk pair, renamed', agent_ids: [first.id, second.id] });
    expect((await client.groups.retrieve(group.id)).description).toBe('Desk pair, renamed');

    // One message: each agent answers in turn; the second is shown the first's reply.
    const hello = 'hello group';
    const response = await client.groups.messages.create(group.id, { messages: [{ role: 'user', content: hello }] });
    expectFields('group usage', response.usage, USAGE);
    expect(response.usage.step_count).toBe(2);
    expect(response.messages.map((m) => [m.name, m.message_type])).toEqual([
      [first.name, 'reasoning_message'],
      [first.name, 'assistant_message'],
      [second.name, 'reasoning_message'],
      [second.name, 'assistant_message'],
    ]);
    expect(contentOf(response.messages, 'assistant_message')).toEqual([replyFor(hello), replyFor(hello)]);
    expect(contentOf(response.messages, 'reasoning_message', second.name)).toEqual([thoughtsFor(hello)]);

    const history = await client.groups.messages.list(group.id, { limit: 50 });
    // The user's message is stored once per member, and each member is told what the other said,
    // as a system message carrying the speaker's agent id: the second hears the first before it
    // answers (packed as a system alert), the first hears the second afterwards (plain text).
    expect(contentOf(history, 'user_message')).toEqual([hello, hello]);
    const relayed = history.filter((m) => m.message_type === 'system_message');
    expect(relayed.map((m) => [m.sender_id, m.name])).toEqual([
      [first.id, first.name],
      [second.id, second.name],
    ]);
    const [toSecond, toFirst] = contentOf(relayed, 'system_message') as string[];
    expect(JSON.parse(toSecond!)).toMatchObject({ type: 'system_alert', message: replyFor(hello) });
    expect(toFirst).toBe(replyFor(hello));
    expect(contentOf(history, 'assistant_message', first.name)).toEqual([replyFor(hello)]);
    expect(contentOf(history, 'assistant_message', second.name)).toEqual([replyFor(hello)]);

    // Streamed: the same turn shape, then the usage line, then [DONE].
    const again = 'again, streamed';
    const stream = await client.groups.messages.createStream(group.id, { messages: [{ role: 'user', content: again }] });
    const { events, error } = await drain(stream);
    expect(error).toBeUndefined();
    expect(stream.completed).toBe(true);
    const messages = events.filter((e): e is LettaMessage => !('kind' in e) && e.message_type !== 'usage_statistics');
    expect(messages.map((m) => [m.name, m.message_type])).toEqual([
      [first.name, 'reasoning_message'],
      [first.name, 'assistant_message'],
      [second.name, 'reasoning_message'],
      [second.name, 'assistant_message'],
    ]);
    expect(contentOf(messages, 'assistant_message')).toEqual([replyFor(again), replyFor(again)]);
    const usage = events.at(-1) as LettaUsageStatistics | RawStreamEvent;
    expect('kind' in usage).toBe(false);
    expectFields('streamed group usage', usage as LettaUsageStatistics, USAGE);
    expect(usage).toMatchObject({ message_type: 'usage_statistics', step_count: 2 });

    // Editing a message of the group's history.
    const firstUser = (await client.groups.messages.list(group.id, { limit: 50 })).find((m) => m.message_type === 'user_message')!;
    const edited = await client.groups.messages.modify(group.id, firstUser.id, { message_type: 'user_message', content: 'hello group, edited' });
    expect(edited).toMatchObject({ id: firstUser.id, message_type: 'user_message', content: 'hello group, edited' });
    const afterEdit = await client.groups.messages.list(group.id, { limit: 50 });
    expect(afterEdit.find((m) => m.id === firstUser.id)).toMatchObject({ content: 'hello group, edited' });

    // Reset empties the group's history for every member.
    expect(await client.groups.messages.reset(group.id)).toBeUndefined();
    expect(await client.groups.messages.list(group.id)).toEqual([]);

    expect(await client.groups.delete(group.id)).toEqual({ message: `Group id=${group.id} successfully deleted` });
    await expect(client.groups.retrieve(group.id)).rejects.toBeInstanceOf(LettaNotFoundError);
    expect(await client.groups.count()).toBe(countBefore);
    // The members outlive their group.
    expect((await client.agents.retrieve(first.id)).id).toBe(first.id);
    expect(await client.agents.groups.list(first.id)).toEqual([]);
  });
});

describe('groups: hazards', () => {
  it('a round-robin member without a persona block makes a group message hang: the client\'s timeout ends it', async () => {
    // Server 0.7.29 runs the group's step in a thread that looks up each member's `persona`
    // block; without one it raises there, and the request waiting for the step never answers.
    const bare = await createAgent(client, { memory_blocks: [{ label: 'human', value: 'Name: unknown.' }] });
    cleanup.push(() => client.agents.delete(bare.id));
    const group = await client.groups.create({ agent_ids: [bare.id], description: 'no persona' });
    cleanup.push(() => client.groups.delete(group.id));
    const err = await client.groups.messages
      .create(group.id, { messages: [{ role: 'user', content: 'anyone there?' }] }, { timeoutMs: 2_000 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LettaTimeoutError);
  });
});

describe('groups: bad input and unknown ids', () => {
  const unknownGroup = 'group-00000000-0000-4000-8000-000000000000';

  it('a manager_config missing its agent, or of a type that does not exist, is a 422 that says so', async () => {
    const agent = await createAgent(client);
    cleanup.push(() => client.agents.delete(agent.id));

    const supervisor = await client.groups
      .create({ agent_ids: [agent.id], description: 'x', manager_config: { manager_type: 'supervisor' } as never })
      .catch((e: unknown) => e);
    expect(supervisor).toBeInstanceOf(LettaValidationError);
    expect((supervisor as LettaValidationError).issues).toEqual([
      { loc: ['body', 'manager_config', 'supervisor', 'manager_agent_id'], msg: 'Field required', type: 'missing' },
    ]);

    const allToOne = await client.groups
      .create({ agent_ids: [agent.id], description: 'x', manager_config: { manager_type: 'all_to_one' } as never })
      .catch((e: unknown) => e);
    expect(allToOne).toBeInstanceOf(LettaValidationError);
    expect((allToOne as LettaValidationError).issues[0]).toMatchObject({ loc: ['body', 'manager_config'], type: 'union_tag_invalid' });
  });

  it('a member that does not exist is a 500 naming it; unknown group ids are 404', async () => {
    const ghost = 'agent-00000000-0000-4000-8000-000000000000';
    const err = await client.groups.create({ agent_ids: [ghost], description: 'ghosts' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LettaServerError);
    expect((err as LettaServerError).serverMessage).toBe(`Items not found in agents: {'${ghost}'}`);

    const get = await client.groups.retrieve(unknownGroup).catch((e: unknown) => e);
    expect(get).toBeInstanceOf(LettaNotFoundError);
    expect((get as LettaNotFoundError).serverMessage).toMatch(/^Group not found with id=group-0{8}/);
    const del = await client.groups.delete(unknownGroup).catch((e: unknown) => e);
    expect(del).toBeInstanceOf(LettaNotFoundError);
    expect((del as LettaNotFoundError).serverMessage).toMatch(/^Group id=group-0{8}-0000-4000-8000-0{12} not found for user_id=/);
    await expect(client.groups.messages.list(unknownGroup)).rejects.toBeInstanceOf(LettaNotFoundError);
  });
});
