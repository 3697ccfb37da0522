/**
 * What sends a message from a message box, per the "Enter sends" preference: Enter (Shift+Enter
 * adds a line), or Ctrl/Cmd+Enter (Enter adds a line). Both message boxes (agent chat and group
 * chat) use this, so they never disagree.
 */
import { shortcut } from './format';

export function isSendKey(event: KeyboardEvent, sendOnEnter: boolean): boolean {
  if (event.key !== 'Enter' || event.isComposing) return false;
  if (sendOnEnter) return !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey;
  return (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey;
}

/** The hint under an idle message box. */
export function sendHint(sendOnEnter: boolean): string {
  return sendOnEnter ? 'Enter sends · Shift+Enter new line' : `${shortcut('Mod+Enter')} sends · Enter new line`;
}
