/**
 * The active connection: which profile the app talks to and the one LettaClient for it. Every
 * server-facing service asks this object for the client, so "not connected" is reported in one
 * place and switching profiles swaps the client for everyone at once.
 */
import type { ConnectionStatus, DoctorReport } from '../../src-shared/app-types.js';
import { LettaClient, type ClientOptions } from '../letta/index.js';
import type { Logger } from '../log.js';
import type { TokenVault } from '../secrets/token-vault.js';
import type { SettingsFile, StoredProfile } from '../settings/settings-file.js';
import { checkBaseUrl, diagnose, type DoctorOptions } from './connection-doctor.js';
import { AppFailure } from './errors.js';
import type { EventBus } from './events.js';

export interface SessionOptions {
  /** Extra client settings (timeouts, a test dispatcher). */
  client?: Partial<ClientOptions>;
  doctor?: DoctorOptions;
}

interface Active {
  profile: StoredProfile;
  client: LettaClient;
  status: Extract<ConnectionStatus, { state: 'connected' }>;
}

export class Session {
  private active: Active | null = null;
  private readonly disconnectListeners = new Set<() => void>();

  constructor(
    private readonly settings: SettingsFile,
    private readonly vault: TokenVault,
    private readonly events: EventBus,
    private readonly log: Logger,
    private readonly options: SessionOptions = {},
  ) {}

  status(): ConnectionStatus {
    return this.active ? this.active.status : { state: 'disconnected' };
  }

  get activeProfileId(): string | null {
    return this.active?.profile.id ?? null;
  }

  /** The client of the active profile; `not_connected` when there is none. */
  client(): LettaClient {
    if (!this.active) {
      throw new AppFailure('not_connected', 'Not connected to a Letta server.', 'Choose a server profile and connect first.');
    }
    return this.active.client;
  }

  /** Called when the active connection ends, so running streams can stop. */
  onDisconnect(listener: () => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  async profile(profileId: string): Promise<StoredProfile> {
    const found = (await this.settings.read()).profiles.find((p) => p.id === profileId);
    if (!found) throw new AppFailure('profile_not_found', 'That server profile does not exist (any more).', 'Reload the profile list.');
    return found;
  }

  async diagnose(profileId: string): Promise<DoctorReport> {
    const profile = await this.profile(profileId);
    const token = await this.vault.get(profileId).catch(() => null);
    return diagnose({ baseUrl: profile.baseUrl, token, userId: profile.actingUserId }, this.options.doctor);
  }

  /**
   * Runs the doctor first, so a failure to connect reads exactly like the doctor's finding
   * (which URL, what happened, what to do) instead of a bare error.
   */
  async connect(profileId: string): Promise<ConnectionStatus> {
    const profile = await this.profile(profileId);
    const token = await this.vault.get(profileId);
    const report = await diagnose({ baseUrl: profile.baseUrl, token, userId: profile.actingUserId }, this.options.doctor);
    const failed = report.checks.find((c) => c.status === 'failed');
    if (failed) {
      this.log.info(`connect to profile ${profile.id} failed at ${failed.id}: ${failed.detail}`);
      throw new AppFailure(failed.code ?? 'unreachable', failed.detail, failed.hint ?? undefined);
    }
    this.end();
    const client = new LettaClient({
      ...this.options.client,
      baseUrl: report.baseUrl,
      ...(token ? { token } : {}),
      ...(profile.actingUserId ? { userId: profile.actingUserId } : {}),
    });
    this.active = {
      profile,
      client,
      status: {
        state: 'connected',
        profileId: profile.id,
        profileName: profile.name,
        kind: profile.kind,
        baseUrl: report.baseUrl,
        serverVersion: report.serverVersion ?? 'unknown',
        latencyMs: report.latencyMs ?? 0,
        connectedAt: new Date().toISOString(),
      },
    };
    await this.settings.update((s) => {
      s.preferences.lastProfileId = profile.id;
    });
    this.log.info(`connected to ${report.baseUrl} (Letta ${report.serverVersion}) as profile ${profile.id}`);
    this.events.emit('connection:changed', {});
    return this.status();
  }

  /**
   * Connect with the server unreachable, so what the offline cache holds can be read (on a plane,
   * with the server down). Only called for a profile the cache has synced; every server call then
   * fails as unreachable, and the cache answers reads and refuses writes until the server is back.
   */
  async connectOffline(profileId: string): Promise<ConnectionStatus> {
    const profile = await this.profile(profileId);
    const token = await this.vault.get(profileId).catch(() => null);
    const checked = checkBaseUrl(profile.baseUrl);
    const baseUrl = checked.ok ? checked.url : profile.baseUrl;
    this.end();
    const client = new LettaClient({
      ...this.options.client,
      baseUrl,
      ...(token ? { token } : {}),
      ...(profile.actingUserId ? { userId: profile.actingUserId } : {}),
    });
    this.active = {
      profile,
      client,
      status: {
        state: 'connected',
        profileId: profile.id,
        profileName: profile.name,
        kind: profile.kind,
        baseUrl,
        serverVersion: 'unknown',
        latencyMs: 0,
        connectedAt: new Date().toISOString(),
      },
    };
    this.log.info(`opened profile ${profile.id} offline (${baseUrl} unreachable)`);
    this.events.emit('connection:changed', {});
    return this.status();
  }

  disconnect(): ConnectionStatus {
    if (this.end()) this.events.emit('connection:changed', {});
    return this.status();
  }

  /** A profile's URL, user or token changed: a live connection with the old values must end. */
  profileChanged(profileId: string): void {
    if (this.active?.profile.id === profileId) this.disconnect();
  }

  private end(): boolean {
    if (!this.active) return false;
    this.active = null;
    for (const listener of [...this.disconnectListeners]) listener();
    return true;
  }
}
