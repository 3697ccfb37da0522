/**
 * Helpers for the sources and jobs spec: a Letta client to arrange an agent of the spec's own and
 * to check what the server really stored, and the fake embedding model's config (read from the
 * global setup's agent, the one place the spec can learn the fake's URL), which the server's own
 * embedding list does not contain.
 */
import { expect, type Page } from '@playwright/test';
import { LettaClient } from '../../../src-main/letta/index.js';
import type { EmbeddingConfig } from '../../../src-main/letta/types/index.js';
import { e2eEnv } from '../env.js';

export function lettaClient(): LettaClient {
  const env = e2eEnv();
  return new LettaClient({ baseUrl: env.lettaUrl, token: env.password });
}

export async function fakeEmbeddingConfig(): Promise<EmbeddingConfig> {
  const [agent] = await lettaClient().agents.list({ query_text: e2eEnv().agentName, limit: 1 });
  if (!agent?.embedding_config) throw new Error('the global setup agent is missing');
  return agent.embedding_config;
}

/** Opens one of the sidebar's server-wide screens (unfolding the Server list when folded). */
/**
 * On connect the shell opens the newest agent once the agent list has loaded, even over a server
 * screen opened before that: call this after connecting, so it cannot replace the screen we open.
 */
export async function waitForNewestAgent(page: Page): Promise<void> {
  await expect(page.getByRole('tablist')).toBeVisible();
}

export async function openServerScreen(page: Page, label: string, heading: string): Promise<void> {
  const nav = page.getByRole('list', { name: 'Server screens' });
  if (!(await nav.isVisible())) await page.getByRole('region', { name: 'Server' }).getByRole('button', { name: 'Server' }).click();
  await nav.getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

/** Drops a text file on an element the way a file manager does: dragenter, dragover, drop. */
export async function dropTextFile(page: Page, selector: string, name: string, text: string): Promise<void> {
  await page.evaluate(
    ({ selector, name, text }) => {
      const target = document.querySelector(selector);
      if (!target) throw new Error(`no ${selector}`);
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: 'text/plain' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
      }
    },
    { selector, name, text },
  );
}
