/**
 * Test factory: a real app core over a throw-away data directory, an in-memory (or given)
 * credential store, a log captured in memory, and a record of every push event. Used by the
 * unit tests of ipc/, services/ and the shells; never imported by app code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCore } from '../app-core.js';
import type { IpcRouter } from '../ipc/router.js';
import type { Sender } from '../ipc/sender.js';
import { memoryLogger } from '../log.js';
import { MemoryCredentialStore, type CredentialStore } from '../secrets/credential-store.js';

export const TRUSTED: Sender = { kind: 'web', connectionId: 1, authenticated: true };

export interface CoreFixture {
  core: AppCore;
  router: IpcRouter;
  dataDir: string;
  logLines: string[];
  events: { event: string; payload: unknown }[];
  /** Calls a channel as the trusted sender. */
  call(channel: string, args?: unknown): Promise<unknown>;
  close(): void;
}

export function coreFixture(options: { credentials?: CredentialStore; timeoutMs?: number } = {}): CoreFixture {
  const dataDir = mkdtempSync(join(tmpdir(), 'letta-desk-core-'));
  const log = memoryLogger();
  const core = createAppCore({
    dataDir,
    credentials: options.credentials ?? new MemoryCredentialStore(),
    log,
    facts: { version: '0.0.0-test', shell: 'web', platform: process.platform },
    session: {
      client: { timeoutMs: options.timeoutMs ?? 5000, retry: { maxRetries: 0 } },
      doctor: { timeoutMs: options.timeoutMs ?? 5000 },
    },
  });
  const events: { event: string; payload: unknown }[] = [];
  core.events.subscribe((event, payload) => events.push({ event, payload }));
  const router = core.createRouter((sender) => sender.kind === 'web' && sender.authenticated);
  return {
    core,
    router,
    dataDir,
    logLines: log.lines,
    events,
    call: (channel, args = {}) => router.dispatch(channel, args, TRUSTED),
    close: () => {
      core.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
