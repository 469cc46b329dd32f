// Modal dialogs on the native <dialog> element: showModal() keeps focus inside and makes
// the rest of the page inert, Escape closes it, and focus returns to the control that
// opened it.
import { el, uniqueId } from './dom.mjs';

/**
 * Opens a modal dialog.
 * @param {object} o
 * @param {string} o.title
 * @param {Node[]} o.content
 * @param {string} [o.className]
 * @param {() => void} [o.onClose]
 * @returns {{dialog: HTMLDialogElement, body: HTMLElement, close: () => void}}
 */
export function openDialog({ title, content, className, onClose }) {
  const opener = document.activeElement;
  const titleId = uniqueId('dialog-title');
  const body = el('div', { class: 'dialog-body' }, content);
  const closeButton = el('button', { type: 'button', class: 'icon-button dialog-close', 'aria-label': 'Close' }, '×');
  const dialog = el('dialog', { class: ['dialog', className], 'aria-labelledby': titleId },
    el('div', { class: 'dialog-header' }, el('h2', { id: titleId }, title), closeButton),
    body);
  const close = () => { if (dialog.open) dialog.close(); };
  closeButton.addEventListener('click', close);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (onClose) onClose();
    if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, body, close };
}
