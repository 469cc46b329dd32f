// Date filters of proxied requests: the caller asks for a window in headers
//   X-Filter-Window: 2h | 1d | 30 minutes | ...   "the last <amount> <unit>" back from now
//   X-Filter-From / X-Filter-To: RFC 3339 instants  (To defaults to now)
// and writes {{filter.from}} / {{filter.to}} in the path or the query. Both are filled with
// the window's ends as text in the instance's time zone and PHP date format, by the module
// (time.filterWindow: calendar units follow the zone's wall clock, so the last day across a
// DST change is 23 or 25 hours). Headers rather than query parameters: every query parameter
// name belongs to the vendor's API.
import { gatewayError } from './target.mjs';

export const FILTER_HEADERS = Object.freeze(['x-filter-window', 'x-filter-from', 'x-filter-to']);
const PLACEHOLDER = /\{\{\s*filter\.([A-Za-z0-9_]*)\s*\}\}/g;
const WINDOW = /^\s*(\d{1,9})\s*([A-Za-z]+)\s*$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

const header = (headers, name) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function instant(text, name) {
  const ms = RFC3339.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) {
    throw gatewayError(400, 'invalid_filter', `${name} must be an RFC 3339 instant such as 2026-03-29T00:00:00Z.`);
  }
  return ms;
}

/**
 * The filter the caller asked for, as texts in the instance's zone and format, or null.
 * @param {Record<string, string|string[]>} headers   the caller's request headers
 * @param {{timeZone: string, dateFormat: string}} instance
 * @param {object} time     the module's time API
 * @param {number} now
 * @returns {{from: string, to: string} | null}
 */
export function requestedFilter(headers, { timeZone, dateFormat }, time, now) {
  const windowText = header(headers, 'x-filter-window');
  const fromText = header(headers, 'x-filter-from');
  const toText = header(headers, 'x-filter-to');
  if (windowText === undefined && fromText === undefined && toText === undefined) return null;
  if (windowText !== undefined) {
    if (fromText !== undefined || toText !== undefined) {
      throw gatewayError(400, 'invalid_filter', 'Give X-Filter-Window or X-Filter-From/X-Filter-To, not both.');
    }
    const m = WINDOW.exec(windowText);
    if (!m) throw gatewayError(400, 'invalid_filter', 'X-Filter-Window must be an amount and a unit, such as 2h, 1d or 30 minutes.');
    try {
      const w = time.filterWindow({ zone: timeZone, format: dateFormat, amount: Number(m[1]), unit: m[2].toLowerCase(), now });
      return { from: w.fromText, to: w.toText };
    } catch (e) {
      if (e?.code === 'invalid_unit' || e?.code === 'invalid_amount' || e?.code === 'out_of_range') {
        throw gatewayError(400, 'invalid_filter', `X-Filter-Window: ${e.message}`);
      }
      throw e;
    }
  }
  if (fromText === undefined) throw gatewayError(400, 'invalid_filter', 'X-Filter-To needs X-Filter-From.');
  const from = instant(fromText, 'X-Filter-From');
  const to = toText === undefined ? now : instant(toText, 'X-Filter-To');
  if (from > to) throw gatewayError(400, 'invalid_filter', 'X-Filter-From is after X-Filter-To.');
  const zone = time.zone(timeZone);
  try {
    return { from: zone.format(from, dateFormat), to: zone.format(to, dateFormat) };
  } catch (e) {
    if (e?.code === 'out_of_range') throw gatewayError(400, 'invalid_filter', `The filter's instants are out of range: ${e.message}`);
    throw e;
  }
}

/** Whether a text holds a filter placeholder. */
export const hasPlaceholder = (text) => text.includes('{{') && new RegExp(PLACEHOLDER.source).test(text);

/** Fills the placeholders of `text` (decoded) from `filter`. */
export function fillPlaceholders(text, filter) {
  if (!text.includes('{{')) return text;
  return text.replace(PLACEHOLDER, (whole, name) => {
    if (name !== 'from' && name !== 'to') {
      throw gatewayError(400, 'unknown_filter_placeholder', `{{filter.${name}}} is not a placeholder: use {{filter.from}} or {{filter.to}}.`);
    }
    if (!filter) {
      throw gatewayError(400, 'filter_required', `The request uses {{filter.${name}}}: send X-Filter-Window (or X-Filter-From) with it.`);
    }
    return filter[name];
  });
}

/**
 * The caller's raw query ("a=1&b=%7B%7Bfilter.from%7D%7D") with placeholders filled: parts
 * without one stay exactly as sent, the others are encoded again after filling.
 */
export function fillQuery(rawQuery, filter) {
  const parts = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    let decoded;
    try {
      decoded = decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      throw gatewayError(400, 'bad_url', 'The query is not correctly percent-encoded.');
    }
    if (!hasPlaceholder(decoded)) {
      parts.push(part);
      continue;
    }
    const eq = decoded.indexOf('=');
    const name = eq < 0 ? decoded : decoded.slice(0, eq);
    const value = eq < 0 ? null : decoded.slice(eq + 1);
    const filled = encodeURIComponent(fillPlaceholders(name, filter));
    parts.push(value === null ? filled : `${filled}=${encodeURIComponent(fillPlaceholders(value, filter))}`);
  }
  return parts;
}
