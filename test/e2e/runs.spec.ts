/**
 * Runs and steps in the real renderer against the real server. A plain turn makes steps but no
 * run, so the view shows the agent's recent steps; an async send makes a run, which the view
 * follows to completion, then its steps, tokens and a step's provider trace (request and
 * response JSON, collapsible and copyable).
 */
import { expect, test } from '@playwright/test';
import { fakeLlmCommands } from '../fake-llm/commands.js';
import { connect, createAgent, criticalA11yViolations, disconnectAndForget, lettaClient, openAgentTab, sendAsyncMessage, sendChatMessage } from './support-memory.js';

test.describe.configure({ mode: 'serial' });

const AGENT = 'Run Tracker';
let agentId = '';

test.beforeAll(async () => {
  agentId = (await createAgent(AGENT, [{ label: 'human', value: 'The user follows runs.' }, { label: 'persona', value: 'I work in the background.' }])).id;
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await connect(page);
  await disconnectAndForget(page);
  await page.close();
});

test('without runs, the agent\'s recent steps are shown with their tokens', async ({ page }) => {
  await connect(page);
  await sendChatMessage(page, AGENT, agentId, 'Hello there, how are you?');
  await openAgentTab(page, AGENT, 'Runs & Steps');
  await expect(page.getByText('No runs: only messages sent in the background start one.')).toBeVisible();
  const steps = page.getByRole('region', { name: /Recent steps/ });
  await expect(steps.getByRole('table').getByRole('row').nth(1)).toContainText('letta-desk-fake-llm');
  await expect(steps.getByRole('img', { name: 'Tokens per step' })).toBeVisible();
});

test('an async send: follow its run to completion, its steps and a provider trace', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const client = lettaClient();
  await connect(page);
  // A memory edit makes the turn two LLM calls: the tool call, then the reply.
  const via = await sendAsyncMessage(page, AGENT, agentId, `Work on this in the background. ${fakeLlmCommands.remember('human', 'Likes background runs.')}`);
  await openAgentTab(page, AGENT, 'Runs & Steps');
  if (via === 'client') await page.getByRole('button', { name: 'Refresh' }).click();

  const runs = page.getByRole('region', { name: /^Runs/ });
  const row = runs.getByRole('row').filter({ has: page.getByRole('button', { name: /^run-/ }) }).first();
  // The view polls active runs until they settle: no waiting in the test beyond the visible badge.
  await expect(row.getByText('completed', { exact: true })).toBeVisible();
  // Other specs' agents have runs too: this agent's run is the one its steps point at.
  const runId = (await client.steps.list({ agent_id: agentId })).find((s) => s.job_id)?.job_id;
  expect(runId).toBeTruthy();
  await expect(row.getByRole('button', { name: /^run-/ })).toHaveText(`${runId!.slice(0, 12)}…`);
  await row.getByRole('button', { name: /^run-/ }).click();

  const steps = page.getByRole('region', { name: /Steps of run/ });
  await expect(steps).toContainText(/[\d,]+ prompt \+ [\d,]+ completion = [\d,]+ tokens/);
  const serverSteps = await client.runs.steps.list(runId!, { order: 'asc' });
  const stepRows = steps.getByRole('table').getByRole('row');
  await expect(stepRows).toHaveCount(serverSteps.length + 1);
  await expect(stepRows.nth(1)).toContainText((serverSteps[0]!.total_tokens ?? 0).toLocaleString('en-US'));
  await expect(page.getByRole('region', { name: 'Messages of this run' })).toContainText('user');

  await stepRows.nth(1).getByRole('button').click();
  const detail = page.getByRole('complementary', { name: 'Step detail' });
  // Each step links the messages that name it: the memory tool call, or the final reply (shown
  // as the assistant's words) — the server may order two steps of the same second either way.
  await expect(detail.getByRole('list', { name: 'Messages of this step' })).toContainText(/core_memory_append\(|send_message\(|Echo: Work on this in the background/);
  await expect(detail.getByText('Request JSON')).toBeVisible();
  await expect(detail.getByLabel('Request JSON', { exact: true })).toContainText('"model"');
  await detail.getByRole('button', { name: 'Copy Request JSON' }).click();
  await expect(detail.getByRole('button', { name: 'Copy Request JSON' })).toHaveText('Copied');
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toHaveProperty('messages');
  await page.getByRole('heading', { name: 'Runs and steps' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'screenshots/runs.png' });
  await detail.getByText('Response JSON').click();
  await expect(detail.getByLabel('Response JSON', { exact: true })).toContainText('"choices"');

  expect(await criticalA11yViolations(page)).toEqual([]);

  // Active only: the finished run is not among the server's active runs.
  const activeOnly = runs.getByRole('checkbox', { name: 'Active only' });
  await activeOnly.check();
  await expect(runs).toContainText('No run of this agent is queued or running.');
  await activeOnly.uncheck();
  await expect(row.getByRole('button', { name: /^run-/ })).toHaveText(`${runId!.slice(0, 12)}…`);

  // The run opened before the filter is still the open one.
  await expect(row.getByRole('button', { name: /^run-/ })).toHaveAttribute('aria-pressed', 'true');

  // Deleting the run removes its record on the server; the conversation keeps the turn.
  await page.getByRole('region', { name: /Steps of run/ }).getByRole('button', { name: 'Delete run' }).click();
  const confirm = page.getByRole('dialog', { name: `Delete run ${runId!.slice(0, 12)}…?` });
  await confirm.getByRole('button', { name: 'Delete run' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(runs.getByRole('button', { name: `${runId!.slice(0, 12)}…` })).toHaveCount(0);
  await expect(client.runs.retrieve(runId!)).rejects.toMatchObject({ status: 404 });
  expect((await client.agents.messages.list(agentId, { limit: 20 })).some((m) => m.message_type === 'assistant_message')).toBe(true);
});
