/**
 * The renderer's Content Security Policy and the other response headers both shells send with
 * every page and asset. Plain functions so tests can assert each directive.
 *
 * No inline script and no eval anywhere (`script-src 'self'`), no inline styles either (Svelte
 * styles are emitted as files; `style:` directives go through the CSSOM, which CSP allows), no
 * plugins, frames, forms or base-URL tricks. The renderer has no network of its own: the Electron
 * shell allows no connections at all (it talks over IPC), the web shell only its own WebSocket.
 */
export interface CspOptions {
  /** Origins the page may connect to; none when left out. */
  connectSrc?: readonly string[];
}

export function cspHeader(options: CspOptions = {}): string {
  const connect = options.connectSrc && options.connectSrc.length > 0 ? options.connectSrc.join(' ') : "'none'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // Voice: recorded audio is played back from blob: URLs and the microphone is a mediastream.
    "media-src 'self' blob: mediastream:",
    `connect-src ${connect}`,
    "worker-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Headers sent with every response of the renderer's files (CSP included). */
export function securityHeaders(options: CspOptions = {}): Record<string, string> {
  return {
    'content-security-policy': cspHeader(options),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'microphone=(self), camera=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
  };
}
