/**
 * Server profiles: name, URL, Cloud or self-hosted, optional acting user, in the settings file;
 * their tokens in the TokenVault. The renderer sees ProfileView, which says whether a token is
 * set and where, never the token.
 */
import { randomUUID } from 'node:crypto';
import type { ProfileKind, ProfileView, TokenStorage } from '../../src-shared/app-types.js';
import type { TokenVault } from '../secrets/token-vault.js';
import type { SettingsFile, StoredProfile } from '../settings/settings-file.js';
import { checkBaseUrl } from './connection-doctor.js';
import { AppFailure } from './errors.js';
import type { EventBus } from './events.js';
import type { Session } from './session.js';

export interface ProfileInput {
  name: string;
  baseUrl: string;
  kind: ProfileKind;
  actingUserId?: string | null | undefined;
}

export class ProfilesService {
  constructor(
    private readonly settings: SettingsFile,
    private readonly vault: TokenVault,
    private readonly session: Session,
    private readonly events: EventBus,
  ) {}

  async list(): Promise<ProfileView[]> {
    const { profiles } = await this.settings.read();
    const states = await this.vault.states(profiles.map((p) => p.id));
    return profiles.map((p) => ({ ...p, token: states.get(p.id)! }));
  }

  private async view(profile: StoredProfile): Promise<ProfileView> {
    return { ...profile, token: await this.vault.state(profile.id) };
  }

  async create(input: ProfileInput & { token?: string | undefined; storage?: TokenStorage | undefined }): Promise<ProfileView> {
    const baseUrl = normalise(input.baseUrl, input.kind);
    const storage = input.storage ?? 'keychain';
    // Refuse before writing anything: a profile saved without the token the user typed would
    // look like it worked.
    if (input.token && storage === 'keychain') {
      const keychain = await this.vault.status();
      if (!keychain.available) {
        throw new AppFailure(
          'keychain_unavailable',
          `The system keychain is not available: ${keychain.reason}. The token was not saved, and neither was the profile.`,
          'Start or unlock your keyring, or choose "Use for this session only" to keep the token in memory until you quit.',
        );
      }
    }
    const profile: StoredProfile = {
      id: randomUUID(),
      name: input.name.trim(),
      baseUrl,
      kind: input.kind,
      actingUserId: input.kind === 'self-hosted' ? (input.actingUserId ?? null) : null,
      createdAt: new Date().toISOString(),
    };
    await this.settings.update((s) => {
      s.profiles.push(profile);
    });
    if (input.token) {
      try {
        await this.vault.set(profile.id, input.token, storage);
      } catch (error) {
        await this.settings.update((s) => {
          s.profiles = s.profiles.filter((p) => p.id !== profile.id);
        });
        throw error;
      }
    }
    this.events.emit('profiles:changed', {});
    return this.view(profile);
  }

  async update(profileId: string, patch: Partial<ProfileInput>): Promise<ProfileView> {
    const current = await this.session.profile(profileId);
    const kind = patch.kind ?? current.kind;
    const next: StoredProfile = {
      ...current,
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      kind,
      baseUrl: normalise(patch.baseUrl ?? current.baseUrl, kind),
      actingUserId: kind === 'self-hosted' ? (patch.actingUserId === undefined ? current.actingUserId : patch.actingUserId) : null,
    };
    await this.settings.update((s) => {
      s.profiles = s.profiles.map((p) => (p.id === profileId ? next : p));
    });
    if (next.baseUrl !== current.baseUrl || next.actingUserId !== current.actingUserId || next.kind !== current.kind) {
      this.session.profileChanged(profileId);
    }
    this.events.emit('profiles:changed', {});
    return this.view(next);
  }

  async delete(profileId: string): Promise<void> {
    await this.session.profile(profileId);
    this.session.profileChanged(profileId);
    await this.vault.clear(profileId);
    await this.settings.update((s) => {
      s.profiles = s.profiles.filter((p) => p.id !== profileId);
      if (s.preferences.lastProfileId === profileId) s.preferences.lastProfileId = null;
    });
    this.events.emit('profiles:changed', {});
  }

  async setToken(profileId: string, token: string, storage: TokenStorage): Promise<ProfileView> {
    const profile = await this.session.profile(profileId);
    await this.vault.set(profileId, token, storage);
    this.session.profileChanged(profileId);
    this.events.emit('profiles:changed', {});
    return this.view(profile);
  }

  async clearToken(profileId: string): Promise<ProfileView> {
    const profile = await this.session.profile(profileId);
    await this.vault.clear(profileId);
    this.session.profileChanged(profileId);
    this.events.emit('profiles:changed', {});
    return this.view(profile);
  }
}

function normalise(raw: string, kind: ProfileKind): string {
  const checked = checkBaseUrl(raw);
  if (!checked.ok) throw new AppFailure('invalid_argument', checked.detail, 'Fix the server URL.');
  // Plain http never leaves this machine on a loopback address (a local proxy or tunnel in front
  // of the Cloud, or a stand-in for it), so only there is it allowed for a Cloud profile.
  if (kind === 'cloud' && !checked.url.startsWith('https://') && !isLoopback(checked.url)) {
    throw new AppFailure('invalid_argument', 'Letta Cloud is reached over https only.', 'Use https://api.letta.com.');
  }
  return checked.url;
}

function isLoopback(url: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(new URL(url).hostname);
}
