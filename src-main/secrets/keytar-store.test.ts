/**
 * The keychain adapter against a real Secret Service: `npm run test:unit` runs under
 * scripts/with-test-env.sh, which starts a private D-Bus session with an unlocked, throw-away
 * gnome-keyring. Outside that environment these tests fail on purpose rather than pass vacuously.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { KeychainUnavailableError } from './credential-store.js';
import { KeytarCredentialStore } from './keytar-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const service = `Letta Desk test ${randomUUID()}`;

describe('KeytarCredentialStore (real gnome-keyring)', () => {
  const store = new KeytarCredentialStore(service);

  afterAll(async () => {
    for (const account of await store.accounts().catch(() => [])) await store.delete(account);
  });

  it('runs inside the test environment', () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS, 'run through `npm run test:unit` (scripts/with-test-env.sh)').toBeTruthy();
  });

  it('stores, reads, lists and deletes a secret', async () => {
    const secret = `pw-${randomUUID()}`;
    expect(await store.get('profile:a')).toBeNull();
    await store.set('profile:a', secret);
    expect(await store.get('profile:a')).toBe(secret);
    expect(await store.accounts()).toEqual(['profile:a']);
    expect(await store.delete('profile:a')).toBe(true);
    expect(await store.delete('profile:a')).toBe(false);
    expect(await store.get('profile:a')).toBeNull();
  });

  it('keeps unicode and long secrets exactly, and overwrites in place', async () => {
    const long = 'é☃🔑'.repeat(500);
    await store.set('profile:b', 'first-value');
    await store.set('profile:b', long);
    expect(await store.get('profile:b')).toBe(long);
    expect(await store.accounts()).toEqual(['profile:b']);
    await store.delete('profile:b');
  });

  it('keeps services apart', async () => {
    const other = new KeytarCredentialStore(`${service} other`);
    await store.set('profile:c', 'value-in-first');
    expect(await other.get('profile:c')).toBeNull();
    await store.delete('profile:c');
  });

  it('reports an unreachable keychain as KeychainUnavailableError with a reason in words', async () => {
    // A process without a session bus: what a headless machine or a broken desktop session looks like.
    const script = `
      import { KeytarCredentialStore } from ${JSON.stringify(join(here, 'keytar-store.ts'))};
      try { await new KeytarCredentialStore('probe').get('x'); console.log('REACHED'); }
      catch (e) { console.log(e.name + '|' + e.reason); }
    `;
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/letta-desk-bus' };
    delete (env as Record<string, string | undefined>).DISPLAY;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env,
      cwd: join(here, '../..'),
    });
    const [name, reason] = stdout.trim().split('|');
    expect(name).toBe('KeychainUnavailableError');
    expect(reason!.length).toBeGreaterThan(10);
  });

  it('exposes the error class the services branch on', () => {
    expect(new KeychainUnavailableError('x').message).toMatch(/keychain is not available: x/);
  });
});
