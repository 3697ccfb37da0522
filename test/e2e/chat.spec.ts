/**
 * Chatting with an agent in the real renderer against the real Letta server and the scripted fake
 * LLM: create the agent through the UI, stream a reply (text and reasoning), a long reply, stop a
 * slow one, a background run followed to completion, a tool call, an edit, markdown that tries to
 * run script, the command palette, light and dark, axe, and a reset behind a confirmation.
 */
import { expect, test, type Page } from '@playwright/test';
import { fakeLlmCommands as cmd, longReply } from '../fake-llm/commands.js';
import { e2eEnv } from './env.js';
import { axeViolations, connect, createAgentThroughUi, disconnect } from './support/app.js';

test.describe.configure({ mode: 'serial' });

const agentName = `Chat Tester ${Date.now().toString(36)}`;
let page: Page;
let createdProfile = false;
const problems: string[] = [];
let step = '';

const log = () => page.getByRole('log', { name: 'Messages' });
const composer = () => page.getByRole('textbox', { name: `Message ${agentName}` });
const agentSaid = (text: string | RegExp) => log().getByRole('article', { name: `${agentName} said` }).filter({ hasText: text });

/** Sends once the previous turn is over (the Send button is back in place of Stop). */
async function send(text: string): Promise<void> {
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await composer().fill(text);
  await composer().press('Enter');
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${step}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${step}: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`${step}: a script opened a dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  ({ createdProfile } = await connect(page, e2eEnv()));
});

test.beforeEach(({}, info) => {
  step = info.title;
});

test.afterAll(async () => {
  // Close whatever a failed step left open before leaving.
  await page.keyboard.press('Escape');
  await disconnect(page, createdProfile);
  // Closing flushes the shared page's trace into test-results; another run starting meanwhile
  // empties that folder, which must not fail tests that already passed.
  await page.close().catch((error: unknown) => {
    if (!String(error).includes('ENOENT')) throw error;
  });
});

test('create an agent through the dialog', async () => {
  await createAgentThroughUi(
    page,
    { name: agentName, description: 'Checks the chat end to end.', tags: 'e2e, chat' },
    { screenshot: 'screenshots/create-agent.png' },
  );
  await expect(page.getByRole('list', { name: 'Agent list' }).getByRole('listitem').filter({ hasText: agentName })).toBeVisible();
  // The default boot messages of a new agent are in its history.
  await expect(log()).toBeVisible();

  // Tag chips filter the list on the server.
  const list = page.getByRole('list', { name: 'Agent list' });
  const chip = page.getByRole('group', { name: 'Filter by tag' }).getByRole('button', { name: 'e2e' });
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await chip.click();
  await expect(list.getByRole('listitem').filter({ hasText: e2eEnv().agentName })).toBeVisible();
});

test('a streamed reply shows its text and the reasoning card', async () => {
  await send('Hello there');
  await expect(log().getByRole('article', { name: 'Your message' }).filter({ hasText: 'Hello there' })).toBeVisible();
  await expect(agentSaid('Echo: Hello there')).toBeVisible();
  const reasoning = log().locator('details summary').filter({ hasText: 'Reasoning' }).filter({ hasText: 'Thinking about: Hello there' });
  await expect(reasoning).toBeVisible();
  await expect(composer()).toBeEditable();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
});

test('a slow reply can be stopped with Esc', async () => {
  await send(`Take your time ${cmd.long(300, 60)}`);
  await expect(agentSaid(/\bw5\b/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(log().getByRole('status').filter({ hasText: 'Stopped.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await expect(agentSaid('w300')).toHaveCount(0);
});

test('a long reply streams to its last word and the list follows it', async () => {
  await send(`Tell me a story ${cmd.long(400)}`);
  await expect(agentSaid('w400')).toBeVisible();
  await expect(agentSaid(longReply(400))).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0);
});

test('a tool call and its result show as cards', async () => {
  await send(`Please note this ${cmd.remember('human', 'Prefers short answers.')}`);
  await expect(log().locator('summary').filter({ hasText: 'Tool call' }).filter({ hasText: 'core_memory_append' })).toBeVisible();
  await expect(log().locator('summary').filter({ hasText: 'Tool result' }).filter({ hasText: 'OK' })).toBeVisible();
  await expect(agentSaid('Echo: Please note this')).toBeVisible();
});

test('markdown renders, raw HTML stays text and unsafe links lose their target', async () => {
  await send('Some **bold words** and `code` <img src=x onerror=alert(1)> <script>alert(2)</script> [docs](https://docs.letta.com) [bad](javascript:alert(3))');
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  const reply = agentSaid('bold words');
  await expect(reply.locator('strong', { hasText: 'bold words' })).toBeVisible();
  await expect(reply.locator('code', { hasText: 'code' })).toBeVisible();
  await expect(reply).toContainText('<img src=x onerror=alert(1)>');
  await expect(reply.getByRole('link', { name: 'docs' })).toHaveAttribute('href', 'https://docs.letta.com');
  await expect(reply).toContainText('bad');
  await expect(log().locator('a[href^="javascript"]')).toHaveCount(0);
  await expect(log().locator('img, script, [onerror], [onclick]')).toHaveCount(0);
});

test('sidebar and chat pass axe without critical violations; light and dark screenshots', async () => {
  const violations = await axeViolations(page);
  // Serious ones too: contrast and names were fixed once and should stay fixed.
  const serious = violations.filter((v) => v.impact === 'serious');
  expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
  const critical = violations.filter((v) => v.impact === 'critical');
  expect(critical, JSON.stringify(critical, null, 2)).toEqual([]);
  await page.screenshot({ path: 'screenshots/chat.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(15, 17, 21)');
  await page.screenshot({ path: 'screenshots/chat-dark.png' });
  const darkCritical = (await axeViolations(page)).filter((v) => v.impact === 'critical');
  expect(darkCritical).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });
});

test('a background send shows a run that completes', async () => {
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await composer().fill('Work on this in the background');
  await page.getByRole('button', { name: 'Send in background' }).click();
  const run = log().getByRole('article', { name: 'Background run' });
  await expect(run).toBeVisible();
  await expect(run.getByRole('status')).toHaveText('Completed', { timeout: 45_000 });
  await expect(agentSaid('Echo: Work on this in the background')).toBeVisible();
});

test('a past message can be edited', async () => {
  const mine = log().getByRole('article', { name: 'Your message' }).filter({ hasText: 'Work on this in the background' });
  await mine.hover();
  await mine.getByRole('button', { name: 'Edit message' }).click();
  const field = log().getByRole('textbox', { name: 'Edit message text' });
  await field.fill('Work on this later, edited');
  await log().getByRole('button', { name: 'Save' }).click();
  await expect(log().getByRole('article', { name: 'Your message' }).filter({ hasText: 'Work on this later, edited' })).toBeVisible();
  await expect(field).toHaveCount(0);

  const reply = agentSaid('Echo: Work on this in the background');
  await reply.hover();
  await reply.getByRole('button', { name: 'Edit message' }).click();
  await log().getByRole('textbox', { name: 'Edit message text' }).fill('An edited answer');
  await log().getByRole('button', { name: 'Save' }).click();
  await expect(agentSaid('An edited answer')).toBeVisible();
});

test('the command palette switches tabs and lists shortcuts', async () => {
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await expect(palette.getByRole('option', { name: /Go to Memory/ })).toContainText('Ctrl+2');
  await palette.getByRole('combobox').fill('go mem');
  await expect(palette.getByRole('option')).toHaveCount(1);
  await page.screenshot({ path: 'screenshots/palette.png' });
  await page.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Memory', selected: true })).toBeVisible();
  await page.keyboard.press('Control+1');
  await expect(page.getByRole('tab', { name: 'Chat', selected: true })).toBeVisible();
  await expect(composer()).toBeVisible();
});

test('reset asks first, then clears the conversation', async () => {
  await page.getByRole('button', { name: 'Reset conversation' }).click();
  const dialog = page.getByRole('dialog', { name: /Reset the conversation/ });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(log()).toBeVisible();

  await page.getByRole('button', { name: 'Reset conversation' }).click();
  await dialog.getByRole('button', { name: 'Reset conversation' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(log().getByRole('article', { name: 'Your message' })).toHaveCount(0);
  await expect(agentSaid(/Echo/)).toHaveCount(0);
});

test('duplicating an agent opens the copy', async () => {
  const row = page.getByRole('list', { name: 'Agent list' }).getByRole('listitem').filter({ hasText: agentName }).first();
  await row.hover();
  await row.getByRole('button', { name: `Duplicate ${agentName}` }).click();
  const dialog = page.getByRole('dialog', { name: `Duplicate “${agentName}”` });
  await expect(dialog.getByLabel('Name of the copy')).toHaveValue(`${agentName} copy`);
  await dialog.getByRole('button', { name: 'Duplicate' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: `${agentName} copy` })).toBeVisible();

  const copyRow = page.getByRole('list', { name: 'Agent list' }).getByRole('listitem').filter({ hasText: `${agentName} copy` });
  await copyRow.hover();
  await copyRow.getByRole('button', { name: `Delete ${agentName} copy` }).click();
  await page.getByRole('dialog', { name: `Delete “${agentName} copy”?` }).getByRole('button', { name: 'Delete agent' }).click();
  await expect(copyRow).toHaveCount(0);
});

test('deleting an agent names it and asks first', async () => {
  const row = page.getByRole('list', { name: 'Agent list' }).getByRole('listitem').filter({ hasText: agentName });
  await row.hover();
  await row.getByRole('button', { name: `Delete ${agentName}` }).click();
  const dialog = page.getByRole('dialog', { name: `Delete “${agentName}”?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('cannot be undone');
  await dialog.getByRole('button', { name: 'Delete agent' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toHaveCount(0);
  // No CSP violation, script error or dialog anywhere along the way.
  expect(problems).toEqual([]);
});
