import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: { channel: string; args: unknown }[] = [];
const NO_KEY = 'No API keys found for Composio. Please set the COMPOSIO_API_KEY environment variable.';

vi.mock('../api', () => {
  const refuse = (channel: string) => async (args: unknown) => {
    calls.push({ channel, args });
    throw Object.assign(new Error(NO_KEY), { status: 400, code: 'rejected', hint: 'The server refused these values; see its message above.' });
  };
  return {
    api: { composio: { listApps: refuse('composio:list-apps'), listActions: refuse('composio:list-actions'), addTool: refuse('composio:add-tool') } },
    asApiError: (e: unknown) => e,
  };
});

const { ComposioState, isNotConfigured } = await import('./composio.svelte');

beforeEach(() => {
  calls.length = 0;
});

describe('ComposioState on a server without a Composio key', () => {
  it('keeps the server\'s own refusal and recognises it as "not set up"', async () => {
    const composio = new ComposioState();
    await composio.apps.load();
    expect(composio.apps.error?.message).toBe(NO_KEY);
    expect(isNotConfigured(composio.apps.error)).toBe(true);
    expect(isNotConfigured(Object.assign(new Error('Bad Gateway'), { status: 502 }) as never)).toBe(false);
  });

  it('shows the refusal where an action was added, and adds nothing', async () => {
    const composio = new ComposioState();
    expect(await composio.addAction('  GITHUB_STAR_A_REPOSITORY  ')).toBeNull();
    expect(calls).toEqual([{ channel: 'composio:add-tool', args: { actionName: 'GITHUB_STAR_A_REPOSITORY' } }]);
    expect(composio.write.error?.message).toBe(NO_KEY);
    expect(composio.added).toEqual([]);
    expect(await composio.addAction('   ')).toBeNull();
    expect(calls).toHaveLength(1);
  });
});
