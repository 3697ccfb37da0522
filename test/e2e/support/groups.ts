/**
 * Steps for the groups spec: a Letta client for the setup the UI has no screen for yet (a global
 * block to share) and for cleanup, and opening the Groups screen from the sidebar.
 */
import { expect, type Page } from '@playwright/test';
import { LettaClient } from '../../../src-main/letta/index.js';
import { e2eEnv } from '../env.js';

export function lettaClient(): LettaClient {
  const env = e2eEnv();
  return new LettaClient({ baseUrl: env.lettaUrl, token: env.password });
}

export async function openGroupsScreen(page: Page): Promise<void> {
  await page.getByRole('list', { name: 'Server screens' }).getByRole('button', { name: 'Groups' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Groups' })).toBeVisible();
}

/** Channel names the page sends over the web shell's socket (to prove no request went out). */
export function recordSentChannels(page: Page): string[] {
  const sent: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', (frame) => {
      const match = /"channel"\s*:\s*"([^"]+)"/.exec(String(frame.payload));
      if (match) sent.push(match[1]!);
    }),
  );
  return sent;
}
