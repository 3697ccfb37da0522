/**
 * How a chat's next turn should arrive, from the preferences (read at each send, a local read, so
 * a change in Preferences applies to the very next turn). Unreadable preferences mean streaming.
 */
import type { AppSettings } from '../../../src-shared/app-types';

export interface StreamingChoice {
  streamTokens: boolean;
  /** False: one request that waits for the whole turn. */
  streamReplies: boolean;
}

export async function streamingChoice(read: () => Promise<AppSettings>): Promise<StreamingChoice> {
  try {
    const { streamTokens, streamReplies } = await read();
    return { streamTokens, streamReplies };
  } catch {
    return { streamTokens: true, streamReplies: true };
  }
}
