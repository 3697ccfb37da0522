/**
 * Saves text as a file the way a web page does: a Blob behind a temporary `<a download>`.
 *
 * The web shell's Chromium puts it in the downloads folder (or asks, per its settings). In
 * Electron the same click raises the session's `will-download`; with no handler registered
 * there, Electron shows the native "Save as" dialog, so this needs no IPC or file-system access
 * in the sandboxed renderer.
 */
export function saveTextFile(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke on the next turn: the download has taken its own reference by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
