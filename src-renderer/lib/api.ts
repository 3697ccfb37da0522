/**
 * The renderer's only door to the app core, and the only module that touches `window.api`.
 * It picks the transport (Electron's preload, or the web shell's WebSocket), builds the typed API
 * from the contract, and turns `{ok:false}` results back into ApiError exceptions.
 *
 *   const agents = await api.agents.list({ limit: 50 });
 *   const stop = onEvent('agents:changed', () => refresh());
 */
import type { Api, EventPayload, WindowApi } from '../../src-shared/ipc/api-types';
import { CHANNEL_NAMES, type ChannelName, type EventName } from '../../src-shared/ipc/contract';
import { buildApi, methodName } from '../../src-shared/ipc/define';
import type { AppError, ErrorCode, Result } from '../../src-shared/result';
import type { Transport } from './transport';
import { createWebTransport } from './transport-web';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly status: number | undefined;

  constructor(error: AppError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.hint = error.hint;
    this.status = error.status;
  }
}

/** Any thrown value as an ApiError, for state classes that show errors. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({ code: 'internal', message: error instanceof Error ? error.message : String(error) });
}

function preloadTransport(windowApi: WindowApi): Transport {
  const methods = windowApi as unknown as Record<string, Record<string, (args: unknown) => Promise<Result<unknown>>>>;
  return {
    kind: 'electron',
    invoke: (channel: ChannelName, args: unknown) => {
      const { domain, method } = methodName(channel);
      return methods[domain]![method]!(args);
    },
    on: (event, listener) => windowApi.events.on(event, listener as never),
  };
}

const windowApi = (globalThis as { api?: WindowApi }).api;
const transport: Transport = windowApi ? preloadTransport(windowApi) : createWebTransport();

/** Which shell the renderer runs in (for the odd difference, like opening links). */
export const shell: Transport['kind'] = transport.kind;

export const api: Api = buildApi<Api>(CHANNEL_NAMES, async (channel, args) => {
  const reply = await transport.invoke(channel as ChannelName, args);
  if (reply.ok) return reply.value;
  throw new ApiError(reply.error);
});

export function onEvent<N extends EventName>(event: N, listener: (payload: EventPayload<N>) => void): () => void {
  return transport.on(event, listener as (payload: unknown) => void);
}
