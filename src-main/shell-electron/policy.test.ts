/** Every security setting of the Electron window, asserted without the Electron binary. */
import { describe, expect, it } from 'vitest';
import {
  RENDERER_ENTRY,
  cspHeader,
  externalUrlToOpen,
  isAllowedNavigation,
  isAllowedPermission,
  isAllowedPermissionCheck,
  menuTemplate,
  rendererResponseHeaders,
  restoreBounds,
  windowOptions,
  type MenuItemSpec,
} from './policy.js';

describe('window options', () => {
  const options = windowOptions('/app/out/preload/index.cjs', { width: 1000, height: 700, maximized: false });
  const web = options.webPreferences;

  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and risky features off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
    expect(web.safeDialogs).toBe(true);
    expect(web).not.toHaveProperty('enableBlinkFeatures');
    expect(web).not.toHaveProperty('additionalArguments');
  });

  it('loads our preload and our own origin, shown only when ready', () => {
    expect(web.preload).toBe('/app/out/preload/index.cjs');
    expect(RENDERER_ENTRY).toBe('app://letta-desk/index.html');
    expect(options.show).toBe(false);
    expect(options).not.toHaveProperty('x');
    expect(windowOptions('/p', { x: 10, y: 20, width: 900, height: 600, maximized: true })).toMatchObject({ x: 10, y: 20, width: 900, height: 600 });
  });
});

describe('content security policy', () => {
  const csp = cspHeader();
  const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));

  it('allows scripts and styles only from our own origin: no inline code, no eval (wasm compiles, for the voice detector)', () => {
    expect(directives['script-src']).toBe("'self' 'wasm-unsafe-eval'");
    expect(directives['style-src']).toBe("'self'");
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|strict-dynamic/);
  });

  it('gives the renderer no network beyond its own files, and no frames, plugins, forms or base tricks', () => {
    expect(directives['default-src']).toBe("'none'");
    expect(directives['connect-src']).toBe("'self'");
    expect(directives['object-src']).toBe("'none'");
    expect(directives['frame-src']).toBe("'none'");
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(directives['form-action']).toBe("'none'");
    expect(directives['base-uri']).toBe("'none'");
    expect(directives['worker-src']).toBe("'none'");
  });

  it('is sent with the other hardening headers on every renderer response', () => {
    expect(rendererResponseHeaders()).toMatchObject({
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(rendererResponseHeaders()['permissions-policy']).toContain('microphone=(self)');
    expect(rendererResponseHeaders()['permissions-policy']).toContain('camera=()');
  });
});

describe('permissions', () => {
  const own = 'app://letta-desk/index.html';

  it('allows the microphone, only for our page in the top frame', () => {
    expect(isAllowedPermission('media', { requestingUrl: own, mediaTypes: ['audio'], isMainFrame: true })).toBe(true);
    expect(isAllowedPermission('media', { requestingUrl: own, mediaTypes: ['audio'], isMainFrame: false })).toBe(false);
    expect(isAllowedPermission('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] })).toBe(false);
    expect(isAllowedPermission('media', { mediaTypes: ['audio'] })).toBe(false);
  });

  it('refuses the camera, screen capture and every other permission', () => {
    expect(isAllowedPermission('media', { requestingUrl: own, mediaTypes: ['video'] })).toBe(false);
    expect(isAllowedPermission('media', { requestingUrl: own, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(isAllowedPermission('media', { requestingUrl: own, mediaTypes: [] })).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'midiSysex', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb', 'pointerLock']) {
      expect(isAllowedPermission(permission, { requestingUrl: own, mediaTypes: ['audio'] }), permission).toBe(false);
    }
  });

  it('answers permission checks the same way', () => {
    expect(isAllowedPermissionCheck('media', 'app://letta-desk', 'audio')).toBe(true);
    expect(isAllowedPermissionCheck('media', 'app://letta-desk', 'video')).toBe(false);
    expect(isAllowedPermissionCheck('media', 'https://evil.example', 'audio')).toBe(false);
    expect(isAllowedPermissionCheck('geolocation', 'app://letta-desk')).toBe(false);
  });
});

describe('navigation and external links', () => {
  it('never lets the window leave our origin', () => {
    expect(isAllowedNavigation('app://letta-desk/index.html#/agents')).toBe(true);
    for (const url of ['https://docs.letta.com', 'file:///etc/passwd', 'app://other/', 'http://127.0.0.1:8283', 'javascript:alert(1)', 'data:text/html,x']) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('opens only https links (without credentials) in the OS browser', () => {
    expect(externalUrlToOpen('https://docs.letta.com/guides')).toBe('https://docs.letta.com/guides');
    for (const url of ['http://example.com', 'file:///C:/Windows/System32/calc.exe', 'smb://host/share', 'ms-settings:', 'javascript:alert(1)', 'https://user:pw@example.com', 'not a url', 'vscode://x']) {
      expect(externalUrlToOpen(url), url).toBeNull();
    }
  });
});

describe('application menu', () => {
  const roles = (items: MenuItemSpec[]): string[] => items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])]);

  it('uses the platform-standard roles (and their shortcuts)', () => {
    const mac = roles(menuTemplate('darwin'));
    expect(mac).toEqual(expect.arrayContaining(['about', 'hide', 'quit', 'close', 'editMenu', 'windowMenu', 'togglefullscreen', 'zoomIn']));
    const linux = menuTemplate('linux');
    expect(roles(linux)).toEqual(expect.arrayContaining(['quit', 'editMenu', 'close', 'minimize', 'togglefullscreen']));
    expect(roles(linux)).not.toContain('hide');
    expect(JSON.stringify(linux)).toContain('Ctrl+Q');
  });

  it('has no developer tools or reload in the shipped menu, and only https links', () => {
    const all = roles([...menuTemplate('darwin'), ...menuTemplate('win32')]);
    expect(all).not.toContain('toggleDevTools');
    expect(all).not.toContain('reload');
    expect(all).not.toContain('forceReload');
    const urls = JSON.stringify(menuTemplate('linux')).match(/"url":"[^"]+"/g) ?? [];
    for (const u of urls) expect(externalUrlToOpen(JSON.parse(`{${u}}`).url)).not.toBeNull();
  });
});

describe('remembered window bounds', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1040 };

  it('reopens where the window was when that is on a screen', () => {
    expect(restoreBounds({ x: 100, y: 50, width: 1000, height: 700, maximized: true }, [screen])).toEqual({
      x: 100, y: 50, width: 1000, height: 700, maximized: true,
    });
  });

  it('falls back to the default size on the primary screen when the saved spot is gone', () => {
    expect(restoreBounds({ x: 3000, y: 100, width: 1000, height: 700, maximized: false }, [screen])).toEqual({ width: 1200, height: 800, maximized: false });
    expect(restoreBounds(null, [{ x: 0, y: 0, width: 1024, height: 700 }])).toEqual({ width: 1024, height: 700, maximized: false });
  });

  it('keeps a window on a second screen, clamped to it', () => {
    const second = { x: 1920, y: 0, width: 1280, height: 720 };
    expect(restoreBounds({ x: 2000, y: 10, width: 1600, height: 900, maximized: false }, [screen, second])).toEqual({
      x: 2000, y: 10, width: 1280, height: 720, maximized: false,
    });
  });
});
