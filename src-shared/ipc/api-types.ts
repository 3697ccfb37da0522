/**
 * The API shapes derived from the contract: what the preload exposes as `window.api`, what the
 * web transport implements, and what lib/api.ts hands the rest of the renderer.
 */
import type { ApiOf, EventsOf, HandlersFor, PayloadOf } from './define.js';
import type { Contract, EventName, Events } from './contract.js';

/** Every channel as a method returning the `Result` that crossed the boundary. */
export type RawApi = ApiOf<Contract, 'raw'>;
/** Every channel as a method returning the value (failures thrown as ApiError by lib/api.ts). */
export type Api = ApiOf<Contract, 'value'>;

/** `window.api` in the Electron shell (built by the preload); the web transport mirrors it. */
export type WindowApi = RawApi & { events: EventsOf<Events> };

export type EventPayload<N extends EventName> = PayloadOf<Events[N]>;

/** What main implements; `Ctx` is the shell's description of who called. */
export type ContractHandlers<Ctx> = HandlersFor<Contract, Ctx>;
