/**
 * Which servers the user has and which one the app talks to. Commands are async and keep their
 * own busy/error state, so components only render and call.
 */
import type {
  ConnectionStatus,
  DoctorReport,
  KeychainStatus,
  ProfileKind,
  ProfileView,
  TokenStorage,
} from '../../../src-shared/app-types';
import { api, asApiError, onEvent, type ApiError } from '../api';

export interface NewProfile {
  name: string;
  kind: ProfileKind;
  baseUrl: string;
  token: string;
  storage: TokenStorage;
  actingUserId: string;
}

type Busy = null | { what: 'saving' | 'connecting' | 'diagnosing' | 'removing'; profileId?: string };

export class ConnectionState {
  #profiles = $state.raw<ProfileView[]>([]);
  #status = $state.raw<ConnectionStatus>({ state: 'disconnected' });
  #keychain = $state.raw<KeychainStatus | null>(null);
  #busy = $state.raw<Busy>(null);
  #error = $state.raw<ApiError | null>(null);
  #report = $state.raw<{ profileName: string; report: DoctorReport } | null>(null);
  #loaded = $state(false);

  get profiles(): ProfileView[] {
    return this.#profiles;
  }
  get status(): ConnectionStatus {
    return this.#status;
  }
  get connected(): Extract<ConnectionStatus, { state: 'connected' }> | null {
    return this.#status.state === 'connected' ? this.#status : null;
  }
  get keychain(): KeychainStatus | null {
    return this.#keychain;
  }
  get busy(): Busy {
    return this.#busy;
  }
  get error(): ApiError | null {
    return this.#error;
  }
  get report(): { profileName: string; report: DoctorReport } | null {
    return this.#report;
  }
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Loads everything and keeps it current; returns the unsubscribe function. */
  start(): () => void {
    void this.refresh();
    const stops = [
      onEvent('profiles:changed', () => void this.refreshProfiles()),
      onEvent('connection:changed', () => void this.refreshStatus()),
    ];
    return () => stops.forEach((stop) => stop());
  }

  async refresh(): Promise<void> {
    try {
      const [profiles, status, keychain] = await Promise.all([
        api.profiles.list(),
        api.connection.getStatus(),
        api.secrets.getStatus(),
      ]);
      this.#profiles = profiles;
      this.#status = status;
      this.#keychain = keychain;
      // Reopen where the user left off: the last server they connected to (and did not leave).
      if (status.state === 'disconnected') {
        const { lastProfileId } = await api.settings.get();
        if (lastProfileId && profiles.some((p) => p.id === lastProfileId)) {
          this.#loaded = true;
          await this.connect(lastProfileId);
        }
      }
    } catch (error) {
      this.#error = asApiError(error);
    } finally {
      this.#loaded = true;
    }
  }

  private async refreshProfiles(): Promise<void> {
    this.#profiles = await api.profiles.list();
  }

  private async refreshStatus(): Promise<void> {
    this.#status = await api.connection.getStatus();
  }

  dismissError(): void {
    this.#error = null;
  }

  /**
   * Saves the profile (token to the keychain or this session), then connects to it. A profile
   * that saved but could not connect stays saved (the error says why), so the form is done.
   */
  async addAndConnect(input: NewProfile): Promise<'connected' | 'saved' | 'not-saved'> {
    this.#busy = { what: 'saving' };
    this.#error = null;
    this.#report = null;
    let profile: ProfileView;
    try {
      profile = await api.profiles.create({
        name: input.name,
        kind: input.kind,
        baseUrl: input.baseUrl,
        actingUserId: input.kind === 'self-hosted' && input.actingUserId.trim() ? input.actingUserId.trim() : null,
        ...(input.token ? { token: input.token, storage: input.storage } : {}),
      });
    } catch (error) {
      this.#error = asApiError(error);
      this.#busy = null;
      return 'not-saved';
    }
    this.#profiles = [...this.#profiles.filter((p) => p.id !== profile.id), profile];
    return (await this.connect(profile.id)) ? 'connected' : 'saved';
  }

  async connect(profileId: string): Promise<boolean> {
    this.#busy = { what: 'connecting', profileId };
    this.#error = null;
    this.#report = null;
    try {
      this.#status = await api.connection.connect({ profileId });
      return true;
    } catch (error) {
      this.#error = asApiError(error);
      return false;
    } finally {
      this.#busy = null;
    }
  }

  async diagnose(profileId: string): Promise<void> {
    this.#busy = { what: 'diagnosing', profileId };
    this.#error = null;
    try {
      const report = await api.connection.diagnose({ profileId });
      const profileName = this.#profiles.find((p) => p.id === profileId)?.name ?? 'Server';
      this.#report = { profileName, report };
    } catch (error) {
      this.#error = asApiError(error);
    } finally {
      this.#busy = null;
    }
  }

  async disconnect(): Promise<void> {
    this.#status = await api.connection.disconnect();
  }

  async remove(profileId: string): Promise<void> {
    this.#busy = { what: 'removing', profileId };
    try {
      const removed = this.#profiles.find((p) => p.id === profileId);
      await api.profiles.delete({ profileId });
      this.#profiles = this.#profiles.filter((p) => p.id !== profileId);
      if (removed && this.#report?.profileName === removed.name) this.#report = null;
    } catch (error) {
      this.#error = asApiError(error);
    } finally {
      this.#busy = null;
    }
  }
}
