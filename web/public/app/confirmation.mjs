// The visible confirmation of what the user just did (an instance created, saved or
// deleted, a pool created...): a line at the top of the view that stays in sight while the
// page scrolls, until it is dismissed or the view is drawn again. Screen readers hear the
// same news through announce() when it happens; this line is not a live region, so it is
// not read twice.
import { el } from './dom.mjs';

/** Shows `message` at the top of `view` (replacing an earlier one). */
export function showConfirmation(view, message) {
  view.querySelector(':scope > .confirmation')?.remove();
  const box = el('div', { class: 'confirmation', dataset: { confirmation: '' } },
    el('p', null, el('span', { class: 'confirmation-mark', 'aria-hidden': 'true' }, '✓ '), message),
    el('button', {
      type: 'button', class: 'link-button', 'aria-label': `Dismiss: ${message}`,
      on: { click: () => box.remove() },
    }, 'Dismiss'));
  view.prepend(box);
  return box;
}
