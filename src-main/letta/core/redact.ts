/**
 * Token redaction. Secrets only ever travel in request headers, but a server may echo a header
 * back in an error body, and a user may paste a key into a URL; every string that leaves the
 * client as an error message passes through here. Registered secrets are replaced wherever they
 * appear; bearer-looking values and `token=`/`password=` query parameters are masked too.
 */
/** Each registered secret with the spellings it takes in a URL (percent- and form-encoded). */
const registered = new Map<string, string[]>();

function spellings(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), encodeURI(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
  // Some servers echo percent-escapes in lower case.
  for (const f of [...forms]) forms.add(f.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  // Longest first, so a longer encoded form is not left half-masked by a shorter one.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Remember a secret so it is masked in every later error and log line, wherever it appears. */
export function registerSecret(secret: string | undefined | null): void {
  // Very short strings would mask ordinary words; a real key or password is never this short.
  if (secret && secret.length >= 6 && !registered.has(secret)) registered.set(secret, spellings(secret));
}

export function forgetSecret(secret: string | undefined | null): void {
  if (secret) registered.delete(secret);
}

const BEARER = /(bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi;
const QUERY_SECRET = /([?&](?:token|api_key|apikey|key|password|access_token)=)[^&#\s]+/gi;
const BARE_PASSWORD = /(password\s+)[^\s"']{6,}/gi;

export function redactSecrets(text: string): string {
  let out = text;
  for (const forms of registered.values()) {
    for (const s of forms) if (out.includes(s)) out = out.split(s).join('***');
  }
  return out.replace(BEARER, '$1***').replace(QUERY_SECRET, '$1***').replace(BARE_PASSWORD, '$1***');
}

/**
 * A copy of a parsed body (an error body, a stream's error payload) with every string, keys
 * included, passed through redactSecrets: errors keep the body for diagnostics, and it is what a
 * server that echoes request headers puts the token in.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (!value || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redactSecrets(k)] = redactDeep(v, depth + 1);
  return out;
}
