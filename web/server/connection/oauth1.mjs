// OAuth 1.0 request signing, RFC 5849 section 3, with HMAC-SHA256 (as NetSuite's token-based
// authentication requires) or HMAC-SHA1. Parameters signed: the oauth_* protocol parameters
// and the query of the request URL (a form body is not used by connection tests). The realm
// goes into the Authorization header but, as section 3.4.1.3.1 says, not into the signature.
import { createHmac, randomBytes } from 'node:crypto';

const ALGORITHMS = { 'HMAC-SHA256': 'sha256', 'HMAC-SHA1': 'sha1' };
export const SIGNATURE_METHODS = Object.keys(ALGORITHMS);

/** Section 3.6: every octet except ALPHA, DIGIT, '-', '.', '_', '~' as %XX (upper-case hex). */
export function percentEncode(value) {
  return encodeURIComponent(String(value)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Section 3.4.1.2: scheme and host in lower case, the port only when not the default, the path. */
export function baseStringUri(url) {
  const u = new URL(url);
  const scheme = u.protocol.slice(0, -1).toLowerCase();
  const defaultPort = (scheme === 'http' && u.port === '80') || (scheme === 'https' && u.port === '443') || u.port === '';
  return `${scheme}://${u.hostname.toLowerCase()}${defaultPort ? '' : `:${u.port}`}${u.pathname}`;
}

/**
 * Section 3.4.1.3.2: parameters as [name, value] pairs, each encoded, sorted by name then
 * value (byte order of the encoded forms), joined as name=value with '&'.
 */
export function normalizeParameters(pairs) {
  return pairs
    .map(([name, value]) => [percentEncode(name), percentEncode(value)])
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** The query of a URL as decoded [name, value] pairs (section 3.4.1.3.1: '+' is not a space here). */
function queryPairs(url) {
  return formPairs(new URL(url).search.slice(1));
}

/**
 * "a=1&b=%20" -> [[name, value]]: a query, or with `plusIsSpace` a form-encoded body
 * (section 3.4.1.3.1: the body is decoded as application/x-www-form-urlencoded, where "+"
 * is a space, as in the RFC's own example "a3=2+q"). Throws URIError on a malformed escape.
 */
export function formPairs(text, { plusIsSpace = false } = {}) {
  if (!text) return [];
  return text.split('&').filter(Boolean).map((part) => {
    const i = part.indexOf('=');
    const decode = (s) => decodeURIComponent(plusIsSpace ? s.replace(/\+/g, ' ') : s);
    return i < 0 ? [decode(part), ''] : [decode(part.slice(0, i)), decode(part.slice(i + 1))];
  });
}

/** Section 3.4.1.1: METHOD & encoded base URI & encoded normalised parameters. */
export function signatureBaseString(method, url, pairs) {
  return `${method.toUpperCase()}&${percentEncode(baseStringUri(url))}&${percentEncode(normalizeParameters(pairs))}`;
}

/** Sections 3.4.2 (HMAC): key = encoded consumer secret & encoded token secret; base64 digest. */
export function sign(baseString, consumerSecret, tokenSecret, signatureMethod = 'HMAC-SHA256') {
  const algorithm = ALGORITHMS[signatureMethod];
  if (!algorithm) throw new TypeError(`unsupported OAuth 1 signature method ${signatureMethod}`);
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret ?? '')}`;
  return createHmac(algorithm, key).update(baseString).digest('base64');
}

/**
 * The Authorization header value for one request.
 * @param {object} o
 * @param {string} o.method
 * @param {string|URL} o.url
 * @param {string} o.consumerKey
 * @param {string} o.consumerSecret
 * @param {string} [o.token]
 * @param {string} [o.tokenSecret]
 * @param {string} [o.realm]
 * @param {string} [o.signatureMethod]  HMAC-SHA256 (default) or HMAC-SHA1
 * @param {string} [o.nonce]            default: 128 random bits, hex
 * @param {number} [o.timestamp]        seconds; default: now
 * @param {boolean} [o.includeVersion]  send oauth_version="1.0" (optional in RFC 5849; default true)
 * @param {[string, string][]} [o.bodyPairs]  the parameters of a form-encoded body, which are signed too
 */
export function authorizationHeader({
  method, url, consumerKey, consumerSecret, token, tokenSecret, realm, signatureMethod = 'HMAC-SHA256',
  nonce = randomBytes(16).toString('hex'), timestamp = Math.floor(Date.now() / 1000), includeVersion = true, bodyPairs = [],
}) {
  const protocol = [
    ['oauth_consumer_key', consumerKey],
    ['oauth_nonce', nonce],
    ['oauth_signature_method', signatureMethod],
    ['oauth_timestamp', String(timestamp)],
    ...(token ? [['oauth_token', token]] : []),
    ...(includeVersion ? [['oauth_version', '1.0']] : []),
  ];
  const base = signatureBaseString(method, String(url), [...protocol, ...queryPairs(String(url)), ...bodyPairs]);
  const signature = sign(base, consumerSecret, tokenSecret, signatureMethod);
  const fields = [...(realm ? [['realm', realm]] : []), ...protocol, ['oauth_signature', signature]];
  return `OAuth ${fields.map(([k, v]) => `${k}="${percentEncode(v)}"`).join(', ')}`;
}
