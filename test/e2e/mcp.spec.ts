/**
 * MCP servers and Composio in the real renderer against the real server: add our offline MCP
 * server (test/fixtures/mcp, started by Letta over stdio with the Letta venv's Python), browse its
 * tool and input schema, register it as a Letta tool and find it in Tools, delete the server after
 * a confirmation. Composio: the offline server has no key, and the screen says so in its own words.
 */
import { expect, test } from '@playwright/test';
import { axeViolations } from './support/app.js';
import { connectSettled, lettaClient, mcpFixture, openServerScreen, uniqueSuffix } from './support/tools.js';

test.describe.configure({ mode: 'serial' });

const SERVER = `desk-fixture-${uniqueSuffix()}`;

test.afterAll(async () => {
  const client = lettaClient();
  await client.tools.mcp.deleteServer(SERVER).catch(() => undefined);
});

test('add the stdio fixture server, browse its tools, add one as a Letta tool, delete the server', async ({ page }) => {
  const client = lettaClient();
  const { python, script } = mcpFixture();
  // Registering keeps an earlier registration's server tag when the name exists; start from none.
  for (const stale of await client.tools.list({ name: 'add_numbers' })) await client.tools.delete(stale.id);

  await connectSettled(page);
  await openServerScreen(page, 'MCP servers');

  // A form the server cannot use is stopped before any request, keeping what was typed.
  await page.getByRole('button', { name: 'Add server' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add MCP server' });
  await dialog.getByLabel('Name').fill(SERVER);
  await dialog.getByRole('button', { name: 'Add server' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Give the command');
  await expect(dialog.getByLabel('Name')).toHaveValue(SERVER);

  await dialog.getByLabel(/^Command/).fill(python);
  await dialog.getByLabel(/^Arguments/).fill(script);
  await dialog.getByRole('button', { name: 'Add server' }).click();
  await expect(dialog).toHaveCount(0);

  const servers = page.getByRole('list', { name: 'MCP servers' });
  await expect(servers.getByRole('button', { name: new RegExp(SERVER) })).toContainText('stdio');
  await expect(page.getByRole('heading', { level: 2, name: SERVER })).toBeVisible();

  // Its tools, asked live from our MCP process: name, description, arguments, schema.
  const tools = page.getByRole('list', { name: `Tools of ${SERVER}` });
  const addNumbers = tools.getByRole('listitem', { name: 'add_numbers' });
  await expect(addNumbers.getByText('Add two integers and answer the sum as text.')).toBeVisible();
  const args = addNumbers.getByRole('table', { name: 'Arguments of add_numbers' });
  await expect(args.getByRole('row')).toHaveCount(3);
  await expect(args.getByRole('row').nth(1)).toContainText('integer');
  await addNumbers.getByRole('button', { name: 'Input schema' }).click();
  await expect(addNumbers.locator('pre')).toContainText('"required"');

  await addNumbers.getByRole('button', { name: 'Add as Letta tool' }).click();
  await expect(addNumbers.getByText('In Letta')).toBeVisible();
  const [registered] = await client.tools.list({ name: 'add_numbers' });
  expect(registered).toMatchObject({ tool_type: 'external_mcp', tags: [`mcp:${SERVER}`] });

  expect((await axeViolations(page)).filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
  await page.screenshot({ path: 'screenshots/mcp.png' });

  // It shows in Tools, among the MCP & Composio tools.
  await addNumbers.getByRole('button', { name: 'Open in Tools' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tools' })).toBeVisible();
  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: /^MCP & Composio/ }).click();
  await page.getByLabel('Search tools').fill(`mcp:${SERVER}`);
  const item = page.getByRole('list', { name: 'Tools' }).getByRole('button', { name: /add_numbers/ });
  await expect(item).toContainText('external_mcp');
  await item.click();
  await expect(page.getByRole('heading', { level: 2, name: 'add_numbers' })).toBeVisible();
  await expect(page.getByText('Registered from an MCP server')).toBeVisible();

  // Delete the server, after a confirmation.
  await openServerScreen(page, 'MCP servers');
  await servers.getByRole('button', { name: new RegExp(SERVER) }).click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('dialog', { name: `Delete ${SERVER}?` });
  await confirm.getByRole('button', { name: 'Delete server' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(servers.getByRole('button', { name: new RegExp(SERVER) })).toHaveCount(0);
  expect(Object.keys(await client.tools.mcp.listServers())).not.toContain(SERVER);
  await client.tools.delete(registered!.id);
});

test('Composio: the server has no Composio key, and the screen says so with the server\'s own message', async ({ page }) => {
  await connectSettled(page);
  await openServerScreen(page, 'Composio');
  const setup = page.getByRole('region', { name: 'Composio is not set up on this Letta server' });
  await expect(setup).toBeVisible();
  await expect(setup).toContainText('No API keys found for Composio');
  await expect(setup).toContainText('COMPOSIO_API_KEY');

  // Adding an action by name asks anyway, and shows the refusal right there.
  await page.getByRole('textbox', { name: 'Add an action by name' }).fill('GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER');
  await page.getByRole('form', { name: 'Add a Composio action' }).getByRole('button', { name: 'Add as Letta tool' }).click();
  await expect(page.getByRole('form', { name: 'Add a Composio action' }).getByRole('alert')).toContainText('400');
  await expect(page.getByRole('textbox', { name: 'Add an action by name' })).toHaveValue('GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER');

  expect((await axeViolations(page)).filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
  await page.screenshot({ path: 'screenshots/composio.png' });
});
