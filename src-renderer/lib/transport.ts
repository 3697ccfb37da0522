/**
 * How the renderer reaches the app core. Two implementations of one small interface: the
 * Electron preload's `window.api` (IPC) and the web shell's WebSocket. Only lib/api.ts picks
 * one and uses it; nothing else in the renderer knows which shell it runs in.
 */
import type { ChannelName, EventName } from '../../src-shared/ipc/contract';
import type { Result } from '../../src-shared/result';

export interface Transport {
  readonly kind: 'electron' | 'web';
  invoke(channel: ChannelName, args: unknown): Promise<Result<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}
