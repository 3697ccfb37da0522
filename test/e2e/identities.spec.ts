/**
 * Identities against the real server: create one with typed properties (a bad number is stopped
 * before sending), link an agent and open it from the identity, edit a property, replace the
 * properties with upsert-properties, see 0.7.29's 404 for an upsert of an unknown key, delete.
 */
import { expect, test } from '@playwright/test';
import { connect } from './support/app.js';
import { e2eEnv } from './env.js';
import { createAgent, lettaClient } from './support-memory.js';
import { expectNoSeriousA11yIssues, openServerScreen, uniqueSuffix } from './support/identities.js';

/** Read back through the API; filtered here so the check does not rest on a server-side filter. */
async function findIdentity(key: string) {
  return (await lettaClient().identities.list({ limit: 1000 })).filter((i) => i.identifier_key === key);
}

test('identities: create with properties, link an agent, edit, upsert-properties, unknown-key upsert, delete', async ({ page }) => {
  const client = lettaClient();
  const id = uniqueSuffix();
  const key = `cust-${id}`;
  const agentName = `Identity Helper ${id}`;
  const agent = await createAgent(agentName, [{ label: 'persona', value: 'I help customers.' }]);

  await connect(page, e2eEnv());
  await openServerScreen(page, 'Identities');

  await test.step('create with properties; a bad number is stopped before any request', async () => {
    await page.getByRole('button', { name: 'New identity' }).click();
    const dialog = page.getByRole('dialog', { name: 'New identity' });
    await dialog.getByLabel('Identifier key').fill(key);
    await dialog.getByLabel('Name').fill(`Ada ${id}`);
    await dialog.getByLabel('Type').selectOption('org');
    await dialog.getByRole('button', { name: '+ Add property' }).click();
    await dialog.getByLabel('Key of property 1').fill('plan');
    await dialog.getByLabel('Value of property 1').fill('pro');
    await dialog.getByRole('button', { name: '+ Add property' }).click();
    await dialog.getByLabel('Key of property 2').fill('seats');
    await dialog.getByLabel('Type of property 2').selectOption('number');
    await dialog.getByLabel('Value of property 2').fill('twelve');
    await dialog.getByRole('button', { name: 'Create identity' }).click();
    await expect(dialog.getByText('“twelve” is not a number.')).toBeVisible();
    expect(await findIdentity(key)).toHaveLength(0);

    await dialog.getByLabel('Value of property 2').fill('12');
    await dialog.getByRole('button', { name: '+ Add property' }).click();
    await dialog.getByLabel('Key of property 3').fill('settings');
    await dialog.getByLabel('Type of property 3').selectOption('json');
    await dialog.getByLabel('Value of property 3').fill('{"tone": "formal"}');
    await dialog.getByRole('button', { name: 'Create identity' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 2, name: `Ada ${id}` })).toBeVisible();
    const [saved] = await findIdentity(key);
    expect(saved?.identity_type).toBe('org');
    expect(saved?.properties).toEqual(
      expect.arrayContaining([
        { key: 'plan', value: 'pro', type: 'string' },
        { key: 'seats', value: 12, type: 'number' },
        { key: 'settings', value: { tone: 'formal' }, type: 'json' },
      ]),
    );
  });

  await test.step('link an agent; its name shows and opens it', async () => {
    await page.getByLabel('Agent to link').selectOption({ label: agentName });
    await page.getByRole('button', { name: 'Link agent' }).click();
    const linked = page.getByRole('list', { name: 'Linked agents' });
    await expect(linked.getByRole('button', { name: agentName, exact: true })).toBeVisible();
    const [saved] = await findIdentity(key);
    expect(saved?.agent_ids).toContain(agent.id);
    await page.getByRole('list', { name: 'Identities' }).getByRole('button', { name: new RegExp(key) }).scrollIntoViewIfNeeded();
    await expectNoSeriousA11yIssues(page);
    await page.screenshot({ path: 'screenshots/identities.png' });

    await linked.getByRole('button', { name: agentName, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: agentName })).toBeVisible();
    await openServerScreen(page, 'Identities');
    await page.getByRole('list', { name: 'Identities' }).getByRole('button', { name: new RegExp(key) }).click();
    await expect(page.getByRole('heading', { level: 2, name: `Ada ${id}` })).toBeVisible();
  });

  await test.step('edit a property in the edit dialog', async () => {
    await page.getByRole('button', { name: 'Edit…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit identity' });
    await expect(dialog.getByLabel('Key of property 1')).toHaveValue('plan');
    await dialog.getByLabel('Value of property 1').fill('enterprise');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect(dialog).toHaveCount(0);
    const props = page.getByRole('region', { name: `Ada ${id}` }).getByRole('group', { name: 'Properties' });
    await expect(props.getByLabel('Value of property 1')).toHaveValue('enterprise');
    await expect(page.getByRole('button', { name: 'Save properties' })).toHaveCount(0);
    const [saved] = await findIdentity(key);
    expect(saved?.properties).toContainEqual({ key: 'plan', value: 'enterprise', type: 'string' });
  });

  await test.step('upsert-properties replaces the list', async () => {
    const props = page.getByRole('region', { name: `Ada ${id}` }).getByRole('group', { name: 'Properties' });
    await props.getByRole('button', { name: 'Remove property 3' }).click();
    await props.getByLabel('Type of property 2').selectOption('boolean');
    await props.getByLabel('Value of property 2').selectOption('false');
    await page.getByRole('button', { name: 'Save properties' }).click();
    await expect(page.getByRole('button', { name: 'Save properties' })).toHaveCount(0);
    await expect(props.getByLabel('Value of property 2')).toHaveValue('false');
    await expect(props.getByLabel('Key of property 3')).toHaveCount(0);
    const [saved] = await findIdentity(key);
    expect(saved?.properties).toEqual([
      { key: 'plan', value: 'enterprise', type: 'string' },
      { key: 'seats', value: false, type: 'boolean' },
    ]);
  });

  await test.step('upsert of an existing key updates it; an unknown key shows the server\'s 404', async () => {
    await page.getByRole('button', { name: 'Upsert by key…' }).click();
    let dialog = page.getByRole('dialog', { name: 'Upsert identity by key' });
    await dialog.getByLabel('Identifier key').fill(key);
    await dialog.getByLabel('Name').fill(`Ada Renamed ${id}`);
    await dialog.getByLabel('Type').selectOption('org');
    await dialog.getByRole('button', { name: 'Upsert' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 2, name: `Ada Renamed ${id}` })).toBeVisible();

    await page.getByRole('button', { name: 'Upsert by key…' }).click();
    dialog = page.getByRole('dialog', { name: 'Upsert identity by key' });
    await dialog.getByLabel('Identifier key').fill(`nobody-${id}`);
    await dialog.getByLabel('Name').fill('Nobody');
    await dialog.getByRole('button', { name: 'Upsert' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Server answered 404');
    await expect(dialog.getByRole('alert')).toContainText('Use “New identity” to create it.');
    // Nothing typed is lost, and nothing was created.
    await expect(dialog.getByLabel('Identifier key')).toHaveValue(`nobody-${id}`);
    expect(await findIdentity(`nobody-${id}`)).toHaveLength(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  await test.step('delete after confirming', async () => {
    await page.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('dialog', { name: `Delete “Ada Renamed ${id}”?` });
    await confirm.getByRole('button', { name: 'Delete identity' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(page.getByRole('list', { name: 'Identities' }).getByText(key)).toHaveCount(0);
    expect(await findIdentity(key)).toHaveLength(0);
  });

  await client.agents.delete(agent.id);
});
