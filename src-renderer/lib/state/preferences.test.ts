import { describe, expect, it, vi } from 'vitest';
import type { AppSettings } from '../../../src-shared/app-types';
import { isSendKey, sendHint } from '../compose-keys';
import { DEFAULT_PREFERENCES, PreferencesState, type PreferencesDeps } from './preferences.svelte';

function harness(stored: Partial<AppSettings> = {}) {
  let value: AppSettings = { ...DEFAULT_PREFERENCES, ...stored };
  const listeners = new Set<() => void>();
  const root = document.createElement('html');
  const settings = {
    get: vi.fn(async () => value),
    update: vi.fn(async ({ patch }: { patch: Partial<AppSettings> }) => (value = { ...value, ...patch })),
  };
  const deps: PreferencesDeps = {
    api: { settings: settings as unknown as PreferencesDeps['api']['settings'] },
    onEvent: ((_event: string, listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }) as unknown as PreferencesDeps['onEvent'],
    root: () => root,
  };
  return { deps, settings, root, changeElsewhere: (patch: Partial<AppSettings>) => ((value = { ...value, ...patch }), listeners.forEach((l) => l())) };
}

describe('PreferencesState', () => {
  it('applies the stored theme to the document, and follows a change made elsewhere', async () => {
    const h = harness({ theme: 'dark' });
    const prefs = new PreferencesState(h.deps);
    prefs.start();
    await prefs.ready();
    expect(h.root.dataset.theme).toBe('dark');
    h.changeElsewhere({ theme: 'system' });
    await vi.waitFor(() => expect(h.root.dataset.theme).toBeUndefined());
    expect(prefs.value.theme).toBe('system');
  });

  it('saves one choice at a time and keeps the defaults when the file cannot be read', async () => {
    const h = harness();
    h.settings.get.mockRejectedValueOnce(new Error('settings.json is damaged'));
    const prefs = new PreferencesState(h.deps);
    expect((await prefs.ready()).streamReplies).toBe(true);
    expect(prefs.loadError).not.toBeNull();
    expect(await prefs.update({ streamReplies: false })).toBe(true);
    expect(h.settings.update).toHaveBeenCalledWith({ patch: { streamReplies: false } });
    expect(prefs.value.streamReplies).toBe(false);
  });
});

describe('isSendKey', () => {
  const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', { key: 'Enter', ...init });
  it('Enter sends by default, Shift+Enter is a new line', () => {
    expect(isSendKey(key({}), true)).toBe(true);
    expect(isSendKey(key({ shiftKey: true }), true)).toBe(false);
    expect(isSendKey(key({ ctrlKey: true }), true)).toBe(false);
    expect(sendHint(true)).toBe('Enter sends · Shift+Enter new line');
  });
  it('with "Enter sends" off, only Ctrl/Cmd+Enter sends', () => {
    expect(isSendKey(key({}), false)).toBe(false);
    expect(isSendKey(key({ ctrlKey: true }), false)).toBe(true);
    expect(isSendKey(key({ metaKey: true }), false)).toBe(true);
    expect(isSendKey(new KeyboardEvent('keydown', { key: 'a', ctrlKey: true }), false)).toBe(false);
    expect(sendHint(false)).toMatch(/Enter sends · Enter new line$/);
  });
});
