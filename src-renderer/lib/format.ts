/** Small display helpers shared by the sidebar and the chat. */

const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const yearFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `just now`, `5 min ago`, `3 h ago`, `Dec 3`, `Dec 3, 2024`. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const then = Date.parse(iso.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  const date = new Date(then);
  return date.getFullYear() === new Date(now).getFullYear() ? dateFormat.format(date) : yearFormat.format(date);
}

export function clockTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(t) ? '' : timeFormat.format(new Date(t));
}

export function fullTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(t) ? '' : fullFormat.format(new Date(t));
}

export function initials(name: string): string {
  const parts = name.split(/[\s_-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** `Mod+K` → `⌘K` on macOS, `Ctrl+K` elsewhere. */
export function shortcut(keys: string): string {
  return isMac ? keys.replace(/Mod\+/g, '⌘').replace(/Shift\+/g, '⇧') : keys.replace(/Mod\+/g, 'Ctrl+');
}
