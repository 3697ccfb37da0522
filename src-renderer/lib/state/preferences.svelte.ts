/**
 * The app's preferences (theme, how Enter behaves, how replies stream), read once at start-up and
 * again whenever they change (`settings:changed`, from this window or another shell). One
 * instance for the whole renderer, `preferences`, so the composer, the chats and the dialog read
 * the same values; the theme is applied to the document here (`html[data-theme]`).
 */
import type { AppSettings, Theme } from '../../../src-shared/app-types';
import type { Api } from '../../../src-shared/ipc/api-types';
import { api, onEvent, type ApiError } from '../api';
import { Mutation } from './loadable.svelte';

export const DEFAULT_PREFERENCES: AppSettings = { theme: 'system', sendOnEnter: true, streamTokens: true, streamReplies: true, lastProfileId: null };

export interface PreferencesDeps {
  api: { settings: Pick<Api['settings'], 'get' | 'update'> };
  onEvent: typeof onEvent;
  /** Where the theme goes (the document element in the app). */
  root: () => HTMLElement | null;
}

export class PreferencesState {
  readonly #deps: PreferencesDeps;
  #value = $state.raw<AppSettings>(DEFAULT_PREFERENCES);
  #loaded = $state(false);
  #loadError = $state.raw<ApiError | null>(null);
  readonly mutation = new Mutation();
  #started = false;
  #waiting: Array<() => void> = [];

  constructor(deps: PreferencesDeps = { api, onEvent, root: () => (typeof document === 'undefined' ? null : document.documentElement) }) {
    this.#deps = deps;
  }

  get value(): AppSettings {
    return this.#value;
  }
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Loads them and follows changes; safe to call more than once. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    void this.load();
    this.#deps.onEvent('settings:changed', () => void this.load());
  }

  async load(): Promise<void> {
    try {
      this.#set(await this.#deps.api.settings.get({}));
      this.#loadError = null;
    } catch (error) {
      // The defaults stay in force; the dialog says why its values could not be read.
      this.#loadError = error as ApiError;
    } finally {
      this.#loaded = true;
      this.#waiting.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Resolves once the first load finished (a chat asks before its first send). */
  ready(): Promise<AppSettings> {
    if (this.#loaded) return Promise.resolve(this.#value);
    this.start();
    return new Promise((resolve) => this.#waiting.push(() => resolve(this.#value)));
  }

  get loadError(): ApiError | null {
    return this.#loadError;
  }

  async update(patch: Partial<Omit<AppSettings, 'lastProfileId'>>): Promise<boolean> {
    const next = await this.mutation.run('saving', () => this.#deps.api.settings.update({ patch }));
    if (!next) return false;
    this.#set(next);
    return true;
  }

  #set(value: AppSettings): void {
    this.#value = value;
    applyTheme(this.#deps.root(), value.theme);
  }
}

export function applyTheme(root: HTMLElement | null, theme: Theme): void {
  if (!root) return;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

export const preferences = new PreferencesState();
