// How an instance is being used through the request gateway (docs/gateway.md): requests
// queued and in flight, starts in the current rate-limit window, requests refused here, an
// upstream Retry-After in force and the last failure, refreshed while the card is on the
// page and the page is visible. The figures are read, never announced: they change every
// few seconds and a screen reader would repeat them without end.
import { el, replaceChildren } from './dom.mjs';
import { api } from './api.mjs';
import { formatInstant, isoInstant } from './display.mjs';

export const USAGE_REFRESH_MS = 2000;

/**
 * @param {object} instance
 * @param {object|undefined} method  its auth method definition (baseUrl: it can be proxied)
 * @returns {{row: Node[], start: () => void}}  the dt/dd pair for the facts list
 */
export function usageFacts(instance, method) {
  const value = el('dd', { class: 'usage', dataset: { usage: instance.id } });
  const row = [el('dt', null, 'Gateway usage'), value];
  if (!method?.baseUrl) {
    replaceChildren(value, el('span', { class: 'meta' }, 'Not available: the connector declares no API base URL.'));
    return { row, start: () => {} };
  }
  // Until the first answer: the same lines with the figures unknown, so that nothing on the
  // page moves when they arrive (a click aimed below would land elsewhere)
  value.setAttribute('aria-busy', 'true');
  show(value, instance, null);
  let timer = null;
  const refresh = async () => {
    timer = null;
    if (!value.isConnected) return; // the card was replaced: stop
    if (document.visibilityState !== 'hidden') {
      try {
        show(value, instance, await api.usage(instance.id));
      } catch {
        show(value, instance, undefined);
      }
      value.removeAttribute('aria-busy');
    }
    if (value.isConnected) timer = setTimeout(refresh, USAGE_REFRESH_MS);
  };
  return { row, start: () => { if (timer === null) refresh(); } };
}

/** `usage`: the gateway's answer; null while it is awaited, undefined when it could not be read. */
function show(target, instance, usage) {
  if (!usage) {
    const figures = usage === null
      ? el('span', { class: 'meta' }, [
        '… queued', '… in flight',
        instance.rateLimit ? `… of ${instance.rateLimit.amount} sent this ${instance.rateLimit.unit}` : '… sent',
        '… refused'].join(' · '))
      : el('span', { class: 'meta' }, 'Usage could not be loaded.');
    replaceChildren(target, figures, el('br'), proxyLine(instance));
    return;
  }
  const parts = [
    `${usage.queued} queued`,
    `${usage.inFlight} in flight`,
    usage.rateLimit ? `${usage.sentInWindow} of ${usage.rateLimit.amount} sent this ${usage.rateLimit.unit}` : `${usage.sentInWindow} sent`,
    `${usage.throttled} refused`,
  ];
  replaceChildren(target,
    el('span', null, parts.join(' · ')),
    usage.pool ? el('span', { class: 'meta' }, ` · pool ${usage.pool.inFlight} of ${usage.pool.limit} in use`) : null,
    usage.pausedUntil ? el('span', { class: 'meta' }, ' · paused by the vendor until ',
      el('time', { datetime: isoInstant(usage.pausedUntil) }, formatInstant(usage.pausedUntil))) : null,
    usage.lastError ? el('span', { class: 'meta' }, ` · last failure: ${usage.lastError.code ?? `HTTP ${usage.lastError.status}`} at `,
      el('time', { datetime: isoInstant(usage.lastError.at) }, formatInstant(usage.lastError.at))) : null,
    el('br'),
    proxyLine(instance));
}

/** Where requests through the instance go (known without asking the server). */
function proxyLine(instance) {
  return el('span', { class: 'meta' }, 'Proxy: ', el('code', null, `/api/instances/${instance.id}/proxy/`));
}
