/**
 * The transport every resource goes through: URL building from the route table, auth headers,
 * timeouts, cancellation, the retry policy, error mapping and body decoding all live here and
 * nowhere else. Built on undici's `request` (not fetch) for its separate header/body timeouts:
 * the body timeout is exactly the idle watchdog a stream needs.
 */
import { request, FormData, type Dispatcher } from 'undici';
import { createParser } from 'eventsource-parser';
import type { Route } from './routes.js';
import { encodeQuery, fillPath, joinUrl, type PathParams, type QueryParams } from './path.js';
import { registerSecret } from './redact.js';
import { DEFAULT_RETRY, backoffDelay, isRetryableStatus, parseRetryAfter, sleep, type RetryPolicy } from './retry.js';
import {
  LettaAbortError,
  LettaConnectionError,
  LettaDecodeError,
  LettaError,
  LettaRedirectError,
  LettaTimeoutError,
  errorForStatus,
  serverMessageOf,
} from './errors.js';

export const LETTA_CLOUD_URL = 'https://api.letta.com';
export const DEFAULT_SELF_HOSTED_URL = 'http://localhost:8283';

export interface ClientOptions {
  /** `https://api.letta.com` for Letta Cloud, or a self-hosted server (default `http://localhost:8283`). */
  baseUrl?: string;
  /** Letta Cloud API key, or the password of a server started with `--secure`. */
  token?: string;
  /** Acts as this user on a self-hosted server (the `user_id` header). */
  userId?: string;
  /** Time allowed until the response headers arrive (and between body chunks of a plain call). */
  timeoutMs?: number;
  /** A stream that sends no bytes for this long is cut off with a timeout error. */
  streamIdleTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** undici dispatcher: a shared Agent, a MockAgent in tests, a proxy. */
  dispatcher?: Dispatcher;
  /**
   * Told the outcome of every call (operation, status or error family, duration) — never its
   * headers or body, so it cannot leak a token. Used for diagnostics and the API coverage table.
   */
  observer?: (event: CallObservation) => void;
  /** Replaceable for tests so backoff can be observed without waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface CallObservation {
  operationId: string;
  method: string;
  /** The route's path template, never the filled-in URL. */
  path: string;
  status: number | undefined;
  errorCode?: string;
  durationMs: number;
}

/** Per-call options, always the last argument of a resource method. */
export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  streamIdleTimeoutMs?: number;
  /** Overrides the policy for this call; sends never retry regardless. */
  maxRetries?: number;
  headers?: Record<string, string | undefined>;
}

export interface MultipartFile {
  /** The file's bytes or text. */
  data: Uint8Array | ArrayBuffer | string;
  filename: string;
  contentType?: string;
}

/** What a resource method hands the transport: the pieces of one request, before encoding. */
export interface CallInput {
  path?: PathParams;
  query?: QueryParams | object;
  body?: unknown;
  /** multipart/form-data fields; files become file parts. */
  form?: Record<string, MultipartFile | string | undefined>;
  headers?: Record<string, string | undefined>;
}

/** The request as it went over the wire (minus secrets), for contract tests and diagnostics. */
export interface BuiltRequest {
  method: string;
  url: string;
  path: string;
  query: string;
}

export interface SseMessage {
  event: string | undefined;
  data: string;
  id: string | undefined;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

export class LettaHttp {
  readonly baseUrl: string;
  /** An ES private field: unlike `private`, it stays out of util.inspect and JSON.stringify. */
  readonly #token: string | undefined;
  private readonly userId: string | undefined;
  private readonly timeoutMs: number;
  private readonly streamIdleTimeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly sleepFn: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly observer: ((event: CallObservation) => void) | undefined;

  constructor(options: ClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_SELF_HOSTED_URL).trim().replace(/\/+$/, '');
    this.#token = options.token || undefined;
    registerSecret(this.#token);
    this.userId = options.userId || undefined;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.streamIdleTimeoutMs = options.streamIdleTimeoutMs ?? 180_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.dispatcher = options.dispatcher;
    this.sleepFn = options.sleep ?? sleep;
    this.random = options.random ?? Math.random;
    this.observer = options.observer;
  }

  /** Whether a token is configured. The token itself never leaves this object. */
  get hasToken(): boolean {
    return this.#token !== undefined;
  }

  build(route: Route, input: CallInput = {}): BuiltRequest {
    const path = fillPath(route.path, input.path);
    const query = encodeQuery(input.query as QueryParams | undefined);
    return { method: route.method, url: joinUrl(this.baseUrl, path) + query, path, query };
  }

  /** One JSON call: retried if it is a read, decoded, errors mapped. */
  async request<T>(route: Route, input: CallInput = {}, options: RequestOptions = {}): Promise<T> {
    const res = await this.send(route, input, options, 'json');
    const ctx = { method: route.method, url: this.build(route, input).url };
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      // The body can still stall, be reset or be cancelled after the headers came: same families.
      throw mapTransportError(err, ctx, options.timeoutMs ?? this.timeoutMs, options.signal);
    }
    return this.decode(route, res, ctx.url, text) as T;
  }

  /**
   * Opens an SSE stream. Resolves once the response headers arrived (so a 404 or 422 rejects
   * here, before iteration); the returned iterable yields raw SSE messages as they arrive.
   */
  async stream(route: Route, input: CallInput = {}, options: RequestOptions = {}): Promise<SseConnection> {
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const built = this.build(route, input);
    const idle = options.streamIdleTimeoutMs ?? this.streamIdleTimeoutMs;
    const res = await this.send(route, input, { ...options, signal, maxRetries: 0 }, 'sse', idle);
    return new SseConnection(res, controller, { method: route.method, url: built.url, idleTimeoutMs: idle, signal });
  }

  /** Reports each call's final outcome (after retries) to the observer, if any. */
  private async send(
    route: Route,
    input: CallInput,
    options: RequestOptions,
    accept: 'json' | 'sse',
    bodyTimeoutMs?: number,
  ): Promise<RawResponse> {
    if (!this.observer) return this.sendWithRetries(route, input, options, accept, bodyTimeoutMs);
    const started = performance.now();
    const report = (status: number | undefined, errorCode?: string) =>
      this.observer?.({
        operationId: route.operationId,
        method: route.method,
        path: route.path,
        status,
        ...(errorCode ? { errorCode } : {}),
        durationMs: performance.now() - started,
      });
    try {
      const res = await this.sendWithRetries(route, input, options, accept, bodyTimeoutMs);
      report(res.status);
      return res;
    } catch (err) {
      report(err instanceof LettaError ? err.status : undefined, err instanceof LettaError ? err.code : 'unknown');
      throw err;
    }
  }

  private async sendWithRetries(
    route: Route,
    input: CallInput,
    options: RequestOptions,
    accept: 'json' | 'sse',
    bodyTimeoutMs?: number,
  ): Promise<RawResponse> {
    const built = this.build(route, input);
    const headers = this.headers(input, options, accept);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const isRead = route.method === 'GET';
    const maxRetries = isRead ? (options.maxRetries ?? this.retry.maxRetries) : 0;
    const ctx = { method: route.method, url: built.url };

    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw new LettaAbortError(ctx);
      let res: RawResponse;
      try {
        const body = encodeBody(input, headers);
        const answer = await request(built.url, {
          method: route.method,
          headers,
          body,
          signal: options.signal,
          dispatcher: this.dispatcher,
          headersTimeout: timeoutMs,
          bodyTimeout: bodyTimeoutMs ?? timeoutMs,
        });
        res = { status: answer.statusCode, headers: answer.headers, body: answer.body };
      } catch (err) {
        const mapped = mapTransportError(err, ctx, timeoutMs, options.signal);
        if (attempt < maxRetries && (mapped instanceof LettaConnectionError || mapped instanceof LettaTimeoutError)) {
          await this.wait(backoffDelay(attempt, this.retry, this.random), options.signal, ctx);
          continue;
        }
        throw mapped;
      }

      if (res.status < 300) return res;

      const errorBody = await readErrorBody(res);
      if (res.status < 400) {
        const location = headerValue(res.headers.location);
        throw new LettaRedirectError({ ...ctx, status: res.status, ...(location ? { location } : {}) });
      }
      const error = errorForStatus(res.status, {
        ...ctx,
        body: errorBody,
        serverMessage: serverMessageOf(errorBody),
      });
      if (attempt < maxRetries && isRetryableStatus(res.status)) {
        const retryAfter = parseRetryAfter(res.headers['retry-after']);
        if (retryAfter !== undefined && retryAfter > this.retry.maxRetryAfterMs) throw error;
        await this.wait(retryAfter ?? backoffDelay(attempt, this.retry, this.random), options.signal, ctx);
        continue;
      }
      throw error;
    }
  }

  private async wait(ms: number, signal: AbortSignal | undefined, ctx: { method: string; url: string }): Promise<void> {
    try {
      await this.sleepFn(ms, signal);
    } catch (cause) {
      throw new LettaAbortError({ ...ctx, cause });
    }
  }

  private headers(input: CallInput, options: RequestOptions, accept: 'json' | 'sse'): Record<string, string> {
    const h: Record<string, string> = {
      accept: accept === 'sse' ? 'text/event-stream' : 'application/json',
      'user-agent': 'letta-desk',
    };
    if (this.#token) h.authorization = `Bearer ${this.#token}`;
    if (this.userId) {
      // Most routes read `user_id`; composio apps, MCP servers and voice read `user-id`.
      h.user_id = this.userId;
      h['user-id'] = this.userId;
    }
    for (const src of [input.headers, options.headers]) {
      for (const [k, v] of Object.entries(src ?? {})) if (v !== undefined) h[k.toLowerCase()] = v;
    }
    return h;
  }

  private decode(route: Route, res: RawResponse, url: string, text: string): unknown {
    if (res.status === 204 || text.length === 0) return undefined;
    const type = headerValue(res.headers['content-type']) ?? '';
    if (type.includes('json') || /^[[{"\d-]|^(true|false|null)$/.test(text.trimStart())) {
      try {
        return JSON.parse(text);
      } catch (cause) {
        if (type.includes('json')) {
          throw new LettaDecodeError({ method: route.method, url, status: res.status, cause, serverMessage: text.slice(0, 200) });
        }
      }
    }
    return text;
  }
}

/** How long a stream left before its end may take to finish, so its connection can be reused. */
const STREAM_DRAIN_GRACE_MS = 250;

/**
 * An open SSE response. Iterating yields messages parsed by eventsource-parser (so events split
 * across chunk boundaries, multi-line `data:` and comments are handled by a maintained parser).
 */
export class SseConnection implements AsyncIterable<SseMessage> {
  constructor(
    private readonly res: RawResponse,
    private readonly controller: AbortController,
    private readonly info: { method: string; url: string; idleTimeoutMs: number; signal: AbortSignal },
  ) {}

  get status(): number {
    return this.res.status;
  }
  get contentType(): string {
    return headerValue(this.res.headers['content-type']) ?? '';
  }
  get method(): string {
    return this.info.method;
  }
  get url(): string {
    return this.info.url;
  }

  abort(): void {
    this.controller.abort();
  }

  /**
   * Hands out parsed messages, but none after a cancel: events that arrived in the same chunk as
   * the last one shown must not keep appearing once the user pressed Stop.
   */
  private *drain(queue: SseMessage[], ctx: { method: string; url: string }): Generator<SseMessage> {
    while (queue.length > 0) {
      if (this.info.signal.aborted) throw new LettaAbortError(ctx);
      yield queue.shift()!;
    }
  }

  /**
   * Leaving the loop early must release the socket. After a cancel it is cut at once. Otherwise
   * (the consumer stopped at `[DONE]` or an error event) usually only the response's terminating
   * chunk is still on its way: it gets a moment to arrive so the keep-alive connection is reused
   * (a new TLS handshake per message otherwise), and a stream still sending is cut after that.
   */
  private release(): void {
    const body = this.res.body;
    if (body.destroyed || body.readableEnded) return;
    if (this.info.signal.aborted) {
      body.destroy();
      return;
    }
    const timer = setTimeout(() => body.destroy(), STREAM_DRAIN_GRACE_MS);
    timer.unref?.();
    body.once('close', () => clearTimeout(timer));
    body.on('error', () => {});
    body.resume();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SseMessage> {
    const queue: SseMessage[] = [];
    const parser = createParser({
      onEvent: (e) => queue.push({ event: e.event, data: e.data, id: e.id }),
    });
    const decoder = new TextDecoder();
    const ctx = { method: this.info.method, url: this.info.url };
    // A server that answers JSON instead of SSE (some error paths do) is surfaced as one message.
    const isSse = this.contentType.includes('event-stream');
    let plain = '';
    try {
      // Not destroyed on an early exit: `finally` decides between draining and cutting off.
      for await (const chunk of this.res.body.iterator({ destroyOnReturn: false })) {
        const text = decoder.decode(chunk as Uint8Array, { stream: true });
        if (!isSse) {
          plain += text;
          continue;
        }
        parser.feed(text);
        yield* this.drain(queue, ctx);
      }
      const rest = decoder.decode();
      if (isSse) {
        // A final event without its blank line is still an event; a newline flushes it.
        parser.feed(rest + '\n\n');
        yield* this.drain(queue, ctx);
      } else if ((plain + rest).trim()) {
        yield { event: undefined, data: (plain + rest).trim(), id: undefined };
      }
    } catch (err) {
      throw mapTransportError(err, ctx, this.info.idleTimeoutMs, this.info.signal, true);
    } finally {
      this.release();
    }
  }
}

function encodeBody(input: CallInput, headers: Record<string, string>): string | FormData | undefined {
  if (input.form) {
    const form = new FormData();
    for (const [name, value] of Object.entries(input.form)) {
      if (value === undefined) continue;
      if (typeof value === 'string') {
        form.append(name, value);
      } else {
        const blob = new Blob([value.data as BlobPart], { type: value.contentType ?? 'application/octet-stream' });
        form.append(name, blob, value.filename);
      }
    }
    return form; // undici sets the multipart boundary header itself
  }
  if (input.body === undefined) return undefined;
  headers['content-type'] = 'application/json';
  return JSON.stringify(input.body);
}

async function readErrorBody(res: RawResponse): Promise<unknown> {
  let text = '';
  try {
    text = await res.body.text();
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 4000);
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Maps whatever undici threw into one of our families; the original stays as `cause`. */
export function mapTransportError(
  err: unknown,
  ctx: { method: string; url: string },
  timeoutMs: number,
  signal?: AbortSignal,
  idle = false,
): LettaError {
  if (err instanceof LettaError) return err;
  if (signal?.aborted) return new LettaAbortError({ ...ctx, cause: err });
  const chain: Array<{ code?: string; name?: string; message?: string }> = [];
  for (let e: unknown = err, i = 0; e && typeof e === 'object' && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    chain.push(e as { code?: string; name?: string; message?: string });
  }
  const codes = chain.map((e) => e.code).filter((c): c is string => typeof c === 'string');
  if (chain.some((e) => e.name === 'AbortError') || codes.includes('UND_ERR_ABORTED')) {
    return new LettaAbortError({ ...ctx, cause: err });
  }
  if (codes.includes('UND_ERR_HEADERS_TIMEOUT')) return new LettaTimeoutError({ ...ctx, timeoutMs, cause: err });
  if (codes.includes('UND_ERR_BODY_TIMEOUT')) return new LettaTimeoutError({ ...ctx, timeoutMs, idle, cause: err });
  const tls = codes.find((c) => c.startsWith('ERR_TLS') || c.includes('CERT') || c === 'DEPTH_ZERO_SELF_SIGNED_CERT');
  const conn = tls ?? codes.find((c) => CONNECTION_CODES.has(c));
  if (conn) return new LettaConnectionError({ ...ctx, reason: conn, cause: err });
  const message = chain.map((e) => e.message).find(Boolean) ?? String(err);
  return new LettaConnectionError({ ...ctx, reason: message.slice(0, 200), cause: err });
}
