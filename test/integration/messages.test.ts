/**
 * Messages through the typed client against the real Letta 0.7.29 server and the fake LLM:
 * sending, streaming (whole messages and tokens), stopping a stream, background runs with their
 * steps and provider traces, walking the history, editing and resetting it, and the server's real
 * answers to bad input.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isLettaMessage } from '../../src-main/letta/resources/agent-messages.js';
import { LettaAbortError, LettaNotFoundError, LettaServerError, LettaValidationError } from '../../src-main/letta/core/errors.js';
import { paginate } from '../../src-main/letta/core/pagination.js';
import type { LettaMessage, LettaMessageUnion, LettaUsageStatistics, MessageCreate, ToolReturnMessage } from '../../src-main/letta/types/messages.js';
import type { Run } from '../../src-main/letta/types/runs.js';
import { FAKE_CONTEXT_WINDOW, FAKE_MODEL, fakeLlmCommands as cmd, longReply, replyFor, thoughtsFor } from '../fake-llm/server.js';
import { AgentFactory, collect, describeMessage, pollUntil, textOf } from './support/agents.js';
import { testClient } from './support/coverage.js';

const client = testClient();
const agents = new AgentFactory(client);
afterAll(() => agents.cleanup());

const user = (content: string): MessageCreate[] => [{ role: 'user', content }];
const ofType = <T extends LettaMessage['message_type']>(events: unknown[], type: T) =>
  events.filter((e): e is Extract<LettaMessage, { message_type: T }> => isLettaMessage(e) && e.message_type === type);
const isUsage = (e: unknown): e is LettaUsageStatistics => (e as { message_type?: string }).message_type === 'usage_statistics';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('sending', () => {
  it('answers with the reasoning and the reply the model produced, and the usage', async () => {
    const agent = await agents.create();
    const response = await client.agents.messages.create(agent.id, { messages: user('hello there') });

    expect(response.messages.map((m) => m.message_type)).toEqual(['reasoning_message', 'assistant_message']);
    const [reasoning] = ofType(response.messages, 'reasoning_message');
    const [assistant] = ofType(response.messages, 'assistant_message');
    expect(reasoning!.reasoning).toBe(thoughtsFor('hello there'));
    expect(textOf(assistant!.content)).toBe(replyFor('hello there'));
    // One stored assistant message carries both: they share its id.
    expect(reasoning!.id).toBe(assistant!.id);
    expect(response.usage).toMatchObject({ message_type: 'usage_statistics', step_count: 1 });
    expect(response.usage.prompt_tokens).toBeGreaterThan(0);
    expect(response.usage.total_tokens).toBe(response.usage.prompt_tokens + response.usage.completion_tokens);
  });

  it('shows a failing tool as a tool_return with status error, and the turn still ends with a reply', async () => {
    const agent = await agents.create();
    const text = `oops ${cmd.fail()}`;
    const response = await client.agents.messages.create(agent.id, { messages: user(text) });

    expect(response.messages.map((m) => m.message_type)).toEqual([
      'reasoning_message',
      'tool_call_message',
      'tool_return_message',
      'reasoning_message',
      'assistant_message',
    ]);
    const [failed] = ofType(response.messages, 'tool_return_message');
    expect(failed).toMatchObject({ name: 'core_memory_replace', status: 'error' });
    expect(failed!.tool_return).toMatch(/^Error executing function core_memory_replace: ValueError: Old content .* not found in memory block 'human'/);
    expect(failed!.stderr?.join('\n')).toContain('Traceback');
    expect(failed!.tool_call_id).toBe((ofType(response.messages, 'tool_call_message')[0]!.tool_call as { tool_call_id: string }).tool_call_id);
    expect(textOf(ofType(response.messages, 'assistant_message')[0]!.content)).toBe(replyFor(text));
    expect((await client.agents.coreMemory.blocks.retrieve(agent.id, 'human')).value).toBe('Name: unknown.');
    expect(response.usage.step_count).toBe(2);
  });
});

describe('streaming', () => {
  it('streams whole messages, then the usage, with stream_tokens false', async () => {
    const agent = await agents.create();
    const text = `stream this ${cmd.remember('human', 'Streams well.')}`;
    const stream = await client.agents.messages.createStream(agent.id, { messages: user(text), stream_tokens: false });
    const events = await collect(stream);

    expect(stream.completed).toBe(true);
    expect(events.map((e) => (e as { message_type: string }).message_type)).toEqual([
      'reasoning_message',
      'tool_call_message',
      'tool_return_message',
      'reasoning_message',
      'assistant_message',
      'usage_statistics',
    ]);
    expect(textOf(ofType(events, 'assistant_message')[0]!.content)).toBe(replyFor(text));
    expect(ofType(events, 'reasoning_message').at(-1)!.reasoning).toBe(thoughtsFor(text));
    const usage = events.at(-1);
    expect(isUsage(usage) && usage.step_count).toBe(2);
    // The streamed usage line leaves out steps_messages.
    expect(usage).not.toHaveProperty('steps_messages');
    expect((await client.agents.coreMemory.blocks.retrieve(agent.id, 'human')).value).toBe('Name: unknown.\nStreams well.');
  });

  it('streams token deltas that concatenate to the reply, with stream_tokens true', async () => {
    const agent = await agents.create();
    const text = 'please tell me about the weather in Paris today';
    const events = await collect(await client.agents.messages.createStream(agent.id, { messages: user(text), stream_tokens: true }));

    const deltas = ofType(events, 'assistant_message');
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((d) => textOf(d.content)).join('')).toBe(replyFor(text));
    expect(new Set(deltas.map((d) => d.id)).size).toBe(1);
    expect(ofType(events, 'reasoning_message').map((r) => r.reasoning).join('')).toBe(thoughtsFor(text));
    expect(events.at(-1)).toMatchObject({ message_type: 'usage_statistics', step_count: 1 });

    // A long reply arrives in many small chunks, none lost or reordered.
    const long = `story ${cmd.long(80)}`;
    const longEvents = await collect(await client.agents.messages.createStream(agent.id, { messages: user(long), stream_tokens: true }));
    const chunks = ofType(longEvents, 'assistant_message').map((d) => textOf(d.content));
    // One chunk per word, except that Letta merges the first two.
    expect(chunks.length).toBeGreaterThanOrEqual(79);
    expect(chunks.join('')).toBe(longReply(80));
    expect(replyFor(long)).toBe(longReply(80));
  });

  it('stops a stream midway with LettaAbortError, and the server keeps answering', async () => {
    const agent = await agents.create();
    const controller = new AbortController();
    // 60 words 50 ms apart: about 3 s if left to finish.
    const started = Date.now();
    const stream = await client.agents.messages.createStream(
      agent.id,
      { messages: user(`slowly ${cmd.long(60, 50)}`), stream_tokens: true },
      { signal: controller.signal },
    );
    const received: string[] = [];
    const outcome = await (async () => {
      for await (const event of stream) {
        if (isLettaMessage(event) && event.message_type === 'assistant_message') {
          received.push(textOf(event.content));
          if (received.length === 3) controller.abort();
        }
      }
    })().catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(LettaAbortError);
    expect(received.join('')).toBe('w1 w2 w3');
    expect(Date.now() - started).toBeLessThan(3000);

    // Stopped before the first event: the model is still "thinking" for 3 s.
    const other = await agents.create();
    const early = new AbortController();
    const waiting = await client.agents.messages.createStream(other.id, { messages: user(`wait ${cmd.slow(3000)}`) }, { signal: early.signal });
    const earlyStarted = Date.now();
    early.abort();
    await expect(collect(waiting)).rejects.toBeInstanceOf(LettaAbortError);
    expect(Date.now() - earlyStarted).toBeLessThan(1000);

    expect((await client.health.check()).status).toBe('ok');
    const after = await client.agents.messages.create(agent.id, { messages: user('still there?') });
    expect(textOf(ofType(after.messages, 'assistant_message')[0]!.content)).toBe(replyFor('still there?'));
  });
});

describe('background runs', () => {
  it('runs an async send to completion, with its messages, usage, steps and provider trace, then deletes it', async () => {
    const agent = await agents.create();
    // The slow first LLM call keeps the run active long enough to be seen as such.
    const text = `in the background ${cmd.slow(1500)}`;
    const run = await client.agents.messages.createAsync(agent.id, { messages: user(text) });
    expect(run).toMatchObject({ status: 'created', job_type: 'run', metadata: { agent_id: agent.id, job_type: 'send_message_async' } });
    expect(run.id).toMatch(/^run-/);

    expect((await client.runs.listActive({ agent_ids: [agent.id] })).map((r) => r.id)).toEqual([run.id]);

    const done = await pollUntil(
      () => client.runs.retrieve(run.id),
      (r: Run) => r.status === 'completed' || r.status === 'failed',
      { timeoutMs: 30_000, what: `run ${run.id} finished` },
    );
    expect(done.status).toBe('completed');
    expect(done.completed_at).toBeTruthy();
    const result = done.metadata!.result!;
    expect(textOf(ofType(result.messages, 'assistant_message')[0]!.content)).toBe(replyFor(text));
    expect(await client.runs.listActive({ agent_ids: [agent.id] })).toEqual([]);

    // Default order is newest first. Either way the stored assistant message expands to its reply
    // before its reasoning here (the agent's own list puts the reasoning first).
    const runMessages = await client.runs.messages.list(run.id);
    expect(runMessages.map(describeMessage)).toEqual([`assistant: ${replyFor(text)}`, `reasoning: ${thoughtsFor(text)}`, `user: ${text}`]);
    expect((await client.runs.messages.list(run.id, { order: 'asc' })).map((m) => m.message_type)).toEqual([
      'user_message',
      'assistant_message',
      'reasoning_message',
    ]);

    const usage = await client.runs.usage.retrieve(run.id);
    expect(usage).toMatchObject({
      prompt_tokens: result.usage.prompt_tokens,
      completion_tokens: result.usage.completion_tokens,
      total_tokens: result.usage.total_tokens,
    });

    const steps = await client.runs.steps.list(run.id);
    expect(steps).toHaveLength(1);
    const [step] = steps;
    expect(step).toMatchObject({ job_id: run.id, agent_id: agent.id, model: FAKE_MODEL, context_window_limit: FAKE_CONTEXT_WINDOW, total_tokens: usage.total_tokens });
    expect((await client.steps.list({ agent_id: agent.id })).map((s) => s.id)).toEqual([step!.id]);
    expect(await client.steps.retrieve(step!.id)).toMatchObject({ id: step!.id, job_id: run.id });

    // llm_api_logging defaults to true in 0.7.29, so every LLM call leaves a provider trace.
    const trace = await client.telemetry.retrieveProviderTrace(step!.id);
    expect(trace.id).toMatch(/^provider_trace-/);
    expect(trace.step_id).toBe(step!.id);
    expect(trace.request_json).toMatchObject({ model: FAKE_MODEL, tool_choice: 'required' });
    const choice = (trace.response_json as { choices: { message: { tool_calls: { function: { name: string; arguments: string } }[] } }[] }).choices[0]!;
    expect(choice.message.tool_calls[0]!.function.name).toBe('send_message');
    expect(JSON.parse(choice.message.tool_calls[0]!.function.arguments)).toMatchObject({ message: replyFor(text) });

    expect((await client.runs.list()).map((r) => r.id)).toContain(run.id);
    // Server 0.7.29: finishing a run replaces its metadata with {result}, dropping agent_id, and the
    // agent_ids filter reads metadata.agent_id, so a finished run drops out of the filtered list.
    expect(done.metadata).not.toHaveProperty('agent_id');
    expect((await client.runs.list({ agent_ids: [agent.id] })).map((r) => r.id)).not.toContain(run.id);

    const deleted = await client.runs.delete(run.id);
    expect(deleted).toMatchObject({ id: run.id, status: 'completed' });
    await expect(client.runs.retrieve(run.id)).rejects.toBeInstanceOf(LettaNotFoundError);
    expect((await client.runs.list()).map((r) => r.id)).not.toContain(run.id);
  });
});

describe('history', () => {
  it('lists the most recent messages oldest first, pages with before/after, and walks back with paginate()', async () => {
    const agent = await agents.create();
    for (const text of ['one', 'two', 'three']) await client.agents.messages.create(agent.id, { messages: user(text) });
    const turn = (text: string) => [`user: ${text}`, `reasoning: ${thoughtsFor(text)}`, `assistant: ${replyFor(text)}`];

    const all = await client.agents.messages.list(agent.id, { limit: 100 });
    expect(all.map(describeMessage)).toEqual(['system: You are Letta, the l', ...turn('one'), ...turn('two'), ...turn('three')]);

    // `limit` counts stored messages: a turn is user + assistant (reasoning and reply) + the
    // send_message tool return, which the list hides when its call is on the same page.
    const last = await client.agents.messages.list(agent.id, { limit: 3 });
    expect(last.map(describeMessage)).toEqual(turn('three'));
    expect((await client.agents.messages.list(agent.id, { limit: 3, before: last[0]!.id })).map(describeMessage)).toEqual(turn('two'));
    // `after` also gives the most recent `limit` after the cursor, not the next ones.
    expect((await client.agents.messages.list(agent.id, { limit: 3, after: all[0]!.id })).map(describeMessage)).toEqual(turn('three'));
    expect((await client.agents.messages.list(agent.id, { after: last[0]!.id })).map(describeMessage)).toEqual(turn('three').slice(1));

    const walk = async (pageSize: number) => {
      const seen: LettaMessageUnion[] = [];
      for await (const m of paginate((p) => client.agents.messages.list(agent.id, p), {}, { direction: 'before', pageSize })) seen.push(m);
      return seen;
    };
    expect((await walk(3)).map(describeMessage)).toEqual(all.map(describeMessage).reverse());
    // Pages that split a send_message call from its return show that return on its own.
    const split = await walk(2);
    const orphans = split.filter((m): m is ToolReturnMessage => m.message_type === 'tool_return_message');
    expect(orphans.length).toBeGreaterThan(0);
    for (const orphan of orphans) expect(orphan).toMatchObject({ name: 'send_message', status: 'success' });
    expect(split.filter((m) => m.message_type !== 'tool_return_message').map(describeMessage)).toEqual(all.map(describeMessage).reverse());
  });

  it('edits user, reasoning, assistant and system messages by message_type', async () => {
    const agent = await agents.create();
    await client.agents.messages.create(agent.id, { messages: user('original question') });
    const [system, question, thought, answer] = await client.agents.messages.list(agent.id);

    const editedQuestion = await client.agents.messages.modify(agent.id, question!.id, { message_type: 'user_message', content: 'edited question' });
    expect(editedQuestion).toMatchObject({ id: question!.id, message_type: 'user_message', content: 'edited question' });
    expect(await client.agents.messages.modify(agent.id, thought!.id, { message_type: 'reasoning_message', reasoning: 'edited thought' })).toMatchObject({
      message_type: 'reasoning_message',
      reasoning: 'edited thought',
    });
    expect(await client.agents.messages.modify(agent.id, answer!.id, { message_type: 'assistant_message', content: 'edited answer' })).toMatchObject({
      message_type: 'assistant_message',
      content: 'edited answer',
    });
    expect((await client.agents.messages.list(agent.id)).slice(1).map(describeMessage)).toEqual([
      'user: edited question',
      'reasoning: edited thought',
      'assistant: edited answer',
    ]);

    // The system message is the prompt the model gets.
    await client.agents.messages.modify(agent.id, system!.id, { message_type: 'system_message', content: 'You are terse.' });
    expect((await client.agents.context.retrieve(agent.id)).system_prompt).toBe('You are terse.');

    // A message_type that does not match the stored message is a 500 on this server.
    await expect(client.agents.messages.modify(agent.id, question!.id, { message_type: 'assistant_message', content: 'x' })).rejects.toBeInstanceOf(LettaServerError);
    // Tool calls and returns have no update variant: a 422 listing every variant's complaint.
    const invalid = await client.agents.messages
      .modify(agent.id, question!.id, { message_type: 'tool_call_message' } as never)
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(LettaValidationError);
    expect((invalid as LettaValidationError).issues.map((i) => i.loc[1])).toEqual(
      expect.arrayContaining(['UpdateSystemMessage', 'UpdateUserMessage', 'UpdateReasoningMessage', 'UpdateAssistantMessage']),
    );
  });

  it('resets the history to a fresh system message, or to the boot messages when asked', async () => {
    const agent = await agents.create();
    for (const text of ['a', 'b']) await client.agents.messages.create(agent.id, { messages: user(text) });
    expect(await client.agents.messages.list(agent.id, { limit: 100 })).toHaveLength(7);

    const reset = await client.agents.messages.reset(agent.id);
    expect(reset.message_ids).toHaveLength(1);
    const fresh = await client.agents.messages.list(agent.id, { limit: 100 });
    expect(fresh.map((m) => m.message_type)).toEqual(['system_message']);
    expect(fresh[0]!.id).toBe(reset.message_ids![0]);
    expect((await client.agents.context.retrieve(agent.id)).num_messages).toBe(1);

    const booted = await client.agents.messages.reset(agent.id, { add_default_initial_messages: true });
    expect(booted.message_ids!.length).toBeGreaterThan(1);
    const boot = await client.agents.messages.list(agent.id, { limit: 100 });
    expect(boot[0]!.message_type).toBe('system_message');
    expect(boot.map((m) => m.message_type)).toEqual(expect.arrayContaining(['assistant_message', 'user_message']));
  });
});

describe('bad input', () => {
  it('answers invalid bodies and queries with 422 issues, and unknown ids with LettaNotFoundError', async () => {
    const agent = await agents.create();
    const untyped = await client.agents.messages
      .create(agent.id, { messages: [{ role: 'user', content: [{ text: 'no type' } as never] }] })
      .catch((e: unknown) => e);
    expect(untyped).toBeInstanceOf(LettaValidationError);
    const issues = (untyped as LettaValidationError).issues;
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(issue.loc.slice(0, 4)).toEqual(['body', 'messages', 0, 'content']);

    const badLimit = await client.agents.messages.list(agent.id, { limit: 'ten' as never }).catch((e: unknown) => e);
    expect(badLimit).toBeInstanceOf(LettaValidationError);
    expect((badLimit as LettaValidationError).issues).toEqual([expect.objectContaining({ loc: ['query', 'limit'], type: 'int_parsing' })]);
    // Neither reached the agent.
    expect(await client.agents.messages.list(agent.id)).toHaveLength(1);

    const noAgent = `agent-${UNKNOWN}`;
    for (const call of [
      () => client.agents.messages.create(noAgent, { messages: user('x') }),
      () => client.agents.messages.createStream(noAgent, { messages: user('x') }),
      () => client.agents.messages.list(noAgent),
      () => client.agents.messages.reset(noAgent),
      () => client.agents.messages.modify(agent.id, `message-${UNKNOWN}`, { message_type: 'user_message', content: 'x' }),
      () => client.runs.retrieve(`run-${UNKNOWN}`),
      () => client.runs.delete(`run-${UNKNOWN}`),
      () => client.steps.retrieve(`step-${UNKNOWN}`),
      () => client.telemetry.retrieveProviderTrace(`step-${UNKNOWN}`),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(LettaNotFoundError);
    }

    // The async send does not check the agent first: the run is created, then fails.
    const orphan = await client.agents.messages.createAsync(noAgent, { messages: user('x') });
    expect(orphan.status).toBe('created');
    const failed = await pollUntil(
      () => client.runs.retrieve(orphan.id),
      (r: Run) => r.status !== 'created' && r.status !== 'running',
      { timeoutMs: 15_000, what: `run ${orphan.id} finished` },
    );
    expect(failed.status).toBe('failed');
    expect(failed.metadata?.error).toMatch(/Agent not found with id=agent-00000000/);
    await client.runs.delete(orphan.id);
  });
});
