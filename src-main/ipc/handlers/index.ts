/**
 * The complete handler map. Typed as `Handlers` (= HandlersFor<Contract>), so a channel added to
 * the contract without a handler, or a handler for a channel that does not exist, does not compile.
 */
import type { Services } from '../../services/index.js';
import type { Handlers } from '../router.js';
import { agentHandlers } from './agents.handlers.js';
import { appHandlers } from './app.handlers.js';
import { cacheHandlers } from './cache.handlers.js';
import { cloudHandlers } from './cloud.handlers.js';
import { dataHandlers } from './data.handlers.js';
import { memoryHandlers } from './memory.handlers.js';
import { runHandlers } from './runs.handlers.js';
import { toolHandlers } from './tools.handlers.js';
import { voiceHandlers } from './voice.handlers.js';

export function createHandlers(services: Services): Handlers {
  const handlers = {
    ...appHandlers(services),
    ...agentHandlers(services),
    ...memoryHandlers(services),
    ...toolHandlers(services),
    ...dataHandlers(services),
    ...runHandlers(services),
    ...cacheHandlers(services),
    ...cloudHandlers(services),
    ...voiceHandlers(services),
  } satisfies Handlers;
  return handlers;
}
