/**
 * The command palette's model: a list of commands (built by the shell from what is possible right
 * now), the query, the filtered and ranked matches and the highlighted one.
 */
export interface PaletteCommand {
  id: string;
  label: string;
  group: 'Agents' | 'Go to' | 'Server' | 'Actions' | 'Connection';
  /** Shown on the right, e.g. `Ctrl+1`. */
  shortcut?: string;
  /** Extra words it answers to (not shown). */
  keywords?: string;
  run: () => void;
}

/**
 * Ranks a command for a query: every word of the query must occur in the label or keywords;
 * a label that starts with the query beats a word that starts with it beats a match inside a word.
 * Returns -1 when it does not match.
 */
export function scoreCommand(command: Pick<PaletteCommand, 'label' | 'keywords' | 'group'>, query: string): number {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 0;
  const label = command.label.toLowerCase();
  const haystack = `${label} ${command.keywords?.toLowerCase() ?? ''} ${command.group.toLowerCase()}`;
  let score = 0;
  for (const word of words) {
    const at = haystack.indexOf(word);
    if (at < 0) return -1;
    if (label.startsWith(word)) score += 3;
    else if (new RegExp(`(^|[^a-z0-9])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(label)) score += 2;
    else if (label.includes(word)) score += 1;
  }
  return score;
}

export function filterCommands<C extends PaletteCommand>(commands: readonly C[], query: string): C[] {
  if (!query.trim()) return [...commands];
  return commands
    .map((command, index) => ({ command, index, score: scoreCommand(command, query) }))
    .filter((m) => m.score >= 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((m) => m.command);
}

export class PaletteState {
  #query = $state('');
  #active = $state(0);
  #commands = $state.raw<PaletteCommand[]>([]);

  readonly matches: PaletteCommand[] = $derived(filterCommands(this.#commands, this.#query));

  get query(): string {
    return this.#query;
  }
  get active(): number {
    return Math.min(this.#active, Math.max(0, this.matches.length - 1));
  }
  get activeCommand(): PaletteCommand | undefined {
    return this.matches[this.active];
  }

  setCommands(commands: PaletteCommand[]): void {
    this.#commands = commands;
  }

  setQuery(query: string): void {
    this.#query = query;
    this.#active = 0;
  }

  move(delta: number): void {
    const n = this.matches.length;
    if (n === 0) return;
    this.#active = (this.active + delta + n) % n;
  }

  select(index: number): void {
    this.#active = index;
  }

  reset(): void {
    this.#query = '';
    this.#active = 0;
  }

  /** Runs the highlighted command; returns whether there was one. */
  runActive(): boolean {
    const command = this.activeCommand;
    if (!command) return false;
    command.run();
    return true;
  }
}
