/**
 * The frames of the web shell's WebSocket, which carries the same contract as Electron IPC:
 * the renderer sends calls, the shell answers each with the Result the router produced and pushes
 * events. JSON text frames only.
 */
import type { Result } from '../result.js';

export const WEB_SOCKET_PATH = '/ipc';

export interface CallFrame {
  t: 'call';
  /** Chosen by the renderer; echoed in the reply. */
  id: number;
  channel: string;
  args: unknown;
}

export type ServerFrame =
  | { t: 'reply'; id: number; reply: Result<unknown> }
  | { t: 'event'; event: string; payload: unknown }
  /** A frame the shell could not read at all (not JSON, not a call); there is no id to answer. */
  | { t: 'error'; message: string };
