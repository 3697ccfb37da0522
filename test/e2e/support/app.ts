/**
 * Shared steps for the end-to-end specs: open the app, connect it to the test server through the
 * connect screen (or reuse the profile a previous spec saved), create an agent through the UI,
 * and run axe on what is on screen. Every wait is on something visible, never on time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';
import type { E2eEnv } from '../env.js';

export const PROFILE_NAME = 'Lab server';

/**
 * Opens the app and makes sure it is connected to the test server. Returns whether this call
 * saved the profile (so the spec can remove it again and leave the shell as it found it).
 */
export async function connect(page: Page, env: E2eEnv): Promise<{ createdProfile: boolean }> {
  await page.goto(env.shellUrl);
  const connected = page.getByLabel('Connected server');
  const connectHeading = page.getByRole('heading', { name: 'Connect to Letta' });
  await expect(connected.or(connectHeading)).toBeVisible();
  if (await connected.isVisible()) return { createdProfile: false };

  const saved = page.getByRole('region', { name: 'Saved servers' });
  const row = saved.getByRole('listitem').filter({ hasText: PROFILE_NAME });
  if ((await saved.count()) > 0 && (await row.count()) > 0) {
    await row.getByRole('button', { name: 'Connect' }).click();
    await expect(connected).toBeVisible();
    return { createdProfile: false };
  }
  if ((await saved.count()) > 0) await page.getByRole('button', { name: '+ Add another server' }).click();
  await page.getByLabel('Name').fill(PROFILE_NAME);
  await page.getByLabel('Server URL').fill(env.lettaUrl);
  await page.getByLabel('Server password').fill(env.password);
  await page.getByRole('button', { name: 'Save and connect' }).click();
  await expect(connected).toContainText(PROFILE_NAME);
  return { createdProfile: true };
}

/** Disconnects and, when `removeProfile`, deletes the saved profile (and its keychain entry). */
export async function disconnect(page: Page, removeProfile: boolean): Promise<void> {
  await page.getByLabel('Connected server').getByRole('button', { name: 'Disconnect' }).click();
  const saved = page.getByRole('region', { name: 'Saved servers' });
  await expect(saved).toBeVisible();
  if (!removeProfile) return;
  await saved.getByRole('listitem').filter({ hasText: PROFILE_NAME }).getByRole('button', { name: 'Remove' }).click();
  await expect(saved.getByText(PROFILE_NAME)).toHaveCount(0);
}

export const FAKE_MODEL_HANDLE = 'openai-proxy/letta-desk-fake-llm';

/** Creates an agent with the create dialog and waits until its chat is open. */
export async function createAgentThroughUi(
  page: Page,
  agent: { name: string; description?: string; tags?: string },
  options: { screenshot?: string } = {},
): Promise<void> {
  await page.getByRole('button', { name: 'New agent' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New agent' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Name').fill(agent.name);
  const model = dialog.getByLabel('Model');
  await expect(model.locator(`option[value="${FAKE_MODEL_HANDLE}"]`)).toHaveCount(1);
  await model.selectOption(FAKE_MODEL_HANDLE);
  if (agent.description) await dialog.getByLabel('Description').fill(agent.description);
  if (agent.tags) await dialog.getByLabel('Tags').fill(agent.tags);
  if (options.screenshot) await page.screenshot({ path: options.screenshot });
  await dialog.getByRole('button', { name: 'Create agent' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: agent.name })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Chat', selected: true })).toBeVisible();
}

const require = createRequire(import.meta.url);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; summary?: string }[];
}

/** Runs axe-core on the page (optionally limited to some selectors) and returns its violations. */
export async function axeViolations(page: Page, include: string[] = []): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  // The app's CSP (script-src 'self') refuses an injected <script> tag, so axe's source is
  // evaluated through the DevTools protocol instead, which the page's policy does not govern.
  if (!loaded) await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async (selectors) => {
    const axe = (window as unknown as { axe: { run: (context: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const context = selectors.length ? { include: selectors.map((s) => [s]) } : document;
    const result = await axe.run(context);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, summary: (n as { failureSummary?: string }).failureSummary })) }));
  }, include);
}
