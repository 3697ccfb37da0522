/**
 * The Tags screen: every agent tag on the server (searched by the server's query_text as one
 * types), and the agents carrying the selected tag. The agent list asks with match_all_tags:
 * server 0.7.29 ignores the tags filter without it.
 */
import type { AgentState } from '../../../src-shared/letta-types';
import { api, onEvent } from '../api';
import { Loadable } from './loadable.svelte';

export class TagsState {
  #query = $state('');
  #selected = $state<string | null>(null);

  readonly tags = new Loadable<string[]>(() => {
    const q = this.#query.trim();
    return api.tags.list({ limit: 1000, ...(q ? { query_text: q } : {}) });
  }, []);
  readonly agents = new Loadable<AgentState[]>(() => {
    const tag = this.#selected;
    return tag ? api.agents.list({ tags: [tag], match_all_tags: true, limit: 1000 }) : Promise.resolve([]);
  }, []);

  get query(): string {
    return this.#query;
  }
  get selected(): string | null {
    return this.#selected;
  }

  start(): () => void {
    void this.tags.load();
    return onEvent('agents:changed', () => {
      void this.tags.load();
      if (this.#selected) void this.agents.load();
    });
  }

  setQuery(text: string): void {
    this.#query = text;
    void this.tags.load();
  }

  select(tag: string | null): void {
    this.#selected = tag;
    this.agents.set([]);
    if (tag) void this.agents.load();
  }
}
