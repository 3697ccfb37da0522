/** Preferences, app facts, and opening links outside the app. */
import type { AppInfo, AppSettings } from '../../src-shared/app-types.js';
import type { SettingsFile, WindowState } from '../settings/settings-file.js';
import type { EventBus } from './events.js';

export interface AppFacts {
  version: string;
  shell: AppInfo['shell'];
  platform: string;
}

/** Opens a URL outside the app; false when the shell cannot (the web shell leaves it to the browser). */
export type ExternalOpener = (url: string) => Promise<boolean>;

export class SettingsService {
  constructor(
    private readonly settings: SettingsFile,
    private readonly events: EventBus,
    private readonly facts: AppFacts,
    private readonly openExternalUrl: ExternalOpener,
  ) {}

  async get(): Promise<AppSettings> {
    return { ...(await this.settings.read()).preferences };
  }

  async update(patch: Partial<AppSettings>): Promise<AppSettings> {
    const next = await this.settings.update((s) => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) (s.preferences as Record<string, unknown>)[key] = value;
      }
    });
    this.events.emit('settings:changed', {});
    return { ...next.preferences };
  }

  info(): AppInfo {
    return { name: 'Letta Desk', ...this.facts };
  }

  /** https only: anything else could launch a local program or file through the OS handler. */
  async openExternal(url: string): Promise<{ opened: boolean }> {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') return { opened: false };
    return { opened: await this.openExternalUrl(parsed.toString()) };
  }

  /** For the Electron shell (not a channel): the window's last bounds. */
  async windowState(): Promise<WindowState | null> {
    return (await this.settings.read()).window;
  }

  async saveWindowState(state: WindowState): Promise<void> {
    await this.settings.update((s) => {
      s.window = state;
    });
  }
}
