import type { ChannelName } from '../../../src-shared/ipc/contract.js';
import type { Handlers } from '../router.js';
import type { Services } from '../../services/index.js';

/** The handlers of some domains; the full map is assembled (and completeness checked) in ./index.ts. */
export type HandlersIn<D extends string> = Pick<Handlers, Extract<ChannelName, `${D}:${string}`>>;

export type HandlerFactory<D extends string> = (services: Services) => HandlersIn<D>;
