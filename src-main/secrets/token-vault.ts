/**
 * Tokens per profile. The keychain is the only persistent home; a token the user explicitly
 * chose to keep "for this session only" sits in memory until the app quits. Nothing here ever
 * writes a token to a file, and the only thing that leaves this module toward the renderer is
 * a TokenState (set or not, and where).
 */
import type { KeychainStatus, TokenState, TokenStorage } from '../../src-shared/app-types.js';
import { KeychainUnavailableError, MemoryCredentialStore, type CredentialStore } from './credential-store.js';
import { rememberSecret } from './secret-registry.js';

const account = (profileId: string) => `profile:${profileId}`;

export class TokenVault {
  private readonly session = new MemoryCredentialStore();

  constructor(private readonly keychain: CredentialStore) {}

  /** Probes the keychain with a harmless read. */
  async status(): Promise<KeychainStatus> {
    try {
      await this.keychain.accounts();
      return { available: true, reason: null };
    } catch (error) {
      return { available: false, reason: error instanceof KeychainUnavailableError ? error.reason : String(error) };
    }
  }

  /** Token state for many profiles with one keychain read; an unreachable keychain reads as "not set there". */
  async states(profileIds: readonly string[]): Promise<Map<string, TokenState>> {
    const inSession = new Set(await this.session.accounts());
    let inKeychain = new Set<string>();
    try {
      inKeychain = new Set(await this.keychain.accounts());
    } catch {
      // status() reports the keychain problem; the list still renders.
    }
    const out = new Map<string, TokenState>();
    for (const id of profileIds) {
      const key = account(id);
      const storage: TokenStorage | null = inSession.has(key) ? 'session' : inKeychain.has(key) ? 'keychain' : null;
      out.set(id, { set: storage !== null, storage });
    }
    return out;
  }

  async state(profileId: string): Promise<TokenState> {
    return (await this.states([profileId])).get(profileId)!;
  }

  /** The token to send, for the main process only. A session token wins over a stored one. */
  async get(profileId: string): Promise<string | null> {
    const key = account(profileId);
    const token = (await this.session.get(key)) ?? (await this.keychain.get(key));
    rememberSecret(token);
    return token;
  }

  /**
   * Stores a token. `keychain` throws KeychainUnavailableError when it cannot; the caller then
   * offers `session` explicitly rather than falling back silently.
   */
  async set(profileId: string, token: string, storage: TokenStorage): Promise<void> {
    rememberSecret(token);
    const key = account(profileId);
    if (storage === 'keychain') {
      await this.keychain.set(key, token);
      await this.session.delete(key);
    } else {
      await this.session.set(key, token);
      // A stale keychain entry would come back after a restart; remove it if we can.
      await this.keychain.delete(key).catch(() => false);
    }
  }

  async clear(profileId: string): Promise<void> {
    const key = account(profileId);
    await this.session.delete(key);
    await this.keychain.delete(key).catch((error: unknown) => {
      if (!(error instanceof KeychainUnavailableError)) throw error;
    });
  }
}
