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
  replaceChildren(value, el('span', { class: 'meta' }, 'Loading…'));
  let timer = null;
  const refresh = async () => {
    timer = null;
    if (!value.isConnected) return; // the card was replaced: stop
    if (document.visibilityState !== 'hidden') {
      try {
        show(value, instance, await api.usage(instance.id));
      } catch {
        replaceChildren(value, el('span', { class: 'meta' }, 'Usage could not be loaded.'));
      }
    }
    if (value.isConnected) timer = setTimeout(refresh, USAGE_REFRESH_MS);
  };
  return { row, start: () => { if (timer === null) refresh(); } };
}

function show(target, instance, usage) {
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
    el('span', { class: 'meta' }, 'Proxy: ', el('code', null, `/api/instances/${instance.id}/proxy/`)));
}
