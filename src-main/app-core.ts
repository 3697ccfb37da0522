/**
 * The composition root of the main process: builds the settings file, the token vault, the
 * session, every service and the handler map from a few injected pieces (data directory,
 * credential store, logger, what the shell can do). Both shells call this and differ only in how
 * calls and events travel; tests call it with a temp dir and an in-memory credential store.
 */
import { withOfflineCache } from './ipc/handlers/cache.handlers.js';
import { createHandlers } from './ipc/handlers/index.js';
import { IpcRouter, type Handlers } from './ipc/router.js';
import type { SenderPolicy } from './ipc/sender.js';
import type { Logger } from './log.js';
import type { CredentialStore } from './secrets/credential-store.js';
import { TokenVault } from './secrets/token-vault.js';
import { AgentsService } from './services/agents.service.js';
import { join } from 'node:path';
import { CacheReadsService } from './services/cache-reads.service.js';
import { CacheService, type CacheServiceOptions } from './services/cache.service.js';
import { ChatService } from './services/chat.service.js';
import { EventBus } from './services/events.js';
import { GroupsService } from './services/groups.service.js';
import { IdentitiesService } from './services/identities.service.js';
import type { Services } from './services/index.js';
import { MemoryService } from './services/memory.service.js';
import { ModelsService } from './services/models.service.js';
import { ProfilesService } from './services/profiles.service.js';
import { RunsService } from './services/runs.service.js';
import { SearchService } from './services/search.service.js';
import { Session, type SessionOptions } from './services/session.js';
import { SettingsService, type AppFacts, type ExternalOpener } from './services/settings.service.js';
import { SourcesService } from './services/sources.service.js';
import { StreamRegistry } from './services/streams.js';
import { ToolsService } from './services/tools.service.js';
import { VoiceService, type VoiceServiceOptions } from './services/voice.service.js';
import { CloudService } from './services/cloud.service.js';
import { SettingsFile } from './settings/settings-file.js';

export interface AppCoreOptions {
  /** Where settings.json lives (the Electron userData dir, or the web shell's --data-dir). */
  dataDir: string;
  credentials: CredentialStore;
  log: Logger;
  facts: AppFacts;
  /** How this shell opens a link in the OS browser (the web shell cannot; the renderer does). */
  openExternal?: ExternalOpener;
  session?: SessionOptions;
  /** Where the offline cache lives (default `<dataDir>/cache.sqlite`; ':memory:' in tests), and engine settings for tests. */
  cache?: Partial<Pick<CacheServiceOptions, 'path' | 'engine' | 'sourceFor'>>;
  /**
   * Voice: where local speech models live (default `LETTA_DESK_VOICE_MODELS_DIR`, else
   * `<dataDir>/voice-models`), and engine settings for tests.
   */
  voice?: Partial<Pick<VoiceServiceOptions, 'modelsDir' | 'modelStore' | 'catalog' | 'whisper' | 'transportFor'>>;
}

export interface AppCore {
  services: Services;
  events: EventBus;
  handlers: Handlers;
  /** A router that trusts what this shell's policy trusts. */
  createRouter(policy: SenderPolicy): IpcRouter;
  /** Stops running streams and syncs, drops the connection and closes the cache (app quit). */
  dispose(): void;
}

export function createAppCore(options: AppCoreOptions): AppCore {
  const log = options.log;
  const events = new EventBus();
  const settingsFile = new SettingsFile(options.dataDir, log.child('settings'));
  const vault = new TokenVault(options.credentials);
  const session = new Session(settingsFile, vault, events, log.child('session'), options.session);
  const streams = new StreamRegistry();
  // A stream started on one server must not keep feeding the UI after switching to another.
  session.onDisconnect(() => streams.cancelAll());

  // Opened on the first connect, and syncing only after the renderer reports its first paint.
  const cache = new CacheService({
    path: join(options.dataDir, 'cache.sqlite'),
    ...options.cache,
    session,
    events,
    log: log.child('cache'),
  });

  const services: Services = {
    settings: new SettingsService(settingsFile, events, options.facts, options.openExternal ?? (async () => false)),
    profiles: new ProfilesService(settingsFile, vault, session, events),
    vault,
    session,
    agents: new AgentsService(session, events),
    chat: new ChatService(session, events, streams, log.child('chat')),
    memory: new MemoryService(session, events),
    tools: new ToolsService(session, events),
    sources: new SourcesService(session, events),
    groups: new GroupsService(session, events, streams, log.child('groups')),
    identities: new IdentitiesService(session, events),
    models: new ModelsService(session, events),
    runs: new RunsService(session, events),
    voice: new VoiceService({
      session,
      events,
      streams,
      log: log.child('voice'),
      settings: settingsFile,
      credentials: options.credentials,
      ...options.voice,
      modelsDir: options.voice?.modelsDir ?? voiceModelsDir(options.dataDir),
    }),
    cloud: new CloudService(session, events),
    cache,
    cacheReads: new CacheReadsService(cache),
    search: new SearchService(cache, settingsFile),
  };
  // Reads fall back to the cache and writes are refused while the server is unreachable.
  const handlers = withOfflineCache(createHandlers(services), services);

  return {
    services,
    events,
    handlers,
    createRouter: (policy) => new IpcRouter(handlers, policy, log.child('ipc')),
    dispose: () => {
      streams.cancelAll();
      services.voice.dispose();
      session.disconnect();
      cache.dispose();
    },
  };
}

/** Tests and the end-to-end web shell point this at a folder with the model already installed. */
function voiceModelsDir(dataDir: string): string {
  return process.env.LETTA_DESK_VOICE_MODELS_DIR || join(dataDir, 'voice-models');
}
