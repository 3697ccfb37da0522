/**
 * The Tools screen in the real renderer against the real server: write a custom tool in the code
 * editor, create it, edit it, create another with the same function name and replace it (the
 * upsert), run it from source with arguments and read its return, stdout and stderr, give it to an
 * agent and take it back, and delete it. The server is asked what it stored at each step.
 */
import { expect, test, type Page } from '@playwright/test';
import { axeViolations, createAgentThroughUi } from './support/app.js';
import { connectSettled, lettaClient, openServerScreen, uniqueSuffix } from './support/tools.js';

test.describe.configure({ mode: 'serial' });

const suffix = uniqueSuffix();
const FN = `desk_greet_${suffix}`;
const AGENT = `Tool Tester ${suffix}`;

function source(greeting: string): string {
  return `def ${FN}(name: str, times: int = 1) -> str:
    """
    Greet someone.

    Args:
        name (str): Who to greet.
        times (int): How many times.

    Returns:
        str: The greeting.
    """
    import sys
    print(f"greeting {name}")
    print("greeted loudly", file=sys.stderr)
    return " ".join(["${greeting} " + name] * times)
`;
}

test.afterAll(async () => {
  const client = lettaClient();
  for (const agent of await client.agents.list({ name: AGENT })) await client.agents.delete(agent.id).catch(() => undefined);
  for (const tool of await client.tools.list({ name: FN })) await client.tools.delete(tool.id).catch(() => undefined);
});

function toolList(page: Page) {
  return page.getByRole('list', { name: 'Tools' });
}

test('write, save, replace by name, run, attach and detach, then delete a custom tool', async ({ page }) => {
  const client = lettaClient();
  await connectSettled(page);
  await createAgentThroughUi(page, { name: AGENT });

  await openServerScreen(page, 'Tools');
  // The built-in tools are listed and can be filtered apart from custom ones.
  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: /^Built-in/ }).click();
  await expect(toolList(page).getByRole('button', { name: /send_message/ }).first()).toBeVisible();
  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: /^All/ }).click();

  // ---- create in the editor
  await page.getByRole('button', { name: 'New tool', exact: true }).click();
  const editor = page.getByRole('textbox', { name: 'Source code' });
  await expect(editor).toHaveValue(/def my_tool/);
  await editor.fill(source('Hello'));
  await expect(page.getByText(`Tool name: ${FN}`)).toBeVisible();
  // Tab indents with spaces instead of leaving the field.
  await editor.press('End');
  await editor.press('Tab');
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue(new RegExp(`${source('Hello').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} {4}$`));
  await editor.fill(source('Hello'));
  await page.getByLabel(/^Tags/).fill('desk, greeting');
  await page.getByRole('button', { name: 'Create tool' }).click();
  await expect(page.getByRole('heading', { level: 2, name: FN })).toBeVisible();
  const item = toolList(page).getByRole('button', { name: new RegExp(FN) });
  await expect(item).toContainText('custom');
  await expect(item).toContainText('greeting');
  // The header counts every tool the server has, the new one included, as the server counts them.
  const total = await client.tools.count({ include_base_tools: true });
  await expect(page.getByTestId('screen-count')).toHaveText(new RegExp(`^${total.toLocaleString('en-US')} tools on the server`));
  const [created] = await client.tools.list({ name: FN });
  expect(created).toMatchObject({ tool_type: 'custom', tags: ['desk', 'greeting'], description: 'Greet someone.' });

  // ---- edit: description and source, saved with Ctrl+S from the editor
  await page.getByLabel(/^Description/).fill('Greets people warmly.');
  await editor.fill(source('Hi'));
  await expect(item).toContainText('Unsaved');
  await editor.press('Control+s');
  await expect(item).not.toContainText('Unsaved');
  await expect(item).toContainText('Greets people warmly.');
  const edited = await client.tools.retrieve(created!.id);
  expect(edited.description).toBe('Greets people warmly.');
  expect(edited.source_code).toContain('"Hi "');

  // ---- a second tool with the same function name: offered to replace the first (upsert)
  await page.getByRole('button', { name: 'New tool', exact: true }).click();
  await editor.fill(source('Howdy'));
  await page.getByRole('button', { name: 'Create tool' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'already exists' })).toContainText(FN);
  await page.getByRole('button', { name: `Replace ${FN}` }).click();
  await expect(page.getByRole('heading', { level: 2, name: FN })).toBeVisible();
  const replaced = await client.tools.list({ name: FN });
  expect(replaced.map((t) => t.id)).toEqual([created!.id]);
  expect(replaced[0]!.source_code).toContain('"Howdy "');

  // ---- run from source: arguments prefilled from the schema, then our own
  const args = page.getByLabel(/^Arguments/);
  await expect(args).toHaveValue(/"name": ""/);
  await expect(args).not.toHaveValue(/request_heartbeat/);
  await args.fill('{"name": "Ada", "times": 2}');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const result = page.getByRole('region', { name: 'Run result' });
  await expect(result.getByText('Success')).toBeVisible();
  await expect(result.getByLabel('Returned value')).toHaveText('Howdy Ada Howdy Ada');
  await expect(result.getByLabel('stdout')).toHaveText('greeting Ada');
  await expect(result.getByLabel('stderr')).toHaveText('greeted loudly');
  // Bad JSON is caught before any request, and says why.
  await args.fill('{"name": ');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'not valid JSON' })).toBeVisible();
  await args.fill('{"name": "Ada", "times": 2}');

  // ---- attach to the agent, then detach
  const agents = page.getByRole('region', { name: 'Agents with this tool' });
  await expect(agents.getByText('No agent has it yet.')).toBeVisible();
  await page.getByLabel('Give it to').selectOption({ label: AGENT });
  await page.getByRole('button', { name: 'Attach', exact: true }).click();
  const attached = agents.getByRole('list', { name: 'Agents with this tool' });
  await expect(attached.getByRole('button', { name: AGENT, exact: true })).toBeVisible();
  const [agent] = await client.agents.list({ name: AGENT });
  expect((await client.agents.tools.list(agent!.id)).map((t) => t.name)).toContain(FN);

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(result.getByLabel('Returned value')).toHaveText('Howdy Ada Howdy Ada');
  expect((await axeViolations(page)).filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
  // A taller window, so the picture shows the editor, the run and the agents together.
  await page.setViewportSize({ width: 1280, height: 1560 });
  await page.getByRole('heading', { level: 2, name: FN }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'screenshots/tools.png' });
  await page.setViewportSize({ width: 1280, height: 800 });

  await attached.getByRole('button', { name: `Detach from ${AGENT}` }).click();
  await expect(agents.getByText('No agent has it yet.')).toBeVisible();
  expect((await client.agents.tools.list(agent!.id)).map((t) => t.name)).not.toContain(FN);

  // ---- delete, after a confirmation
  await page.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('dialog', { name: `Delete ${FN}?` });
  await confirm.getByRole('button', { name: 'Delete tool' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(toolList(page).getByRole('button', { name: new RegExp(FN) })).toHaveCount(0);
  expect(await client.tools.list({ name: FN })).toEqual([]);
});
