/**
 * Proves the harness end to end with plain fetch: the real Letta server answers through the fake
 * LLM for chat, memory, token streaming, archival memory, file embedding and the voice route.
 * Deliberately independent of src-main's client, so a client bug cannot hide a harness bug.
 */
import { describe, expect, inject, it } from 'vitest';
import { FAKE_MODEL, fakeLlmCommands as cmd, replyFor, thoughtsFor, type RecordedRequest } from '../fake-llm/server.js';
import { agentConfigs, startLettaServer } from '../harness/letta-server.js';

const lettaUrl = inject('lettaUrl');
const fakeLlmUrl = inject('fakeLlmUrl');

type Json = Record<string, any>;

async function api<T = Json>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${lettaUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> HTTP ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

let agentCounter = 0;
async function createAgent(extra: Json = {}): Promise<Json> {
  return api('POST', '/v1/agents/', {
    name: `smoke-${process.pid}-${++agentCounter}`,
    ...agentConfigs(fakeLlmUrl),
    initial_message_sequence: [],
    memory_blocks: [
      { label: 'human', value: 'Name: unknown.' },
      { label: 'persona', value: 'I am the Letta Desk test agent.' },
    ],
    ...extra,
  });
}

async function sendMessage(agentId: string, text: string): Promise<Json> {
  return api('POST', `/v1/agents/${agentId}/messages`, { messages: [{ role: 'user', content: text }] });
}

/** The JSON of every `data:` event of an SSE body, up to `[DONE]` (which is dropped). */
async function readSse(res: Response): Promise<Json[]> {
  expect(res.ok, `HTTP ${res.status}`).toBe(true);
  const events: Json[] = [];
  for (const line of (await res.text()).split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const data = line.slice('data: '.length);
    if (data === '[DONE]') break;
    events.push(JSON.parse(data) as Json);
  }
  return events;
}

async function fakeRequests(): Promise<RecordedRequest[]> {
  return (await fetch(`${fakeLlmUrl}/_fake/requests`)).json() as Promise<RecordedRequest[]>;
}

describe('Letta server + fake LLM harness', () => {
  it('answers health with a version', async () => {
    const health = await api('GET', '/v1/health/');
    expect(health).toEqual({ version: '0.7.29', status: 'ok' });
  });

  it('lists the fake model through the OpenAI provider the harness configures', async () => {
    const models = await api<Json[]>('GET', '/v1/models/');
    expect(models.map((m) => m.handle)).toContain(`openai-proxy/${FAKE_MODEL}`);
  });

  it('answers a plain message with the fake reply and its reasoning', async () => {
    const agent = await createAgent();
    const response = await sendMessage(agent.id, 'hello');

    const reasoning = response.messages.find((m: Json) => m.message_type === 'reasoning_message');
    const assistant = response.messages.find((m: Json) => m.message_type === 'assistant_message');
    expect(reasoning?.reasoning).toBe(thoughtsFor('hello'));
    expect(assistant?.content).toBe(replyFor('hello'));
    expect(response.usage).toMatchObject({ message_type: 'usage_statistics', step_count: 1 });

    // What Letta really sends the model: the packed user message, every tool, tool use forced.
    const chat = (await fakeRequests()).filter((r) => r.path === '/v1/chat/completions').at(-1)!.body as Json;
    expect(chat.model).toBe(FAKE_MODEL);
    expect(chat.tool_choice).toBe('required');
    expect(JSON.parse(chat.messages.at(-1).content)).toMatchObject({ type: 'user_message', message: 'hello' });
  });

  it('a remember command changes the human block, then the turn ends with send_message', async () => {
    const agent = await createAgent();
    const response = await sendMessage(agent.id, `note this ${cmd.remember('human', 'likes tea')}`);

    expect(response.messages.map((m: Json) => m.message_type)).toEqual([
      'reasoning_message',
      'tool_call_message',
      'tool_return_message',
      'reasoning_message',
      'assistant_message',
    ]);
    expect(response.messages[1].tool_call.name).toBe('core_memory_append');
    expect(response.messages.at(-1).content).toBe('Echo: note this');
    const human = await api('GET', `/v1/agents/${agent.id}/core-memory/blocks/human`);
    expect(human.value).toBe('Name: unknown.\nlikes tea');
  });

  it('streams assistant deltas with stream_tokens', async () => {
    const agent = await createAgent();
    const text = 'please tell me about the weather in Paris today';
    const events = await readSse(
      await fetch(`${lettaUrl}/v1/agents/${agent.id}/messages/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: text }], stream_tokens: true }),
      }),
    );

    const deltas = events.filter((e) => e.message_type === 'assistant_message').map((e) => e.content as string);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(replyFor(text));
    const reasoning = events.filter((e) => e.message_type === 'reasoning_message').map((e) => e.reasoning as string);
    expect(reasoning.join('')).toBe(thoughtsFor(text));
    // Every delta of one message shares the message id; the stream ends with a usage event.
    expect(new Set(events.filter((e) => e.message_type === 'assistant_message').map((e) => e.id)).size).toBe(1);
    expect(events.at(-1)).toMatchObject({ message_type: 'usage_statistics', step_count: 1 });
  });

  it('inserts archival memory through the API and through the archive command', async () => {
    const agent = await createAgent();
    const inserted = await api<Json[]>('POST', `/v1/agents/${agent.id}/archival-memory`, { text: 'The spare key is under the blue pot.' });
    expect(inserted).toHaveLength(1);
    expect(inserted[0]!.text).toBe('The spare key is under the blue pot.');

    await sendMessage(agent.id, cmd.archive('Mars has two moons.'));
    const passages = await api<Json[]>('GET', `/v1/agents/${agent.id}/archival-memory`);
    expect(passages.map((p) => p.text).sort()).toEqual(['Mars has two moons.', 'The spare key is under the blue pot.']);
    // Letta stores our 32-dimension vectors zero-padded to its fixed 4096.
    expect(passages[0]!.embedding).toHaveLength(4096);
  });

  it('embeds an uploaded file into source passages', async () => {
    const source = await api('POST', '/v1/sources/', {
      name: `smoke-source-${process.pid}-${Date.now()}`,
      embedding_config: agentConfigs(fakeLlmUrl).embedding_config,
    });
    const form = new FormData();
    form.append('file', new Blob(['Letta Desk notes.\nTea goes with biscuits.\n'], { type: 'text/plain' }), 'notes.txt');
    const uploadRes = await fetch(`${lettaUrl}/v1/sources/${source.id}/upload`, { method: 'POST', body: form });
    expect(uploadRes.ok).toBe(true);
    const job = (await uploadRes.json()) as Json;
    expect(job.status).toBe('created');

    let status = job.status as string;
    const deadline = Date.now() + 30_000;
    while (status !== 'completed' && status !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await api('GET', `/v1/jobs/${job.id}`)).status;
    }
    expect(status).toBe('completed');
    const passages = await api<Json[]>('GET', `/v1/sources/${source.id}/passages`);
    expect(passages.map((p) => p.text).join('\n')).toContain('Tea goes with biscuits.');
    expect((await fakeRequests()).some((r) => r.path === '/v1/embeddings')).toBe(true);
  });

  /**
   * Offline, the voice route works: it builds its own OpenAI client from OPENAI_API_KEY and
   * OPENAI_BASE_URL (the harness points both at the fake), ignoring the agent's llm_config
   * endpoint. The agent must be a `voice_convo_agent` (created here with its voice_sleeptime group).
   * The fake is asked with `tool_choice: "auto"` and only `search_memory` plus custom tools, answers
   * with plain content, and Letta re-emits the content chunks as `chat.completion.chunk` events:
   * no role chunk, no finish_reason chunk, then `data: [DONE]`.
   */
  it('answers on the voice route with a voice_convo_agent', async () => {
    const agent = await createAgent({ agent_type: 'voice_convo_agent', enable_sleeptime: true });
    expect(agent.multi_agent_group?.manager_type).toBe('voice_sleeptime');

    const events = await readSse(
      await fetch(`${lettaUrl}/v1/voice-beta/${agent.id}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: FAKE_MODEL, messages: [{ role: 'user', content: 'hello voice' }], stream: true }),
      }),
    );
    expect(events.every((e) => e.object === 'chat.completion.chunk')).toBe(true);
    expect(events.map((e) => e.choices[0].delta.content).join('')).toBe(replyFor('hello voice'));

    const voiceCall = (await fakeRequests()).filter((r) => r.path === '/v1/chat/completions').at(-1)!.body as Json;
    expect(voiceCall.tool_choice).toBe('auto');
    expect(voiceCall.tools.map((t: Json) => t.function.name)).toEqual(['search_memory']);
  });

  it('runs a second server in secure mode that demands the password', async () => {
    const secure = await startLettaServer({ fakeLlmUrl, password: 'smoke-secret' });
    try {
      expect((await fetch(`${secure.url}/v1/health/`)).status).toBe(200);
      expect((await fetch(`${secure.url}/v1/agents/`)).status).toBe(401);
      const authorized = await fetch(`${secure.url}/v1/agents/`, { headers: { Authorization: 'Bearer smoke-secret' } });
      expect(authorized.status).toBe(200);
    } finally {
      await secure.stop();
    }
  });
});
