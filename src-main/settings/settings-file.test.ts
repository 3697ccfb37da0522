import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../log.js';
import { SettingsFile } from './settings-file.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function fileWith(data: unknown): SettingsFile {
  const dir = mkdtempSync(join(tmpdir(), 'settings-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(data));
  return new SettingsFile(dir, memoryLogger());
}

const base = { version: 1, profiles: [], preferences: { theme: 'dark' }, window: null };

describe('SettingsFile voice settings', () => {
  it('keeps a chosen local listening window, and reads an unknown or missing one as the fitted default', async () => {
    const read = await fileWith({
      ...base,
      voice: { a: { localWindow: 'full' }, b: { localWindow: 'forever', mode: 'hands-free' }, c: { mode: 'hands-free' } },
    }).read();
    expect(read.voice['a']?.localWindow).toBe('full');
    // One bad field falls back alone: the rest of the profile's voice settings survive.
    expect(read.voice['b']).toMatchObject({ localWindow: 'fitted', mode: 'hands-free' });
    expect(read.voice['c']?.localWindow).toBe('fitted');
    expect(read.preferences.theme).toBe('dark');
  });
});
