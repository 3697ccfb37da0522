/**
 * The web shell: serves the built renderer and the app core's handlers to a browser on this
 * machine, for where the Electron binary cannot run. The same router as the Electron shell
 * answers every call; only the transport differs (a WebSocket instead of IPC).
 *
 * Loopback only, and nothing without the per-launch token: every HTTP request and WebSocket
 * upgrade must carry it (in the query of the printed URL, or in the HttpOnly SameSite=Strict
 * cookie the first request sets), come with our own Host header (a DNS-rebinding page sends its
 * own name) and, when the browser sends an Origin, our own Origin. Anything else gets 403.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import { WEB_SOCKET_PATH, type ServerFrame } from '../../src-shared/ipc/web-protocol.js';
import type { AppCore } from '../app-core.js';
import { webSenderPolicy } from '../ipc/sender.js';
import type { Logger } from '../log.js';
import { securityHeaders } from '../security/content-policy.js';
import { resolveRendererFile } from '../security/renderer-files.js';

export interface WebShellOptions {
  core: AppCore;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  log: Logger;
  /** 0 or left out: a free port. */
  port?: number;
  /** For tests; a fresh random token otherwise. */
  token?: string;
  /** Largest WebSocket frame accepted (file uploads travel base64 inside one). */
  maxFrameBytes?: number;
}

export interface WebShell {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The URL to open: origin plus `/?token=…`. */
  url: string;
  port: number;
  token: string;
  /** Open WebSocket connections (for tests). */
  connections(): number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const TOKEN_PARAM = 'token';


const callFrame = z.strictObject({
  t: z.literal('call'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(200),
  args: z.unknown(),
});

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const { core, log } = options;
  const rendererDir = resolve(options.rendererDir);
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const sockets = new Map<number, WebSocket>();
  let nextConnectionId = 1;
  const router = core.createRouter(webSenderPolicy((id) => sockets.has(id)));

  // Filled in once listening; the checks below need the actual port.
  let port = 0;
  let origin = '';
  let cookieName = '';
  let headers: Record<string, string> = {};

  const tokenMatches = (candidate: string | undefined | null): boolean => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  /** Why a request is refused, or null when it may proceed. */
  const refusal = (req: IncomingMessage, url: URL): string | null => {
    if (req.headers.host !== `${HOST}:${port}`) return 'wrong Host header';
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) return 'foreign Origin';
    if (!tokenMatches(url.searchParams.get(TOKEN_PARAM)) && !tokenMatches(readCookie(req, cookieName))) return 'no valid token';
    return null;
  };

  const forbid = (res: ServerResponse, req: IncomingMessage, why: string) => {
    log.warn(`403 for ${req.method} ${pathOnly(req.url)}: ${why}`);
    res.writeHead(403, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end('Forbidden\n');
  };

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((error: unknown) => {
      log.error('web shell request failed', error);
      if (!res.headersSent) res.writeHead(500, headers);
      res.end();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const why = refusal(req, url);
    if (why) return forbid(res, req, why);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' });
      res.end();
      return;
    }
    if (url.searchParams.has(TOKEN_PARAM)) {
      // Trade the token in the URL for a cookie, and take it out of the address bar and history.
      url.searchParams.delete(TOKEN_PARAM);
      res.writeHead(303, {
        ...headers,
        'set-cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname + url.search,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    const file = await resolveRendererFile(rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'content-type': file.contentType,
      'content-length': String(file.size),
      'cache-control': file.path.endsWith('.html') ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file.path).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes ?? 48 * 1024 * 1024 });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', origin);
    let why = refusal(req, url);
    // Browsers always send Origin on a WebSocket handshake; a client without one is not our page.
    if (!why && req.headers.origin !== origin) why = 'missing Origin';
    if (!why && url.pathname !== WEB_SOCKET_PATH) why = 'unknown WebSocket path';
    if (why) {
      log.warn(`403 for WebSocket ${pathOnly(req.url)}: ${why}`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket): void {
    const connectionId = nextConnectionId++;
    sockets.set(connectionId, ws);
    log.debug(`WebSocket ${connectionId} open`);
    ws.on('close', () => {
      sockets.delete(connectionId);
      log.debug(`WebSocket ${connectionId} closed`);
    });
    ws.on('error', (error) => log.warn(`WebSocket ${connectionId} error: ${error.message}`));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void onMessage(ws, connectionId, data, isBinary);
    });
  }

  async function onMessage(ws: WebSocket, connectionId: number, data: RawData, isBinary: boolean): Promise<void> {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
    };
    if (isBinary) return send({ t: 'error', message: 'text frames only' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(data));
    } catch {
      return send({ t: 'error', message: 'not JSON' });
    }
    const frame = callFrame.safeParse(parsed);
    if (!frame.success) return send({ t: 'error', message: 'not a call frame' });
    const reply = await router.dispatch(frame.data.channel, frame.data.args, { kind: 'web', connectionId, authenticated: true });
    send({ t: 'reply', id: frame.data.id, reply });
  }

  const unsubscribe = core.events.subscribe((event, payload) => {
    const text = JSON.stringify({ t: 'event', event, payload } satisfies ServerFrame);
    for (const ws of sockets.values()) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://${HOST}:${port}`;
  // Cookies are not separated by port; a name per port keeps two shells from overwriting each other.
  cookieName = `letta_desk_${port}`;
  headers = securityHeaders({ connectSrc: [`ws://${HOST}:${port}`] });

  return {
    origin,
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    connections: () => sockets.size,
    close: async () => {
      unsubscribe();
      for (const ws of sockets.values()) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** For log lines: the path without a query, which may hold a (wrong) token. */
function pathOnly(url: string | undefined): string {
  return (url ?? '/').split('?')[0]!.slice(0, 200);
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
