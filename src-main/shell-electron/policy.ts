/**
 * Every security-relevant decision of the Electron shell, as plain data and plain functions:
 * the window's options, the CSP, which permission requests and navigations are allowed, which
 * links may go to the OS browser, the menu, and where the window reopens. main.ts only wires
 * these to Electron's hooks, so each setting is unit-tested here without the Electron binary.
 */
import { cspHeader as baseCsp, securityHeaders } from '../security/content-policy.js';
import { APP_ORIGIN, isOwnPage } from '../ipc/sender.js';
import type { WindowState } from '../settings/settings-file.js';

export { APP_ORIGIN };
export const APP_SCHEME = 'app';
export const APP_HOST = 'letta-desk';
/** What the window loads: the renderer, served by our `app:` protocol handler with our headers. */
export const RENDERER_ENTRY = `${APP_ORIGIN}/index.html`;

/** The Electron renderer talks only over IPC: no connections of its own. */
export function cspHeader(): string {
  return baseCsp();
}

export function rendererResponseHeaders(): Record<string, string> {
  return securityHeaders();
}

export interface Placement {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** The BrowserWindow options (a structural subset of Electron's type, so this file needs no electron import). */
export function windowOptions(preloadPath: string, placement: Placement) {
  return {
    ...(placement.x !== undefined && placement.y !== undefined ? { x: placement.x, y: placement.y } : {}),
    width: placement.width,
    height: placement.height,
    minWidth: 720,
    minHeight: 480,
    title: 'Letta Desk',
    // Shown on ready-to-show, so the user never sees a blank white frame.
    show: false,
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  } as const;
}

export interface PermissionDetails {
  requestingUrl?: string;
  /** For `media`: which devices (`audio`, `video`). */
  mediaTypes?: readonly string[];
  isMainFrame?: boolean;
}

/**
 * The one permission the app needs is the microphone (voice), and only our own page in the top
 * frame may have it. Camera, screen, notifications, geolocation, clipboard reads… are refused.
 */
export function isAllowedPermission(permission: string, details: PermissionDetails): boolean {
  if (permission !== 'media') return false;
  if (details.isMainFrame === false) return false;
  if (!details.requestingUrl || !isOwnPage(details.requestingUrl)) return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'audio');
}

/** The synchronous check Chromium makes before a request (`setPermissionCheckHandler`). */
export function isAllowedPermissionCheck(permission: string, requestingOrigin: string, mediaType?: string): boolean {
  if (permission !== 'media') return false;
  if (mediaType !== undefined && mediaType !== 'audio' && mediaType !== 'unknown') return false;
  return isOwnPage(requestingOrigin);
}

/** The window may only ever show our own pages; links elsewhere go through externalUrlToOpen. */
export function isAllowedNavigation(url: string): boolean {
  return isOwnPage(url);
}

/**
 * A link the user clicked, if it is safe to hand to the OS browser: https only (a `file:`,
 * `smb:` or custom-scheme URL could start a program), no credentials in it.
 */
export function externalUrlToOpen(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || !parsed.hostname) return null;
  return parsed.toString();
}

/** A menu item as plain data; `url` items open the OS browser, `role` items are Electron's own. */
export interface MenuItemSpec {
  label?: string;
  role?: string;
  type?: 'separator' | 'submenu';
  accelerator?: string;
  url?: string;
  submenu?: MenuItemSpec[];
}

const DOCS_URL = 'https://docs.letta.com';

/**
 * The application menu. Roles give each platform its standard labels and shortcuts (Cmd/Ctrl+C,
 * Cmd+Q on macOS, Ctrl+Q elsewhere, Cmd/Ctrl+W to close, F11/Ctrl+Cmd+F for full screen).
 */
export function menuTemplate(platform: NodeJS.Platform, appName = 'Letta Desk'): MenuItemSpec[] {
  const mac = platform === 'darwin';
  const help: MenuItemSpec = {
    role: 'help',
    submenu: [{ label: 'Letta Documentation', url: DOCS_URL }],
  };
  const view: MenuItemSpec = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  if (mac) {
    return [
      {
        label: appName,
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          { role: 'services' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          { role: 'quit' },
        ],
      },
      { label: 'File', submenu: [{ role: 'close' }] },
      { role: 'editMenu' },
      view,
      { role: 'windowMenu' },
      help,
    ];
  }
  return [
    { label: 'File', submenu: [{ role: 'quit', accelerator: 'Ctrl+Q' }] },
    { role: 'editMenu' },
    view,
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close', accelerator: 'Ctrl+W' }] },
    help,
  ];
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const DEFAULT_SIZE = { width: 1200, height: 800 };
/** How much of a saved window must be on some screen to reopen it there (enough to grab). */
const MIN_VISIBLE = 80;

function overlap(a: Rect, b: Rect): { w: number; h: number } {
  return {
    w: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    h: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Where the window opens: where it was, if that is still on a screen (a monitor may have been
 * unplugged since); otherwise the default size, centered by Electron, clamped to the screen.
 */
export function restoreBounds(saved: WindowState | null, workAreas: readonly Rect[]): Placement {
  const primary = workAreas[0];
  const fit = (w: number, h: number, area: Rect | undefined) => ({
    width: area ? Math.min(w, area.width) : w,
    height: area ? Math.min(h, area.height) : h,
  });
  if (saved) {
    const home = workAreas.find((area) => {
      const o = overlap(saved, area);
      return o.w >= MIN_VISIBLE && o.h >= MIN_VISIBLE;
    });
    if (home) return { x: saved.x, y: saved.y, ...fit(saved.width, saved.height, home), maximized: saved.maximized };
  }
  return { ...fit(DEFAULT_SIZE.width, DEFAULT_SIZE.height, primary), maximized: saved?.maximized ?? false };
}
