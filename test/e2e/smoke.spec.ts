/**
 * The first run, end to end, in the real renderer: add a profile for a real (secured) Letta
 * server, connect, and see its agents. Along the way: the token lands in the keychain and
 * nowhere else the page or the logs could show it, and the page runs without a CSP violation.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import keytar from 'keytar';
import { e2eEnv } from './env.js';

// The second test continues from the first one's saved profile.
test.describe.configure({ mode: 'serial' });

test('connect to a real Letta server and list its agents', async ({ page }) => {
  const env = e2eEnv();
  const framesReceived: string[] = [];
  const problems: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => framesReceived.push(String(frame.payload))));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto(env.shellUrl);
  // The launch token was traded for a cookie and is gone from the address bar.
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'Connect to Letta' })).toBeVisible();

  await page.getByLabel('Name').fill('Lab server');
  await page.getByLabel('Server URL').fill(env.lettaUrl);
  await page.getByLabel('Server password').fill(env.password);
  await expect(page.getByLabel('In the system keychain')).toBeChecked();
  await page.screenshot({ path: 'screenshots/connect.png' });

  await page.getByRole('button', { name: 'Save and connect' }).click();
  await expect(page.getByRole('heading', { name: 'Agents' })).toBeVisible();
  const list = page.getByRole('list', { name: 'Agent list' });
  await expect(list.getByText(env.agentName)).toBeVisible();
  await expect(page.getByLabel('Connected server')).toContainText('Lab server');
  await expect(page.getByLabel('Connected server')).toContainText('Letta 0.7.29');
  await page.screenshot({ path: 'screenshots/agents.png' });

  // The token is in the real keychain, under the profile, and nowhere the renderer can reach.
  const stored = await keytar.findCredentials('Letta Desk');
  expect(stored.map((c) => c.password)).toEqual([env.password]);
  expect(stored[0]!.account).toMatch(/^profile:[0-9a-f-]{36}$/);

  const pageState = await page.evaluate(() => {
    const globals: string[] = [];
    for (const key of Object.getOwnPropertyNames(window)) {
      try {
        const value = (window as unknown as Record<string, unknown>)[key];
        if (typeof value === 'string') globals.push(value);
        else if (value && typeof value === 'object' && !(value instanceof Node) && value !== window) globals.push(JSON.stringify(value) ?? '');
      } catch {
        // cyclic or cross-origin objects say nothing about our data
      }
    }
    return [
      globals.join('\n'),
      document.documentElement.outerHTML,
      JSON.stringify({ ...localStorage }),
      JSON.stringify({ ...sessionStorage }),
      document.cookie,
      location.href,
      [...document.querySelectorAll('input')].map((i) => i.value).join('\n'),
    ].join('\n');
  });
  expect(pageState).not.toContain(env.password);
  expect(framesReceived.length).toBeGreaterThan(3);
  expect(framesReceived.join('\n')).not.toContain(env.password);

  const settingsFiles = readdirSync(env.dataDir).map((f) => readFileSync(join(env.dataDir, f), 'utf8'));
  expect(settingsFiles.join('\n')).toContain('Lab server');
  expect(settingsFiles.join('\n')).not.toContain(env.password);

  const shellLog = readFileSync(env.shellLogFile, 'utf8');
  expect(shellLog).not.toContain(env.password);
  expect(shellLog.split('\n').filter((line) => line.startsWith('[stdout]'))).toHaveLength(1);

  // No CSP violation, no script error, nothing else the console complained about.
  expect(problems).toEqual([]);
});

test('a wrong password is explained, checked, and does not disturb the working profile', async ({ page }) => {
  const env = e2eEnv();
  const wrong = 'definitely-not-the-password';
  await page.goto(env.shellUrl);
  // The previous test left the app connected (the web shell keeps its session).
  await page.getByRole('button', { name: 'Disconnect' }).click();
  const saved = page.getByRole('region', { name: 'Saved servers' });
  await expect(saved.getByText('Lab server')).toBeVisible();
  await expect(saved.getByText('Key in keychain')).toBeVisible();

  await page.getByRole('button', { name: '+ Add another server' }).click();
  await page.getByLabel('Name').fill('Wrong password');
  await page.getByLabel('Server URL').fill(env.lettaUrl);
  await page.getByLabel('Server password').fill(wrong);
  await page.getByRole('button', { name: 'Save and connect' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('answered 401: the server rejected the token');
  await expect(alert).toContainText('server password');

  const row = saved.getByRole('listitem').filter({ hasText: 'Wrong password' });
  await row.getByRole('button', { name: 'Check' }).click();
  const report = page.getByRole('region', { name: 'Connection check' });
  await expect(report).toContainText('Wrong password: the connection check found a problem');
  await expect(report).toContainText('Letta server 0.7.29 is healthy');
  await expect(report.getByRole('listitem').filter({ hasText: 'Sign in' })).toContainText('rejected the token');
  await page.screenshot({ path: 'screenshots/connect-error.png', fullPage: true });

  await row.getByRole('button', { name: 'Remove' }).click();
  await expect(saved.getByText('Wrong password')).toHaveCount(0);
  expect((await keytar.findCredentials('Letta Desk')).map((c) => c.password)).toEqual([env.password]);

  await saved.getByRole('listitem').filter({ hasText: 'Lab server' }).getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('list', { name: 'Agent list' }).getByText(env.agentName)).toBeVisible();
  expect(readFileSync(env.shellLogFile, 'utf8')).not.toContain(wrong);
});
