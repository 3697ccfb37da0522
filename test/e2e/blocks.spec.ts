/**
 * The global block store against the real server: create a block, attach it to an agent from this
 * screen and see the agent listed as its user (and the block in the agent's Memory tab), an
 * over-limit edit stopped before any request, a valid edit saved, delete after confirming.
 */
import { expect, test } from '@playwright/test';
import { connect } from './support/app.js';
import { e2eEnv } from './env.js';
import { createAgent, lettaClient } from './support-memory.js';
import { expectNoSeriousA11yIssues, openServerScreen, uniqueSuffix } from './support/identities.js';

test('blocks: create, attach to an agent and see it listed, over-limit edit stopped, edit, delete', async ({ page }) => {
  const client = lettaClient();
  const id = uniqueSuffix();
  const label = `team-notes-${id}`;
  const agentName = `Block User ${id}`;
  const agent = await createAgent(agentName, [{ label: 'persona', value: 'I read shared notes.' }]);

  await connect(page, e2eEnv());
  await openServerScreen(page, 'Blocks');
  let blockId = '';

  await test.step('create a block', async () => {
    await page.getByRole('button', { name: 'New block' }).click();
    const dialog = page.getByRole('dialog', { name: 'New block' });
    await dialog.getByLabel('Label').fill(label);
    await dialog.getByLabel(/^Description/).fill('What the team agreed.');
    await dialog.getByLabel(/^Limit/).fill('40');
    await dialog.getByLabel(/^Value/).fill('Standup is at 9:30.');
    await expect(dialog.getByText('19 / 40 characters')).toBeVisible();
    await dialog.getByRole('button', { name: 'Create block' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 2, name: label })).toBeVisible();
    const saved = (await client.blocks.list({ label, limit: 50 })).find((b) => b.label === label);
    expect(saved?.value).toBe('Standup is at 9:30.');
    expect(saved?.limit).toBe(40);
    blockId = saved!.id;
  });

  await test.step('attach it to an agent; the agent is listed and its Memory tab shows the block', async () => {
    await expect(page.getByText('No agent uses this block.')).toBeVisible();
    await page.getByLabel('Agent to attach to').selectOption({ label: agentName });
    await page.getByRole('button', { name: 'Attach to agent' }).click();
    const users = page.getByRole('list', { name: 'Agents using this block' });
    await expect(users.getByRole('button', { name: agentName, exact: true })).toBeVisible();
    expect((await client.agents.coreMemory.blocks.list(agent.id)).map((b) => b.id)).toContain(blockId);

    await users.getByRole('button', { name: agentName, exact: true }).click();
    await expect(page.getByRole('tab', { name: 'Memory', selected: true })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Memory blocks' }).getByRole('listitem', { name: `Block ${label}` })).toBeVisible();
    await openServerScreen(page, 'Blocks');
    await page.getByRole('list', { name: 'Blocks' }).getByRole('button', { name: new RegExp(label) }).click();
    await expect(page.getByRole('list', { name: 'Agents using this block' }).getByRole('button', { name: agentName, exact: true })).toBeVisible();
  });

  await test.step('an over-limit edit is stopped before any request; a valid one is saved', async () => {
    const updates: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => String(f.payload).includes('blocks:update') && updates.push(String(f.payload))));
    const value = page.getByLabel('Value', { exact: true });
    await value.fill('x'.repeat(45));
    await expect(page.getByText('45 / 40 characters')).toBeVisible();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'over the limit of 40' })).toBeVisible();
    expect(updates).toEqual([]);
    expect((await client.blocks.retrieve(blockId)).value).toBe('Standup is at 9:30.');

    await value.fill('Standup moved to 10:00.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
    expect((await client.blocks.retrieve(blockId)).value).toBe('Standup moved to 10:00.');
    await expectNoSeriousA11yIssues(page);
  });

  await test.step('a value another client wrote meanwhile is not overwritten unseen; a second save replaces it', async () => {
    const value = page.getByLabel('Value', { exact: true });
    await value.fill('Standup at 10:15.');
    await client.blocks.modify(blockId, { value: 'Standup cancelled.' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'changed on the server after you started editing' })).toBeVisible();
    await expect(value).toHaveValue('Standup at 10:15.');
    expect((await client.blocks.retrieve(blockId)).value).toBe('Standup cancelled.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
    expect((await client.blocks.retrieve(blockId)).value).toBe('Standup at 10:15.');
    await page.screenshot({ path: 'screenshots/blocks.png' });
  });

  await test.step('delete after confirming', async () => {
    await page.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('dialog', { name: `Delete block “${label}”?` });
    await expect(confirm).toContainText(agentName);
    await confirm.getByRole('button', { name: 'Delete block' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(page.getByRole('list', { name: 'Blocks' }).getByText(label)).toHaveCount(0);
    expect((await client.blocks.list({ label, limit: 50 })).filter((b) => b.id === blockId)).toEqual([]);
  });

  await client.agents.delete(agent.id);
});
