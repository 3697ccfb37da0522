/**
 * History offline, in the real renderer: chat a few turns, find them with the search overlay and
 * open one in its conversation; then the server becomes unreachable and the same history is
 * browsed and searched from the local cache, with the offline banner showing and a send refused;
 * and the saved server opens again from the connect screen while it is still down.
 *
 * How the server "goes away": this spec connects through its own TCP relay to the shared Letta
 * server and closes the relay (new connections are refused, open ones reset). The app under test
 * has no test-only switch, and the server the other specs use keeps running.
 */
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { e2eEnv } from './env.js';
import { createAgentThroughUi } from './support/app.js';

test.describe.configure({ mode: 'serial' });

const PROFILE = 'Offline lab';
const stamp = Date.now().toString(36);
const agentName = `Offline Tester ${stamp}`;
const word = 'zanzibar';
let page: Page;
let relay: { url: string; close: () => Promise<void> };
const problems: string[] = [];

/** A TCP relay to the Letta server that can be cut: closing it refuses and resets every connection. */
async function startRelay(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('relay has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const log = () => page.getByRole('log', { name: 'Messages' });
const composer = () => page.getByRole('textbox', { name: `Message ${agentName}` });
const searchDialog = () => page.getByRole('dialog', { name: 'Search messages' });
const hits = () => searchDialog().getByRole('listbox', { name: 'Matching messages' }).getByRole('option');

async function send(text: string): Promise<void> {
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await composer().fill(text);
  await composer().press('Enter');
  await expect(log().getByRole('article', { name: `${agentName} said` }).filter({ hasText: `Echo: ${text}` })).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  const env = e2eEnv();
  relay = await startRelay(env.lettaUrl);
  page = await browser.newPage();
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto(env.shellUrl);
  const connected = page.getByLabel('Connected server');
  const connectHeading = page.getByRole('heading', { name: 'Connect to Letta' });
  await expect(connected.or(connectHeading)).toBeVisible();
  if (await connected.isVisible()) {
    await connected.getByRole('button', { name: 'Disconnect' }).click();
    await expect(connectHeading).toBeVisible();
  }
  const saved = page.getByRole('region', { name: 'Saved servers' });
  if ((await saved.count()) > 0) await page.getByRole('button', { name: '+ Add another server' }).click();
  await page.getByLabel('Name').fill(PROFILE);
  await page.getByLabel('Server URL').fill(relay.url);
  await page.getByLabel('Server password').fill(env.password);
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await expect(connected).toContainText(PROFILE);
});

test.afterAll(async () => {
  await page.keyboard.press('Escape');
  // Disconnecting and removing the profile are local: they work with the server gone.
  await page.getByLabel('Connected server').getByRole('button', { name: 'Disconnect' }).click();
  const saved = page.getByRole('region', { name: 'Saved servers' });
  await expect(saved).toBeVisible();
  await saved.getByRole('listitem').filter({ hasText: PROFILE }).getByRole('button', { name: 'Remove' }).click();
  await expect(saved.getByText(PROFILE)).toHaveCount(0);
  await page.close();
  await relay.close();
});

test('chat a few turns, then find them with search and open one in its conversation', async () => {
  await createAgentThroughUi(page, { name: agentName, description: 'Checks offline history.' });
  await send(`Where did we leave the ${word} atlas?`);
  await send('Remember the lighthouse keeper');
  await send(`The ${word} ferry leaves at noon`);

  await page.keyboard.press('Control+Shift+F');
  await expect(searchDialog()).toBeVisible();
  await searchDialog().getByRole('combobox', { name: 'Search messages' }).fill(word);
  // Newest first: the ferry before the atlas; the agent's echoes match too.
  await expect(hits().first()).toContainText('ferry');
  await expect(hits().filter({ hasText: 'atlas' }).first()).toBeVisible();
  await expect(hits().first().locator('mark').first()).toHaveText(new RegExp(word, 'i'));
  await expect(hits().first()).toContainText(agentName);

  await searchDialog().getByRole('button', { name: 'Relevance' }).click();
  await expect(searchDialog().getByRole('button', { name: 'Relevance' })).toHaveAttribute('aria-pressed', 'true');
  await expect(hits().filter({ hasText: 'atlas' }).first()).toBeVisible();
  await searchDialog().getByRole('button', { name: 'Newest' }).click();
  await page.screenshot({ path: 'screenshots/search.png' });

  await hits().filter({ hasText: 'atlas' }).filter({ hasText: 'You' }).first().click();
  await expect(searchDialog()).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Chat', selected: true })).toBeVisible();
  await expect(log().locator('[data-focused]')).toContainText(`Where did we leave the ${word} atlas?`);
});

test('with the server unreachable, history is browsed and searched from the cache', async () => {
  await relay.close();
  // A fresh load asks for everything again: the agent list, the chat, the status.
  await page.reload();
  const banner = page.getByRole('status', { name: 'Offline' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('last synced');
  // The server card in the sidebar says so too, instead of the version and latency.
  await expect(page.getByLabel('Connected server')).toContainText('Offline · reading the cache');

  await page.getByRole('list', { name: 'Agent list' }).getByRole('listitem').filter({ hasText: agentName }).getByRole('button').first().click();
  await expect(page.getByRole('heading', { level: 1, name: agentName })).toBeVisible();
  await expect(log().getByRole('article', { name: 'Your message' }).filter({ hasText: `The ${word} ferry leaves at noon` })).toBeVisible();
  await expect(log().getByRole('article', { name: `${agentName} said` }).filter({ hasText: 'Echo: Remember the lighthouse keeper' })).toBeVisible();
  await page.screenshot({ path: 'screenshots/offline.png' });

  await page.keyboard.press('Control+Shift+F');
  await searchDialog().getByRole('combobox', { name: 'Search messages' }).fill('lighthouse');
  await expect(searchDialog().getByText('Offline', { exact: true })).toBeVisible();
  await expect(hits().first()).toContainText('lighthouse');
  await page.keyboard.press('Enter');
  await expect(searchDialog()).toHaveCount(0);
  await expect(log().locator('[data-focused]')).toContainText('lighthouse');

  // Writes are refused, saying so, and nothing is queued.
  await composer().fill('this cannot be sent');
  await composer().press('Enter');
  await expect(page.getByText(/Can't send a message while offline/).first()).toBeVisible();
  expect(problems).toEqual([]);
});

test('a synced server opens offline from the connect screen, history readable', async () => {
  await page.getByLabel('Connected server').getByRole('button', { name: 'Disconnect' }).click();
  const saved = page.getByRole('region', { name: 'Saved servers' });
  await saved.getByRole('listitem').filter({ hasText: PROFILE }).getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('status', { name: 'Offline' })).toBeVisible();
  await page.getByRole('list', { name: 'Agent list' }).getByRole('listitem').filter({ hasText: agentName }).getByRole('button').first().click();
  await expect(log().getByRole('article', { name: 'Your message' }).filter({ hasText: `Where did we leave the ${word} atlas?` })).toBeVisible();
});
