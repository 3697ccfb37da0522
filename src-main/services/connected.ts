import type { LettaClient } from '../letta/index.js';
import type { EventBus } from './events.js';
import type { Session } from './session.js';

/** Base of the services that talk to the server: they share the session's client and the event bus. */
export abstract class ConnectedService {
  constructor(
    protected readonly session: Session,
    protected readonly events: EventBus,
  ) {}

  /** The active profile's client; throws `not_connected` when there is none. */
  protected get client(): LettaClient {
    return this.session.client();
  }
}
