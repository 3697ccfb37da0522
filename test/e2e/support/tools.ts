/**
 * Helpers for the tools, MCP and Composio specs: open a server-wide screen from the sidebar, a
 * Letta client for checking what really got saved and for cleaning up, names no other run took,
 * and the absolute paths of the offline MCP server fixture and the Python that can run it.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { LettaClient } from '../../../src-main/letta/index.js';
import { e2eEnv } from '../env.js';
import { connect } from './app.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function lettaClient(): LettaClient {
  const env = e2eEnv();
  return new LettaClient({ baseUrl: env.lettaUrl, token: env.password });
}

/** A short suffix that makes names unique on a server other runs may have used (Python-safe). */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/**
 * Connects, then waits until the shell has reopened the newest agent (it does so once, after the
 * agent list loads; the pre-made agent means there always is one), so a screen opened next stays.
 */
export async function connectSettled(page: Page): Promise<void> {
  await connect(page, e2eEnv());
  await expect(page.getByRole('tab', { name: 'Chat', exact: true })).toBeVisible();
}

/** Opens one of the sidebar's "Server" screens and waits for its heading. */
export async function openServerScreen(page: Page, label: string, heading = label): Promise<void> {
  // Right after connecting, the shell may still open the last agent, which replaces the screen:
  // click again until the screen's heading stays.
  await expect(async () => {
    await page.getByRole('list', { name: 'Server screens' }).getByRole('button', { name: label, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible({ timeout: 2_000 });
  }).toPass();
}

/** The Letta venv's interpreter (it has the `mcp` package) and our MCP server, as absolute paths. */
export function mcpFixture(): { python: string; script: string } {
  const python = resolve(projectRoot, '.cache/letta-venv/bin/python');
  const script = resolve(projectRoot, 'test/fixtures/mcp/desk_mcp_server.py');
  if (!existsSync(python) || !existsSync(script)) throw new Error(`MCP fixture missing: ${python} or ${script}`);
  return { python, script };
}
