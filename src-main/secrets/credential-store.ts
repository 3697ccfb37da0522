/**
 * Where tokens live. The app keeps them in the OS keychain (keytar: Keychain on macOS,
 * Credential Manager on Windows, the Secret Service on Linux) and nowhere on disk; tests and the
 * explicit "this session only" choice use the in-memory store.
 */
export interface CredentialStore {
  readonly kind: 'keychain' | 'memory';
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
  /** Accounts that have a secret stored. */
  accounts(): Promise<string[]>;
}

/** The keychain could not be used (no Secret Service, locked, native module missing). */
export class KeychainUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`The system keychain is not available: ${reason}`);
    this.name = 'KeychainUnavailableError';
  }
}

export class MemoryCredentialStore implements CredentialStore {
  readonly kind = 'memory' as const;
  private readonly secrets = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }
  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }
  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }
  async accounts(): Promise<string[]> {
    return [...this.secrets.keys()];
  }
}
