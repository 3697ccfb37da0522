/**
 * An OpenAI-compatible fake LLM on 127.0.0.1 for the Letta server under test: chat completions
 * (blocking and SSE), embeddings and the model list. What it answers is decided by responder.ts
 * from the command language in commands.ts.
 *
 * Besides the OpenAI routes it serves `GET /_fake/requests` (everything recorded, oldest first) and
 * `DELETE /_fake/requests`, because tests run in worker processes while the fake lives in vitest's
 * global setup.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FAKE_EMBEDDING_DIM, FAKE_EMBEDDING_MODEL, fakeEmbedding } from './embedding.js';
import { planReply, streamPieces, type ChatCompletionRequest, type FakeReply } from './responder.js';

export { FAKE_EMBEDDING_DIM, FAKE_EMBEDDING_MODEL } from './embedding.js';
export { fakeLlmCommands, replyFor, thoughtsFor, longReply, FAIL_MARKER } from './commands.js';

/** Not an OpenAI model name, so Letta applies none of its per-model special cases. */
export const FAKE_MODEL = 'letta-desk-fake-llm';
export const FAKE_CONTEXT_WINDOW = 32000;

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  receivedAt: string;
}

export interface FakeLlm {
  /** Base URL without `/v1`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  port: number;
  /** Every request received, oldest first (the last 1000). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const MAX_RECORDED = 1000;

function approxTokens(value: unknown): number {
  return Math.max(1, Math.ceil(JSON.stringify(value ?? '').length / 4));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Resolves false instead of throwing when the client went away, so callers just stop. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

let sequence = 0;

function usageFor(request: ChatCompletionRequest, reply: Exclude<FakeReply, { kind: 'http_error' }>) {
  const prompt = approxTokens(request.messages);
  const completion = approxTokens(reply.kind === 'tool_call' ? reply.arguments + (reply.content ?? '') : reply.content);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function completionBody(request: ChatCompletionRequest, reply: Exclude<FakeReply, { kind: 'http_error' }>, id: string) {
  const message =
    reply.kind === 'tool_call'
      ? {
          role: 'assistant',
          content: reply.content,
          tool_calls: [{ id: `call_fake_${id}`, type: 'function', function: { name: reply.name, arguments: reply.arguments } }],
        }
      : { role: 'assistant', content: reply.content };
  return {
    id: `chatcmpl-fake-${id}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model ?? FAKE_MODEL,
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.kind === 'tool_call' ? 'tool_calls' : 'stop' }],
    usage: usageFor(request, reply),
  };
}

async function streamCompletion(
  res: ServerResponse,
  request: ChatCompletionRequest,
  reply: Exclude<FakeReply, { kind: 'http_error' }>,
  id: string,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const base = { id: `chatcmpl-fake-${id}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: request.model ?? FAKE_MODEL };
  const send = (choices: unknown[], extra: Record<string, unknown> = {}) => {
    res.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
  };
  const delta = (d: Record<string, unknown>, finishReason: string | null = null) =>
    send([{ index: 0, delta: d, logprobs: null, finish_reason: finishReason }]);

  const pieces = async (text: string, wrap: (piece: string) => Record<string, unknown>): Promise<boolean> => {
    for (const piece of streamPieces(text)) {
      if (!(await pause(reply.chunkDelayMs, signal))) return false;
      delta(wrap(piece));
    }
    return true;
  };

  // Like OpenAI: text opens with an empty content delta, a bare tool call with its header.
  if (reply.content || reply.kind === 'text') {
    delta({ role: 'assistant', content: '' });
    if (!(await pieces(reply.content ?? '', (content) => ({ content })))) return;
  }
  if (reply.kind === 'tool_call') {
    const header = { index: 0, id: `call_fake_${id}`, type: 'function', function: { name: reply.name, arguments: '' } };
    delta(reply.content ? { tool_calls: [header] } : { role: 'assistant', content: null, tool_calls: [header] });
    if (!(await pieces(reply.arguments, (args) => ({ tool_calls: [{ index: 0, function: { arguments: args } }] })))) return;
  }
  delta({}, reply.kind === 'tool_call' ? 'tool_calls' : 'stop');
  if (request.stream_options?.include_usage) send([], { usage: usageFor(request, reply) });
  res.end('data: [DONE]\n\n');
}

async function handleChat(res: ServerResponse, request: ChatCompletionRequest): Promise<void> {
  const id = String(++sequence);
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const plan = planReply(request);
  if (!(await pause(plan.delayMs, abort.signal))) return;
  const { reply } = plan;
  if (reply.kind === 'http_error') {
    sendJson(res, reply.status, { error: { message: reply.message, type: 'fake_llm_error', param: null, code: String(reply.status) } });
    return;
  }
  if (request.stream) await streamCompletion(res, request, reply, id, abort.signal);
  else sendJson(res, 200, completionBody(request, reply, id));
}

function handleEmbeddings(res: ServerResponse, body: { input?: unknown; model?: string }): void {
  const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ''];
  const texts = inputs.map((input) => (Array.isArray(input) ? input.join(' ') : String(input)));
  sendJson(res, 200, {
    object: 'list',
    data: texts.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text, FAKE_EMBEDDING_DIM) })),
    model: body.model ?? FAKE_EMBEDDING_MODEL,
    usage: { prompt_tokens: approxTokens(texts), total_tokens: approxTokens(texts) },
  });
}

function handleModels(res: ServerResponse): void {
  const created = Math.floor(Date.now() / 1000);
  sendJson(res, 200, {
    object: 'list',
    // context_length is how Letta's OpenAI provider learns the window of a model it does not know.
    // The embedding model is left out: Letta would list it as a chat model ("openai-proxy/...").
    data: [{ id: FAKE_MODEL, object: 'model', created, owned_by: 'letta-desk', context_length: FAKE_CONTEXT_WINDOW }],
  });
}

export async function startFakeLlm(options: { port?: number } = {}): Promise<FakeLlm> {
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!.replace(/^\/v1(?=\/)/, '');
      let body: unknown;
      try {
        body = req.method === 'POST' ? await readJson(req) : undefined;
      } catch {
        sendJson(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
        return;
      }
      if (!path.startsWith('/_fake/')) {
        requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', body, receivedAt: new Date().toISOString() });
        if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
      }
      if (req.method === 'POST' && path === '/chat/completions') return handleChat(res, (body ?? {}) as ChatCompletionRequest);
      if (req.method === 'POST' && path === '/embeddings') return handleEmbeddings(res, (body ?? {}) as { input?: unknown });
      if (req.method === 'GET' && path === '/models') return handleModels(res);
      if (req.method === 'GET' && path === '/_fake/requests') return sendJson(res, 200, requests);
      if (req.method === 'DELETE' && path === '/_fake/requests') {
        requests.length = 0;
        return sendJson(res, 200, { cleared: true });
      }
      sendJson(res, 404, { error: { message: `fake LLM has no route ${req.method} ${req.url}`, type: 'not_found' } });
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: 'fake_llm_crash' } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Letta keeps connections alive; without this, close() would wait for them to idle out.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
