/**
 * The HTTP side of the OpenAI-compatible audio routes (`/audio/transcriptions`, `/audio/speech`)
 * that OpenAI, Groq, LocalAI, faster-whisper-server, Kokoro-FastAPI and friends all serve. The
 * key is fetched per call from the getter the app hands in (the keychain), registered for
 * redaction, and sent only as a Bearer header.
 */
import { request, type Dispatcher, type FormData } from 'undici';
import { registerSecret, redactSecrets } from '../letta/core/redact.js';
import { SpeechServiceError } from './speech-errors.js';

export interface OpenAiAudioConfig {
  /** Up to and including the API version, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`. */
  baseUrl: string;
  /** Where the key comes from (the keychain); undefined means "no key" (fine for local servers). */
  getKey?: () => Promise<string | undefined>;
  /** Refuse to call without a key (true for the public OpenAI API). Default: false. */
  requireKey?: boolean;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

export interface AudioResponse {
  status: number;
  contentType: string;
  bytes: Uint8Array;
}

export async function postAudioRoute(
  service: string,
  config: OpenAiAudioConfig,
  path: string,
  body: { json: unknown } | { form: FormData },
  signal?: AbortSignal,
): Promise<AudioResponse> {
  const key = (await config.getKey?.())?.trim() || undefined;
  if (!key && config.requireKey) throw new SpeechServiceError(service, 'no_key', 'no API key is configured for this service');
  registerSecret(key);
  const url = `${config.baseUrl.trim().replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const headers: Record<string, string> = { 'user-agent': 'letta-desk' };
  if (key) headers.authorization = `Bearer ${key}`;
  let payload: string | FormData;
  if ('json' in body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else {
    payload = body.form;
  }
  const timeoutMs = config.timeoutMs ?? 60_000;
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, {
      method: 'POST',
      headers,
      body: payload,
      signal,
      dispatcher: config.dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (err) {
    throw transportError(service, err, signal);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.body.arrayBuffer());
  } catch (err) {
    throw transportError(service, err, signal);
  }
  const contentType = String(res.headers['content-type'] ?? '');
  if (res.statusCode >= 300) throw httpError(service, res.statusCode, contentType, bytes);
  return { status: res.statusCode, contentType, bytes };
}

function httpError(service: string, status: number, contentType: string, bytes: Uint8Array): SpeechServiceError {
  const text = new TextDecoder().decode(bytes.subarray(0, 4000));
  let detail = text.trim();
  if (contentType.includes('json')) {
    try {
      const j = JSON.parse(text) as { error?: { message?: string } | string; detail?: unknown; message?: string };
      const e = j.error;
      detail = (typeof e === 'string' ? e : e?.message) ?? (typeof j.detail === 'string' ? j.detail : undefined) ?? j.message ?? detail;
    } catch {
      // keep the raw text
    }
  }
  const code = status === 401 || status === 403 ? 'unauthorized' : status === 429 ? 'rate_limited' : 'http';
  return new SpeechServiceError(service, code, `HTTP ${status}${detail ? `: ${redactSecrets(detail.slice(0, 300))}` : ''}`, { status });
}

function transportError(service: string, err: unknown, signal?: AbortSignal): SpeechServiceError {
  if (signal?.aborted) return new SpeechServiceError(service, 'aborted', 'cancelled', { cause: err });
  const code = (err as { code?: string })?.code ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new SpeechServiceError(service, 'timeout', 'no answer in time', { cause: err });
  }
  const reason = code || (err instanceof Error ? err.message : String(err));
  return new SpeechServiceError(service, 'connection', `cannot reach the service (${reason})`, { cause: err });
}
