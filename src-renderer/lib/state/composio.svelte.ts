/**
 * The Composio screen: Composio's apps, an app's actions, and registering an action as a Letta
 * tool. All of it goes through the Letta server, which needs COMPOSIO_API_KEY; without one it
 * answers 400 with its own message, which the screen shows as it is ("not set up on this server").
 */
import type { ActionModel, AppModel, Tool } from '../../../src-shared/letta-types';
import { api, type ApiError } from '../api';
import { Loadable, Mutation } from './loadable.svelte';

/** A refusal that means "this server has no Composio key", as opposed to a failure worth retrying. */
export function isNotConfigured(error: ApiError | null): boolean {
  return !!error && error.status === 400 && /composio|api key/i.test(error.message);
}

export class ComposioState {
  readonly apps = new Loadable<AppModel[]>(() => api.composio.listApps({}), []);
  readonly actions = new Loadable<ActionModel[]>(() => {
    const app = this.#selected;
    return app ? api.composio.listActions({ appName: app }) : Promise.resolve([]);
  }, []);
  readonly write = new Mutation();

  #selected = $state<string | null>(null);
  #query = $state('');
  #added = $state.raw<Tool[]>([]);

  get selectedApp(): string | null {
    return this.#selected;
  }
  get query(): string {
    return this.#query;
  }
  set query(value: string) {
    this.#query = value;
  }
  /** Tools registered from this screen in this session (the server's answer). */
  get added(): Tool[] {
    return this.#added;
  }

  get visibleApps(): AppModel[] {
    const q = this.#query.trim().toLowerCase();
    return q
      ? this.apps.value.filter((a) => [a.name, a.key, a.description, ...a.categories].some((s) => s.toLowerCase().includes(q)))
      : this.apps.value;
  }

  start(): void {
    void this.apps.load();
  }

  select(appKey: string | null): void {
    this.#selected = appKey;
    this.write.clearError();
    this.actions.set([]);
    if (appKey) void this.actions.load();
  }

  /** Registers an action (by its Composio name, e.g. GITHUB_STAR_A_REPOSITORY…) as a Letta tool. */
  async addAction(actionName: string): Promise<Tool | null> {
    const name = actionName.trim();
    if (!name) return null;
    const tool = await this.write.run(name, () => api.composio.addTool({ actionName: name }));
    if (!tool) return null;
    this.#added = [...this.#added.filter((t) => t.id !== tool.id), tool];
    return tool;
  }
}
