/**
 * Maps a request path to a file of the built renderer, for both shells (Electron's `app:`
 * protocol handler and the web shell's HTTP server). Anything that would resolve outside the
 * renderer directory (`..`, encoded slashes, NUL bytes) is simply not found.
 */
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

export interface RendererFile {
  path: string;
  size: number;
  contentType: string;
}

/** `root` must be absolute and normalised. */
export async function resolveRendererFile(root: string, pathname: string): Promise<RendererFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : normalize(decoded).replace(/^([/\\])+/, '');
  const full = join(root, relative);
  if (full !== root && !full.startsWith(root + sep)) return null;
  try {
    const info = await stat(full);
    if (!info.isFile()) return null;
    return { path: full, size: info.size, contentType: CONTENT_TYPES[extname(full)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}
