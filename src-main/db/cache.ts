/**
 * The repositories over one open cache, built once (each prepares its statements once) and
 * handed to the sync engine and the services. `transaction` is how a caller makes several
 * repository calls atomic, e.g. a page of messages together with the cursor that points past it.
 */
import type { Db } from './connection.js';
import { AgentsRepo } from './repos/agents.repo.js';
import { BlocksRepo } from './repos/blocks.repo.js';
import { MessageCursorsRepo } from './repos/message-cursors.repo.js';
import { MessagesRepo } from './repos/messages.repo.js';
import { ProfilesRepo } from './repos/profiles.repo.js';
import { RunsRepo } from './repos/runs.repo.js';
import { Scope } from './repos/scope.js';
import { SearchRepo } from './repos/search.repo.js';
import { StepsRepo } from './repos/steps.repo.js';

export interface CacheRepos {
  readonly profiles: ProfilesRepo;
  readonly agents: AgentsRepo;
  readonly messages: MessagesRepo;
  readonly cursors: MessageCursorsRepo;
  readonly search: SearchRepo;
  readonly runs: RunsRepo;
  readonly steps: StepsRepo;
  readonly blocks: BlocksRepo;
  /** Runs `fn` in one transaction (a savepoint when nested); rolls back if it throws. */
  transaction<T>(fn: () => T): T;
}

export function createRepos(db: Db): CacheRepos {
  const scope = new Scope(db);
  return {
    profiles: new ProfilesRepo(db),
    agents: new AgentsRepo(db, scope),
    messages: new MessagesRepo(db, scope),
    cursors: new MessageCursorsRepo(db, scope),
    search: new SearchRepo(db, scope),
    runs: new RunsRepo(db, scope),
    steps: new StepsRepo(db, scope),
    blocks: new BlocksRepo(db, scope),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
  };
}
