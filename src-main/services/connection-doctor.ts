/**
 * The connection doctor: tries a server step by step and says, in words a user can act on,
 * which step failed, at which URL, and why. Steps: the URL itself, reaching the host (DNS, TCP,
 * TLS), the health route (is this a Letta server, which version, how fast), and an authenticated
 * call (is the token accepted). Connecting runs the same checks, so "Connect" and "Diagnose"
 * never disagree.
 */
import type { Dispatcher } from 'undici';
import type { DoctorCheck, DoctorCheckId, DoctorReport } from '../../src-shared/app-types.js';
import type { ErrorCode } from '../../src-shared/result.js';
import {
  LettaApiError,
  LettaClient,
  LettaConnectionError,
  LettaError,
  LettaRedirectError,
  LettaTimeoutError,
  ROUTES,
} from '../letta/index.js';

export interface DoctorTarget {
  baseUrl: string;
  token?: string | null;
  userId?: string | null;
}

export interface DoctorOptions {
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** undici dispatcher, e.g. one that trusts a test CA. */
  dispatcher?: Dispatcher;
}

interface Explanation {
  code: ErrorCode;
  detail: string;
  hint: string;
}

function hostOf(url: string): { host: string; hostPort: string } {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    return { host: u.hostname, hostPort: `${u.hostname}:${port}` };
  } catch {
    return { host: url, hostPort: url };
  }
}

/** Words for a connection that never got an HTTP answer, from the low-level reason. */
export function explainConnectionFailure(reason: string | undefined, url: string): Explanation {
  const { host, hostPort } = hostOf(url);
  const r = reason ?? '';
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|getaddrinfo/i.test(r)) {
    return {
      code: 'unreachable',
      detail: `The name "${host}" could not be resolved (DNS lookup failed for ${url}).`,
      hint: 'Check the spelling of the server address, and that this computer is online (or on the VPN the server needs).',
    };
  }
  if (/ECONNREFUSED/i.test(r)) {
    return {
      code: 'unreachable',
      detail: `Nothing is listening at ${hostPort}: the connection to ${url} was refused.`,
      hint: 'Start the Letta server (e.g. `letta server`), or fix the port in the URL (a self-hosted server listens on 8283 by default).',
    };
  }
  if (/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED/i.test(r)) {
    return {
      code: 'unreachable',
      detail: `The TLS certificate of ${hostPort} is not trusted by this computer (self-signed or from a private certificate authority; ${r}).`,
      hint: 'Use a certificate from a public authority, or start Letta Desk with NODE_EXTRA_CA_CERTS pointing at your CA certificate file.',
    };
  }
  if (/CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/i.test(r)) {
    return {
      code: 'unreachable',
      detail: `The TLS certificate of ${hostPort} has expired or is not valid yet (${r}).`,
      hint: 'Renew the server\'s certificate, and check this computer\'s clock.',
    };
  }
  if (/ALTNAME|HOSTNAME|IP_ADDRESS_MISMATCH/i.test(r)) {
    return {
      code: 'unreachable',
      detail: `The TLS certificate of ${hostPort} is for a different name than "${host}" (${r}).`,
      hint: 'Use the host name the certificate was issued for.',
    };
  }
  if (/WRONG_VERSION|wrong version number|PACKET_LENGTH|packet length|EPROTO|http request/i.test(r)) {
    return {
      code: 'unreachable',
      detail: `${hostPort} did not answer the TLS (https) handshake for ${url}: it does not seem to speak https on this port.`,
      hint: 'If the server is plain http (a local `letta server` is), use an http:// URL.',
    };
  }
  if (/SSL|TLS|CERT/i.test(r)) {
    return {
      code: 'unreachable',
      detail: `The TLS (https) connection to ${hostPort} failed (${r}).`,
      hint: 'Check the server\'s certificate and https setup, or try the URL in a browser to see its error.',
    };
  }
  if (/ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED|other side closed/i.test(r)) {
    return {
      code: 'unreachable',
      detail: `${hostPort} closed the connection without answering ${url}.`,
      hint: 'If the server expects https, use https:// (or http:// for a plain server); a proxy or firewall may also be cutting the connection.',
    };
  }
  if (/EHOSTUNREACH|ENETUNREACH/i.test(r)) {
    return {
      code: 'unreachable',
      detail: `There is no network route to ${hostPort} (${r}).`,
      hint: 'Check the network or VPN connection.',
    };
  }
  if (/ETIMEDOUT|CONNECT_TIMEOUT/i.test(r)) {
    return {
      code: 'timeout',
      detail: `Could not open a connection to ${hostPort} in time (${r}).`,
      hint: 'A firewall may be dropping the traffic, or the host is down.',
    };
  }
  return {
    code: 'unreachable',
    detail: `Could not connect to ${url}${r ? ` (${r})` : ''}.`,
    hint: 'Check the URL and that the server is running.',
  };
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** Validates a user-typed base URL; returns it without trailing slashes. */
export function checkBaseUrl(raw: string): { ok: true; url: string; note: string | null } | { ok: false; detail: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, detail: `"${raw}" is not a URL; write it like http://localhost:8283 or https://api.letta.com.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, detail: `The URL must start with http:// or https://, not ${url.protocol}//.` };
  }
  if (url.username || url.password) {
    return { ok: false, detail: 'The URL must not contain a user name or password; put the password in the token field.' };
  }
  if (url.search || url.hash) {
    return { ok: false, detail: 'The URL must not contain a query (?…) or fragment (#…); use the server\'s address only.' };
  }
  const clean = url.toString().replace(/\/+$/, '');
  const note =
    url.protocol === 'http:' && !LOOPBACK.test(url.hostname)
      ? 'Note: http:// sends the token unencrypted; use https:// for a server on another machine.'
      : null;
  return { ok: true, url: clean, note };
}

function check(id: DoctorCheckId, partial: Partial<DoctorCheck> & Pick<DoctorCheck, 'status' | 'detail'>): DoctorCheck {
  return { id, url: null, hint: null, code: null, latencyMs: null, ...partial };
}

const elapsed = (start: number) => Math.round(performance.now() - start);

export async function diagnose(target: DoctorTarget, options: DoctorOptions = {}): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const parsed = checkBaseUrl(target.baseUrl);
  if (!parsed.ok) {
    checks.push(check('url', { status: 'failed', detail: parsed.detail, code: 'invalid_argument', hint: 'Fix the server URL in the profile.' }));
    return finish(target.baseUrl, checks, null, null);
  }
  checks.push(check('url', { status: 'ok', url: parsed.url, detail: parsed.note ?? `${parsed.url} is a valid server address.` }));

  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = new LettaClient({
    baseUrl: parsed.url,
    ...(target.token ? { token: target.token } : {}),
    ...(target.userId ? { userId: target.userId } : {}),
    timeoutMs,
    retry: { maxRetries: 0 },
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });

  // Health: reachability, "is this Letta", version and latency in one request.
  const healthUrl = client.http.build(ROUTES.health_check).url;
  const started = performance.now();
  let version: string | null = null;
  let latency: number | null = null;
  try {
    const health = (await client.health.check()) as unknown;
    latency = elapsed(started);
    checks.push(check('reach', { status: 'ok', url: healthUrl, latencyMs: latency, detail: `Reached ${hostOf(parsed.url).hostPort}.` }));
    const v = health && typeof health === 'object' ? (health as { version?: unknown }).version : undefined;
    if (typeof v !== 'string' || !v) {
      checks.push(
        check('health', {
          status: 'failed',
          url: healthUrl,
          latencyMs: latency,
          code: 'bad_response',
          detail: `${healthUrl} answered, but not like a Letta server (no version in the answer).`,
          hint: 'Check that the URL points at the Letta API and not at a web page or another service.',
        }),
      );
      checks.push(skipped('auth'));
      return finish(parsed.url, checks, null, latency);
    }
    version = v;
    checks.push(
      check('health', { status: 'ok', url: healthUrl, latencyMs: latency, detail: `Letta server ${v} is healthy (answered in ${latency} ms).` }),
    );
  } catch (error) {
    latency = elapsed(started);
    const { reach, health } = explainHealthFailure(error, healthUrl, parsed.url, latency);
    checks.push(reach);
    checks.push(health ?? skipped('health'));
    checks.push(skipped('auth'));
    return finish(parsed.url, checks, null, reach.status === 'ok' ? latency : null);
  }

  // Auth: the cheapest call that needs a valid token on a secured server.
  const authUrl = client.http.build(ROUTES.list_agents, { query: { limit: 1 } }).url;
  const authStarted = performance.now();
  try {
    await client.agents.list({ limit: 1 });
    checks.push(
      check('auth', {
        status: 'ok',
        url: authUrl,
        latencyMs: elapsed(authStarted),
        detail: target.token ? 'The server accepted the token.' : 'The server answered without a token (it does not require one).',
      }),
    );
  } catch (error) {
    checks.push(explainAuthFailure(error, authUrl, !!target.token, elapsed(authStarted)));
  }
  return finish(parsed.url, checks, version, latency);
}

function skipped(id: DoctorCheckId): DoctorCheck {
  return check(id, { status: 'skipped', detail: 'Not tried, because an earlier step failed.' });
}

function explainHealthFailure(
  error: unknown,
  url: string,
  baseUrl: string,
  latency: number,
): { reach: DoctorCheck; health: DoctorCheck | null } {
  if (error instanceof LettaConnectionError) {
    const e = explainConnectionFailure(error.reason, url);
    return { reach: check('reach', { status: 'failed', url, code: e.code, detail: e.detail, hint: e.hint }), health: null };
  }
  const reached = check('reach', { status: 'ok', url, latencyMs: latency, detail: `Reached ${hostOf(baseUrl).hostPort}.` });
  const failed = (code: ErrorCode, detail: string, hint: string) =>
    check('health', { status: 'failed', url, latencyMs: latency, code, detail, hint });

  if (error instanceof LettaTimeoutError) {
    return {
      reach: reached,
      health: failed('timeout', `${url} accepted the connection but sent no answer within ${Math.round(error.timeoutMs / 1000)} s.`, 'The server may be starting or overloaded; try again in a moment.'),
    };
  }
  if (error instanceof LettaRedirectError) {
    const suggestion = error.location ? suggestBaseFromRedirect(error.location, url) : null;
    return {
      reach: reached,
      health: failed(
        'redirect',
        `${url} redirected (${error.status})${error.location ? ` to ${error.location}` : ''} instead of answering.`,
        suggestion ? `Use ${suggestion} as the server URL.` : 'Use the address the server redirects to as the server URL (a proxy, http→https, or a wrong path).',
      ),
    };
  }
  if (error instanceof LettaApiError) {
    if (error.status === 404) {
      const path = new URL(baseUrl).pathname.replace(/\/+$/, '');
      return {
        reach: reached,
        health: failed(
          'not_found',
          `${url} answered 404: there is no Letta API under this path.`,
          path
            ? `The URL has the path "${path}", which this server does not have; try ${new URL(baseUrl).origin} (the server's root, without /v1).`
            : 'If the server sits behind a proxy under a path prefix, include that prefix in the URL (e.g. https://host/letta).',
        ),
      };
    }
    if (error.status === 401 || error.status === 403) {
      return {
        reach: reached,
        health: failed(
          error.status === 401 ? 'unauthorized' : 'forbidden',
          `${url} answered ${error.status}: even the health check needs credentials here.`,
          'Set the API key or password in the profile; a proxy in front of the server may also want its own login.',
        ),
      };
    }
    return {
      reach: reached,
      health: failed(
        error.status >= 500 ? 'server_error' : 'rejected',
        `${url} answered ${error.status}${error.serverMessage ? `: ${error.serverMessage}` : ''}.`,
        error.status >= 500 ? 'The server is up but failing; its log says why.' : 'Check that the URL points at a Letta server.',
      ),
    };
  }
  if (error instanceof LettaError) {
    return { reach: reached, health: failed('bad_response', `${url} gave an answer that could not be read (${error.message}).`, 'Check that the URL points at the Letta API.') };
  }
  return { reach: reached, health: failed('internal', `Checking ${url} failed unexpectedly.`, 'See the app log.') };
}

function suggestBaseFromRedirect(location: string, healthUrl: string): string | null {
  try {
    const target = new URL(location, healthUrl);
    const suffix = '/v1/health/';
    const path = target.pathname.endsWith(suffix)
      ? target.pathname.slice(0, -suffix.length)
      : target.pathname.endsWith('/v1/health')
        ? target.pathname.slice(0, -'/v1/health'.length)
        : null;
    if (path === null) return null;
    return `${target.origin}${path}`.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

function explainAuthFailure(error: unknown, url: string, hadToken: boolean, latency: number): DoctorCheck {
  const failed = (code: ErrorCode, detail: string, hint: string) =>
    check('auth', { status: 'failed', url, latencyMs: latency, code, detail, hint });
  if (error instanceof LettaApiError && error.status === 401) {
    return hadToken
      ? failed('unauthorized', `${url} answered 401: the server rejected the token.`, 'Check the API key (Letta Cloud) or the server password (LETTA_SERVER_PASSWORD) and set it again.')
      : failed('unauthorized', `${url} answered 401: this server requires a token.`, 'Add the API key (Letta Cloud) or the server password (a server started with --secure) to the profile.');
  }
  if (error instanceof LettaApiError && error.status === 403) {
    return failed('forbidden', `${url} answered 403: this token or acting user may not list agents.`, 'Check the key\'s permissions or the acting user id.');
  }
  if (error instanceof LettaConnectionError) {
    const e = explainConnectionFailure(error.reason, url);
    return failed(e.code, e.detail, e.hint);
  }
  if (error instanceof LettaApiError) {
    return failed(
      error.status >= 500 ? 'server_error' : 'rejected',
      `${url} answered ${error.status}${error.serverMessage ? `: ${error.serverMessage}` : ''}.`,
      error.status >= 500 ? 'The server is up but failing on authenticated calls; its log says why (an unknown acting user id is a common cause).' : 'Check the profile\'s acting user id.',
    );
  }
  if (error instanceof LettaError) return failed('bad_response', `${url} failed: ${error.message}.`, 'Try again, or check the server log.');
  return failed('internal', `Checking ${url} failed unexpectedly.`, 'See the app log.');
}

function finish(baseUrl: string, checks: DoctorCheck[], version: string | null, latency: number | null): DoctorReport {
  const firstFailure = checks.find((c) => c.status === 'failed');
  return {
    ok: !firstFailure,
    baseUrl,
    serverVersion: version,
    latencyMs: latency,
    checks,
    problem: firstFailure ? firstFailure.detail : null,
  };
}
