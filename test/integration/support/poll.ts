/**
 * Waiting for server-side background work (file embedding, …) by asking again until the answer
 * is the one wanted or a deadline passes. The pause between asks only paces the polling; the
 * condition, not the clock, decides when the test goes on.
 */
export interface PollOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** Pause between two asks (default 100 ms). */
  intervalMs?: number;
}

/**
 * Calls `read` until `done(value)` holds and returns that value; on timeout throws with `what`
 * and the last value seen, so a stuck job shows its last status.
 */
export async function pollUntil<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, options: PollOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const interval = options.intervalMs ?? 100;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() >= deadline) throw new Error(`${what}: not reached within ${options.timeoutMs ?? 30_000} ms; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
