/**
 * Searching everything the cache holds, online or not: the FTS5 index of every profile's
 * messages (see db/repos/search.repo.ts), scoped to all servers, the connected one or one agent,
 * with the names the list shows (agent from the cache, profile from the settings file).
 */
import type { MessageSearchHit, MessageSearchPage } from '../../src-shared/cache-types.js';
import type { SettingsFile } from '../settings/settings-file.js';
import type { CacheService } from './cache.service.js';
import { AppFailure } from './errors.js';

export interface MessageSearchQuery {
  query: string;
  scope?: 'all' | 'profile' | 'agent' | undefined;
  agentId?: string | undefined;
  order?: 'newest' | 'relevance' | undefined;
  cursor?: number | undefined;
  limit?: number | undefined;
  prefix?: boolean | undefined;
}

export class SearchService {
  constructor(
    private readonly cache: CacheService,
    private readonly settings: Pick<SettingsFile, 'read'>,
  ) {}

  async messages(q: MessageSearchQuery): Promise<MessageSearchPage> {
    const scope = q.scope ?? 'all';
    const active = this.cache.activeProfileId;
    if (scope !== 'all' && active === null) {
      throw new AppFailure('not_connected', 'Not connected to a Letta server.', 'Search "All servers" instead, or connect first.');
    }
    if (scope === 'agent' && !q.agentId) throw new AppFailure('invalid_argument', 'An agent search needs the agent.');
    const limit = q.limit ?? 30;
    const order = q.order ?? 'newest';
    const result = this.cache.repos().search.search(q.query, {
      order,
      limit,
      prefix: q.prefix ?? true,
      ...(scope !== 'all' && active !== null ? { profileId: active } : {}),
      ...(scope === 'agent' && q.agentId ? { agentId: q.agentId } : {}),
      ...(q.cursor !== undefined && order === 'newest' ? { before: q.cursor } : {}),
    });

    const profileNames = new Map((await this.settings.read()).profiles.map((p) => [p.id, p.name] as const));
    const repos = this.cache.repos();
    const agentNames = new Map<string, string | null>();
    const hits: MessageSearchHit[] = result.hits.map((hit) => {
      const key = `${hit.profileId}\u0000${hit.agentId}`;
      if (!agentNames.has(key)) agentNames.set(key, repos.agents.get(hit.profileId, hit.agentId)?.name ?? null);
      return {
        profileId: hit.profileId,
        profileName: profileNames.get(hit.profileId) ?? null,
        activeProfile: hit.profileId === active,
        agentId: hit.agentId,
        agentName: agentNames.get(key) ?? null,
        messageId: hit.messageId,
        kind: hit.kind,
        date: hit.date,
        snippet: hit.snippet,
        highlights: hit.highlights,
      };
    });
    const last = result.hits[result.hits.length - 1];
    return { hits, next: order === 'newest' && result.hits.length === limit && last ? last.position : null, capped: result.capped };
  }
}
