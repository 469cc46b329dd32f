// The link to a connector's documentation (its definition's helpUrl), the same wherever it
// is shown: the connector card, the wizard and the settings dialog. It opens in a new tab
// and says so to screen readers.
import { el } from './dom.mjs';

/** A paragraph with the link, or null when the definition has no helpUrl. */
export function connectorHelpLink(connector, lead = '') {
  if (!connector.helpUrl) return null;
  return el('p', { class: 'help-link' }, lead,
    el('a', { href: connector.helpUrl, target: '_blank', rel: 'noopener noreferrer' },
      `${connector.name} documentation`, el('span', { class: 'visually-hidden' }, ' (opens in a new tab)')));
}
