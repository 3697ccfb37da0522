/**
 * The web shell's gate: every HTTP request and WebSocket upgrade without the launch token, with a
 * foreign Host or a foreign Origin is refused with 403; with them, the renderer's files come with
 * the security headers and the WebSocket speaks the contract.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { memoryLogger } from '../log.js';
import { coreFixture, type CoreFixture } from '../testing/core-fixture.js';
import { startWebShell, type WebShell } from './server.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(shell: WebShell, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: shell.port, path, method, headers: { host: `127.0.0.1:${shell.port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the open socket, or rejects with the HTTP status of a refused upgrade. */
function openSocket(shell: WebShell, options: { path?: string; headers?: Record<string, string> } = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}${options.path ?? '/ipc'}`, { headers: options.headers ?? {} });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<any> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('web shell', () => {
  let fixture: CoreFixture;
  let shell: WebShell;
  let rendererDir: string;
  const log = memoryLogger();
  let cookie: string;

  beforeAll(async () => {
    rendererDir = mkdtempSync(join(tmpdir(), 'letta-desk-renderer-'));
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Letta Desk</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(rendererDir, '..', 'outside-secret.txt'), 'outside');
    fixture = coreFixture();
    shell = await startWebShell({ core: fixture.core, rendererDir, log });
    cookie = `letta_desk_${shell.port}=${shell.token}`;
  });
  afterAll(async () => {
    await shell.close();
    fixture.close();
    rmSync(rendererDir, { recursive: true, force: true });
    rmSync(join(rendererDir, '..', 'outside-secret.txt'), { force: true });
  });

  it('listens on loopback with a long random token in the printed URL', () => {
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
  });

  it.each([
    ['no token', '/', {}],
    ['a wrong token', '/?token=nope', {}],
    ['a wrong cookie', '/', { cookie: 'letta_desk_1=nope' }],
    ['an asset without token', '/assets/app.js', {}],
  ])('answers 403 to a request with %s', async (_what, path, headers) => {
    const answer = await get(shell, path, headers as Record<string, string>);
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('Letta Desk');
  });

  it('answers 403 to a foreign Host (DNS rebinding) or a foreign Origin, token or not', async () => {
    expect((await get(shell, '/', { cookie, host: `evil.example:${shell.port}` })).status).toBe(403);
    expect((await get(shell, '/', { cookie, host: `localhost:${shell.port}` })).status).toBe(403);
    expect((await get(shell, '/', { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(shell, '/', { cookie, origin: `http://127.0.0.1:${shell.port}` })).status).toBe(200);
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const answer = await get(shell, `/?token=${shell.token}`);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    expect(answer.headers['set-cookie']).toEqual([`letta_desk_${shell.port}=${shell.token}; HttpOnly; SameSite=Strict; Path=/`]);
  });

  it('serves the renderer with the security headers', async () => {
    const page = await get(shell, '/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Letta Desk</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${shell.port};`);
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-store');
    const js = await get(shell, '/assets/app.js', { cookie });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('never serves a file outside the renderer directory, and only GET/HEAD', async () => {
    for (const path of ['/../outside-secret.txt', '/%2e%2e/outside-secret.txt', '/assets/..%2f..%2foutside-secret.txt', '/%00', '/assets']) {
      const answer = await get(shell, path, { cookie });
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toContain('outside');
    }
    expect((await get(shell, '/', { cookie }, 'POST')).status).toBe(405);
    expect((await get(shell, '/', {}, 'POST')).status).toBe(403);
  });

  it('refuses WebSocket upgrades without token, Origin, or on another path', async () => {
    const own = `http://127.0.0.1:${shell.port}`;
    await expect(openSocket(shell, { headers: { origin: own } })).rejects.toThrow('status 403');
    await expect(openSocket(shell, { headers: { cookie } })).rejects.toThrow('status 403');
    await expect(openSocket(shell, { headers: { cookie, origin: 'http://evil.example' } })).rejects.toThrow('status 403');
    await expect(openSocket(shell, { headers: { cookie, origin: 'null' } })).rejects.toThrow('status 403');
    await expect(openSocket(shell, { path: '/other', headers: { cookie, origin: own } })).rejects.toThrow('status 403');
    expect(shell.connections()).toBe(0);
  });

  it('speaks the contract over an authenticated WebSocket, including push events', async () => {
    const ws = await openSocket(shell, { headers: { cookie, origin: `http://127.0.0.1:${shell.port}` } });
    try {
      ws.send(JSON.stringify({ t: 'call', id: 1, channel: 'app:get-info', args: {} }));
      expect(await nextFrame(ws)).toEqual({
        t: 'reply',
        id: 1,
        reply: { ok: true, value: { name: 'Letta Desk', version: '0.0.0-test', shell: 'web', platform: process.platform } },
      });

      ws.send(JSON.stringify({ t: 'call', id: 2, channel: 'agents:nuke', args: {} }));
      expect(await nextFrame(ws)).toMatchObject({ t: 'reply', id: 2, reply: { ok: false, error: { code: 'unknown_channel' } } });

      ws.send('not json');
      expect(await nextFrame(ws)).toEqual({ t: 'error', message: 'not JSON' });
      ws.send(JSON.stringify({ t: 'call', id: -1, channel: 'app:get-info' }));
      expect(await nextFrame(ws)).toEqual({ t: 'error', message: 'not a call frame' });
      ws.send(Buffer.from([1, 2, 3]), { binary: true });
      expect(await nextFrame(ws)).toEqual({ t: 'error', message: 'text frames only' });

      const frames: any[] = [];
      ws.on('message', (d) => frames.push(JSON.parse(String(d))));
      ws.send(JSON.stringify({ t: 'call', id: 3, channel: 'settings:update', args: { patch: { theme: 'dark' } } }));
      await expect.poll(() => frames.length).toBe(2);
      expect(frames).toContainEqual({ t: 'event', event: 'settings:changed', payload: {} });
      expect(frames).toContainEqual(expect.objectContaining({ t: 'reply', id: 3, reply: expect.objectContaining({ ok: true }) }));
    } finally {
      ws.close();
    }
  });

  it('never writes the launch token into its log', () => {
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.lines.join('\n')).not.toContain(shell.token);
  });
});
