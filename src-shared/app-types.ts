/**
 * The app's own data shapes that cross the IPC boundary (profiles, connection, diagnostics,
 * settings, stream chunks). Letta's wire types come from ./letta-types.
 */
import type { AppError, ErrorCode } from './result.js';
import type { LettaMessage, LettaUsageStatistics } from './letta-types.js';

export type ProfileKind = 'cloud' | 'self-hosted';

/** Where a profile's token lives. `session`: in main-process memory until the app quits. */
export type TokenStorage = 'keychain' | 'session';

/** What the renderer may know about a token: whether one is set and where, never its value. */
export interface TokenState {
  set: boolean;
  storage: TokenStorage | null;
}

export interface ProfileView {
  id: string;
  name: string;
  baseUrl: string;
  kind: ProfileKind;
  /** Self-hosted servers only: the user the app acts as (`user_id` header). */
  actingUserId: string | null;
  token: TokenState;
  createdAt: string;
}

export interface KeychainStatus {
  available: boolean;
  /** Why not, in words (e.g. "no Secret Service on the session bus"). */
  reason: string | null;
}

export type ConnectionStatus =
  | { state: 'disconnected' }
  | {
      state: 'connected';
      profileId: string;
      profileName: string;
      /** Letta Cloud shows the Cloud-only screens; a self-hosted server does not have those routes. */
      kind: 'cloud' | 'self-hosted';
      baseUrl: string;
      serverVersion: string;
      latencyMs: number;
      connectedAt: string;
    };

export type DoctorCheckId = 'url' | 'reach' | 'health' | 'auth';

export interface DoctorCheck {
  id: DoctorCheckId;
  status: 'ok' | 'failed' | 'skipped';
  /** The URL that was tried (never with credentials). */
  url: string | null;
  /** What was found, naming the URL when it failed. */
  detail: string;
  /** What to do about a failure. */
  hint: string | null;
  /** The error code a failure corresponds to (what connecting would report). */
  code: ErrorCode | null;
  latencyMs: number | null;
}

export interface DoctorReport {
  ok: boolean;
  baseUrl: string;
  serverVersion: string | null;
  /** Round trip of the health check. */
  latencyMs: number | null;
  checks: DoctorCheck[];
  /** The first failure's explanation, for a one-line summary. */
  problem: string | null;
}

export type Theme = 'system' | 'light' | 'dark';

export interface AppSettings {
  theme: Theme;
  /** Enter sends, Shift+Enter adds a line (false: Ctrl/Cmd+Enter sends). */
  sendOnEnter: boolean;
  /** Ask the server for token-by-token streaming instead of one event per message. */
  streamTokens: boolean;
  /**
   * Stream replies as they are made (false: wait for the whole turn and show it at once, for
   * servers behind proxies that hold back or break server-sent events).
   */
  streamReplies: boolean;
  /** The profile to connect to at start-up. */
  lastProfileId: string | null;
}

export interface AppInfo {
  name: string;
  version: string;
  shell: 'electron' | 'web';
  platform: string;
}

/** One piece of a streamed agent (or group) turn, keyed by the request id the renderer chose. */
export type ChatStreamChunk =
  | { type: 'message'; message: LettaMessage }
  | { type: 'usage'; usage: LettaUsageStatistics }
  | { type: 'done' }
  | { type: 'cancelled' }
  | { type: 'error'; error: AppError };

/** One piece of a voice turn (transcript, reply text, spoken sentences), see src-shared/voice/voice-chunks.ts. */
export type { VoiceTurnChunk as VoiceStreamChunk } from './voice/voice-chunks.js';

/** A provider as the renderer sees it: whether it has a key, never the key. */
export interface ProviderView {
  id: string | null;
  name: string;
  provider_type: string;
  provider_category: string;
  base_url: string | null;
  has_api_key: boolean;
  updated_at: string | null;
}
