/**
 * Memory, archival, context and settings in the real renderer against the real server: the agent
 * remembers something in a turn and the block changes in Memory and in its history; a hand edit,
 * an over-limit attempt stopped before any request, a shared block's confirmation; archival
 * insert and a bulk delete with progress; the context chart and its table; settings validated
 * and saved. Each screen gets a screenshot and an axe check (no critical violations).
 */
import { expect, test, type Page } from '@playwright/test';
import { fakeLlmCommands } from '../fake-llm/commands.js';
import { connect, createAgent, criticalA11yViolations, disconnectAndForget, lettaClient, openAgentTab, sendChatMessage } from './support-memory.js';

test.describe.configure({ mode: 'serial' });

const AGENT = 'Memory Keeper';
let agentId = '';
let sharedBlockId = '';

test.beforeAll(async () => {
  const client = lettaClient();
  const agent = await createAgent(AGENT, [
    { label: 'human', value: 'The user is Ada.', limit: 120 },
    { label: 'persona', value: 'I keep careful notes.', description: 'Who the agent is.' },
  ]);
  agentId = agent.id;
  const [other] = await client.agents.list({ query_text: 'Research Assistant', limit: 1 });
  const shared = await client.blocks.create({ label: 'project', value: 'Project: Letta Desk.', description: 'Shared by the team.' });
  sharedBlockId = shared.id;
  await client.agents.coreMemory.blocks.attach(agentId, shared.id);
  await client.agents.coreMemory.blocks.attach(other!.id, shared.id);
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await connect(page);
  await disconnectAndForget(page);
  await page.close();
});

function block(page: Page, label: string) {
  return page.getByRole('list', { name: 'Memory blocks' }).getByRole('listitem', { name: `Block ${label}` });
}

test('the agent remembers something in a turn: the block changes in Memory and in its history', async ({ page }) => {
  const client = lettaClient();
  await connect(page);
  await openAgentTab(page, AGENT, 'Memory');
  const human = block(page, 'human');
  await expect(human.getByLabel('Value of human')).toHaveValue('The user is Ada.');
  await expect(human.getByText('16 / 120 characters')).toBeVisible();

  const via = await sendChatMessage(page, AGENT, agentId, `Please note this. ${fakeLlmCommands.remember('human', 'She loves green tea.')}`);
  await openAgentTab(page, AGENT, 'Memory');
  // Sent from outside the app, nothing tells the view a turn ended: refresh it by hand.
  if (via === 'client') await page.getByRole('button', { name: 'Refresh' }).click();
  // The turn's end (chat:changed) refreshes the view; the value on the server is the truth.
  const saved = (await client.agents.coreMemory.blocks.retrieve(agentId, 'human')).value;
  expect(saved).toContain('She loves green tea.');
  await expect(human.getByLabel('Value of human')).toHaveValue(saved);

  await human.getByRole('button', { name: /^History/ }).click();
  const history = page.getByRole('region', { name: 'History of human' });
  await expect(history.getByText('Changed by the agent')).toBeVisible();
  await expect(history.locator('ins')).toContainText('green tea');
  await expect(history.getByText(/^step-/)).toBeVisible();
  await page.screenshot({ path: 'screenshots/memory.png' });
});

test('edit a block by hand: an over-limit save is stopped before any request, a valid one is saved and kept in history', async ({ page }) => {
  const client = lettaClient();
  await connect(page);
  await openAgentTab(page, AGENT, 'Memory');
  const human = block(page, 'human');
  const before = (await client.agents.coreMemory.blocks.retrieve(agentId, 'human')).value;
  await expect(human.getByLabel('Value of human')).toHaveValue(before);

  const updates: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => String(f.payload).includes('memory:update-block') && updates.push(String(f.payload))));
  const tooLong = 'x'.repeat(130);
  await human.getByLabel('Value of human').fill(tooLong);
  await expect(human.getByText('130 / 120 characters')).toBeVisible();
  await human.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(human.getByRole('alert')).toContainText("Not saved: 130 characters is 10 over this block's limit of 120");
  expect(updates).toEqual([]);
  expect((await client.agents.coreMemory.blocks.retrieve(agentId, 'human')).value).toBe(before);

  await human.getByRole('button', { name: 'Discard' }).click();
  await expect(human.getByLabel('Value of human')).toHaveValue(before);
  const edited = 'The user is Ada Lovelace. She loves green tea.';
  await human.getByLabel('Value of human').fill(edited);
  await expect(human.getByText('Unsaved')).toBeVisible();
  await human.getByLabel('Value of human').press('Control+s');
  await expect(human.getByText('Unsaved')).toHaveCount(0);
  expect((await client.agents.coreMemory.blocks.retrieve(agentId, 'human')).value).toBe(edited);

  await human.getByRole('button', { name: /^History/ }).click();
  const history = page.getByRole('region', { name: 'History of human' });
  await expect(history.getByText('Edited by you')).toBeVisible();
  await expect(history.locator('ins').first()).toContainText('Lovelace');
  // The version before the edit can be put back in the editor; nothing is saved until Save.
  // (Newest first, and the cache also keeps versions from before this test, so it is the first
  // Restore, not the last.)
  await history.getByRole('button', { name: 'Restore' }).first().click();
  await expect(human.getByLabel('Value of human')).toHaveValue(before);
  await expect(human.getByText('Unsaved')).toBeVisible();
  await human.getByRole('button', { name: 'Discard' }).click();
  await expect(human.getByLabel('Value of human')).toHaveValue(edited);

  // Another client (or a turn) rewrites the block while the user types: Save does not overwrite
  // it unseen, keeps the draft, and a second Save replaces it on purpose.
  const mine = 'The user is Ada Lovelace. Tea: green, no sugar.';
  await human.getByLabel('Value of human').fill(mine);
  const elsewhere = 'The user is Ada. Written by another client.';
  await client.agents.coreMemory.blocks.modify(agentId, 'human', { value: elsewhere });
  await human.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(human.getByRole('alert')).toContainText('changed on the server after you started editing');
  await expect(human.getByLabel('Value of human')).toHaveValue(mine);
  expect((await client.agents.coreMemory.blocks.retrieve(agentId, 'human')).value).toBe(elsewhere);
  const newest = history.getByRole('listitem').first();
  await expect(newest).toContainText('Changed on the server');
  await expect(newest.locator('ins').first()).toContainText('Written');
  await human.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(human.getByText('Unsaved')).toHaveCount(0);
  expect((await client.agents.coreMemory.blocks.retrieve(agentId, 'human')).value).toBe(mine);

  // The template that puts the blocks into the system prompt, read when opened.
  await page.getByText('How these blocks enter the prompt').click();
  await expect(page.getByLabel('Prompt template')).toContainText(/\{%-?\s*for /);

  // Read-only locks the editor (and the agent's memory tools) until the user unlocks it.
  const persona = block(page, 'persona');
  await persona.getByLabel('Read-only').check();
  await expect(persona.getByLabel('Value of persona')).not.toBeEditable();
  await expect(persona.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  expect((await client.agents.coreMemory.blocks.retrieve(agentId, 'persona')).read_only).toBe(true);
  await persona.getByLabel('Read-only').uncheck();
  await expect(persona.getByLabel('Value of persona')).toBeEditable();

  // A block another agent shares needs a confirmation that names it.
  const project = block(page, 'project');
  await project.getByLabel('Value of project').fill('Project: Letta Desk, memory screens.');
  await project.getByRole('button', { name: 'Save', exact: true }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('“project” is shared with 1 other agent');
  await expect(confirm.getByRole('list', { name: 'Agents sharing this block' })).toContainText('Research Assistant');
  expect((await client.blocks.retrieve(sharedBlockId)).value).toBe('Project: Letta Desk.');
  await confirm.getByRole('button', { name: 'Save for all' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(project.getByText('Unsaved')).toHaveCount(0);
  expect((await client.blocks.retrieve(sharedBlockId)).value).toBe('Project: Letta Desk, memory screens.');

  // Detach the shared block, then attach it again from the picker of global blocks.
  await project.getByRole('button', { name: 'Detach' }).click();
  await expect(project).toHaveCount(0);
  expect((await client.agents.coreMemory.blocks.list(agentId)).map((b) => b.label)).not.toContain('project');
  await page.getByRole('button', { name: 'Attach block…' }).click();
  const picker = page.getByRole('group', { name: 'Attach a block' });
  await picker.getByLabel('Block').selectOption(sharedBlockId);
  await picker.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(block(page, 'project').getByLabel('Value of project')).toHaveValue('Project: Letta Desk, memory screens.');

  expect(await criticalA11yViolations(page)).toEqual([]);
});

test('archival: insert, filter, and a bulk delete with n-of-m progress', async ({ page }) => {
  const client = lettaClient();
  await connect(page);
  await openAgentTab(page, AGENT, 'Archival');
  const passages = page.getByRole('list', { name: 'Passages' });
  for (const text of ['The cellar key is under the blue pot.', 'Mars has two moons.', 'Ada takes her tea without sugar.']) {
    await page.getByLabel('New passage').fill(text);
    await page.getByRole('button', { name: 'Insert' }).click();
    await expect(passages.getByText(text)).toBeVisible();
  }

  await page.getByLabel('Search passages').fill('tea');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(passages.getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Search passages').fill('');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(passages.getByRole('listitem')).toHaveCount(3);

  await passages.getByRole('listitem').filter({ hasText: 'cellar' }).getByLabel('Select passage').check();
  await passages.getByRole('listitem').filter({ hasText: 'Mars' }).getByLabel('Select passage').check();
  await page.getByRole('button', { name: 'Delete selected (2)' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete', exact: true }).click();
  const progress = page.getByRole('region', { name: 'Bulk delete progress' });
  await expect(progress.getByRole('status')).toHaveText('Done: 2 of 2 deleted');
  await expect(passages.getByRole('listitem')).toHaveCount(1);
  expect((await client.agents.archival.list(agentId)).map((p) => p.text)).toEqual(['Ada takes her tea without sugar.']);
  await page.screenshot({ path: 'screenshots/archival.png' });
  expect(await criticalA11yViolations(page)).toEqual([]);
});

test('context: the window breakdown as a chart and a table against the maximum', async ({ page }) => {
  const client = lettaClient();
  const overview = await client.agents.context.retrieve(agentId);
  await connect(page);
  await openAgentTab(page, AGENT, 'Context');
  const usage = page.getByRole('region', { name: 'Context usage' });
  await expect(usage.getByRole('table')).toBeVisible();
  await expect(usage).toContainText(`of ${overview.context_window_size_max.toLocaleString('en-US')} tokens`);
  for (const label of ['System prompt', 'Core memory', 'Tool definitions', 'External memory summary', 'Messages', 'Conversation summary', 'Free']) {
    await expect(usage.getByRole('rowheader', { name: label })).toBeVisible();
  }
  await expect(usage.getByRole('row', { name: /Core memory/ })).toContainText(overview.num_tokens_core_memory.toLocaleString('en-US'));
  await page.screenshot({ path: 'screenshots/context.png' });
  expect(await criticalA11yViolations(page)).toEqual([]);
});

test('settings: invalid JSON is caught before saving, and tags and metadata are saved', async ({ page }) => {
  const client = lettaClient();
  await connect(page);
  await openAgentTab(page, AGENT, 'Settings');
  await expect(page.getByLabel('Language model')).toBeVisible();
  await page.getByLabel('Metadata (JSON object)').fill('{"team": ');
  await expect(page.getByText(/Metadata is not valid JSON/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  await page.getByLabel('Metadata (JSON object)').fill('{"team": "desk"}');
  await page.getByLabel('Tool rules (JSON array)').fill('[{"type": "nope"}]');
  await expect(page.getByText(/"type" must be one of/)).toBeVisible();
  await page.getByLabel('Tool rules (JSON array)').fill('[{"type": "exit_loop", "tool_name": "send_message"}]');
  await page.getByLabel('Tags (comma-separated)').fill('notes, e2e');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  const agent = await client.agents.retrieve(agentId);
  expect(agent.tags.sort()).toEqual(['e2e', 'notes']);
  expect(agent.metadata).toMatchObject({ team: 'desk' });
  expect(agent.tool_rules).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'exit_loop', tool_name: 'send_message' })]));
  const tools = page.getByRole('list', { name: 'Attached tools' });
  await expect(tools).toContainText('send_message');
  // Tools detach and attach at once, without the form's Save.
  await page.getByRole('button', { name: 'Detach tool conversation_search' }).click();
  await expect(tools).not.toContainText('conversation_search');
  expect((await client.agents.tools.list(agentId)).map((t) => t.name)).not.toContain('conversation_search');
  const toolId = (await client.tools.list({ name: 'conversation_search' }))[0]!.id;
  await page.getByLabel('Tool to attach').selectOption(toolId);
  await page.getByRole('button', { name: 'Attach', exact: true }).first().click();
  await expect(tools).toContainText('conversation_search');
  await page.screenshot({ path: 'screenshots/agent-settings.png' });
  expect(await criticalA11yViolations(page)).toEqual([]);
});
