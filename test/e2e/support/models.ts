/**
 * Steps shared by the models and batches specs: open a screen from the sidebar's Server list, and
 * the axe findings that block (critical and serious), as readable lines for the failure message.
 */
import { expect, type Page } from '@playwright/test';
import { LettaClient } from '../../../src-main/letta/index.js';
import { e2eEnv } from '../env.js';
import { axeViolations } from './app.js';

export async function openServerSection(page: Page, label: string): Promise<void> {
  // Right after connecting, the shell opens the newest agent once the agent list has loaded, over
  // any screen opened before that: wait for the list (its total shows) so the click is the last word.
  await expect(page.getByLabel(/agents in total$/)).toBeVisible();
  await page.getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
}

export async function blockingA11yViolations(page: Page): Promise<string[]> {
  const violations = await axeViolations(page);
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** The test server itself, to learn what it answers (never to set up what the UI must do). */
export function serverClient(): LettaClient {
  const env = e2eEnv();
  return new LettaClient({ baseUrl: env.lettaUrl, token: env.password });
}

/** A pattern for a server message that names per-process details (object addresses). */
export function serverMessagePattern(message: string): RegExp {
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace(/0x[0-9a-f]+/g, '0x[0-9a-f]+'));
}
