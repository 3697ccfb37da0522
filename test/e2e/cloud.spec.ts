/**
 * The Letta Cloud screens against a fake Letta Cloud (test/fake-cloud, started here, answering as
 * the spec says): the self-hosted test profile has no Letta Cloud section; a Cloud profile added
 * through the connect screen does, and there templates create an agent, projects list, an access
 * token is created (secret shown once) and revoked behind a confirmation, deployed agents are
 * searched, and one agent's variables, template and migration work, with the Cloud's own error
 * shown where the action was. The app ends connected to the self-hosted profile again.
 */
import { expect, test, type Page } from '@playwright/test';
import { startFakeCloud, type FakeCloud } from '../fake-cloud/server.js';
import { e2eEnv } from './env.js';
import { axeViolations, connect, disconnect, PROFILE_NAME } from './support/app.js';

test.describe.configure({ mode: 'serial' });

const CLOUD_PROFILE = 'Fake Cloud';
const suffix = Date.now().toString(36);
const newAgent = `Helpdesk Dana ${suffix}`;
let cloud: FakeCloud;
let page: Page;
let createdProfile = false;

const serverScreens = () => page.getByRole('list', { name: 'Server screens' });
const tab = (name: string) => page.getByRole('tablist', { name: 'Letta Cloud' }).getByRole('tab', { name });

test.beforeAll(async ({ browser }) => {
  cloud = await startFakeCloud({ apiKey: `sk-let-${suffix}-fake-cloud-key` });
  page = await browser.newPage();
  ({ createdProfile } = await connect(page, e2eEnv()));
});

test.afterAll(async () => {
  await page.keyboard.press('Escape');
  // Leave the app as the other specs expect it: on the self-hosted test profile, the Cloud one gone.
  const connected = page.getByLabel('Connected server');
  if ((await connected.isVisible()) && (await connected.textContent())?.includes(CLOUD_PROFILE)) {
    await connected.getByRole('button', { name: 'Disconnect' }).click();
  }
  const saved = page.getByRole('region', { name: 'Saved servers' });
  if (await saved.isVisible()) {
    const row = saved.getByRole('listitem').filter({ hasText: CLOUD_PROFILE });
    if (await row.count()) await row.getByRole('button', { name: 'Remove' }).click();
  }
  await connect(page, e2eEnv());
  await disconnect(page, createdProfile);
  await page.close().catch((error: unknown) => {
    if (!String(error).includes('ENOENT')) throw error;
  });
  await cloud.close();
});

test('the self-hosted test profile has no Letta Cloud section', async () => {
  await expect(page.getByLabel('Connected server')).toContainText(PROFILE_NAME);
  await expect(serverScreens().getByRole('button', { name: 'Export & import' })).toBeVisible();
  await expect(serverScreens().getByRole('button', { name: 'Letta Cloud' })).toHaveCount(0);
});

test('add a Letta Cloud profile through the connect screen: the Letta Cloud section appears', async () => {
  await page.getByLabel('Connected server').getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByRole('region', { name: 'Saved servers' })).toBeVisible();
  await page.getByRole('button', { name: '+ Add another server' }).click();
  const form = page.getByRole('form', { name: 'Add a server' });
  await form.getByRole('radio', { name: /Letta Cloud/ }).click();
  await form.getByLabel('Name').fill(CLOUD_PROFILE);
  await form.getByLabel('Server URL').fill(cloud.url);
  await form.getByLabel('API key').fill(cloud.apiKey);
  await form.getByRole('button', { name: 'Save and connect' }).click();
  await expect(page.getByLabel('Connected server')).toContainText(CLOUD_PROFILE);
  await serverScreens().getByRole('button', { name: 'Letta Cloud' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Letta Cloud' })).toBeVisible();
});

test('templates: create an agent from a template version with memory variables', async () => {
  await tab('Templates').click();
  const templates = page.getByRole('list', { name: 'Templates' });
  await expect(templates.getByText('onboarding-guide', { exact: true })).toBeVisible();
  await templates.getByRole('button', { name: 'Create agents from support-bot' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create agents from support-bot' });
  await dialog.getByLabel('Project').selectOption('customer-support');
  await dialog.getByLabel(/Agent name/).fill(newAgent);
  await dialog.getByLabel(/Tags/).fill('support, e2e');
  await dialog.getByLabel(/Memory variables/).fill('customer_name=Dana\nplan');
  await dialog.getByRole('button', { name: 'Create agent' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Line 2 (“plan”) is not name=value.');
  await dialog.getByLabel(/Memory variables/).fill('customer_name=Dana\nplan=team');
  await dialog.getByRole('button', { name: 'Create agent' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Created agents' }).getByText(newAgent, { exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Agent list' }).getByText(newAgent, { exact: true })).toBeVisible();
  const made = [...cloud.agents.values()].find((a) => a.state.name === newAgent);
  expect(made?.variables).toEqual({ customer_name: 'Dana', plan: 'team' });
  expect(made?.state.tags).toEqual(['support', 'e2e']);
});

test('projects are listed with their slugs', async () => {
  await tab('Projects').click();
  const projects = page.getByRole('list', { name: 'Projects' });
  await expect(projects.getByRole('listitem').filter({ hasText: 'Customer Support' })).toContainText('customer-support');
  await expect(projects.getByRole('listitem')).toHaveCount(cloud.projects.length);
});

test('access tokens: create one for an agent, see its secret once, revoke it behind a confirmation', async () => {
  await tab('Access tokens').click();
  await page.getByRole('checkbox', { name: 'Helpdesk Ava' }).check();
  await page.getByLabel('App address').fill('https://support.example.com');
  await page.getByLabel('Expires after').selectOption({ label: '1 day' });
  await page.getByRole('button', { name: 'Create token' }).click();
  const fresh = page.getByRole('region', { name: 'New token' });
  await expect(fresh.getByText('Copy this token now: it is not shown again.')).toBeVisible();
  const secret = await fresh.getByLabel('Token').inputValue();
  const issued = cloud.tokens.get(secret);
  expect(issued?.hostname).toBe('https://support.example.com');
  expect(issued?.policy[0]?.access).toEqual(['read_messages', 'write_messages']);
  const hours = (Date.parse(issued!.expiresAt) - Date.now()) / 3_600_000;
  expect(hours).toBeGreaterThan(23);
  await fresh.getByRole('button', { name: 'Done' }).click();
  await expect(fresh).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);

  const masked = `${secret.slice(0, 7)}…${secret.slice(-4)}`;
  const row = page.getByRole('list', { name: 'Session tokens' }).getByRole('listitem', { name: `Token ${masked}` });
  await expect(row.getByText('Active')).toBeVisible();
  await row.getByRole('button', { name: `Revoke ${masked}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke this token?' });
  await confirm.getByRole('button', { name: 'Revoke token' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row.getByText('Revoked')).toBeVisible();
  expect(cloud.tokens.has(secret)).toBe(false);

  // Revoking it again: the Cloud's own refusal shows in the confirmation.
  await page.getByLabel('Token to revoke').fill(secret);
  await page.getByRole('button', { name: 'Revoke', exact: true }).click();
  await page.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke token' }).click();
  await expect(page.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('alert')).toContainText('Token not found or already revoked');
  await page.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Cancel' }).click();
});

test('deployed agents: search, memory variables, a template, a new version and a migration (the Cloud\'s error in place)', async () => {
  await tab('Deployed agents').click();
  const search = page.getByRole('form', { name: 'Search deployed agents' });
  await search.getByLabel('Name').fill('Helpdesk');
  await search.getByRole('button', { name: 'Search' }).click();
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(results.getByText(newAgent, { exact: true })).toBeVisible();
  await expect(results.getByText('Helpdesk Bruno', { exact: true })).toBeVisible();
  await search.getByLabel(/Tags/).fill('eu');
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results.getByText('Helpdesk Ava', { exact: true })).toBeVisible();

  await results.getByRole('button', { name: 'Details of Helpdesk Ava' }).click();
  const vars = page.getByRole('definition');
  await expect(page.getByRole('heading', { level: 2, name: 'Helpdesk Ava' })).toBeVisible();
  await expect(vars.filter({ hasText: 'pro' })).toBeVisible();
  await expect(page.getByRole('term').filter({ hasText: 'customer_name' })).toBeVisible();

  await page.getByRole('button', { name: 'Make template' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Template “helpdesk-ava-template” created from Helpdesk Ava.' })).toBeVisible();

  await page.getByLabel(/Version note/).fill('Friendlier tone');
  await page.getByRole('button', { name: 'Save version' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved support-bot:3.' })).toBeVisible();
  expect(cloud.templates.find((t) => t.name === 'support-bot')?.versions).toEqual(['1', '2', '3']);

  const migrate = page.getByRole('form', { name: 'Migrate agent' });
  await migrate.getByLabel('Target version').fill('support-bot:99');
  await migrate.getByRole('button', { name: 'Migrate…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Migrate Helpdesk Ava?' });
  await confirm.getByRole('button', { name: 'Migrate agent' }).click();
  await expect(confirm.getByRole('alert')).toContainText('Template version provided does not exist');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await migrate.getByLabel('Target version').fill('support-bot:1');
  await migrate.getByRole('button', { name: 'Migrate…' }).click();
  await expect(confirm).toContainText('keep its current memory');
  await confirm.getByRole('button', { name: 'Migrate agent' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Helpdesk Ava now runs support-bot:1, with its memory kept.' })).toBeVisible();
  expect([...cloud.agents.values()].find((a) => a.state.name === 'Helpdesk Ava')?.templateVersion).toBe('support-bot:1');

  const violations = (await axeViolations(page, ['main'])).filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  await page.getByRole('tablist', { name: 'Letta Cloud' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'screenshots/cloud.png' });
});

test('disconnect from the Cloud: back on the self-hosted profile, without the Letta Cloud section', async () => {
  await page.getByLabel('Connected server').getByRole('button', { name: 'Disconnect' }).click();
  const saved = page.getByRole('region', { name: 'Saved servers' });
  await expect(saved).toBeVisible();
  await saved.getByRole('listitem').filter({ hasText: CLOUD_PROFILE }).getByRole('button', { name: 'Remove' }).click();
  await expect(saved.getByText(CLOUD_PROFILE)).toHaveCount(0);
  await connect(page, e2eEnv());
  await expect(page.getByLabel('Connected server')).toContainText(PROFILE_NAME);
  await expect(serverScreens().getByRole('button', { name: 'Letta Cloud' })).toHaveCount(0);
});
