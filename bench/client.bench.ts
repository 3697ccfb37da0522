/**
 * Time to the first streamed event: our client (`LettaHttp.stream` + `LettaStream`, i.e. URL
 * building, headers, undici, SSE parsing, JSON decoding) against a bare undici `request` reading
 * its first body chunk, both to the same local SSE server, interleaved in one process so machine
 * noise hits both alike. The difference is what the client adds to the first token on screen.
 */
import { Agent, request } from 'undici';
import { LettaHttp } from '../src-main/letta/core/http.js';
import { ROUTES } from '../src-main/letta/core/routes.js';
import { LettaStream } from '../src-main/letta/core/stream.js';
import { DONE, frame, startTestServer } from '../test/fixtures/sse-server.js';

export const name = 'client';

const WARMUP = 100;
const SAMPLES = 1000;
const TOKEN = 'sk-let-bench-0123456789abcdef';

const FIRST = frame({ data: { id: 'message-1', message_type: 'assistant_message', content: 'Hello! How can I help you today?' } });
const REST = frame({ data: { message_type: 'usage_statistics', completion_tokens: 9, prompt_tokens: 1200, total_tokens: 1209 } }) + DONE;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function run(): Promise<Record<string, number>> {
  // Headers and the first event leave together at once; the rest follows on the next turn.
  const srv = await startTestServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(FIRST);
    setImmediate(() => res.end(REST));
  });
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  const http = new LettaHttp({ baseUrl: srv.url, token: TOKEN, dispatcher });
  const input = { path: { agent_id: 'agent-bench' }, body: { messages: [{ role: 'user', content: 'hi' }] } };
  const url = http.build(ROUTES.create_agent_message_stream, input).url;
  const payload = JSON.stringify(input.body);

  async function viaClient(): Promise<number> {
    const t0 = performance.now();
    const stream = new LettaStream(await http.stream(ROUTES.create_agent_message_stream, input), (j) => j);
    let first = -1;
    for await (const _ of stream) if (first < 0) first = performance.now() - t0;
    if (first < 0 || !stream.completed) throw new Error('client stream ended without events');
    return first;
  }

  async function viaRaw(): Promise<number> {
    const t0 = performance.now();
    const { body } = await request(url, {
      method: 'POST',
      dispatcher,
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: payload,
    });
    let first = -1;
    for await (const _ of body) if (first < 0) first = performance.now() - t0;
    if (first < 0) throw new Error('raw stream ended without data');
    return first;
  }

  const client: number[] = [];
  const raw: number[] = [];
  try {
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      // Alternate which goes first so neither always gets the warmer connection.
      let a: number;
      let b: number;
      if (i % 2 === 0) {
        a = await viaClient();
        b = await viaRaw();
      } else {
        b = await viaRaw();
        a = await viaClient();
      }
      if (i >= WARMUP) {
        client.push(a);
        raw.push(b);
      }
    }
  } finally {
    await dispatcher.close();
    await srv.close();
  }

  client.sort((x, y) => x - y);
  raw.sort((x, y) => x - y);
  const figures = {
    client_first_event_p50_ms: percentile(client, 50),
    client_first_event_p95_ms: percentile(client, 95),
    raw_first_event_p50_ms: percentile(raw, 50),
    raw_first_event_p95_ms: percentile(raw, 95),
  };
  const added = figures.client_first_event_p95_ms - figures.raw_first_event_p95_ms;
  console.log(`  first streamed event, ${SAMPLES} samples each after ${WARMUP} warm-up, interleaved`);
  console.log(`  ${'path'.padEnd(28)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
  console.log(`  ${'LettaHttp.stream+LettaStream'.padEnd(28)} ${figures.client_first_event_p50_ms.toFixed(3).padStart(8)} ${figures.client_first_event_p95_ms.toFixed(3).padStart(8)}`);
  console.log(`  ${'raw undici request'.padEnd(28)} ${figures.raw_first_event_p50_ms.toFixed(3).padStart(8)} ${figures.raw_first_event_p95_ms.toFixed(3).padStart(8)}`);
  console.log(`  added by the client at p95: ${added.toFixed(3)} ms (goal < 5 ms)`);

  return {
    client_first_event_p50_ms: figures.client_first_event_p50_ms,
    client_first_event_p95_ms: figures.client_first_event_p95_ms,
    raw_first_event_p95_ms: figures.raw_first_event_p95_ms,
    client_added_p95_ms: added,
  };
}
