/**
 * The Electron shell: the only module of the main process that imports `electron`. It wires the
 * app core (plain Node, shared with the web shell) to ipcMain and the preload, and applies the
 * decisions made in ./policy.ts to Electron's hooks. Nothing here decides policy by itself.
 */
import { app, BrowserWindow, ipcMain, Menu, protocol, screen, session, shell, type IpcMainInvokeEvent, type MenuItemConstructorOptions } from 'electron';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CHANNEL_NAMES } from '../../src-shared/ipc/contract.js';
import { createAppCore, type AppCore } from '../app-core.js';
import { electronSenderPolicy, type Sender } from '../ipc/sender.js';
import { createLogger } from '../log.js';
import { KeytarCredentialStore } from '../secrets/keytar-store.js';
import { resolveRendererFile } from '../security/renderer-files.js';
import {
  APP_HOST,
  APP_SCHEME,
  RENDERER_ENTRY,
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

const rendererDir = resolve(join(__dirname, '../renderer'));
const preloadPath = join(__dirname, '../preload/index.cjs');
const log = createLogger(undefined, 'info', 'electron');

// Must happen before `ready`: a standard, secure scheme gets a real origin (for the CSP's 'self'
// and the sender check) without serving the renderer from file://.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

let mainWindow: BrowserWindow | null = null;
let core: AppCore | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the window (and the settings file); it gets focused instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  void app.whenReady().then(start);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) void createWindow(core);
  });
  app.on('before-quit', () => core?.dispose());
}

function hardenContents(contents: Electron.WebContents): void {
  const refuseNavigation = (event: Electron.Event, url: string) => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    const external = externalUrlToOpen(url);
    if (external) void shell.openExternal(external);
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlToOpen(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
}

async function start(): Promise<void> {
  const ses = session.defaultSession;

  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? await resolveRendererFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404, headers: rendererResponseHeaders() });
    return new Response(await readFile(file.path), {
      headers: { ...rendererResponseHeaders(), 'content-type': file.contentType },
    });
  });

  // The renderer has no network of its own (its CSP says so too): only our scheme and devtools load.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const scheme = details.url.slice(0, details.url.indexOf(':'));
    callback({ cancel: !(scheme === APP_SCHEME || scheme === 'devtools' || scheme === 'blob' || scheme === 'data') });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const media = details as { mediaTypes?: string[]; requestingUrl?: string; isMainFrame?: boolean };
    callback(isAllowedPermission(permission, media));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isAllowedPermissionCheck(permission, requestingOrigin, (details as { mediaType?: string }).mediaType),
  );

  core = createAppCore({
    dataDir: app.getPath('userData'),
    credentials: new KeytarCredentialStore(),
    log,
    facts: { version: app.getVersion(), shell: 'electron', platform: process.platform },
    openExternal: async (url) => {
      const external = externalUrlToOpen(url);
      if (!external) return false;
      await shell.openExternal(external);
      return true;
    },
  });
  const router = core.createRouter(electronSenderPolicy(() => mainWindow?.webContents.id));
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, args: unknown) => router.dispatch(channel, args, senderOf(event)));
  }
  core.events.subscribe((event, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(event, payload);
  });

  Menu.setApplicationMenu(Menu.buildFromTemplate(toElectronMenu(menuTemplate(process.platform, app.name))));
  await createWindow(core);
}

function senderOf(event: IpcMainInvokeEvent): Sender {
  const frame = event.senderFrame;
  return {
    kind: 'electron',
    webContentsId: event.sender.id,
    frameUrl: frame?.url ?? '',
    isMainFrame: !!frame && frame === event.sender.mainFrame,
  };
}

async function createWindow(appCore: AppCore): Promise<void> {
  const saved = await appCore.services.settings.windowState();
  const placement = restoreBounds(saved, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow(windowOptions(preloadPath, placement));
  mainWindow = win;
  if (placement.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let saveTimer: NodeJS.Timeout | undefined;
  const saveBounds = () => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    void appCore.services.settings
      .saveWindowState({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() })
      .catch((error: unknown) => log.warn('could not save the window bounds', error));
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveBounds, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', () => {
    clearTimeout(saveTimer);
    saveBounds();
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });

  await win.loadURL(RENDERER_ENTRY);
}

function toElectronMenu(items: MenuItemSpec[]): MenuItemConstructorOptions[] {
  return items.map((item) => {
    const out: MenuItemConstructorOptions = {};
    if (item.label) out.label = item.label;
    if (item.role) out.role = item.role as MenuItemConstructorOptions['role'];
    if (item.type === 'separator') out.type = 'separator';
    if (item.accelerator) out.accelerator = item.accelerator;
    if (item.url) {
      const external = externalUrlToOpen(item.url);
      out.click = () => {
        if (external) void shell.openExternal(external);
      };
    }
    if (item.submenu) out.submenu = toElectronMenu(item.submenu);
    return out;
  });
}
