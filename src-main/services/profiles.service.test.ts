/**
 * Profiles and tokens through the real channels: the renderer learns only whether a token is set
 * and where; the token is in the keychain (real gnome-keyring here) or, by explicit choice, in
 * memory; never in the settings file.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeychainUnavailableError, type CredentialStore } from '../secrets/credential-store.js';
import { KeytarCredentialStore } from '../secrets/keytar-store.js';
import { coreFixture, type CoreFixture } from '../testing/core-fixture.js';

class UnreachableKeychain implements CredentialStore {
  readonly kind = 'keychain' as const;
  private fail(): never {
    throw new KeychainUnavailableError('no keyring service (GNOME Keyring, KWallet) is running');
  }
  get = async () => this.fail();
  set = async () => this.fail();
  delete = async () => this.fail();
  accounts = async () => this.fail();
}

function filesText(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

const profileInput = { name: 'Home server', baseUrl: 'http://localhost:8283/', kind: 'self-hosted' } as const;

describe('profiles and tokens', () => {
  let fixture: CoreFixture;
  afterEach(() => fixture.close());

  it('keeps the token in the real keychain and tells the renderer only that it is set', async () => {
    const keychain = new KeytarCredentialStore(`Letta Desk test ${randomUUID()}`);
    fixture = coreFixture({ credentials: keychain });
    const token = `secret-${randomUUID()}`;
    const created = await fixture.call('profiles:create', { ...profileInput, token, storage: 'keychain' });
    expect(created).toMatchObject({
      ok: true,
      value: { name: 'Home server', baseUrl: 'http://localhost:8283', token: { set: true, storage: 'keychain' } },
    });
    const id = (created as { value: { id: string } }).value.id;
    expect(await keychain.get(`profile:${id}`)).toBe(token);
    expect(filesText(fixture.dataDir)).not.toContain(token);
    expect(filesText(fixture.dataDir)).toContain('Home server');

    const listed = await fixture.call('profiles:list');
    expect(JSON.stringify(listed)).not.toContain(token);

    expect(await fixture.call('profiles:clear-token', { profileId: id })).toMatchObject({ ok: true, value: { token: { set: false, storage: null } } });
    expect(await keychain.get(`profile:${id}`)).toBeNull();

    await fixture.call('profiles:set-token', { profileId: id, token, storage: 'keychain' });
    await fixture.call('profiles:delete', { profileId: id });
    expect(await keychain.get(`profile:${id}`)).toBeNull();
    expect(fixture.events.map((e) => e.event)).toContain('profiles:changed');
  });

  it('without a keychain: a clear error, nothing saved, and an explicit session-only choice', async () => {
    fixture = coreFixture({ credentials: new UnreachableKeychain() });
    expect(await fixture.call('secrets:get-status')).toEqual({
      ok: true,
      value: { available: false, reason: 'no keyring service (GNOME Keyring, KWallet) is running' },
    });
    const token = `secret-${randomUUID()}`;
    const refused = await fixture.call('profiles:create', { ...profileInput, token, storage: 'keychain' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'keychain_unavailable', hint: expect.stringMatching(/this session only/) },
    });
    expect(await fixture.call('profiles:list')).toEqual({ ok: true, value: [] });

    const session = await fixture.call('profiles:create', { ...profileInput, token, storage: 'session' });
    expect(session).toMatchObject({ ok: true, value: { token: { set: true, storage: 'session' } } });
    expect(filesText(fixture.dataDir)).not.toContain(token);
    expect(JSON.stringify(fixture.logLines)).not.toContain(token);
  });

  it('validates URLs and kinds, and keeps acting users to self-hosted servers', async () => {
    fixture = coreFixture();
    expect(await fixture.call('profiles:create', { name: 'Cloud', baseUrl: 'http://api.letta.com', kind: 'cloud' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringMatching(/https only/) },
    });
    // Loopback http stays on this machine (a local proxy, or the fake Cloud of the e2e test).
    expect(await fixture.call('profiles:create', { name: 'Local Cloud', baseUrl: 'http://127.0.0.1:4100', kind: 'cloud' })).toMatchObject({
      ok: true,
      value: { kind: 'cloud', baseUrl: 'http://127.0.0.1:4100' },
    });
    expect(await fixture.call('profiles:create', { name: 'x', baseUrl: 'http://h/?token=abc', kind: 'self-hosted' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    const cloud = await fixture.call('profiles:create', { name: 'Cloud', baseUrl: 'https://api.letta.com', kind: 'cloud', actingUserId: 'user-1' });
    expect(cloud).toMatchObject({ ok: true, value: { kind: 'cloud', actingUserId: null } });
    const id = (cloud as { value: { id: string } }).value.id;
    expect(await fixture.call('profiles:update', { profileId: id, kind: 'self-hosted', baseUrl: 'http://127.0.0.1:8283', actingUserId: 'user-2' })).toMatchObject({
      ok: true,
      value: { kind: 'self-hosted', baseUrl: 'http://127.0.0.1:8283', actingUserId: 'user-2' },
    });
    expect(await fixture.call('profiles:delete', { profileId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'profile_not_found' } });
  });

  it('survives a corrupt settings file by moving it aside', async () => {
    fixture = coreFixture();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(fixture.dataDir, 'settings.json'), '{ not json');
    expect(await fixture.call('profiles:list')).toEqual({ ok: true, value: [] });
    expect(readdirSync(fixture.dataDir).some((f) => f.startsWith('settings.json.unreadable-'))).toBe(true);
    expect(fixture.logLines.join('\n')).toMatch(/moved it to/);
  });
});
