/**
 * The web shell's transport: the contract over a WebSocket to the shell that served this page.
 * The shell authenticated the page with an HttpOnly cookie the script cannot read, which the
 * browser also presents on the WebSocket handshake; this module never sees a token.
 *
 * Calls made while the socket is (re)connecting wait for it; if the shell went away, they fail
 * with an error saying so instead of hanging.
 */
import type { ChannelName, EventName } from '../../src-shared/ipc/contract';
import { WEB_SOCKET_PATH, type CallFrame, type ServerFrame } from '../../src-shared/ipc/web-protocol';
import type { AppError, Result } from '../../src-shared/result';
import type { Transport } from './transport';

const LOST: AppError = {
  code: 'unreachable',
  message: 'Lost the connection to the Letta Desk web shell.',
  hint: 'Check that `npm run web` is still running, then reload this page (a restarted shell prints a new URL).',
};

export function createWebTransport(url = `ws://${location.host}${WEB_SOCKET_PATH}`): Transport {
  let socket: WebSocket | null = null;
  let opening: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, (reply: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  function open(): Promise<WebSocket> {
    if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
    opening ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        opening = null;
        resolve(ws);
      };
      ws.onmessage = (message) => receive(message.data);
      ws.onclose = () => {
        if (socket === ws) socket = null;
        opening = null;
        for (const settle of pending.values()) settle({ ok: false, error: LOST });
        pending.clear();
        reject(new Error('closed'));
      };
    });
    return opening;
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if (frame.t === 'reply') {
      const settle = pending.get(frame.id);
      pending.delete(frame.id);
      settle?.(frame.reply);
    } else if (frame.t === 'event') {
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
    } else {
      console.warn(`web shell: ${frame.message}`);
    }
  }

  return {
    kind: 'web',
    async invoke(channel: ChannelName, args: unknown): Promise<Result<unknown>> {
      let ws: WebSocket;
      try {
        ws = await open();
      } catch {
        return { ok: false, error: LOST };
      }
      const id = nextId++;
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ t: 'call', id, channel, args } satisfies CallFrame));
      });
    },
    on(event: EventName, listener: (payload: unknown) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      // Events only flow on an open socket; subscribing is a good moment to open it.
      void open().catch(() => undefined);
      return () => set.delete(listener);
    },
  };
}
