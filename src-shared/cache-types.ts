/**
 * What the offline cache, its search and the sync engine tell the renderer: plain data shapes,
 * shared by the contract (src-shared/ipc/contract.ts) and main's cache and search services.
 */

export interface MessageSearchHit {
  profileId: string;
  /** The saved profile's name, or null when the profile was removed but its rows remain. */
  profileName: string | null;
  /** True when the hit belongs to the profile the app is connected to (it can be opened). */
  activeProfile: boolean;
  agentId: string;
  agentName: string | null;
  messageId: string;
  /** The server's `message_type`. */
  kind: string;
  /** ISO time. */
  date: string;
  /** Plain text around the match; `highlights` are `[start, end)` ranges of it that matched. */
  snippet: string;
  highlights: [number, number][];
}

export interface MessageSearchPage {
  hits: MessageSearchHit[];
  /** Newest first: pass as `cursor` for older hits; null at the end (and always for relevance). */
  next: number | null;
  /** Relevance: only the newest matches were ranked (a very common word). */
  capped: boolean;
}

export interface BlockHistoryEntry {
  value: string;
  /** ISO time the value was seen (or, when a memory tool call accounts for it, made). */
  at: string;
  stepId?: string;
  runId?: string;
}

export interface BlockHistoryPage {
  snapshots: BlockHistoryEntry[];
  /** Pass as `before` for older snapshots; null at the end. */
  next: number | null;
}

export type Reachability = 'unknown' | 'online' | 'offline';

export interface OfflineInfo {
  reachability: Reachability;
  /** ISO time the server stopped answering (null while online). */
  since: string | null;
  /** ISO time the last complete sync of this profile finished. */
  lastSyncAt: string | null;
  /** Why it is offline, in words. */
  reason: string | null;
  syncing: boolean;
  /** ISO time of the next reconnect attempt while offline. */
  nextAttemptAt: string | null;
}

export interface CacheStatus {
  /** Null when no cache is open (not connected). */
  profileId: string | null;
  path: string | null;
  sizeBytes: number;
  counts: { agents: number; messages: number; blocks: number };
  agents: { agentId: string; name: string | null; messages: number; lastSyncAt: string | null }[];
  connectivity: OfflineInfo;
  /** Shown once: the cache file was damaged, moved aside and rebuilt. */
  notice: { kind: 'rebuilt'; message: string; movedTo: string | null } | null;
}

export interface SyncProgressEvent {
  profileId: string;
  phase: 'agents' | 'messages' | 'blocks' | 'runs' | 'steps';
  done: number;
  total: number | null;
  agentId?: string;
  fetched?: number;
}
