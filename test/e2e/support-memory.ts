/**
 * Helpers for the memory and runs end-to-end specs: a Letta client for arranging server state
 * (agents made for one spec, shared blocks) and for checking what really got saved, connecting the
 * UI to the test server, opening an agent's tab, and an axe check. Each spec leaves the app as it
 * found it (no saved profile), because the specs share one web shell and one keychain.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';
import { LettaClient } from '../../src-main/letta/index.js';
import type { AgentState, CreateBlock } from '../../src-main/letta/types/index.js';
import { replyFor } from '../fake-llm/commands.js';
import { e2eEnv } from './env.js';

const require = createRequire(import.meta.url);
export const PROFILE_NAME = 'Memory lab';

export function lettaClient(): LettaClient {
  const env = e2eEnv();
  return new LettaClient({ baseUrl: env.lettaUrl, token: env.password });
}

/** A fresh agent on the fake LLM, configured like the global setup's agent. */
export async function createAgent(name: string, blocks: CreateBlock[]): Promise<AgentState> {
  const client = lettaClient();
  const [template] = await client.agents.list({ query_text: e2eEnv().agentName, limit: 1 });
  if (!template) throw new Error('the global setup agent is missing');
  return client.agents.create({
    name,
    memory_blocks: blocks,
    initial_message_sequence: [],
    llm_config: template.llm_config,
    embedding_config: template.embedding_config,
  });
}

/** Connect the UI to the test server, whatever state an earlier spec left it in. */
export async function connect(page: Page): Promise<void> {
  const env = e2eEnv();
  await page.goto(env.shellUrl);
  const connectHeading = page.getByRole('heading', { name: 'Connect to Letta' });
  const disconnect = page.getByRole('button', { name: 'Disconnect' });
  await expect(connectHeading.or(disconnect).first()).toBeVisible();
  if (await disconnect.isVisible()) return;
  const saved = page.getByRole('region', { name: 'Saved servers' });
  const ours = saved.getByRole('listitem').filter({ hasText: PROFILE_NAME });
  if (await ours.count()) {
    await ours.getByRole('button', { name: 'Connect' }).click();
  } else {
    const another = page.getByRole('button', { name: '+ Add another server' });
    if (await another.isVisible()) await another.click();
    await page.getByLabel('Name').fill(PROFILE_NAME);
    await page.getByLabel('Server URL').fill(env.lettaUrl);
    await page.getByLabel('Server password').fill(env.password);
    await page.getByRole('button', { name: 'Save and connect' }).click();
  }
  await expect(disconnect).toBeVisible();
}

/**
 * Disconnect and remove the profile this file added, if it added one (an earlier spec may have
 * left the app connected through its own profile, which `connect` then reused).
 */
export async function disconnectAndForget(page: Page): Promise<void> {
  const disconnect = page.getByRole('button', { name: 'Disconnect' });
  if (await disconnect.isVisible()) await disconnect.click();
  await expect(page.getByRole('heading', { name: 'Connect to Letta' })).toBeVisible();
  const row = page.getByRole('region', { name: 'Saved servers' }).getByRole('listitem').filter({ hasText: PROFILE_NAME });
  if ((await row.count()) === 0) return;
  await row.getByRole('button', { name: 'Remove' }).click();
  await expect(row).toHaveCount(0);
}

/** Open an agent from the agent list and switch to one of its tabs. */
export async function openAgentTab(page: Page, agentName: string, tab: string): Promise<void> {
  await openAgent(page, agentName);
  const tabButton = page.getByRole('tab', { name: tab, exact: true });
  await tabButton.click();
  await expect(tabButton).toHaveAttribute('aria-selected', 'true');
}

export async function openAgent(page: Page, agentName: string): Promise<void> {
  await page.getByRole('list', { name: 'Agent list' }).getByText(agentName, { exact: true }).first().click();
  await expect(page.getByRole('tablist')).toBeVisible();
}

/**
 * axe-core over the page as it stands; returns the critical violations (expected: none).
 * The app's CSP (script-src 'self') rightly refuses `addScriptTag`'s inline script, so axe is
 * evaluated through the DevTools protocol instead, which the page's CSP does not govern.
 */
export async function criticalA11yViolations(page: Page): Promise<string[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> } }).axe;
    return axe.run();
  });
  return result.violations
    .filter((v) => v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/**
 * Send a chat message as the user would: through the Chat tab's composer when the app has one,
 * else (until the chat screen lands) through the Letta client, in which case the caller refreshes
 * the view it checks. Returns which way it went, so specs can say so.
 */
export async function sendChatMessage(page: Page, agentName: string, agentId: string, text: string): Promise<'ui' | 'client'> {
  await openAgent(page, agentName);
  if (await page.getByRole('tab', { name: 'Chat', exact: true }).isVisible()) {
    await openAgentTab(page, agentName, 'Chat');
    const composer = page.getByRole('textbox', { name: /message/i }).last();
    await composer.fill(text);
    await composer.press('Enter');
    await expect(page.getByText(replyFor(text)).last()).toBeVisible();
    return 'ui';
  }
  await lettaClient().agents.messages.create(agentId, { messages: [{ role: 'user', content: text }] });
  return 'client';
}

/**
 * Start a background (async) turn: through the chat screen's background send when the app has
 * one, else through the Letta client (the caller then refreshes the runs view).
 */
export async function sendAsyncMessage(page: Page, agentName: string, agentId: string, text: string): Promise<'ui' | 'client'> {
  await openAgent(page, agentName);
  if (await page.getByRole('tab', { name: 'Chat', exact: true }).isVisible()) {
    await openAgentTab(page, agentName, 'Chat');
    const background = page.getByRole('button', { name: /background/i });
    if (await background.isVisible()) {
      await page.getByRole('textbox', { name: /message/i }).last().fill(text);
      await background.click();
      return 'ui';
    }
  }
  await lettaClient().agents.messages.createAsync(agentId, { messages: [{ role: 'user', content: text }] });
  return 'client';
}
