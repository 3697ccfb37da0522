/**
 * The connection doctor against real local servers, one per failure a user meets: each report
 * must name the URL that failed and say why in words, never a raw error code alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, json, startTestServer, text, type TestServer } from '../../test/fixtures/sse-server.js';
import { checkBaseUrl, diagnose } from './connection-doctor.js';

const letta = (srv: TestServer, opts: { password?: string } = {}) =>
  srv.handle((req, res) => {
    if (req.url === '/v1/health/') return json(res, 200, { version: '0.7.29', status: 'ok' });
    if (opts.password && req.headers.authorization !== `Bearer ${opts.password}`) {
      return json(res, 401, { detail: 'Unauthorized' });
    }
    if (req.url?.startsWith('/v1/agents/')) return json(res, 200, []);
    return json(res, 404, { detail: 'Not Found' });
  });

function statuses(report: Awaited<ReturnType<typeof diagnose>>) {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}

describe('connection doctor', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.close();
  });

  it('reports version and latency for a healthy open server', async () => {
    letta(srv);
    const report = await diagnose({ baseUrl: srv.url + '/' });
    expect(report.ok).toBe(true);
    expect(report.baseUrl).toBe(srv.url);
    expect(report.serverVersion).toBe('0.7.29');
    expect(report.latencyMs).toBeGreaterThanOrEqual(0);
    expect(statuses(report)).toEqual({ url: 'ok', reach: 'ok', health: 'ok', auth: 'ok' });
    expect(report.checks.find((c) => c.id === 'auth')!.detail).toMatch(/does not require one/);
  });

  it('accepts the right password and names the 401 when it is wrong or missing', async () => {
    letta(srv, { password: 'correct-horse-battery' });
    expect((await diagnose({ baseUrl: srv.url, token: 'correct-horse-battery' })).ok).toBe(true);

    const wrong = await diagnose({ baseUrl: srv.url, token: 'wrong-password-123' });
    const auth = wrong.checks.find((c) => c.id === 'auth')!;
    expect(auth).toMatchObject({ status: 'failed', code: 'unauthorized', url: `${srv.url}/v1/agents/?limit=1` });
    expect(auth.detail).toMatch(/401.*rejected the token/);
    expect(JSON.stringify(wrong)).not.toContain('wrong-password-123');

    const missing = await diagnose({ baseUrl: srv.url });
    expect(missing.checks.find((c) => c.id === 'auth')!.detail).toMatch(/requires a token/);
    expect(missing.problem).toMatch(/401/);
  });

  it('explains a refused connection with the host and port', async () => {
    const port = await closedPort();
    const report = await diagnose({ baseUrl: `http://127.0.0.1:${port}` });
    expect(report.ok).toBe(false);
    expect(statuses(report)).toEqual({ url: 'ok', reach: 'failed', health: 'skipped', auth: 'skipped' });
    const reach = report.checks.find((c) => c.id === 'reach')!;
    expect(reach.url).toBe(`http://127.0.0.1:${port}/v1/health/`);
    expect(reach.detail).toContain(`Nothing is listening at 127.0.0.1:${port}`);
    expect(reach.hint).toMatch(/Start the Letta server/);
  });

  it('explains a name that does not resolve', async () => {
    const report = await diagnose({ baseUrl: 'http://letta-desk-doctor-test.invalid:8283' });
    const reach = report.checks.find((c) => c.id === 'reach')!;
    expect(reach.status).toBe('failed');
    expect(reach.detail).toMatch(/"letta-desk-doctor-test\.invalid" could not be resolved/);
  });

  it('explains a wrong path prefix (404 on health) and suggests the root', async () => {
    letta(srv);
    const report = await diagnose({ baseUrl: `${srv.url}/v1` });
    const health = report.checks.find((c) => c.id === 'health')!;
    expect(health).toMatchObject({ status: 'failed', code: 'not_found', url: `${srv.url}/v1/v1/health/` });
    expect(health.detail).toMatch(/answered 404/);
    expect(health.hint).toContain(`try ${srv.url}`);
  });

  it('explains a redirect and suggests the base URL it points to', async () => {
    srv.handle((_req, res) => {
      res.writeHead(301, { location: 'https://letta.example.com/api/v1/health/' });
      res.end();
    });
    const report = await diagnose({ baseUrl: srv.url });
    const health = report.checks.find((c) => c.id === 'health')!;
    expect(health).toMatchObject({ status: 'failed', code: 'redirect' });
    expect(health.detail).toContain('redirected (301) to https://letta.example.com/api/v1/health/');
    expect(health.hint).toBe('Use https://letta.example.com/api as the server URL.');
  });

  it('says when the answer is not from a Letta server', async () => {
    srv.handle((_req, res) => text(res, 200, '<html>router login</html>', { 'content-type': 'text/html' }));
    const report = await diagnose({ baseUrl: srv.url });
    expect(report.checks.find((c) => c.id === 'health')).toMatchObject({ status: 'failed', code: 'bad_response' });
    expect(report.problem).toMatch(/not like a Letta server/);
  });

  it('says when the server accepts the connection but never answers', async () => {
    srv.handle(() => new Promise(() => undefined));
    const report = await diagnose({ baseUrl: srv.url }, { timeoutMs: 300 });
    expect(statuses(report)).toMatchObject({ reach: 'ok', health: 'failed' });
    expect(report.checks.find((c) => c.id === 'health')).toMatchObject({ code: 'timeout' });
  });

  it('rejects URLs it cannot use before any traffic', () => {
    expect(checkBaseUrl('localhost:8283')).toMatchObject({ ok: false });
    expect(checkBaseUrl('ftp://host')).toMatchObject({ ok: false });
    expect(checkBaseUrl('https://user:pw@host')).toMatchObject({ ok: false });
    expect(checkBaseUrl('https://host/?token=abc')).toMatchObject({ ok: false });
    expect(checkBaseUrl('http://10.0.0.5:8283/')).toEqual({ ok: true, url: 'http://10.0.0.5:8283', note: expect.stringMatching(/unencrypted/) });
    expect(checkBaseUrl('http://localhost:8283')).toEqual({ ok: true, url: 'http://localhost:8283', note: null });
  });

  describe('TLS', () => {
    let dir: string;
    let https: HttpsServer;
    let httpsPort: number;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'letta-desk-doctor-tls-'));
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ], { stdio: 'ignore' });
      https = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) =>
        json(res, 200, { version: '0.7.29', status: 'ok' }),
      );
      await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
      httpsPort = (https.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => https.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    });

    it('explains an untrusted (self-signed) certificate', async () => {
      const report = await diagnose({ baseUrl: `https://127.0.0.1:${httpsPort}` });
      const reach = report.checks.find((c) => c.id === 'reach')!;
      expect(reach.status).toBe('failed');
      expect(reach.detail).toMatch(/certificate of 127\.0\.0\.1:\d+ is not trusted/);
      expect(reach.hint).toMatch(/NODE_EXTRA_CA_CERTS/);
    });

    it('explains https:// pointed at a plain http server', async () => {
      letta(srv);
      const report = await diagnose({ baseUrl: `https://127.0.0.1:${srv.port}` });
      const reach = report.checks.find((c) => c.id === 'reach')!;
      expect(reach.status).toBe('failed');
      expect(reach.detail).toMatch(/does not seem to speak https/);
      expect(reach.hint).toMatch(/http:\/\/ URL/);
    });
  });
});
