import { describe, expect, it, vi } from 'vitest';
import { PaletteState, filterCommands, scoreCommand, type PaletteCommand } from './palette.svelte';

const cmd = (label: string, group: PaletteCommand['group'] = 'Actions', keywords?: string): PaletteCommand => ({
  id: label,
  label,
  group,
  ...(keywords ? { keywords } : {}),
  run: vi.fn(),
});

const commands = [
  cmd('New agent', 'Actions', 'create add'),
  cmd('Go to Chat', 'Go to'),
  cmd('Go to Memory', 'Go to', 'core blocks'),
  cmd('Research Assistant', 'Agents'),
  cmd('Search messages', 'Actions', 'find'),
  cmd('Disconnect', 'Connection', 'sign out profile'),
];

describe('palette filtering', () => {
  it('keeps everything, in order, for an empty query', () => {
    expect(filterCommands(commands, '  ').map((c) => c.label)).toEqual(commands.map((c) => c.label));
  });

  it('needs every word, in label, keywords or group', () => {
    expect(filterCommands(commands, 'go mem').map((c) => c.label)).toEqual(['Go to Memory']);
    expect(filterCommands(commands, 'blocks').map((c) => c.label)).toEqual(['Go to Memory']);
    expect(filterCommands(commands, 'create').map((c) => c.label)).toEqual(['New agent']);
    expect(filterCommands(commands, 'zebra')).toEqual([]);
  });

  it('ranks label prefixes over word starts over inner matches', () => {
    expect(filterCommands(commands, 'se').map((c) => c.label)).toEqual(['Search messages', 'Research Assistant']);
    expect(scoreCommand(cmd('Search'), 'sea')).toBeGreaterThan(scoreCommand(cmd('Research'), 'sea'));
  });

  it('is case-insensitive and treats regex characters literally', () => {
    expect(filterCommands([cmd('Runs & Steps', 'Go to')], 'RUNS &').map((c) => c.label)).toEqual(['Runs & Steps']);
    expect(filterCommands([cmd('a.b')], '.*')).toEqual([]);
  });
});

describe('PaletteState', () => {
  it('moves the highlight with wrap-around and runs the highlighted command', () => {
    const palette = new PaletteState();
    palette.setCommands(commands);
    palette.setQuery('go to');
    expect(palette.matches.map((c) => c.label)).toEqual(['Go to Chat', 'Go to Memory']);
    palette.move(1);
    expect(palette.activeCommand?.label).toBe('Go to Memory');
    palette.move(1);
    expect(palette.activeCommand?.label).toBe('Go to Chat');
    palette.move(-1);
    expect(palette.runActive()).toBe(true);
    expect(commands[2]!.run).toHaveBeenCalledOnce();
  });

  it('resets the highlight when the query changes and has nothing to run without matches', () => {
    const palette = new PaletteState();
    palette.setCommands(commands);
    palette.move(3);
    palette.setQuery('disc');
    expect(palette.active).toBe(0);
    palette.setQuery('nothing matches this');
    expect(palette.runActive()).toBe(false);
  });
});
