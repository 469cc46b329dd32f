// Which headers cross the gateway (docs/gateway.md). Requests: only the allow-list below goes
// upstream; the caller's credentials (Authorization, Cookie), hop-by-hop headers, the
// gateway's own controls (X-Filter-*, X-Queue-Timeout) and everything else stay here, and the
// instance's authentication adds its own. Answers: the allow-list of what a client of an API
// needs (type, length, encoding, caching validators, pagination, rate-limit figures); never
// Set-Cookie or the vendor's authentication challenges. Links and Location that point below
// the base URL are rewritten to point below the proxy route.

export const FORWARDED_REQUEST_HEADERS = Object.freeze([
  'accept', 'accept-encoding', 'accept-language', 'content-type', 'content-encoding', 'content-language',
  'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since', 'if-range', 'range',
  'prefer', 'idempotency-key', 'x-request-id', 'x-correlation-id',
]);

const FORWARDED_RESPONSE_HEADERS = new Set([
  'content-type', 'content-length', 'content-encoding', 'content-language', 'content-range', 'content-disposition',
  'accept-ranges', 'etag', 'last-modified', 'expires', 'vary', 'link', 'location', 'retry-after',
  'x-request-id', 'x-correlation-id', 'request-id', 'x-total-count',
]);
// rate-limit figures under their many names (IETF RateLimit, X-RateLimit-*, vendors' own)
const RATE_LIMIT_HEADER = /^(x-)?rate-?limit(-|$)|^x-[a-z0-9-]*-call-limit$/;

/** The caller's headers that go upstream. */
export function forwardedRequestHeaders(headers) {
  const out = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * The upstream answer's headers that go back, with URLs below `upstreamBase` rewritten to
 * below `proxyBase` (both without a trailing slash); a relative Location or Link reference
 * is read against `upstreamUrl`, the URL that answered. Other URLs stay as the vendor wrote them.
 */
export function returnedResponseHeaders(headers, { upstreamBase, proxyBase, upstreamUrl }) {
  const rewrite = (url) => {
    if (url === upstreamBase) return proxyBase;
    for (const sep of ['/', '?']) {
      if (url.startsWith(upstreamBase + sep)) return proxyBase + url.slice(upstreamBase.length);
    }
    return url;
  };
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!FORWARDED_RESPONSE_HEADERS.has(name) && !RATE_LIMIT_HEADER.test(name)) continue;
    if (name === 'link' && typeof value === 'string') {
      // a reference may be relative (RFC 8288 3.2: read against the URL that answered)
      out[name] = value.replace(/<([^>]*)>/g, (whole, ref) => {
        let absolute;
        try { absolute = new URL(ref, upstreamUrl).href; } catch { return whole; }
        const rewritten = rewrite(absolute);
        return rewritten === absolute ? whole : `<${rewritten}>`;
      });
    } else if (name === 'location' && typeof value === 'string') {
      let absolute;
      try { absolute = new URL(value, upstreamUrl).href; } catch { continue; }
      out[name] = rewrite(absolute);
    } else {
      out[name] = value;
    }
  }
  return out;
}
