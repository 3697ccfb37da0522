/**
 * The voice route through the typed client against the real server: a voice agent with its
 * voice-sleeptime group, a spoken reply streamed as chat-completion chunks, and what the app sees
 * when the agent fails after the reply started (the server drops the connection mid-stream).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LettaConnectionError, LettaServerError, LettaStreamError } from '../../src-main/letta/core/errors.js';
import type { RawStreamEvent } from '../../src-main/letta/core/stream.js';
import type { AgentState } from '../../src-main/letta/types/agents.js';
import type { ChatCompletionChunk } from '../../src-main/letta/types/voice.js';
import { fakeLlmCommands as cmd, replyFor } from '../fake-llm/commands.js';
import { FAKE_MODEL } from '../fake-llm/server.js';
import { testClient } from './support/coverage.js';
import { createAgent, drain } from './support/kit.js';
import { expectFields } from './support/shape.js';
import { CHUNK, CHUNK_CHOICE, CHUNK_DELTA, GROUP } from './support/type-rules.js';

const client = testClient();
const cleanup: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo().catch(() => undefined);
});

function isChunk(e: ChatCompletionChunk | RawStreamEvent): e is ChatCompletionChunk {
  return !('kind' in e);
}

async function voiceAgent(): Promise<AgentState> {
  const agent = await createAgent(client, { agent_type: 'voice_convo_agent', enable_sleeptime: true });
  // The server also made a sleeptime agent and the group tying them together.
  const group = agent.multi_agent_group;
  cleanup.push(() => client.agents.delete(agent.id));
  if (group) {
    cleanup.push(() => client.groups.delete(group.id));
    for (const member of group.agent_ids) cleanup.push(() => client.agents.delete(member));
  }
  return agent;
}

async function say(agentId: string, text: string) {
  const stream = await client.voice.createChatCompletions(agentId, { model: FAKE_MODEL, messages: [{ role: 'user', content: text }] });
  const { events, error } = await drain(stream);
  return { stream, events, error };
}

describe('voice', () => {
  it('a voice agent comes with its voice-sleeptime group, and answers an utterance as streamed chunks', async () => {
    const agent = await voiceAgent();
    expect(agent.agent_type).toBe('voice_convo_agent');
    const group = agent.multi_agent_group!;
    expectFields('voice group', group, GROUP);
    expect(group).toMatchObject({ manager_type: 'voice_sleeptime', manager_agent_id: agent.id, max_message_buffer_length: 30, min_message_buffer_length: 15 });
    expect(group.agent_ids).toHaveLength(1);
    const sleeptimeId = group.agent_ids[0]!;

    // The group is a real one: listed by manager type, retrievable, seen from its member's side
    // (the voice agent manages it and is not a member, so its own list is empty).
    expect((await client.groups.list({ manager_type: 'voice_sleeptime' })).map((g) => g.id)).toContain(group.id);
    expect(await client.groups.retrieve(group.id)).toEqual(group);
    expect((await client.agents.groups.list(sleeptimeId)).map((g) => g.id)).toEqual([group.id]);
    expect(await client.agents.groups.list(agent.id)).toEqual([]);
    expect((await client.agents.retrieve(sleeptimeId)).agent_type).toBe('voice_sleeptime_agent');

    const text = 'hello voice, how is the weather in Lisbon today';
    const { stream, events, error } = await say(agent.id, text);
    expect(error).toBeUndefined();
    expect(stream.completed).toBe(true);
    const chunks = events.filter(isChunk);
    expect(chunks).toHaveLength(events.length);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expectFields('voice chunk', chunk, CHUNK);
      expectFields('voice chunk choice', chunk.choices[0]!, CHUNK_CHOICE);
      expectFields('voice chunk delta', chunk.choices[0]!.delta, CHUNK_DELTA);
      expect(chunk.object).toBe('chat.completion.chunk');
    }
    // The spoken reply is the concatenated deltas: exactly what the model said.
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(replyFor(text));

    // The turn is the voice agent's history: it shows in its messages like any other.
    const history = await client.agents.messages.list(agent.id, { limit: 10 });
    expect(history.filter((m) => m.message_type === 'assistant_message').map((m) => ('content' in m ? m.content : undefined))).toContain(replyFor(text));
  });

  it('an agent-side failure after the reply started surfaces as LettaStreamError (the server drops the connection)', async () => {
    const agent = await voiceAgent();
    // The fake answers the model call with HTTP 500; the 200 and the SSE headers are already out.
    const { stream, events, error } = await say(agent.id, `this will fail ${cmd.llmError(500)}`);
    expect(events).toEqual([]);
    expect(stream.completed).toBe(false);
    expect(error).toBeInstanceOf(LettaStreamError);
    expect((error as LettaStreamError).serverMessage).toMatch(/broke off before \[DONE\]/);
    // What the transport saw: the socket closed mid-body.
    expect((error as LettaStreamError).cause).toBeInstanceOf(LettaConnectionError);
    expect(((error as LettaStreamError).cause as LettaConnectionError).reason).toBe('UND_ERR_SOCKET');

    // The agent is fine afterwards: the next utterance is answered.
    const next = await say(agent.id, 'are you there');
    expect(next.error).toBeUndefined();
    expect(next.events.filter(isChunk).map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(replyFor('are you there'));
  });

  it('a plain agent, or no agent at all, fails the same way: 200, then a dropped stream', async () => {
    const plain = await createAgent(client);
    cleanup.push(() => client.agents.delete(plain.id));
    for (const agentId of [plain.id, 'agent-00000000-0000-4000-8000-000000000000']) {
      const { events, error } = await say(agentId, 'hello');
      expect(events).toEqual([]);
      expect(error).toBeInstanceOf(LettaStreamError);
    }
  });

  it('a request without messages is a 500 before any stream starts', async () => {
    const agent = await voiceAgent();
    const err = await client.voice.createChatCompletions(agent.id, { model: FAKE_MODEL, messages: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LettaServerError);
    expect((err as LettaServerError).status).toBe(500);
  });
});
