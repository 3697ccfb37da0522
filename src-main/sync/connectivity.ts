/**
 * Online or not, decided from the errors the sync meets, and what that means for the app:
 * reads come from the cache stamped with the last sync time, writes are refused outright.
 * Refusing is a product decision: a queued edit to memory or a queued message could land
 * hours later on an agent that has moved on, so the user re-sends when the server is back.
 */

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/**
 * The server could not be reached (as opposed to answering with an error). Understands the
 * typed client's errors (`code: 'connection' | 'timeout'`), Node and undici network codes
 * anywhere in the cause chain, and a gateway answering for a server that is down.
 */
export function isUnreachableError(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 5) return false;
  const e = err as { code?: unknown; status?: unknown; cause?: unknown };
  if (e.code === 'connection' || e.code === 'timeout') return true;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (e.status === 502 || e.status === 503 || e.status === 504) return true;
  return isUnreachableError(e.cause, depth + 1);
}

export function isAbortError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; code?: unknown };
  return e.name === 'AbortError' || e.code === 'aborted' || e.code === 'ABORT_ERR';
}

/** A value read from the cache, and whether the app should say it may be stale. */
export interface Stamped<T> {
  value: T;
  offline: boolean;
  lastSyncAt: number | null;
}

export class OfflineWriteError extends Error {
  readonly code = 'offline';
  readonly lastSyncAt: number | null;

  constructor(action: string, serverUrl: string, lastSyncAt: number | null, reason: string | null) {
    const since = lastSyncAt === null ? 'never synced' : `last synced ${new Date(lastSyncAt).toLocaleString()}`;
    super(
      `Can't ${action} while offline: ${serverUrl} is unreachable${reason ? ` (${reason})` : ''}. ` +
        `Nothing was saved or queued; try again when the server is back (${since}).`,
    );
    this.name = 'OfflineWriteError';
    this.lastSyncAt = lastSyncAt;
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const reason = (err as { reason?: unknown }).reason;
    return typeof reason === 'string' ? reason : err.message;
  }
  return String(err);
}
