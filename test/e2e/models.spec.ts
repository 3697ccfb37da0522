/**
 * Models & providers in the real renderer against the real server: the fake model and the
 * embedding models are listed and filter by text and provider; a provider is added with a
 * secret-looking key that the page never shows again, its key is checked (offline the server
 * cannot reach the provider, and the screen shows the server's own refusal), replaced and the
 * provider deleted after a confirmation.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { e2eEnv } from './env.js';
import { connect, FAKE_MODEL_HANDLE } from './support/app.js';
import { blockingA11yViolations, openServerSection, serverClient, serverMessagePattern } from './support/models.js';

test.describe.configure({ mode: 'serial' });

const PROVIDER = `desk-groq-${randomUUID().slice(0, 8)}`;
const FIRST_KEY = `gsk_live_${randomUUID().replace(/-/g, '')}`;
const SECOND_KEY = `gsk_live_${randomUUID().replace(/-/g, '')}`;

test.afterAll(async () => {
  // Only if a step failed before the UI deleted it: leave the shared server as we found it.
  const client = serverClient();
  for (const p of await client.providers.list({ name: PROVIDER })) await client.providers.delete(p.id!);
});

/** Everything the page holds: its markup, its visible text and every field's current value. */
async function pageHolds(page: Page, secret: string): Promise<boolean> {
  return page.evaluate((s) => {
    const values = [...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value);
    return document.documentElement.outerHTML.includes(s) || document.body.innerText.includes(s) || values.some((v) => v.includes(s));
  }, secret);
}

test('lists the fake model and the embedding models, filtered by text and provider', async ({ page }) => {
  await connect(page, e2eEnv());
  await openServerSection(page, 'Models & providers');

  const llms = page.getByRole('table', { name: 'Language models' });
  const embeddings = page.getByRole('table', { name: 'Embedding models' });
  const fakeRow = llms.getByRole('row').filter({ hasText: FAKE_MODEL_HANDLE });
  await expect(fakeRow).toHaveCount(1);
  await expect(fakeRow).toContainText('32,000 tokens');
  await expect(fakeRow).toContainText('openai');
  await expect(llms.getByRole('row').filter({ hasText: 'letta/letta-free' })).toHaveCount(1);
  await expect(embeddings.getByRole('row').filter({ hasText: 'letta/letta-free' })).toContainText('1,024');
  // The server's own estimate of the archival embeddings it stores (other specs' agents add some).
  await expect(page.getByTestId('embedding-storage')).toContainText(/stored on the server: \d[\d.,]* (bytes|KB|MB|GB)/);

  await page.getByLabel('Filter models by name').fill('desk-fake');
  await expect(llms.getByRole('row').filter({ hasText: 'letta/letta-free' })).toHaveCount(0);
  await expect(fakeRow).toHaveCount(1);
  await expect(page.getByText('No embedding model matches this filter.')).toBeVisible();

  await page.getByLabel('Filter models by name').fill('');
  await page.getByLabel('Provider', { exact: true }).selectOption('letta');
  await expect(llms.getByRole('row').filter({ hasText: 'letta/letta-free' })).toHaveCount(1);
  await expect(fakeRow).toHaveCount(0);
  await expect(embeddings.getByRole('row').filter({ hasText: 'letta/letta-free' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(fakeRow).toHaveCount(1);

  expect(await blockingA11yViolations(page)).toEqual([]);
});

test('a provider: added with a key never shown again, key checked, replaced, deleted', async ({ page }) => {
  await connect(page, e2eEnv());
  await openServerSection(page, 'Models & providers');

  await page.getByRole('button', { name: 'Add provider…' }).click();
  const add = page.getByRole('dialog', { name: 'Add a provider' });
  await add.getByLabel('Name').fill(PROVIDER);
  await add.getByLabel('Type').selectOption('groq');
  const keyField = add.getByLabel('API key');
  await expect(keyField).toHaveAttribute('type', 'password');
  await keyField.fill(FIRST_KEY);
  expect(await blockingA11yViolations(page)).toEqual([]);
  await add.getByRole('button', { name: 'Add provider' }).click();
  await expect(add).toHaveCount(0);

  const row = page.getByRole('table', { name: 'Providers' }).getByRole('row', { name: PROVIDER });
  await expect(row).toContainText('groq');
  await expect(row).toContainText('byok');
  await expect(row.getByText('key set')).toBeVisible();
  expect(await pageHolds(page, FIRST_KEY)).toBe(false);
  // The server did store the key the user typed (the page only says that one is set).
  expect((await serverClient().providers.list({ name: PROVIDER }))[0]?.api_key).toBe(FIRST_KEY);
  await page.screenshot({ path: 'screenshots/models-providers.png' });

  // Offline the server cannot reach Groq: the check shows the server's own refusal.
  const refusal = await serverClient().providers.check({ provider_type: 'groq', apiKey: SECOND_KEY }).then(
    () => null,
    (e: { serverMessage?: string }) => e.serverMessage ?? null,
  );
  expect(refusal).toBeTruthy();
  await row.getByRole('button', { name: `Change key of ${PROVIDER}` }).click();
  const change = page.getByRole('dialog', { name: `Change the key of ${PROVIDER}` });
  await change.getByLabel('New API key').fill(SECOND_KEY);
  await change.getByRole('button', { name: 'Check key' }).click();
  const verdict = change.getByRole('status', { name: 'Key check result' });
  await expect(verdict).toContainText('The server could not confirm this key');
  await expect(verdict).toContainText(serverMessagePattern(refusal!));
  expect(await blockingA11yViolations(page)).toEqual([]);
  await change.getByRole('button', { name: 'Save key' }).click();
  await expect(change).toHaveCount(0);
  await expect(row.getByText('key set')).toBeVisible();
  expect((await serverClient().providers.list({ name: PROVIDER }))[0]?.api_key).toBe(SECOND_KEY);
  expect(await pageHolds(page, SECOND_KEY)).toBe(false);

  await row.getByRole('button', { name: `Delete ${PROVIDER}` }).click();
  const confirm = page.getByRole('dialog', { name: `Delete ${PROVIDER}?` });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: `Delete ${PROVIDER}` }).click();
  await confirm.getByRole('button', { name: 'Delete provider' }).click();
  await expect(row).toHaveCount(0);
  expect(await serverClient().providers.list({ name: PROVIDER })).toEqual([]);

  // Neither key reached the app's own log either.
  const log = readFileSync(e2eEnv().shellLogFile, 'utf8');
  expect(log.includes(FIRST_KEY) || log.includes(SECOND_KEY)).toBe(false);
});
