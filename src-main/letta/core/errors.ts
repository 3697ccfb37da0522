/**
 * One error class per failure family, so callers (services, the IPC layer, the connection doctor)
 * can branch on `instanceof` or on `code` without parsing messages. Every error carries the
 * method, the URL (never a token: tokens travel only in headers and the URL is redacted anyway)
 * and, for HTTP failures, the status and the server's own message.
 */
import { redactDeep, redactSecrets } from './redact.js';

export type LettaErrorCode =
  | 'connection'
  | 'timeout'
  | 'aborted'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'validation'
  | 'rate_limited'
  | 'client_error'
  | 'server_error'
  | 'redirect'
  | 'decode'
  | 'stream';

export interface ErrorContext {
  method: string;
  url: string;
  status?: number;
  /** The server's own explanation (`detail`, `message`, `error`), when it gave one. */
  serverMessage?: string;
  /** The parsed error body, when JSON. */
  body?: unknown;
  cause?: unknown;
}

export class LettaError extends Error {
  readonly code: LettaErrorCode;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly serverMessage: string | undefined;
  readonly body: unknown;

  constructor(code: LettaErrorCode, summary: string, ctx: ErrorContext) {
    const where = `${ctx.method} ${redactSecrets(ctx.url)}`;
    const detail = ctx.serverMessage ? `: ${redactSecrets(ctx.serverMessage)}` : '';
    super(redactSecrets(`${summary} (${where}${ctx.status ? ` → ${ctx.status}` : ''})${detail}`), {
      cause: ctx.cause,
    });
    this.name = new.target.name;
    this.code = code;
    this.method = ctx.method;
    this.url = redactSecrets(ctx.url);
    this.status = ctx.status;
    this.serverMessage = ctx.serverMessage === undefined ? undefined : redactSecrets(ctx.serverMessage);
    this.body = redactDeep(ctx.body);
  }

  /** Plain data for logs and IPC: no stack, no cause chain that could hold request headers. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      method: this.method,
      url: this.url,
      status: this.status,
      serverMessage: this.serverMessage,
    };
  }
}

/** DNS failure, refused connection, reset, TLS failure: the request never got an answer. */
export class LettaConnectionError extends LettaError {
  /** The low-level reason (`ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`, …) for the connection doctor. */
  readonly reason: string | undefined;
  constructor(ctx: ErrorContext & { reason?: string }) {
    super('connection', `Cannot reach the Letta server${ctx.reason ? ` (${ctx.reason})` : ''}`, ctx);
    this.reason = ctx.reason;
  }
}

export class LettaTimeoutError extends LettaError {
  readonly timeoutMs: number;
  constructor(ctx: ErrorContext & { timeoutMs: number; idle?: boolean }) {
    super(
      'timeout',
      ctx.idle
        ? `The stream went silent for ${Math.round(ctx.timeoutMs / 1000)} s`
        : `No answer within ${Math.round(ctx.timeoutMs / 1000)} s`,
      ctx,
    );
    this.timeoutMs = ctx.timeoutMs;
  }
}

export class LettaAbortError extends LettaError {
  constructor(ctx: ErrorContext) {
    super('aborted', 'Request cancelled', ctx);
  }
}

/** Any 4xx/5xx answer. Subclasses below narrow it by status. */
export class LettaApiError extends LettaError {
  override readonly status: number;
  constructor(code: LettaErrorCode, summary: string, ctx: ErrorContext & { status: number }) {
    super(code, summary, ctx);
    this.status = ctx.status;
  }
}

export class LettaBadRequestError extends LettaApiError {
  constructor(ctx: ErrorContext & { status: number }) {
    super('bad_request', 'The server rejected the request', ctx);
  }
}
export class LettaAuthenticationError extends LettaApiError {
  constructor(ctx: ErrorContext & { status: number }) {
    super('unauthorized', 'Not authorised: check the API key or server password', ctx);
  }
}
export class LettaPermissionError extends LettaApiError {
  constructor(ctx: ErrorContext & { status: number }) {
    super('forbidden', 'Forbidden', ctx);
  }
}
export class LettaNotFoundError extends LettaApiError {
  constructor(ctx: ErrorContext & { status: number }) {
    super('not_found', 'Not found', ctx);
  }
}
export class LettaConflictError extends LettaApiError {
  constructor(ctx: ErrorContext & { status: number }) {
    super('conflict', 'Conflict', ctx);
  }
}

/** One entry of FastAPI's 422 body: where the problem is and what it is. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export class LettaValidationError extends LettaApiError {
  readonly issues: ValidationIssue[];
  constructor(ctx: ErrorContext & { status: number }) {
    const issues = parseValidationIssues(redactDeep(ctx.body));
    const serverMessage =
      issues.length > 0
        ? issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; ')
        : ctx.serverMessage;
    super('validation', 'The server found the request invalid', { ...ctx, serverMessage });
    this.issues = issues;
  }
}

export class LettaRateLimitError extends LettaApiError {
  constructor(ctx: ErrorContext & { status: number }) {
    super('rate_limited', 'Too many requests', ctx);
  }
}
export class LettaClientError extends LettaApiError {
  constructor(ctx: ErrorContext & { status: number }) {
    super('client_error', 'The server refused the request', ctx);
  }
}
export class LettaServerError extends LettaApiError {
  constructor(ctx: ErrorContext & { status: number }) {
    super('server_error', 'The Letta server failed', ctx);
  }
}

/**
 * A 3xx answer. The client never follows redirects: the route table already uses the server's
 * exact paths, so a redirect means a proxy or a wrong path prefix in the base URL, which the
 * connection doctor reports in words.
 */
export class LettaRedirectError extends LettaApiError {
  readonly location: string | undefined;
  constructor(ctx: ErrorContext & { status: number; location?: string }) {
    super('redirect', `The server redirected${ctx.location ? ` to ${ctx.location}` : ''}; check the server URL`, ctx);
    this.location = ctx.location === undefined ? undefined : redactSecrets(ctx.location);
  }
}

/** A 2xx answer whose body could not be read as promised (bad JSON, wrong content type). */
export class LettaDecodeError extends LettaError {
  constructor(ctx: ErrorContext) {
    super('decode', 'Could not read the server response', ctx);
  }
}

/** An error event inside an otherwise healthy stream (`data: {"error": ...}`). */
export class LettaStreamError extends LettaError {
  constructor(ctx: ErrorContext) {
    super('stream', 'The server reported an error mid-stream', ctx);
  }
}

export function errorForStatus(status: number, ctx: ErrorContext): LettaApiError {
  const c = { ...ctx, status };
  if (status === 400) return new LettaBadRequestError(c);
  if (status === 401) return new LettaAuthenticationError(c);
  if (status === 403) return new LettaPermissionError(c);
  if (status === 404) return new LettaNotFoundError(c);
  if (status === 409) return new LettaConflictError(c);
  if (status === 422) return new LettaValidationError(c);
  if (status === 429) return new LettaRateLimitError(c);
  if (status >= 500) return new LettaServerError(c);
  return new LettaClientError(c);
}

/** Pulls a human sentence out of the error bodies Letta servers send (FastAPI `detail`, `message`, `error`). */
export function serverMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 2000) : undefined;
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  for (const key of ['detail', 'message', 'error', 'errors']) {
    const v = b[key];
    if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 2000);
    if (Array.isArray(v) && v.length > 0) {
      const issues = parseValidationIssues({ detail: v });
      if (issues.length > 0) return issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; ');
    }
    if (v && typeof v === 'object') {
      const nested = serverMessageOf(v);
      if (nested) return nested;
    }
  }
  return undefined;
}

function parseValidationIssues(body: unknown): ValidationIssue[] {
  if (!body || typeof body !== 'object') return [];
  const detail = (body as { detail?: unknown }).detail;
  if (!Array.isArray(detail)) return [];
  return detail
    .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object')
    .map((d) => ({
      loc: Array.isArray(d.loc) ? (d.loc as (string | number)[]) : [],
      msg: typeof d.msg === 'string' ? d.msg : JSON.stringify(d.msg ?? ''),
      type: typeof d.type === 'string' ? d.type : 'unknown',
    }));
}
