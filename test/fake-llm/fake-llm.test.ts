/**
 * The fake LLM on its own, without Letta: the command grammar, the turn planning Letta relies on,
 * and the wire format of its HTTP answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAIL_MARKER, fakeLlmCommands as cmd, parseUserText, replyFor, thoughtsFor } from './commands.js';
import { FAKE_EMBEDDING_DIM, fakeEmbedding } from './embedding.js';
import { NON_USER_PREFIX, planReply, type ChatMessage, type ChatTool } from './responder.js';
import { startFakeLlm, type FakeLlm } from './server.js';

const packed = (message: string): ChatMessage => ({ role: 'user', content: JSON.stringify({ type: 'user_message', message, time: 'now' }) });
const heartbeat: ChatMessage = { role: 'user', content: JSON.stringify({ type: 'heartbeat', reason: `${NON_USER_PREFIX}Function called` }) };
const toolCallTurn = (): ChatMessage[] => [
  { role: 'assistant', content: null, tool_calls: [{ id: 'c1' }] },
  { role: 'tool', content: '{"status":"OK"}' },
  heartbeat,
];

function tool(name: string, properties: string[]): ChatTool {
  return { type: 'function', function: { name, parameters: { properties: Object.fromEntries(properties.map((p) => [p, {}])) } } };
}
const lettaTools = [
  tool('send_message', ['inner_thoughts', 'message', 'request_heartbeat']),
  tool('core_memory_append', ['inner_thoughts', 'label', 'content', 'request_heartbeat']),
  tool('core_memory_replace', ['inner_thoughts', 'label', 'old_content', 'new_content', 'request_heartbeat']),
  tool('archival_memory_insert', ['inner_thoughts', 'content', 'request_heartbeat']),
];

describe('command grammar', () => {
  it('parses what the builders write, in order, leaving the chat text', () => {
    const text = `hi ${cmd.remember('human', 'likes tea')} and ${cmd.replace('persona', 'I am a bot.', 'I am a cat.')} ${cmd.call('my_tool', { a: 'x]y', n: { b: 1 } })} ${cmd.slow(10)} ${cmd.fail()} ${cmd.long(5, 20)} ${cmd.archive('x')} ${cmd.search('y')} ${cmd.say('Hi!')} ${cmd.llmError(503)}`;
    expect(parseUserText(text)).toEqual({
      rest: 'hi and',
      commands: [
        { kind: 'tool', tool: 'core_memory_append', args: { label: 'human', content: 'likes tea' } },
        { kind: 'tool', tool: 'core_memory_replace', args: { label: 'persona', old_content: 'I am a bot.', new_content: 'I am a cat.' } },
        { kind: 'tool', tool: 'my_tool', args: { a: 'x]y', n: { b: 1 } } },
        { kind: 'slow', ms: 10 },
        { kind: 'tool', tool: 'core_memory_replace', args: { label: 'human', old_content: FAIL_MARKER, new_content: 'x' } },
        { kind: 'long', words: 5, chunkDelayMs: 20 },
        { kind: 'tool', tool: 'archival_memory_insert', args: { content: 'x' } },
        { kind: 'tool', tool: 'archival_memory_search', args: { query: 'y' } },
        { kind: 'say', text: 'Hi!' },
        { kind: 'llm-error', status: 503 },
      ],
    });
  });

  it('leaves malformed or unknown brackets as text', () => {
    expect(parseUserText('[remember human] [hello] [call x {oops] [slow soon]')).toEqual({
      commands: [],
      rest: '[remember human] [hello] [call x {oops] [slow soon]',
    });
  });

  it('refuses values the grammar could not carry', () => {
    expect(() => cmd.remember('human', 'a ] b')).toThrow();
    expect(() => cmd.remember('two words', 'x')).toThrow();
    expect(() => cmd.replace('human', 'a new=b', 'c')).toThrow();
  });

  it('derives replies and thoughts deterministically', () => {
    expect(replyFor('hello')).toBe('Echo: hello');
    expect(replyFor(cmd.remember('human', 'x'))).toBe('Echo: done');
    expect(replyFor(`x ${cmd.say('Exactly this.')}`)).toBe('Exactly this.');
    expect(replyFor(cmd.long(3))).toBe('w1 w2 w3');
    expect(thoughtsFor(`hello ${cmd.fail()}`)).toBe('Thinking about: hello');
  });
});

describe('turn planning', () => {
  it('runs each tool command in its own call, then ends with send_message', () => {
    const user = packed(`save ${cmd.remember('human', 'a')} ${cmd.archive('b')}`);
    const first = planReply({ messages: [{ role: 'system', content: 's' }, user], tools: lettaTools });
    const second = planReply({ messages: [user, ...toolCallTurn()], tools: lettaTools });
    const third = planReply({ messages: [user, ...toolCallTurn(), ...toolCallTurn()], tools: lettaTools });

    expect(first.reply).toMatchObject({ kind: 'tool_call', name: 'core_memory_append', content: null });
    expect(second.reply).toMatchObject({ kind: 'tool_call', name: 'archival_memory_insert' });
    expect(third.reply).toMatchObject({ kind: 'tool_call', name: 'send_message' });
    const args = third.reply.kind === 'tool_call' ? third.reply.arguments : '';
    // inner_thoughts must come first for Letta to stream reasoning before the message.
    expect(args).toBe(JSON.stringify({ inner_thoughts: 'Thinking about: save', message: 'Echo: save', request_heartbeat: false }));
    const firstArgs = first.reply.kind === 'tool_call' ? JSON.parse(first.reply.arguments) : {};
    expect(firstArgs.request_heartbeat).toBe(true);
  });

  it('ignores earlier turns and skips tools the agent does not offer', () => {
    const earlier = [packed(cmd.remember('human', 'old')), ...toolCallTurn()];
    const plan = planReply({ messages: [...earlier, packed(`now ${cmd.call('not_attached', {})}`)], tools: lettaTools });
    expect(plan.reply).toMatchObject({ kind: 'tool_call', name: 'send_message' });
  });

  it('puts thoughts in content when the tools carry no inner_thoughts', () => {
    const plan = planReply({ messages: [packed('hi')], tools: [tool('send_message', ['message'])] });
    expect(plan.reply).toEqual({
      kind: 'tool_call',
      name: 'send_message',
      arguments: JSON.stringify({ message: 'Echo: hi' }),
      content: 'Thinking about: hi',
      chunkDelayMs: 0,
    });
  });

  it('speaks plain text to the voice agent and finishes sleep-time agents with their own tool', () => {
    const voice = planReply({ messages: [{ role: 'user', content: 'hello voice' }], tools: [tool('search_memory', ['pre_exec_msg'])] });
    expect(voice.reply).toMatchObject({ kind: 'text', content: 'Echo: hello voice' });
    const sleeptime = planReply({ messages: [packed('user: hi')], tools: [tool('memory_rethink', []), tool('memory_finish_edits', [])] });
    expect(sleeptime.reply).toMatchObject({ kind: 'tool_call', name: 'memory_finish_edits' });
  });

  it('delays and fails only the first call of a turn', () => {
    const user = packed(`${cmd.slow(250)} ${cmd.remember('human', 'x')} ${cmd.llmError(503)}`);
    expect(planReply({ messages: [user], tools: lettaTools })).toMatchObject({ delayMs: 250, reply: { kind: 'http_error', status: 503 } });
    expect(planReply({ messages: [user, ...toolCallTurn()], tools: lettaTools })).toMatchObject({ delayMs: 0, reply: { name: 'send_message' } });
  });
});

describe('embeddings', () => {
  it('are deterministic, unit length, non-zero everywhere, and closer for texts sharing words', () => {
    const a = fakeEmbedding('tea and biscuits');
    expect(a).toEqual(fakeEmbedding('tea and biscuits'));
    expect(a).toHaveLength(FAKE_EMBEDDING_DIM);
    expect(a.every((v) => v > 0)).toBe(true);
    expect(Math.hypot(...a)).toBeCloseTo(1, 10);
    const dot = (x: number[], y: number[]) => x.reduce((sum, v, i) => sum + v * y[i]!, 0);
    expect(dot(a, fakeEmbedding('biscuits with tea'))).toBeGreaterThan(dot(a, fakeEmbedding('rocket engines')));
  });
});

describe('HTTP server', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm();
  });
  afterAll(async () => {
    await fake.close();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers a blocking completion with a tool call and usage', async () => {
    const body = (await (await post('/v1/chat/completions', { model: 'm', messages: [packed('hi')], tools: lettaTools })).json()) as any;
    expect(body).toMatchObject({ object: 'chat.completion', model: 'm', choices: [{ finish_reason: 'tool_calls' }] });
    expect(body.choices[0].message.tool_calls[0].function.name).toBe('send_message');
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it('streams chunks that rebuild the arguments, ending with tool_calls, usage and [DONE]', async () => {
    const res = await post('/v1/chat/completions', {
      model: 'm',
      messages: [packed('stream me please')],
      tools: lettaTools,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const lines = (await res.text()).split('\n\n').filter(Boolean);
    expect(lines.at(-1)).toBe('data: [DONE]');
    const chunks = lines.slice(0, -1).map((l) => JSON.parse(l.slice('data: '.length)));
    for (const chunk of chunks) expect(chunk).toMatchObject({ id: expect.any(String), created: expect.any(Number), model: 'm', object: 'chat.completion.chunk' });
    const withChoice = chunks.filter((c) => c.choices.length > 0);
    const args = withChoice.map((c) => c.choices[0].delta.tool_calls?.[0]?.function?.arguments ?? '').join('');
    expect(JSON.parse(args)).toEqual({ inner_thoughts: 'Thinking about: stream me please', message: 'Echo: stream me please', request_heartbeat: false });
    expect(withChoice.filter((c) => c.choices[0].delta.tool_calls).length).toBeGreaterThan(3);
    expect(withChoice.at(-1).choices[0].finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
  });

  it('serves embeddings for a string or a list, and lists its models', async () => {
    const one = (await (await post('/v1/embeddings', { input: 'tea', model: 'e' })).json()) as any;
    expect(one.data[0].embedding).toEqual(fakeEmbedding('tea'));
    const many = (await (await post('/v1/embeddings', { input: ['a', 'b'] })).json()) as any;
    expect(many.data.map((d: any) => d.index)).toEqual([0, 1]);
    const models = (await (await fetch(`${fake.url}/v1/models`)).json()) as any;
    expect(models.data[0]).toMatchObject({ id: 'letta-desk-fake-llm', context_length: 32000 });
  });

  it('records requests and exposes them over HTTP', async () => {
    await fetch(`${fake.url}/_fake/requests`, { method: 'DELETE' });
    await post('/v1/embeddings', { input: 'recorded' });
    const recorded = (await (await fetch(`${fake.url}/_fake/requests`)).json()) as any[];
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ method: 'POST', path: '/v1/embeddings', body: { input: 'recorded' } });
    expect(fake.requests).toHaveLength(1);
  });

  it('drops a slow answer when the client goes away, so closing does not wait for it', async () => {
    const own = await startFakeLlm();
    const controller = new AbortController();
    const request = fetch(`${own.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [packed(cmd.slow(60_000))], tools: lettaTools }),
      signal: controller.signal,
    });
    while (own.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await expect(request).rejects.toThrow();
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
