/**
 * Helpers for the identities, blocks and tags specs: open a server-wide screen from the sidebar's
 * "Server" list, and fail a test on any critical or serious axe violation in the screen.
 */
import { expect, type Page } from '@playwright/test';
import { e2eEnv } from '../env.js';
import { lettaClient } from '../support-memory.js';
import { axeViolations } from './app.js';

export async function openServerScreen(page: Page, label: string): Promise<void> {
  // The shell opens the newest agent once its list has loaded; wait for that list first so the
  // screen opened here is not replaced by that agent a moment later.
  await expect(page.getByRole('list', { name: 'Agent list' }).getByRole('listitem').first()).toBeVisible();
  const nav = page.getByRole('list', { name: 'Server screens' });
  if (!(await nav.isVisible())) await page.getByRole('button', { name: 'Server', exact: true }).click();
  await nav.getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
}

export async function expectNoSeriousA11yIssues(page: Page): Promise<void> {
  const violations = (await axeViolations(page)).filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(violations.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);
}

/** A suffix that keeps this run's names apart from earlier runs' on a shared server. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** An agent on the fake LLM with the given tags, configured like the global setup's agent. */
export async function createTaggedAgent(name: string, tags: string[]): Promise<{ id: string }> {
  const client = lettaClient();
  const [template] = await client.agents.list({ query_text: e2eEnv().agentName, limit: 1 });
  if (!template) throw new Error('the global setup agent is missing');
  return client.agents.create({
    name,
    tags,
    memory_blocks: [{ label: 'persona', value: 'I carry tags.' }],
    initial_message_sequence: [],
    llm_config: template.llm_config,
    embedding_config: template.embedding_config,
  });
}
