/**
 * The voice reply transports against the real server (0.7.29) and the scripted fake LLM: the
 * transport chosen from the agent type and the server's reported version, the ordinary message
 * stream speaking only the assistant's words (reasoning as side events), the voice route
 * speaking the same words, a reply split into sentences as it streams, and an agent-side failure
 * as ReplyInterruptedError.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentState } from '../../src-main/letta/types/agents.js';
import { SentenceSplitter } from '../../src-shared/voice/sentence-splitter.js';
import type { ReplySideEvent } from '../../src-shared/voice/reply-events.js';
import { ReplyInterruptedError, chooseTransport, type ReplyTransport } from '../../src-main/voice/transports.js';
import { fakeLlmCommands as cmd, replyFor, thoughtsFor } from '../fake-llm/commands.js';
import { testClient } from './support/coverage.js';
import { createAgent } from './support/kit.js';

const client = testClient();
const cleanup: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo().catch(() => undefined);
});

async function voiceAgent(): Promise<AgentState> {
  const agent = await createAgent(client, { agent_type: 'voice_convo_agent', enable_sleeptime: true });
  cleanup.push(() => client.agents.delete(agent.id));
  const group = agent.multi_agent_group;
  if (group) {
    cleanup.push(() => client.groups.delete(group.id));
    for (const member of group.agent_ids) cleanup.push(() => client.agents.delete(member));
  }
  return agent;
}

async function plainAgent(): Promise<AgentState> {
  const agent = await createAgent(client);
  cleanup.push(() => client.agents.delete(agent.id));
  return agent;
}

async function speak(transport: ReplyTransport, agentId: string, text: string) {
  const side: ReplySideEvent[] = [];
  const deltas: string[] = [];
  let done = false;
  let error: unknown;
  try {
    for await (const e of transport.reply(agentId, text, { onSide: (s) => side.push(s) })) {
      if (e.type === 'text') deltas.push(e.text);
      else done = true;
    }
  } catch (err) {
    error = err;
  }
  return { deltas, spoken: deltas.join(''), done, side, error };
}

describe('voice reply transports against the real server', async () => {
  const { version } = await client.health.check();

  it('the server reports a version that picks voice-beta for voice agents and the message stream for others', async () => {
    expect(version).toMatch(/^0\.7\./);
    expect(chooseTransport({ agent_type: 'voice_convo_agent' }, version, client).kind).toBe('voice-beta');
    expect(chooseTransport({ agent_type: 'memgpt_agent' }, version, client).kind).toBe('agent-stream');
  });

  it('the ordinary message stream (stream_tokens) yields the fake LLM reply; its inner thoughts come as reasoning side events', async () => {
    const agent = await plainAgent();
    const transport = chooseTransport(agent, version, client);
    expect(transport.kind).toBe('agent-stream');
    const text = 'hello agent, what is the capital of Portugal';
    const { deltas, spoken, done, side, error } = await speak(transport, agent.id, text);
    expect(error).toBeUndefined();
    expect(done).toBe(true);
    expect(spoken).toBe(replyFor(text));
    expect(deltas.length).toBeGreaterThan(1); // token-streamed, not one final message
    const reasoning = side.filter((s) => s.type === 'reasoning').map((s) => (s.type === 'reasoning' ? s.text : '')).join('');
    expect(reasoning).toBe(thoughtsFor(text));
    expect(side.some((s) => s.type === 'usage')).toBe(true);
    // The reply text is never echoed as a side event (no double speech in the chat).
    expect(side.some((s) => s.type === 'tool-call' && s.name === 'send_message')).toBe(false);
  });

  it('the voice endpoint yields the same kind of reply for a voice agent', async () => {
    const agent = await voiceAgent();
    const transport = chooseTransport(agent, version, client);
    expect(transport.kind).toBe('voice-beta');
    const text = 'hello voice, is it going to rain in Porto';
    const { spoken, done, error } = await speak(transport, agent.id, text);
    expect(error).toBeUndefined();
    expect(done).toBe(true);
    expect(spoken).toBe(replyFor(text));
  });

  it('a long streamed reply comes out as sentences while it streams', async () => {
    const agent = await plainAgent();
    const transport = chooseTransport(agent, version, client);
    const splitter = new SentenceSplitter();
    const firstSentenceAt: number[] = [];
    let deltas = 0;
    for await (const e of transport.reply(agent.id, `tell me a story ${cmd.say('Once upon a time. There was a fox. It was quick! The end.')}`)) {
      if (e.type !== 'text') continue;
      deltas++;
      if (splitter.push(e.text).length > 0 && firstSentenceAt.length === 0) firstSentenceAt.push(deltas);
    }
    const all = splitter.flush();
    expect(firstSentenceAt[0]).toBeDefined(); // a sentence was ready before the stream ended
    expect(all.at(-1)).toBe('The end.');
  });

  it('an agent-side failure after the 200 is a ReplyInterruptedError on the voice route', async () => {
    const agent = await voiceAgent();
    const transport = chooseTransport(agent, version, client);
    const { done, error } = await speak(transport, agent.id, `this fails ${cmd.llmError(500)}`);
    expect(done).toBe(false);
    expect(error).toBeInstanceOf(ReplyInterruptedError);
    expect((error as ReplyInterruptedError).transport).toBe('voice-beta');
  });
});
