/**
 * Sandboxed preload. It will expose `window.api`, derived from the IPC contract in src-shared
 * (the app-core issue); it must never expose `ipcRenderer` itself.
 */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('lettaDesk', { shell: 'electron' as const });
