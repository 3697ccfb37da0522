/**
 * The streamed replies in flight, by the request id the renderer chose. One registry for chat
 * and voice, so "Stop" and quitting the app (or switching server) cancel every kind alike.
 */
import { AppFailure } from './errors.js';

export class StreamRegistry {
  private readonly running = new Map<string, AbortController>();

  /** Reserves a request id; a second stream with the same id is refused, not merged. */
  open(requestId: string): AbortController {
    if (this.running.has(requestId)) {
      throw new AppFailure('request_in_progress', 'A reply with this request id is already streaming.', 'Use a new request id per message.');
    }
    const controller = new AbortController();
    this.running.set(requestId, controller);
    return controller;
  }

  close(requestId: string): void {
    this.running.delete(requestId);
  }

  cancel(requestId: string): boolean {
    const controller = this.running.get(requestId);
    if (!controller) return false;
    controller.abort();
    this.running.delete(requestId);
    return true;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  get size(): number {
    return this.running.size;
  }
}
