/**
 * The app core's push events. Services emit; each shell subscribes once and forwards to its
 * renderer (webContents.send / WebSocket frames). Events only say what changed; the renderer
 * refetches through a channel. Every payload passes the secret mask here, the one place both
 * shells' events go through. Listener failures are contained: one broken window must not stop
 * the others from hearing about a change.
 */
import type { EventName } from '../../src-shared/ipc/contract.js';
import type { EventPayload } from '../../src-shared/ipc/api-types.js';
import { maskSecretsDeep } from '../secrets/secret-registry.js';

export type AnyEventListener = (event: EventName, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Set<AnyEventListener>();

  emit<N extends EventName>(event: N, payload: EventPayload<N>): void {
    // Stream chunks carry server text, which can echo a token back; mask before any shell sees it.
    const safe = maskSecretsDeep(payload);
    for (const listener of [...this.listeners]) {
      try {
        listener(event, safe);
      } catch {
        // A transport that went away; it unsubscribes itself on close.
      }
    }
  }

  subscribe(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
