/** Tags against the real server: an agent created with a unique tag is found through the Tags screen and opened. */
import { expect, test } from '@playwright/test';
import { connect } from './support/app.js';
import { e2eEnv } from './env.js';
import { lettaClient } from './support-memory.js';
import { createTaggedAgent, expectNoSeriousA11yIssues, openServerScreen, uniqueSuffix } from './support/identities.js';

test('tags: a unique tag lists the agent carrying it, which opens', async ({ page }) => {
  const id = uniqueSuffix();
  const tag = `project-${id}`;
  const agentName = `Tagged Agent ${id}`;
  const agent = await createTaggedAgent(agentName, [tag, 'e2e']);
  // An agent without the tag, so the list is shown to be filtered and not every agent.
  const other = await createTaggedAgent(`Untagged Agent ${id}`, ['e2e']);

  await connect(page, e2eEnv());
  await openServerScreen(page, 'Tags');
  await page.getByLabel('Search tags').fill(`project-${id.slice(0, 5)}`);
  const chips = page.getByRole('list', { name: 'Tags' });
  await chips.getByRole('button', { name: tag }).click();
  const agents = page.getByRole('list', { name: `Agents tagged ${tag}` });
  await expect(agents.getByRole('button', { name: new RegExp(agentName) })).toBeVisible();
  await expect(agents.getByRole('listitem')).toHaveCount(1);
  await expectNoSeriousA11yIssues(page);
  await page.screenshot({ path: 'screenshots/tags.png' });

  await agents.getByRole('button', { name: new RegExp(agentName) }).click();
  await expect(page.getByRole('heading', { level: 1, name: agentName })).toBeVisible();

  const client = lettaClient();
  await client.agents.delete(agent.id);
  await client.agents.delete(other.id);
});
