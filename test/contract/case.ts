import type { LettaClient } from '../../src-main/letta/client.js';
import type { OperationId } from '../../src-main/letta/core/routes.js';

/**
 * One contract case per operation: how a screen would call the client. The contract test runs
 * `call` against a local HTTP server that records the request (validated against the spec's
 * parameters and request body) and answers with a response that conforms to the spec's 200
 * schema (or `response`/`sse` when given), then checks the client decoded it.
 */
export interface ContractCase {
  operationId: OperationId;
  /** Must consume the result completely (for streams: iterate to the end). */
  call: (client: LettaClient) => Promise<unknown>;
  /** The SSE body to answer with, for streaming operations. */
  sse?: string;
  /** A response body to send instead of the generated sample (e.g. where the spec's schema is empty). */
  response?: unknown;
  /** Response status to send (default: the first 2xx the spec lists). */
  status?: number;
  /** Extra assertions on what `call` returned. */
  check?: (result: unknown) => void;
}

/** Drains any async iterable, for stream cases. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
