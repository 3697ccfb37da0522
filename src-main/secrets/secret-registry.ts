/**
 * Every token the app has seen, so it can be masked wherever it might surface: log lines and,
 * as a last line of defence, every IPC reply and push event. Tokens are also registered with the
 * Letta client's own redactor, which scrubs its error messages.
 *
 * Only exact values are masked here (no pattern guessing), so chat text that merely mentions a
 * "password" is left alone.
 */
import { registerSecret } from '../letta/index.js';

const secrets = new Set<string>();

/** Shorter strings would mask ordinary words; no real key or password is this short. */
const MIN_LENGTH = 6;

export function rememberSecret(secret: string | null | undefined): void {
  if (!secret || secret.length < MIN_LENGTH) return;
  secrets.add(secret);
  registerSecret(secret);
}

export function maskSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('***');
  return out;
}

/** Masks inside any JSON-like value, returning the same object when nothing needed masking. */
export function maskSecretsDeep<T>(value: T): T {
  if (secrets.size === 0) return value;
  return walk(value, 0) as T;
}

function walk(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (!value || typeof value !== 'object' || depth > 64) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const next = walk(item, depth + 1);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const maskedKey = maskSecrets(key);
    const next = walk(item, depth + 1);
    if (maskedKey !== key || next !== item) changed = true;
    // defineProperty: a JSON key named `__proto__` must stay a plain property.
    Object.defineProperty(out, maskedKey, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return changed ? out : value;
}
