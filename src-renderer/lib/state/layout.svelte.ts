/**
 * Where the user is in the app: which agent is open, which of its tabs, and which overlay
 * (palette, search, a dialog) has the screen. One instance per connection, shared through
 * Svelte context so the sidebar, the tabs, the palette and other features agree.
 */
import { getContext, setContext, type Snippet } from 'svelte';

export const AGENT_TABS = [
  { id: 'chat', label: 'Chat' },
  { id: 'memory', label: 'Memory' },
  { id: 'archival', label: 'Archival' },
  { id: 'context', label: 'Context' },
  { id: 'runs', label: 'Runs & Steps' },
  { id: 'settings', label: 'Settings' },
] as const;

export type AgentTab = (typeof AGENT_TABS)[number]['id'];

/**
 * The server-wide screens (everything that is not one agent), in sidebar order. `cloudOnly`
 * screens are shown only for Letta Cloud profiles: a self-hosted server has no such routes.
 * The component for each id is wired in features/shell/sections.ts.
 */
export const SECTIONS = [
  { id: 'tools', label: 'Tools', keywords: 'functions source code run attach' },
  { id: 'mcp', label: 'MCP servers', keywords: 'model context protocol stdio sse' },
  { id: 'composio', label: 'Composio', keywords: 'apps actions integrations' },
  { id: 'sources', label: 'Data sources', keywords: 'files upload documents passages' },
  { id: 'groups', label: 'Groups', keywords: 'multi-agent supervisor round robin sleeptime' },
  { id: 'identities', label: 'Identities', keywords: 'users orgs properties' },
  { id: 'blocks', label: 'Blocks', keywords: 'global memory shared' },
  { id: 'models', label: 'Models & providers', keywords: 'llm embedding api key' },
  { id: 'tags', label: 'Tags', keywords: 'labels' },
  { id: 'jobs', label: 'Jobs', keywords: 'background imports status' },
  { id: 'batches', label: 'Batches', keywords: 'batch messages' },
  { id: 'transfer', label: 'Export & import', keywords: 'agent file af backup' },
  { id: 'cloud', label: 'Letta Cloud', keywords: 'templates projects tokens deployed', cloudOnly: true },
] as const satisfies readonly { id: string; label: string; keywords: string; cloudOnly?: boolean }[];

export type SectionId = (typeof SECTIONS)[number]['id'];

/** An app-wide notice above everything (offline, reconnecting…), set by whichever feature owns it. */
export interface Banner {
  id: string;
  content: Snippet;
}

export class LayoutState {
  #agentId = $state<string | null>(null);
  #section = $state<SectionId | null>(null);
  #tab = $state<AgentTab>('chat');
  #paletteOpen = $state(false);
  #searchOpen = $state(false);
  #createAgentOpen = $state(false);
  #preferencesOpen = $state(false);
  #banner = $state.raw<Banner | null>(null);
  #offline = $state(false);

  get agentId(): string | null {
    return this.#agentId;
  }
  /** A server-wide screen shown instead of the agent; null while an agent (or the welcome) shows. */
  get section(): SectionId | null {
    return this.#section;
  }
  get tab(): AgentTab {
    return this.#tab;
  }
  get paletteOpen(): boolean {
    return this.#paletteOpen;
  }
  /** The search feature renders itself while this is true and calls closeSearch() when done. */
  get searchOpen(): boolean {
    return this.#searchOpen;
  }
  get preferencesOpen(): boolean {
    return this.#preferencesOpen;
  }
  get createAgentOpen(): boolean {
    return this.#createAgentOpen;
  }
  get banner(): Banner | null {
    return this.#banner;
  }
  /** Reading from the offline cache (set by the offline feature, shown by the sidebar too). */
  get offline(): boolean {
    return this.#offline;
  }
  setOffline(offline: boolean): void {
    this.#offline = offline;
  }

  openAgent(agentId: string, tab?: AgentTab): void {
    this.#section = null;
    if (this.#agentId !== agentId) this.#tab = tab ?? 'chat';
    else if (tab) this.#tab = tab;
    this.#agentId = agentId;
  }

  closeAgent(): void {
    this.#agentId = null;
  }

  /** Shows a server-wide screen; the open agent is kept, so going back to it is one click. */
  openSection(section: SectionId): void {
    this.#paletteOpen = false;
    this.#section = section;
  }

  closeSection(): void {
    this.#section = null;
  }

  showTab(tab: AgentTab): void {
    this.#section = null;
    this.#tab = tab;
  }

  /** Ctrl/Cmd+1..6. */
  showTabByNumber(n: number): boolean {
    const tab = AGENT_TABS[n - 1];
    if (!tab || !this.#agentId) return false;
    this.#section = null;
    this.#tab = tab.id;
    return true;
  }

  openPalette(): void {
    this.#paletteOpen = true;
  }
  closePalette(): void {
    this.#paletteOpen = false;
  }
  togglePalette(): void {
    this.#paletteOpen = !this.#paletteOpen;
  }

  openSearch(): void {
    this.#paletteOpen = false;
    this.#searchOpen = true;
  }
  closeSearch(): void {
    this.#searchOpen = false;
  }

  openPreferences(): void {
    this.#paletteOpen = false;
    this.#preferencesOpen = true;
  }
  closePreferences(): void {
    this.#preferencesOpen = false;
  }

  openCreateAgent(): void {
    this.#paletteOpen = false;
    this.#createAgentOpen = true;
  }
  closeCreateAgent(): void {
    this.#createAgentOpen = false;
  }

  /** Shows an app-wide banner; returns a function that removes it (if it is still the one shown). */
  showBanner(banner: Banner): () => void {
    this.#banner = banner;
    return () => {
      if (this.#banner?.id === banner.id) this.#banner = null;
    };
  }
}

const KEY = Symbol('layout');

export function setLayout(layout: LayoutState): LayoutState {
  return setContext(KEY, layout);
}

export function getLayout(): LayoutState {
  const layout = getContext<LayoutState | undefined>(KEY);
  if (!layout) throw new Error('getLayout() outside the connected shell');
  return layout;
}
