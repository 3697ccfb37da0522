/**
 * Agent files through the real renderer against the real server: export an agent from the
 * Export & import screen (a real browser download holding the agent's blocks), import that file
 * back after a preview of its blocks and tools, find the "_copy" agent it created in the sidebar,
 * and refuse files that are not JSON or not agent files with a message naming the file.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { e2eEnv } from './env.js';
import { axeViolations, connect, disconnect } from './support/app.js';
import { createAgent, lettaClient } from './support-memory.js';

test.describe.configure({ mode: 'serial' });

const agentName = `Courier ${Date.now().toString(36)}`;
const PERSONA = 'I carry parcels between servers.';
const HUMAN = 'The user is Grace, who moves agents around.';
let page: Page;
let createdProfile = false;
let exported = '';
const made: string[] = [];

test.beforeAll(async ({ browser }) => {
  const agent = await createAgent(agentName, [
    { label: 'persona', value: PERSONA },
    { label: 'human', value: HUMAN },
  ]);
  made.push(agent.id);
  page = await browser.newPage();
  ({ createdProfile } = await connect(page, e2eEnv()));
});

test.afterAll(async () => {
  await page.keyboard.press('Escape');
  await disconnect(page, createdProfile);
  await page.close().catch((error: unknown) => {
    if (!String(error).includes('ENOENT')) throw error;
  });
  // Remove what this spec made (the copies are found by name).
  const client = lettaClient();
  const copies = await client.agents.list({ query_text: agentName, limit: 50 });
  for (const id of new Set([...made, ...copies.map((a) => a.id)])) await client.agents.delete(id).catch(() => undefined);
});

async function openTransfer(): Promise<void> {
  await page.getByRole('list', { name: 'Server screens' }).getByRole('button', { name: 'Export & import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Export & import' })).toBeVisible();
}

test('export an agent: the download is an agent file with its blocks', async () => {
  await openTransfer();
  await page.getByLabel('Filter agents to export').fill(agentName);
  const exportButton = page.getByRole('list', { name: 'Agents to export' }).getByRole('button', { name: `Export ${agentName}` });
  await expect(exportButton).toBeVisible();
  const downloading = page.waitForEvent('download');
  await exportButton.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${agentName}.af`);
  exported = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(exported);
  await expect(page.getByRole('status').filter({ hasText: `Saved ${agentName}.af` })).toBeVisible();

  const file = JSON.parse(await readFile(exported, 'utf8')) as { name: string; core_memory: { label: string; value: string }[]; tools: { name: string }[] };
  expect(file.name).toBe(agentName);
  expect(file.core_memory).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ label: 'persona', value: PERSONA }),
      expect.objectContaining({ label: 'human', value: HUMAN }),
    ]),
  );
  expect(file.tools.map((t) => t.name)).toContain('send_message');
});

test('import it back: the preview shows its blocks and tools, and the copy opens and is in the sidebar', async () => {
  await openTransfer();
  await page.getByLabel('Agent file', { exact: true }).setInputFiles(exported);
  const preview = page.getByRole('region', { name: 'Import preview' });
  await expect(preview.getByRole('heading', { name: agentName })).toBeVisible();
  await expect(preview.getByRole('listitem', { name: 'Block persona' })).toContainText(PERSONA);
  await expect(preview.getByRole('listitem', { name: 'Block human' })).toContainText(HUMAN);
  await expect(preview.getByRole('list', { name: /^Tools/ }).getByText('send_message', { exact: true })).toBeVisible();
  await expect(preview.getByLabel(/Add “_copy” to the name/)).toBeChecked();
  await expect(preview.getByText(`(creates “${agentName}_copy”)`)).toBeVisible();

  const violations = (await axeViolations(page, ['main'])).filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  await page.screenshot({ path: 'screenshots/export-import.png' });

  await preview.getByRole('button', { name: 'Import agent' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${agentName}_copy` })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Agent list' }).getByText(`${agentName}_copy`, { exact: true })).toBeVisible();
  const [copy] = await lettaClient().agents.list({ query_text: `${agentName}_copy`, limit: 1 });
  expect(copy?.name).toBe(`${agentName}_copy`);
  const blocks = await lettaClient().agents.coreMemory.blocks.list(copy!.id);
  expect(blocks.find((b) => b.label === 'persona')?.value).toBe(PERSONA);
});

test('a file that is not an agent file is refused with a clear message', async () => {
  await openTransfer();
  const input = page.getByLabel('Agent file', { exact: true });
  await input.setInputFiles({ name: 'notes.af', mimeType: 'application/json', buffer: Buffer.from('persona: a courier') });
  await expect(page.getByRole('alert')).toContainText('“notes.af” is not a JSON file');
  await expect(page.getByRole('region', { name: 'Import preview' })).toHaveCount(0);

  await input.setInputFiles({ name: 'package.json', mimeType: 'application/json', buffer: Buffer.from('{"name":"letta-desk","version":"1.0.0"}') });
  await expect(page.getByRole('alert')).toContainText('“package.json” is JSON, but not a Letta agent file: it has no core_memory, llm_config');
  await expect(page.getByRole('region', { name: 'Import preview' })).toHaveCount(0);
});
