/**
 * Batches in the real renderer against the real server. Offline, Letta 0.7.29 runs no batch
 * (creation needs LETTA_ENABLE_BATCH_JOB_POLLING and an Anthropic model), so what a user can see
 * here is the honest empty list and the server's refusal of a new batch, shown where they pressed
 * Send, with everything they picked and typed still there.
 */
import { expect, test } from '@playwright/test';
import { e2eEnv } from './env.js';
import { connect } from './support/app.js';
import { blockingA11yViolations, openServerSection } from './support/models.js';

const MESSAGE = 'Batch e2e: summarise what you learned this week in one line.';
const REFUSAL = 'Server misconfiguration: LETTA_ENABLE_BATCH_JOB_POLLING is set to False.';

test('an empty list says why; a refused batch shows the server\'s message and keeps the draft', async ({ page }) => {
  const env = e2eEnv();
  await connect(page, env);
  await openServerSection(page, 'Batches');
  await expect(page.getByText('No batches in progress')).toBeVisible();
  expect(await blockingA11yViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'New batch…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New batch' });
  const review = dialog.getByRole('button', { name: 'Review request' });
  await expect(review).toBeDisabled();
  await dialog.getByLabel('Filter agents').fill(env.agentName);
  const agent = dialog.getByRole('list', { name: 'Agents to message' }).getByRole('checkbox', { name: new RegExp(env.agentName) }).first();
  await agent.check();
  await expect(dialog.getByText('(1 picked)')).toBeVisible();
  await dialog.getByLabel('Message', { exact: true }).fill(MESSAGE);
  await review.click();

  // The request as the server will receive it, before anything is sent.
  await expect(dialog.getByText('The server receives this request: one user message to each of 1 agent.')).toBeVisible();
  await expect(dialog.locator('pre')).toContainText(`"content": "${MESSAGE}"`);
  await expect(dialog.getByRole('list', { name: 'Agents in this batch' })).toContainText(env.agentName);

  await dialog.getByRole('button', { name: 'Send batch' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`The server refused the batch: `);
  await expect(dialog.getByRole('alert')).toContainText(REFUSAL);
  await expect(dialog.getByRole('alert')).toContainText('Your agents and message are kept.');
  expect(await blockingA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: 'screenshots/batches.png' });

  await dialog.getByRole('button', { name: 'Back to edit' }).click();
  await expect(dialog.getByLabel('Message', { exact: true })).toHaveValue(MESSAGE);
  await expect(agent).toBeChecked();

  // Closing does not throw the draft away either.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByRole('button', { name: 'New batch…' }).first().click();
  await expect(dialog.getByLabel('Message', { exact: true })).toHaveValue(MESSAGE);
  await expect(dialog.getByText('(1 picked)')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByText('No batches in progress')).toBeVisible();

  // A finished batch leaves the list; opening one by id shows the server's answer, here a 404.
  await page.getByLabel('Open a batch by id').fill('job-00000000-0000-4000-8000-000000000000');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Batch not found');
  await expect(page.getByLabel('Open a batch by id')).toHaveValue('job-00000000-0000-4000-8000-000000000000');
});
