/**
 * How failures cross the trust boundary: as data, never as thrown objects (a thrown Error loses
 * its class and fields over IPC and a WebSocket alike). Main wraps every handler's outcome in a
 * `Result`; the renderer's lib/api.ts turns `{ok:false}` back into an exception.
 */

/**
 * Every code the renderer may branch on. Server-side families come from the Letta client's error
 * classes; the rest are the app's own (bad arguments, no connection, keychain trouble).
 */
export const ERROR_CODES = [
  // the request never reached the app core
  'invalid_argument',
  'unknown_channel',
  'forbidden_sender',
  // app state
  'not_connected',
  'profile_not_found',
  'no_token',
  'keychain_unavailable',
  'request_in_progress',
  'not_supported',
  /** Voice: the local speech model is not on disk (download or import it in Voice settings). */
  'model_missing',
  // the Letta server's answer (or lack of one)
  'unreachable',
  'timeout',
  'cancelled',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rejected',
  'rate_limited',
  'server_error',
  'redirect',
  'bad_response',
  'stream_error',
  // a bug on our side; details are in the main process log, not in the reply
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  /** What went wrong, in one sentence (already free of secrets). */
  message: string;
  /** What the user can do about it, when there is something to do. */
  hint?: string;
  /** HTTP status of the server's answer, when the failure was one. */
  status?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: AppError): Result<never> => ({ ok: false, error });

/** Narrow check used on data that came over a transport. */
export function isResult(value: unknown): value is Result<unknown> {
  if (!value || typeof value !== 'object') return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'value' in v;
  return (
    v.ok === false &&
    !!v.error &&
    typeof v.error.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(v.error.code) &&
    typeof v.error.message === 'string'
  );
}
