/**
 * Sandboxed preload: exposes `window.api`, built from the IPC contract, and nothing else. Each
 * method invokes exactly one declared channel; `events.on` subscribes to declared events only.
 * `ipcRenderer` itself never reaches the page. Imports only src-shared (bundled in, since a
 * sandboxed preload cannot require packages).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { WindowApi } from '../../src-shared/ipc/api-types.js';
import { CHANNEL_NAMES, isEventName } from '../../src-shared/ipc/contract.js';
import { buildApi } from '../../src-shared/ipc/define.js';

const channels = buildApi<Omit<WindowApi, 'events'>>(CHANNEL_NAMES, (channel, args) => ipcRenderer.invoke(channel, args));

const events: WindowApi['events'] = {
  on(event, listener) {
    if (!isEventName(event) || typeof listener !== 'function') throw new TypeError('Unknown event');
    const forward = (_e: IpcRendererEvent, payload: unknown) => (listener as (p: unknown) => void)(payload);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  },
};

contextBridge.exposeInMainWorld('api', { ...channels, events } satisfies WindowApi);
