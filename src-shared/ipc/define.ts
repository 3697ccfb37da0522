/**
 * The machinery the contract is written in, and every type derived from it. A channel is an
 * argument schema (zod, checked in main) plus a result type (compile-time only); an event is a
 * payload type. Handler maps, `window.api` and the renderer's API are all computed from the one
 * contract object, so adding a channel without its handler, or calling it with the wrong
 * arguments, fails to compile.
 */
import type { z } from 'zod';
import type { Result } from '../result.js';

/** `domain:verb-noun`, lower case. */
export const CHANNEL_NAME = /^[a-z]+:[a-z]+(?:-[a-z]+)*$/;
/** `domain:changed`, or `domain:stream`/`domain:progress` for the few events that must carry data. */
export const EVENT_NAME = /^[a-z]+:(?:changed|stream|progress)$/;

declare const resultType: unique symbol;
declare const payloadType: unique symbol;

export interface ChannelDef<A extends z.ZodType = z.ZodType, R = unknown> {
  readonly args: A;
  /** What the channel is for, in one line (shown in the contract test's listing). */
  readonly doc: string;
  /** Phantom: carries the result type; never present at run time. */
  readonly [resultType]?: R;
}

export interface EventDef<P = unknown> {
  readonly doc: string;
  readonly [payloadType]?: P;
}

/** `channel(schema, 'doc').returns<T>()` */
export function channel<A extends z.ZodType>(args: A, doc: string) {
  return { returns: <R>(): ChannelDef<A, R> => ({ args, doc }) };
}

export function event<P>(doc: string): EventDef<P> {
  return { doc };
}

export type ChannelMap = Record<string, ChannelDef>;
export type EventMap = Record<string, EventDef>;

export type ArgsIn<D> = D extends ChannelDef<infer A, unknown> ? z.input<A> : never;
export type ArgsOut<D> = D extends ChannelDef<infer A, unknown> ? z.output<A> : never;
export type ResultOf<D> = D extends ChannelDef<z.ZodType, infer R> ? R : never;
export type PayloadOf<D> = D extends EventDef<infer P> ? P : never;

/**
 * What main must implement: one async function per channel, taking the parsed arguments.
 * Handlers return plain values or throw; the router turns both into a `Result`.
 */
export type HandlersFor<K extends ChannelMap, Ctx> = {
  [C in keyof K]: (args: ArgsOut<K[C]>, ctx: Ctx) => Promise<ResultOf<K[C]>>;
};

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;
type MethodOf<C> = C extends `${string}:${infer V}` ? Camel<V> : never;

/** A method whose argument may be left out when every field of its schema is optional. */
type Call<In, Out> = {} extends In ? (args?: In) => Promise<Out> : (args: In) => Promise<Out>;

/** `agents:list-messages` → `api.agents.listMessages(args)`; `raw` keeps the Result wrapper. */
export type ApiOf<K extends ChannelMap, Mode extends 'raw' | 'value'> = {
  [D in DomainOf<keyof K>]: {
    [C in keyof K & string as DomainOf<C> extends D ? MethodOf<C> : never]: Call<
      ArgsIn<K[C]>,
      Mode extends 'raw' ? Result<ResultOf<K[C]>> : ResultOf<K[C]>
    >;
  };
};

export type Listener<P> = (payload: P) => void;

export interface EventsOf<E extends EventMap> {
  /** Subscribes; the returned function unsubscribes. */
  on<N extends keyof E & string>(event: N, listener: Listener<PayloadOf<E[N]>>): () => void;
}

/** `verb-noun` → `verbNoun`, the run-time twin of `Camel`. */
export function methodName(channelName: string): { domain: string; method: string } {
  const [domain = '', verb = ''] = channelName.split(':');
  return { domain, method: verb.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) };
}

/**
 * Builds the nested API object (`api.agents.list(...)`) over one generic call function. Used by
 * the preload (over ipcRenderer.invoke), the web transport (over a WebSocket) and lib/api.ts.
 */
export function buildApi<T>(
  channelNames: readonly string[],
  call: (channelName: string, args: unknown) => Promise<unknown>,
): T {
  const api: Record<string, Record<string, (args?: unknown) => Promise<unknown>>> = {};
  for (const name of channelNames) {
    const { domain, method } = methodName(name);
    const group = (api[domain] ??= {});
    // `undefined` would be dropped by JSON on the web transport; send `{}` so both shells see the same.
    group[method] = (args?: unknown) => call(name, args === undefined ? {} : args);
  }
  return api as T;
}
