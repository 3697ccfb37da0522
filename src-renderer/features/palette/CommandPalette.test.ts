import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PaletteCommand } from '../../lib/state/palette.svelte';
import CommandPalette from './CommandPalette.svelte';

afterEach(cleanup);

const command = (id: string, label: string, group: PaletteCommand['group']): PaletteCommand => ({ id, label, group, run: vi.fn() });

describe('CommandPalette', () => {
  it('shows every match when ranking brings a group back after another (one heading per run)', async () => {
    // "set" ranks the Actions command first, the Server one next, then the other Actions one.
    const commands = [command('a', 'Settings of the app', 'Actions'), command('b', 'Reset history', 'Actions'), command('s', 'Set up a source', 'Server')];
    render(CommandPalette, { props: { commands, onclose: vi.fn() } });
    await fireEvent.input(screen.getByRole('combobox'), { target: { value: 'set' } });
    const options = screen.getAllByRole('option').map((o) => o.textContent?.trim());
    expect(options).toHaveLength(3);
    expect(options[0]).toContain('Settings of the app');
    expect(options[1]).toContain('Set up a source');
    expect(options[2]).toContain('Reset history');
  });
});
