/**
 * Who is calling. Each shell describes the sender of a call in its own terms; the router asks the
 * shell's policy whether to trust it before looking at the arguments. Plain data and plain
 * functions, so the checks are unit-tested without Electron.
 */

export type Sender =
  | {
      kind: 'electron';
      /** `event.sender.id` */
      webContentsId: number;
      /** `event.senderFrame.url` (empty when the frame is gone). */
      frameUrl: string;
      /** The call came from the top frame, not an iframe. */
      isMainFrame: boolean;
    }
  | {
      kind: 'web';
      connectionId: number;
      /** The WebSocket presented the launch token and an allowed Origin at upgrade time. */
      authenticated: boolean;
    };

export type SenderPolicy = (sender: Sender) => boolean;

/** The renderer's origin in the Electron shell (served by our `app:` protocol handler). */
export const APP_ORIGIN = 'app://letta-desk';

/**
 * Trust a call from Electron only if it comes from the top frame of our own window, showing our
 * own page: not another window, not an iframe, not a page the window was navigated to.
 */
export function electronSenderPolicy(ourWebContentsId: () => number | undefined, origin = APP_ORIGIN): SenderPolicy {
  return (sender) => {
    if (sender.kind !== 'electron') return false;
    const ours = ourWebContentsId();
    if (ours === undefined || sender.webContentsId !== ours || !sender.isMainFrame) return false;
    return isOwnPage(sender.frameUrl, origin);
  };
}

/** Trust a web call only on a connection that authenticated, and that this server still knows. */
export function webSenderPolicy(isOpenConnection: (connectionId: number) => boolean): SenderPolicy {
  return (sender) => sender.kind === 'web' && sender.authenticated && isOpenConnection(sender.connectionId);
}

export function isOwnPage(url: string, origin = APP_ORIGIN): boolean {
  try {
    const parsed = new URL(url);
    // `new URL` gives "null" as origin for non-special schemes; compare scheme + host instead.
    return `${parsed.protocol}//${parsed.host}` === origin && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}
