/**
 * One error type for the speech services (STT and TTS, remote or local), with a code the UI can
 * branch on. Messages pass through the client's redaction, so an API key a service echoes back
 * never reaches a log or the renderer.
 */
import { redactSecrets } from '../letta/core/redact.js';

export type SpeechErrorCode =
  /** No API key configured for a service that needs one. */
  | 'no_key'
  | 'unauthorized'
  | 'rate_limited'
  /** Any other non-2xx answer. */
  | 'http'
  | 'connection'
  | 'timeout'
  | 'aborted'
  /** 2xx, but not the text/audio promised. */
  | 'bad_response'
  /** The local model file is missing, or failed its checksum. */
  | 'model_missing'
  | 'checksum'
  /** The local engine cannot run here (native addon missing, worker crashed). */
  | 'unavailable';

export class SpeechServiceError extends Error {
  readonly code: SpeechErrorCode;
  readonly service: string;
  readonly status: number | undefined;

  constructor(service: string, code: SpeechErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(redactSecrets(`${service}: ${message}`), { cause: options.cause });
    this.name = 'SpeechServiceError';
    this.service = service;
    this.code = code;
    this.status = options.status;
  }

  /** Plain data for IPC and logs: no cause chain (it may hold request headers). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, service: this.service, status: this.status, message: this.message };
  }
}

export function abortError(service: string, cause?: unknown): SpeechServiceError {
  return new SpeechServiceError(service, 'aborted', 'cancelled', { cause });
}
