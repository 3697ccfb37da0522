import { afterEach, describe, expect, it, vi } from 'vitest';
import { LettaAuthenticationError, LettaConnectionError } from '../letta/index.js';
import { memoryLogger } from '../log.js';
import { coreFixture, TRUSTED, type CoreFixture } from '../testing/core-fixture.js';
import { IpcRouter, type Handlers } from './router.js';
import { electronSenderPolicy, type Sender } from './sender.js';

/** A handler map whose every entry is a spy returning `value`. */
function spyHandlers(impl: (channel: string, args: unknown) => Promise<unknown> = async () => 'value') {
  const calls: [string, unknown][] = [];
  const handlers = new Proxy({} as Handlers, {
    get: (_t, channel: string) => async (args: unknown) => {
      calls.push([channel, args]);
      return impl(channel, args);
    },
  });
  return { handlers, calls };
}

describe('IpcRouter', () => {
  let fixture: CoreFixture | undefined;
  afterEach(() => fixture?.close());

  it('refuses an untrusted sender before looking at the channel or arguments', async () => {
    const { handlers, calls } = spyHandlers();
    const router = new IpcRouter(handlers, electronSenderPolicy(() => 7), memoryLogger());
    const foreign: Sender = { kind: 'electron', webContentsId: 8, frameUrl: 'app://letta-desk/index.html', isMainFrame: true };
    expect(await router.dispatch('agents:list', {}, foreign)).toEqual({
      ok: false,
      error: { code: 'forbidden_sender', message: 'This caller may not use the app API.' },
    });
    const ours: Sender = { ...foreign, webContentsId: 7 };
    expect(await router.dispatch('agents:list', {}, ours)).toEqual({ ok: true, value: 'value' });
    expect(calls).toEqual([['agents:list', {}]]);
  });

  it.each([['__proto__'], ['constructor'], ['toString'], ['agents:list '], ['AGENTS:LIST'], [42], [null], [{}]])(
    'answers unknown_channel for %j',
    async (name) => {
      const { handlers, calls } = spyHandlers();
      const router = new IpcRouter(handlers, () => true, memoryLogger());
      const reply = await router.dispatch(name, {}, TRUSTED);
      expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
      expect(calls).toEqual([]);
    },
  );

  it('rejects bad arguments with the path and never echoes the value', async () => {
    const { handlers, calls } = spyHandlers();
    const router = new IpcRouter(handlers, () => true, memoryLogger());
    const secretish = 'sk-let-me-in-0123456789';
    const reply = await router.dispatch('agents:get', { agentId: 'agent-1', extra: secretish }, TRUSTED);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const wrongType = await router.dispatch('profiles:set-token', { profileId: secretish, token: 5, storage: 'disk' }, TRUSTED);
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) {
      expect(wrongType.error.message).toMatch(/profileId/);
      expect(wrongType.error.message).toMatch(/token/);
      expect(wrongType.error.message).not.toContain(secretish);
    }
    expect(calls).toEqual([]);
  });

  it('maps client errors to codes with hints, and hides internal errors behind a generic message', async () => {
    const log = memoryLogger();
    const { handlers } = spyHandlers(async (channel) => {
      if (channel === 'agents:list') throw new LettaAuthenticationError({ method: 'GET', url: 'http://x/v1/agents/', status: 401 });
      if (channel === 'agents:count') throw new LettaConnectionError({ method: 'GET', url: 'http://127.0.0.1:9/v1/agents/count', reason: 'ECONNREFUSED' });
      throw new TypeError('cannot read properties of undefined (reading "secret")');
    });
    const router = new IpcRouter(handlers, () => true, log);

    const unauthorized = await router.dispatch('agents:list', {}, TRUSTED);
    expect(unauthorized).toMatchObject({ ok: false, error: { code: 'unauthorized', status: 401, hint: expect.stringMatching(/API key/) } });

    const refused = await router.dispatch('agents:count', {}, TRUSTED);
    expect(refused).toMatchObject({ ok: false, error: { code: 'unreachable', hint: expect.stringMatching(/Start the Letta server/) } });

    const bug = await router.dispatch('tags:list', {}, TRUSTED);
    expect(bug).toEqual({ ok: false, error: { code: 'internal', message: expect.stringMatching(/details are in its log/) } });
    expect(log.lines.join('\n')).toMatch(/tags:list failed.*TypeError/);
  });

  it('wraps results, turning undefined into null so both transports agree', async () => {
    const { handlers } = spyHandlers(async () => undefined);
    const router = new IpcRouter(handlers, () => true, memoryLogger());
    expect(await router.dispatch('agents:delete', { agentId: 'agent-1' }, TRUSTED)).toEqual({ ok: true, value: null });
  });

  it('answers not_connected on server channels before a profile is connected', async () => {
    fixture = coreFixture();
    expect(await fixture.call('agents:list')).toMatchObject({
      ok: false,
      error: { code: 'not_connected', hint: expect.stringMatching(/connect first/) },
    });
    expect(await fixture.call('connection:get-status')).toEqual({ ok: true, value: { state: 'disconnected' } });
  });

  it('never lets a handler promise escape as an unhandled rejection', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const { handlers } = spyHandlers(() => Promise.reject(new Error('boom')));
      const router = new IpcRouter(handlers, () => true, memoryLogger());
      await Promise.all(Array.from({ length: 20 }, () => router.dispatch('agents:count', {}, TRUSTED)));
      await new Promise((r) => setImmediate(r));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
