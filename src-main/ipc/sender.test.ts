import { describe, expect, it } from 'vitest';
import { electronSenderPolicy, isOwnPage, webSenderPolicy, type Sender } from './sender.js';

const ours: Sender = { kind: 'electron', webContentsId: 3, frameUrl: 'app://letta-desk/index.html', isMainFrame: true };

describe('sender policies', () => {
  const electron = electronSenderPolicy(() => 3);

  it('trusts only the top frame of our own window showing our own page', () => {
    expect(electron(ours)).toBe(true);
    expect(electron({ ...ours, webContentsId: 4 })).toBe(false);
    expect(electron({ ...ours, isMainFrame: false })).toBe(false);
    expect(electron({ ...ours, frameUrl: 'https://evil.example/' })).toBe(false);
    expect(electron({ ...ours, frameUrl: 'file:///work/out/renderer/index.html' })).toBe(false);
    expect(electron({ ...ours, frameUrl: 'app://letta-desk.evil/index.html' })).toBe(false);
    expect(electron({ ...ours, frameUrl: 'app://user:pw@letta-desk/' })).toBe(false);
    expect(electron({ ...ours, frameUrl: '' })).toBe(false);
    expect(electron({ kind: 'web', connectionId: 3, authenticated: true })).toBe(false);
  });

  it('trusts nobody before the window exists', () => {
    expect(electronSenderPolicy(() => undefined)(ours)).toBe(false);
  });

  it('trusts web calls only on authenticated, open connections', () => {
    const open = new Set([1]);
    const web = webSenderPolicy((id) => open.has(id));
    expect(web({ kind: 'web', connectionId: 1, authenticated: true })).toBe(true);
    expect(web({ kind: 'web', connectionId: 1, authenticated: false })).toBe(false);
    expect(web({ kind: 'web', connectionId: 2, authenticated: true })).toBe(false);
    expect(web(ours)).toBe(false);
  });

  it('recognises our origin exactly', () => {
    expect(isOwnPage('app://letta-desk/')).toBe(true);
    expect(isOwnPage('app://letta-desk/assets/x.js')).toBe(true);
    expect(isOwnPage('app://letta-desk:80/')).toBe(false);
    expect(isOwnPage('not a url')).toBe(false);
  });
});
