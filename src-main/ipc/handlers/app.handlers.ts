import type { HandlerFactory } from './types.js';

export const appHandlers: HandlerFactory<'app' | 'settings' | 'profiles' | 'secrets' | 'connection'> = (s) => ({
  'app:get-info': async () => s.settings.info(),
  'app:open-external': async ({ url }) => s.settings.openExternal(url),

  'settings:get': async () => s.settings.get(),
  'settings:update': async ({ patch }) => s.settings.update(patch),

  'profiles:list': async () => s.profiles.list(),
  'profiles:create': async (args) => s.profiles.create(args),
  'profiles:update': async ({ profileId, ...patch }) => s.profiles.update(profileId, patch),
  'profiles:delete': async ({ profileId }) => s.profiles.delete(profileId),
  'profiles:set-token': async ({ profileId, token, storage }) => s.profiles.setToken(profileId, token, storage),
  'profiles:clear-token': async ({ profileId }) => s.profiles.clearToken(profileId),
  'secrets:get-status': async () => s.vault.status(),

  'connection:get-status': async () => s.session.status(),
  'connection:connect': async ({ profileId }) => s.session.connect(profileId),
  'connection:disconnect': async () => {
    // An explicit disconnect also means "do not reconnect by yourself next time".
    await s.settings.update({ lastProfileId: null });
    return s.session.disconnect();
  },
  'connection:diagnose': async ({ profileId }) => s.session.diagnose(profileId),
});
