/**
 * The OS keychain through keytar. keytar is loaded lazily: a machine where the native module
 * is missing or the keychain service is absent still starts, and every failure surfaces as a
 * KeychainUnavailableError the UI can explain (and offer "use for this session only").
 */
import { KeychainUnavailableError, type CredentialStore } from './credential-store.js';

type Keytar = typeof import('keytar');

/** The service name entries are filed under in the keychain; tests pass their own. */
export const DEFAULT_KEYCHAIN_SERVICE = 'Letta Desk';

export class KeytarCredentialStore implements CredentialStore {
  readonly kind = 'keychain' as const;
  private keytar: Promise<Keytar> | undefined;

  constructor(private readonly service: string = DEFAULT_KEYCHAIN_SERVICE) {}

  private load(): Promise<Keytar> {
    this.keytar ??= import('keytar').then(
      (mod) => ((mod as { default?: Keytar }).default ?? mod) as Keytar,
      (error: unknown) => {
        this.keytar = undefined;
        throw new KeychainUnavailableError(`the keytar module could not be loaded (${messageOf(error)})`);
      },
    );
    return this.keytar;
  }

  private async call<T>(op: (k: Keytar) => Promise<T>): Promise<T> {
    const keytar = await this.load();
    try {
      return await op(keytar);
    } catch (error) {
      throw new KeychainUnavailableError(explain(messageOf(error)));
    }
  }

  get(account: string): Promise<string | null> {
    return this.call((k) => k.getPassword(this.service, account));
  }
  set(account: string, secret: string): Promise<void> {
    return this.call((k) => k.setPassword(this.service, account, secret));
  }
  delete(account: string): Promise<boolean> {
    return this.call((k) => k.deletePassword(this.service, account));
  }
  async accounts(): Promise<string[]> {
    const found = await this.call((k) => k.findCredentials(this.service));
    return found.map((c) => c.account);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** libsecret's messages name D-Bus internals; say what it means for the user. */
function explain(message: string): string {
  if (/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Cannot autolaunch/i.test(message)) {
    return 'no desktop session bus, so no keyring service (GNOME Keyring, KWallet) can be reached';
  }
  if (/org\.freedesktop\.secrets|ServiceUnknown|was not provided by any \.service/i.test(message)) {
    return 'no keyring service (GNOME Keyring, KWallet) is running';
  }
  if (/locked|dismissed|cancel/i.test(message)) return 'the keyring is locked or the unlock prompt was dismissed';
  return message;
}
