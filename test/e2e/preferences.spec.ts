/**
 * App preferences in the real renderer against the real server: the theme switches the page's
 * colours at once and is kept after a reload; with "Enter sends" off Enter adds a line and
 * Ctrl+Enter sends; with replies arriving "the whole turn at once" the message goes out as one
 * request that waits for the turn (send_message), and the reply shows without a stream. The
 * preferences are put back as they were, since the other specs expect the defaults.
 */
import { expect, test, type Page } from '@playwright/test';
import { fakeLlmCommands as cmd } from '../fake-llm/commands.js';
import { e2eEnv } from './env.js';
import { axeViolations, connect, createAgentThroughUi, disconnect } from './support/app.js';

test.describe.configure({ mode: 'serial' });

const agentName = `Prefs Tester ${Date.now().toString(36)}`;
let page: Page;
let createdProfile = false;
const problems: string[] = [];

const dialog = () => page.getByTestId('preferences');
const composer = () => page.getByRole('textbox', { name: `Message ${agentName}` });
const agentSaid = (text: string | RegExp) => page.getByRole('log', { name: 'Messages' }).getByRole('article', { name: `${agentName} said` }).filter({ hasText: text });

async function openPreferences(): Promise<void> {
  await page.getByRole('button', { name: 'Preferences' }).click();
  await expect(dialog()).toBeVisible();
}

async function closePreferences(): Promise<void> {
  await dialog().getByRole('button', { name: 'Done' }).click();
  await expect(dialog()).toHaveCount(0);
}

/** The page's background colour, as the browser computed it. */
const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  ({ createdProfile } = await connect(page, e2eEnv()));
  await createAgentThroughUi(page, { name: agentName, description: 'Checks the preferences.' });
});

test.afterAll(async () => {
  if (!page) return;
  await page.keyboard.press('Escape');
  // Back to the defaults for the specs that follow.
  if ((await dialog().count()) === 0) await openPreferences();
  await dialog().getByLabel('Follow the system').check();
  await dialog().getByLabel('Word by word').check();
  const enter = dialog().getByRole('checkbox', { name: /Enter sends/ });
  if (!(await enter.isChecked())) await enter.check();
  await expect(dialog().getByText('Saving…')).toHaveCount(0);
  await closePreferences();
  const row = page.getByRole('list', { name: 'Agent list' }).getByRole('listitem').filter({ hasText: agentName });
  await row.hover();
  await row.getByRole('button', { name: `Delete ${agentName}` }).click();
  await page.getByRole('dialog', { name: `Delete “${agentName}”?` }).getByRole('button', { name: 'Delete agent' }).click();
  await expect(row).toHaveCount(0);
  await disconnect(page, createdProfile);
  await page.close().catch((error: unknown) => {
    if (!String(error).includes('ENOENT')) throw error;
  });
});

test('the theme changes the colours at once and is kept after a reload', async () => {
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await background();
  await openPreferences();
  await dialog().getByLabel('Dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(background).not.toBe(light);
  await page.screenshot({ path: 'screenshots/preferences.png' });
  const serious = (await axeViolations(page, ['[data-testid="preferences"]'])).filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(serious, JSON.stringify(serious, null, 1)).toEqual([]);
  await closePreferences();

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(background).not.toBe(light);
  await openPreferences();
  await dialog().getByLabel('Follow the system').check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  await expect.poll(background).toBe(light);
  await closePreferences();
});

test('with "Enter sends" off, Enter adds a line and Ctrl+Enter sends', async () => {
  await page.getByRole('list', { name: 'Agent list' }).getByRole('listitem').filter({ hasText: agentName }).first().click();
  await openPreferences();
  await dialog().getByRole('checkbox', { name: /Enter sends/ }).uncheck();
  await expect(dialog().getByText('Saving…')).toHaveCount(0);
  await closePreferences();
  await expect(page.getByText(/Ctrl\+Enter sends · Enter new line/)).toBeVisible();
  await composer().fill('first line');
  await composer().press('Enter');
  await composer().pressSequentially('second line');
  await expect(composer()).toHaveValue('first line\nsecond line');
  await composer().press('Control+Enter');
  await expect(composer()).toHaveValue('');
  await expect(agentSaid(/Echo: first line\s+second line/)).toBeVisible();
});

test('replies "the whole turn at once": one request that waits, then the reply, without a stream', async () => {
  await openPreferences();
  await dialog().getByLabel('The whole turn at once').check();
  await expect(dialog().getByText('Saving…')).toHaveCount(0);
  await closePreferences();
  // A slow turn: while it is out, the box says it waits for the whole reply and offers no Stop
  // (one request cannot be stopped), and nothing of the reply shows before the end.
  await composer().fill(`all at once please ${cmd.slow(2500)}`);
  await composer().press('Control+Enter');
  await expect(page.getByText(`Waiting for ${agentName}'s whole reply…`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
  await expect(agentSaid('Echo: all at once please')).toHaveCount(0);
  await expect(agentSaid('Echo: all at once please')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`Waiting for ${agentName}'s whole reply…`)).toHaveCount(0);
  expect(problems).toEqual([]);
});
