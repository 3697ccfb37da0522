/**
 * Token redaction. Secrets only ever travel in request headers, but a server may echo a header
 * back in an error body, and a user may paste a key into a URL; every string that leaves the
 * client as an error message passes through here. Registered secrets are replaced wherever they
 * appear; bearer-looking values and `token=`/`password=` query parameters are masked too.
 */
const registered = new Set<string>();

/** Remember a secret so it is masked in every later error and log line, wherever it appears. */
export function registerSecret(secret: string | undefined | null): void {
  // Very short strings would mask ordinary words; a real key or password is never this short.
  if (secret && secret.length >= 6) registered.add(secret);
}

export function forgetSecret(secret: string | undefined | null): void {
  if (secret) registered.delete(secret);
}

const BEARER = /(bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi;
const QUERY_SECRET = /([?&](?:token|api_key|apikey|key|password|access_token)=)[^&#\s]+/gi;
const BARE_PASSWORD = /(password\s+)[^\s"']{6,}/gi;

export function redactSecrets(text: string): string {
  let out = text;
  for (const s of registered) {
    if (out.includes(s)) out = out.split(s).join('***');
  }
  return out.replace(BEARER, '$1***').replace(QUERY_SECRET, '$1***').replace(BARE_PASSWORD, '$1***');
}
