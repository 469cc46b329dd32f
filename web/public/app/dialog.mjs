// Modal dialogs on the native <dialog> element: showModal() makes the rest of the page
// inert, Tab and Shift+Tab go round the dialog's controls (without that, Tab from the last
// one leaves for the browser's own controls), Escape closes it, and focus returns to the
// control that opened it. A dialog belongs to the view it was opened on: it closes when
// the page goes to another route (a hash change), so it never stays over another view.
import { el, uniqueId } from './dom.mjs';

const TAB_STOPS = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';

/** The controls of `root` that Tab stops at, in order (enabled, shown, not tabindex -1). */
function tabStops(root) {
  return [...root.querySelectorAll(TAB_STOPS)]
    .filter((n) => !n.disabled && n.tabIndex >= 0 && n.getClientRects().length > 0);
}

/** Keeps Tab and Shift+Tab inside `dialog`: past its last stop to its first, and back. */
function trapFocus(dialog) {
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
    const stops = tabStops(dialog);
    if (!stops.length) return;
    const active = document.activeElement;
    const edge = event.shiftKey ? stops[0] : stops[stops.length - 1];
    if (active !== edge && dialog.contains(active) && active !== dialog) return;
    event.preventDefault();
    (event.shiftKey ? stops[stops.length - 1] : stops[0]).focus();
  });
}

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
  trapFocus(dialog);
  window.addEventListener('hashchange', close);
  dialog.addEventListener('close', () => {
    window.removeEventListener('hashchange', close);
    dialog.remove();
    if (onClose) onClose();
    if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, body, close };
}
