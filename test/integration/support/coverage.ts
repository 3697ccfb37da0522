/**
 * What the integration suite proved about each operation. Every call made through `testClient()`
 * is recorded (operation, status, error family — never a body or header) as a JSON line in the
 * file the global setup provides; a test that asserts a real limitation of the offline server
 * (batches without Anthropic, Composio without its cloud, Cloud-only routes) records that too.
 * The global teardown turns the records into the table of all operations.
 */
import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';
import { LettaClient } from '../../../src-main/letta/client.js';
import type { ClientOptions } from '../../../src-main/letta/core/http.js';
import type { OperationId } from '../../../src-main/letta/core/routes.js';
import { LettaApiError } from '../../../src-main/letta/core/errors.js';

export interface CoverageRecord {
  operationId: string;
  status?: number;
  errorCode?: string;
  /** Set when a test asserted the server's real refusal, with why it refuses. */
  limitation?: string;
  test?: string;
}

function record(entry: CoverageRecord): void {
  const file = inject('coverageFile');
  if (file) appendFileSync(file, JSON.stringify(entry) + '\n');
}

/** A client for the harness's real server that records every call for the coverage table. */
export function testClient(options: ClientOptions = {}): LettaClient {
  return new LettaClient({
    baseUrl: inject('lettaUrl'),
    ...options,
    observer: (e) => {
      record({ operationId: e.operationId, ...(e.status !== undefined ? { status: e.status } : {}), ...(e.errorCode ? { errorCode: e.errorCode } : {}) });
      options.observer?.(e);
    },
  });
}

/**
 * Asserts that `call` fails with the server's real answer (a LettaApiError with `status`) and
 * records it as a limitation of the offline server, with the reason. Returns the error so the
 * test can assert its message.
 */
export async function expectServerRefusal(
  operationId: OperationId,
  status: number | number[],
  reason: string,
  call: () => Promise<unknown>,
): Promise<LettaApiError> {
  let caught: unknown;
  try {
    await call();
  } catch (err) {
    caught = err;
  }
  if (!(caught instanceof LettaApiError)) {
    throw new Error(`${operationId}: expected the server to refuse with ${String(status)}, got ${caught ? String(caught) : 'success'}`);
  }
  const allowed = Array.isArray(status) ? status : [status];
  if (!allowed.includes(caught.status)) {
    throw new Error(`${operationId}: expected status ${allowed.join('/')}, got ${caught.status}: ${caught.message}`);
  }
  record({ operationId, status: caught.status, limitation: reason });
  return caught;
}
