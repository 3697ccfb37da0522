/** Every service the IPC handlers may call, as one object built by the composition root. */
import type { TokenVault } from '../secrets/token-vault.js';
import type { AgentsService } from './agents.service.js';
import type { CacheReadsService } from './cache-reads.service.js';
import type { CacheService } from './cache.service.js';
import type { ChatService } from './chat.service.js';
import type { CloudService } from './cloud.service.js';
import type { GroupsService } from './groups.service.js';
import type { IdentitiesService } from './identities.service.js';
import type { MemoryService } from './memory.service.js';
import type { ModelsService } from './models.service.js';
import type { ProfilesService } from './profiles.service.js';
import type { RunsService } from './runs.service.js';
import type { SearchService } from './search.service.js';
import type { Session } from './session.js';
import type { SettingsService } from './settings.service.js';
import type { SourcesService } from './sources.service.js';
import type { ToolsService } from './tools.service.js';
import type { VoiceService } from './voice.service.js';

export interface Services {
  settings: SettingsService;
  profiles: ProfilesService;
  vault: TokenVault;
  session: Session;
  agents: AgentsService;
  chat: ChatService;
  memory: MemoryService;
  tools: ToolsService;
  sources: SourcesService;
  groups: GroupsService;
  identities: IdentitiesService;
  models: ModelsService;
  runs: RunsService;
  voice: VoiceService;
  /** Letta Cloud's templates, projects, access tokens and deployed-agent routes. */
  cloud: CloudService;
  /** The offline cache, its sync engine, and the reads that fall back to it. */
  cache: CacheService;
  cacheReads: CacheReadsService;
  search: SearchService;
}
