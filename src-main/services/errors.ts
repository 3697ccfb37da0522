/**
 * Turns whatever a service threw into the AppError that crosses the boundary: the Letta client's
 * error families become codes with a hint the user can act on; the app's own failures carry
 * theirs; anything else is a bug, reported as `internal` with the details kept in the log.
 */
import type { AppError, ErrorCode } from '../../src-shared/result.js';
import {
  LettaConnectionError,
  LettaError,
  LettaRedirectError,
  LettaValidationError,
  type LettaErrorCode,
} from '../letta/index.js';
import { KeychainUnavailableError } from '../secrets/credential-store.js';
import { maskSecrets } from '../secrets/secret-registry.js';
import { explainConnectionFailure } from './connection-doctor.js';

/** A failure the app itself decided on (no connection, unknown profile, …). */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'AppFailure';
  }

  toAppError(): AppError {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

const FAMILY: Record<LettaErrorCode, { code: ErrorCode; hint?: string }> = {
  connection: {
    code: 'unreachable',
    hint: 'Check that the Letta server is running and that the profile\'s URL is right; "Diagnose" says which step fails.',
  },
  timeout: { code: 'timeout', hint: 'The server may be busy or the network slow; try again, or run "Diagnose".' },
  aborted: { code: 'cancelled' },
  bad_request: { code: 'rejected', hint: 'The server refused these values; see its message above.' },
  unauthorized: {
    code: 'unauthorized',
    hint: 'Set the API key (Letta Cloud) or the server password (self-hosted with --secure) in the profile.',
  },
  forbidden: { code: 'forbidden', hint: 'This key or user may not do that; check the acting user or the key\'s permissions.' },
  not_found: { code: 'not_found', hint: 'It may have been deleted elsewhere; refresh the list.' },
  conflict: { code: 'conflict', hint: 'Something with that name or id already exists.' },
  validation: { code: 'rejected', hint: 'The server found some values invalid; see its message above.' },
  rate_limited: { code: 'rate_limited', hint: 'Too many requests for now; wait a moment and try again.' },
  client_error: { code: 'rejected' },
  server_error: {
    code: 'server_error',
    hint: 'The Letta server failed while handling this; its own log has the details. Trying again may help.',
  },
  redirect: {
    code: 'redirect',
    hint: 'The profile\'s URL points at a redirect (a proxy, http→https, or a wrong path); use the address it redirects to.',
  },
  decode: { code: 'bad_response', hint: 'The answer was not what a Letta server sends; check the URL points at the Letta API.' },
  stream: { code: 'stream_error', hint: 'The reply may be incomplete; reload the conversation to see what was saved.' },
};

export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return error.toAppError();
  if (error instanceof KeychainUnavailableError) {
    return {
      code: 'keychain_unavailable',
      message: error.message,
      hint: 'Start or unlock your keyring (GNOME Keyring, KWallet, macOS Keychain), or choose "Use for this session only" to keep the token in memory until you quit.',
    };
  }
  if (error instanceof LettaError) {
    const family = FAMILY[error.code] ?? { code: 'internal' as const };
    let message = error.message;
    if (error instanceof LettaValidationError && error.issues.length > 0) {
      message = `The server found the request invalid: ${error.issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; ')}`;
    }
    let hint = family.hint;
    if (error instanceof LettaRedirectError && error.location) hint = `The server redirected to ${error.location}; ${family.hint}`;
    if (error instanceof LettaConnectionError) hint = explainConnectionFailure(error.reason, error.url).hint;
    return {
      code: family.code,
      message: maskSecrets(message),
      ...(hint ? { hint } : {}),
      ...(error.status !== undefined ? { status: error.status } : {}),
    };
  }
  return { code: 'internal', message: 'Something went wrong inside Letta Desk; the details are in its log.' };
}
