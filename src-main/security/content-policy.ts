/**
 * The renderer's Content Security Policy and the other response headers both shells send with
 * every page and asset. Plain functions so tests can assert each directive.
 *
 * No inline script and no eval anywhere (`script-src 'self'`), no inline styles either (Svelte
 * styles are emitted as files; `style:` directives go through the CSSOM, which CSP allows), no
 * plugins, frames, forms or base-URL tricks. The one loosening is `'wasm-unsafe-eval'`: the
 * hands-free voice detector (the Silero model on onnxruntime-web) is WebAssembly, which needs it to
 * compile; it allows compiling wasm only, not `eval` or `new Function`.
 *
 * The renderer has no network of its own: it may fetch only its own files (`'self'`: the
 * detector's model and wasm, bundled with it), and otherwise talks over IPC (Electron) or the web
 * shell's own WebSocket.
 */
export interface CspOptions {
  /** Origins the page may connect to besides its own (the web shell's WebSocket). */
  connectSrc?: readonly string[];
}

export function cspHeader(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
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
