// Where a proxied request goes: the instance's base URL (its connector definition's
// template, expanded with the instance's values as connection tests expand theirs), then the
// caller's path below it, then the base URL's query followed by the caller's. The caller's
// path is taken segment by segment as the router decoded it and encoded again, so no
// spelling of "..", "%2e%2e" or "\" can leave the base URL's path.
import { HttpError } from '../http/errors.mjs';
import { expandUrl } from '../connection/url-template.mjs';

/** A gateway refusal with a stable code. */
export const gatewayError = (status, code, message, headers) => new HttpError(status, code, message, { headers });

/**
 * @param {string} path     the part of the route after /proxy/, decoded by the router
 * @returns {string[]}      its segments, checked
 */
export function pathSegments(path) {
  if (typeof path !== 'string') return [];
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '.' || segment === '..' || segment.includes('\\')) {
      throw gatewayError(400, 'invalid_proxy_path', 'The path below /proxy/ may not contain "." or ".." segments or backslashes.');
    }
    // control characters cannot be in a request line, decoded or not
    if (/[\u0000-\u001f\u007f]/.test(segment)) {
      throw gatewayError(400, 'invalid_proxy_path', 'The path below /proxy/ may not contain control characters.');
    }
  }
  return segments;
}

// RFC 3986 pchar: what a path segment may hold unencoded besides unreserved characters.
const PCHAR_KEPT = { '%3A': ':', '%40': '@', '%24': '$', '%26': '&', '%2B': '+', '%2C': ',', '%3B': ';', '%3D': '=' };

/** A decoded path segment, encoded again with only what a segment cannot hold escaped. */
export function encodeSegment(segment) {
  return encodeURIComponent(segment).replace(/%(3A|40|24|26|2B|2C|3B|3D)/g, (m) => PCHAR_KEPT[m]);
}

/**
 * The upstream URL.
 * @param {object} o
 * @param {string} o.baseUrl            the method's base URL template
 * @param {Record<string, unknown>} o.values  the instance's credential values (defaults applied)
 * @param {string[]} o.segments         from pathSegments, placeholders already filled
 * @param {string[]} o.query            the caller's query as sent ("name=value" parts, encoded)
 * @returns {URL}
 */
export function upstreamUrl({ baseUrl, values, segments, query }) {
  const url = expandUrl(baseUrl, values);
  const basePath = url.pathname.replace(/\/+$/, '');
  const tail = segments.map(encodeSegment).join('/');
  url.pathname = segments.length === 0 || (segments.length === 1 && segments[0] === '') ? (basePath || '/') : `${basePath}/${tail}`;
  if (query.length) url.search = url.search ? `${url.search}&${query.join('&')}` : `?${query.join('&')}`;
  return url;
}
