import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ConfirmDialog from './ConfirmDialog.svelte';

afterEach(cleanup);

function open(overrides: Partial<{ busy: boolean }> = {}) {
  const onconfirm = vi.fn();
  const oncancel = vi.fn();
  render(ConfirmDialog, {
    props: { title: 'Delete “Ada”?', message: 'Ada is deleted for good.', confirmLabel: 'Delete agent', danger: true, onconfirm, oncancel, ...overrides },
  });
  return { onconfirm, oncancel };
}

describe('Dialog', () => {
  it('is a labelled, described modal that takes focus', () => {
    open();
    const dialog = screen.getByRole('dialog', { name: 'Delete “Ada”?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toBe('Ada is deleted for good.');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
  });

  it('keeps Tab inside the dialog, both ways', async () => {
    open();
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    const confirm = screen.getByRole('button', { name: 'Delete agent' });
    confirm.focus();
    await fireEvent.keyDown(confirm, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    await fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
  });

  it('takes focus back from the page behind it, and leaves it to a modal opened on top', () => {
    const behind = document.body.appendChild(document.createElement('textarea'));
    const onTop = document.body.appendChild(document.createElement('div'));
    onTop.setAttribute('aria-modal', 'true');
    const paletteInput = onTop.appendChild(document.createElement('input'));
    try {
      open();
      const confirm = screen.getByRole('button', { name: 'Delete agent' });
      confirm.focus();
      behind.focus();
      expect(document.activeElement).toBe(confirm);
      paletteInput.focus();
      expect(document.activeElement).toBe(paletteInput);
    } finally {
      behind.remove();
      onTop.remove();
    }
  });

  it('closes on Esc', async () => {
    const { oncancel } = open();
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(oncancel).toHaveBeenCalledOnce();
  });

  it('ignores Esc while busy', async () => {
    const { oncancel } = open({ busy: true });
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(oncancel).not.toHaveBeenCalled();
  });
});
