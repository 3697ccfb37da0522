/**
 * Groups in the real renderer against the real server: two member agents made through the UI, a
 * round-robin group of them with a shared block (the form refuses an incomplete group before any
 * request, and supervisor / dynamic / voice sleep-time show their own fields), a streamed group
 * turn where each reply is labelled with its agent's name, an edit, a confirmed history reset and
 * a confirmed delete. Screenshots and an axe check of the screen.
 */
import { expect, test } from '@playwright/test';
import { fakeLlmCommands, replyFor } from '../fake-llm/commands.js';
import { e2eEnv } from './env.js';
import { axeViolations, connect, createAgentThroughUi } from './support/app.js';
import { lettaClient, openGroupsScreen, recordSentChannels } from './support/groups.js';

const suffix = Date.now().toString(36);
const ADA = `Group Ada ${suffix}`;
const BO = `Group Bo ${suffix}`;
const BLOCK_LABEL = `team_notes_${suffix}`;
const DESCRIPTION = `Pair review ${suffix}`;
const RENAMED = `Pair review, renamed ${suffix}`;

let blockId = '';

test.beforeAll(async () => {
  // The Blocks screen is another part of #8; a global block to share is made directly.
  const block = await lettaClient().blocks.create({ label: BLOCK_LABEL, value: 'The team reviews every answer twice.' });
  blockId = block.id;
});

test.afterAll(async () => {
  const client = lettaClient();
  for (const name of [ADA, BO]) {
    const [agent] = await client.agents.list({ query_text: name, limit: 5 });
    if (agent?.name === name) await client.agents.delete(agent.id).catch(() => undefined);
  }
  for (const group of await client.groups.list({ limit: 200 })) {
    if (group.description.endsWith(suffix)) await client.groups.delete(group.id).catch(() => undefined);
  }
  if (blockId) await client.blocks.delete(blockId).catch(() => undefined);
});

test('a round-robin group: create with a shared block, talk to it streamed, edit, reset, delete', async ({ page }) => {
  test.setTimeout(240_000);
  const sent = recordSentChannels(page);
  await connect(page, e2eEnv());
  // The create dialog gives each agent persona and human blocks (a member without a persona hangs the group).
  await createAgentThroughUi(page, { name: ADA });
  await createAgentThroughUi(page, { name: BO });

  await openGroupsScreen(page);
  await page.getByRole('button', { name: 'New group' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New group' });
  await expect(dialog).toBeVisible();

  // Incomplete: refused in the form, nothing sent.
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await expect(dialog.getByText('Describe the group')).toBeVisible();
  await expect(dialog.getByText('Pick at least one member agent.')).toBeVisible();
  expect(sent).not.toContain('groups:create');

  // Each manager type shows only its own fields.
  const type = dialog.getByLabel('Manager type');
  await type.selectOption('supervisor');
  await expect(dialog.getByLabel('Supervisor agent')).toBeVisible();
  await expect(dialog.getByLabel(/^Max turns/)).toHaveCount(0);
  await type.selectOption('dynamic');
  await expect(dialog.getByLabel('Manager agent')).toBeVisible();
  await expect(dialog.getByLabel('Termination token')).toHaveValue('DONE!');
  await expect(dialog.getByLabel(/^Max turns/)).toBeVisible();
  await type.selectOption('voice_sleeptime');
  await expect(dialog.getByLabel(/^Max message buffer/)).toBeVisible();
  await expect(dialog.getByLabel(/^Min message buffer/)).toBeVisible();
  await dialog.getByLabel(/^Max message buffer/).fill('30');
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await expect(dialog.getByText('Set both buffer lengths, or neither')).toBeVisible();
  await type.selectOption('round_robin');
  await expect(dialog.getByLabel('Voice agent')).toHaveCount(0);

  await dialog.getByLabel('Description').fill(DESCRIPTION);
  await dialog.getByRole('checkbox', { name: ADA }).check();
  await dialog.getByRole('checkbox', { name: BO }).check();
  await expect(dialog.getByText(`Speaking order: ${ADA} → ${BO}`)).toBeVisible();
  await dialog.getByLabel(/^Max turns/).fill('2');
  await dialog.getByRole('checkbox', { name: BLOCK_LABEL }).check();
  await page.screenshot({ path: 'test-results/groups-form.png' });
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await expect(dialog).toHaveCount(0);
  expect(sent.filter((c) => c === 'groups:create')).toHaveLength(1);

  const detail = page.getByRole('region', { name: `Group ${DESCRIPTION}` });
  await expect(detail.getByRole('heading', { name: DESCRIPTION })).toBeVisible();
  await expect(detail.getByRole('button', { name: ADA })).toBeVisible();
  await expect(detail.getByRole('button', { name: BO })).toBeVisible();
  // The server reports no shared_block_ids; the block each member now holds is what is shown.
  await expect(detail.getByText(BLOCK_LABEL)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Groups' }).getByRole('button', { name: new RegExp(DESCRIPTION) })).toBeVisible();

  // Filtering by another type hides it; round robin shows it.
  const filter = page.getByRole('combobox', { name: /^Type/ });
  await filter.selectOption('supervisor');
  await expect(page.getByRole('navigation', { name: 'Groups' }).getByRole('button', { name: new RegExp(DESCRIPTION) })).toHaveCount(0);
  await filter.selectOption('round_robin');
  await page.getByRole('navigation', { name: 'Groups' }).getByRole('button', { name: new RegExp(DESCRIPTION) }).click();
  await expect(detail.getByText('No messages yet')).toBeVisible();

  // A streamed turn: each member answers in turn, under its own name.
  const text = `Hello team, one line each ${fakeLlmCommands.long(30, 60)}`;
  const composer = detail.getByLabel('Message the group');
  const log = detail.getByRole('log', { name: 'Group conversation' });
  await composer.fill(text);
  await composer.press('Enter');
  await expect(detail.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect(detail.getByText('Members are replying')).toBeVisible();
  // Mid-turn: the first member's reply is already on screen under its name.
  await expect(log.getByText(ADA, { exact: true })).toBeVisible();
  await page.screenshot({ path: 'screenshots/groups-chat.png' });
  await expect(detail.getByRole('button', { name: 'Send' })).toBeVisible({ timeout: 90_000 });
  await expect(log.getByText(ADA, { exact: true })).toBeVisible();
  await expect(log.getByText(BO, { exact: true })).toBeVisible();
  await expect(log.getByText(replyFor(text))).toHaveCount(2);
  // The user's message is stored once per member but shown once.
  await expect(log.getByLabel('You said')).toHaveCount(1);
  // Each reply sits under its speaker: Ada's header comes before the first reply, Bo's before the second.
  const order = await log.evaluate((el, names) => {
    const text = el.textContent ?? '';
    return [text.indexOf(names[0]!), text.indexOf(names[1]!)];
  }, [ADA, BO]);
  expect(order[0]).toBeGreaterThan(-1);
  expect(order[1]).toBeGreaterThan(order[0]!);

  const violations = (await axeViolations(page)).filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  await page.screenshot({ path: 'screenshots/groups.png' });

  // A turn with a tool call: the call and its result fold into one line each, under the member
  // that made them (the result is named after the tool, not the agent).
  const remember = `Note it down ${fakeLlmCommands.remember('human', 'The team likes short answers.')}`;
  await composer.fill(remember);
  await composer.press('Enter');
  await expect(detail.getByRole('button', { name: 'Send' })).toBeVisible({ timeout: 90_000 });
  // Each member makes the call in its turn (in a group, 0.7.29 ends a member's turn after it).
  await expect(log.locator('summary code', { hasText: 'core_memory_append' })).toHaveCount(2);
  await expect(log.locator('summary', { hasText: '"status": "OK"' })).toHaveCount(2);
  await expect(log.getByText(ADA, { exact: true })).toHaveCount(2);
  await expect(log.getByText(BO, { exact: true })).toHaveCount(2);
  await expect(log.getByText('core_memory_append', { exact: true }).filter({ has: page.locator(':scope.speaker-name') })).toHaveCount(0);
  await log.locator('summary code', { hasText: 'core_memory_append' }).first().click();
  await expect(log.locator('pre', { hasText: '"label": "human"' }).first()).toBeVisible();

  // Correct what a member said: the reply is edited as that member keeps it, on the server too.
  await log.getByRole('button', { name: `Edit ${ADA}'s reply` }).first().click();
  const correction = log.getByRole('textbox', { name: `Edit ${ADA}'s reply` });
  await expect(correction).toHaveValue(replyFor(text));
  await correction.fill('Ada, corrected: one line is enough.');
  await correction.press('Control+Enter');
  await expect(correction).toHaveCount(0);
  await expect(log.getByText('Ada, corrected: one line is enough.')).toBeVisible();
  const groupId = (await lettaClient().groups.list({ limit: 200 })).find((g) => g.description === DESCRIPTION)!.id;
  const storedReplies = (await lettaClient().groups.messages.list(groupId, { limit: 100 })).filter((m) => m.message_type === 'assistant_message');
  expect(storedReplies.map((m) => ('content' in m ? m.content : ''))).toContain('Ada, corrected: one line is enough.');

  // Edit description and max turns.
  await detail.getByRole('button', { name: 'Edit', exact: true }).click();
  const edit = page.getByRole('dialog', { name: 'Edit group' });
  await expect(edit.getByText('The manager type is fixed')).toBeVisible();
  await edit.getByLabel('Description').fill(RENAMED);
  await edit.getByLabel(/^Max turns/).fill('3');
  await edit.getByRole('button', { name: 'Save group' }).click();
  await expect(edit).toHaveCount(0);
  const renamed = page.getByRole('region', { name: `Group ${RENAMED}` });
  await expect(renamed.getByRole('heading', { name: RENAMED })).toBeVisible();
  await expect(renamed.getByText('Max turns')).toBeVisible();
  await expect(renamed.locator('dd', { hasText: /^3$/ })).toBeVisible();
  const stored = (await lettaClient().groups.list({ limit: 200 })).find((g) => g.description === RENAMED);
  expect(stored).toMatchObject({ max_turns: 3, manager_type: 'round_robin' });

  // Reset asks first, then empties the conversation.
  await renamed.getByRole('button', { name: 'Reset history' }).click();
  const confirmReset = page.getByRole('dialog', { name: "Reset the group's history?" });
  await confirmReset.getByRole('button', { name: 'Cancel' }).click();
  await expect(renamed.getByLabel('You said')).toHaveCount(2);
  await renamed.getByRole('button', { name: 'Reset history' }).click();
  await confirmReset.getByRole('button', { name: 'Reset history' }).click();
  await expect(confirmReset).toHaveCount(0);
  await expect(renamed.getByText('No messages yet')).toBeVisible();
  expect(await lettaClient().groups.messages.list(stored!.id)).toEqual([]);

  // Delete asks first; the members stay.
  await renamed.getByRole('button', { name: 'Delete' }).click();
  const confirmDelete = page.getByRole('dialog', { name: 'Delete this group?' });
  await expect(confirmDelete.getByText('The member agents and their own histories stay.')).toBeVisible();
  await confirmDelete.getByRole('button', { name: 'Delete group' }).click();
  await expect(confirmDelete).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Groups' }).getByRole('button', { name: new RegExp(RENAMED) })).toHaveCount(0);
  const [ada] = await lettaClient().agents.list({ query_text: ADA, limit: 1 });
  expect(ada?.name).toBe(ADA);
});
