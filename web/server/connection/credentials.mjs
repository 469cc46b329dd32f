// How each authentication type puts its credentials on a request (the check request and any
// same-origin redirect of it; OAuth 1 signs each URL anew).
import { ConnectionError } from './errors.mjs';
import { expandText } from './url-template.mjs';
import { authorizationHeader } from './oauth1.mjs';

// RFC 7230 token: what a header name may be.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function basic(method, values) {
  const spec = method.basic ?? {};
  const username = expandText(spec.username ?? '{{username}}', values, { required: true });
  const password = expandText(spec.password ?? '{{password}}', values);
  if (username.includes(':')) {
    // RFC 7617 2: the user-id cannot contain a colon
    throw new ConnectionError('invalid_value', 'The user name may not contain ":" for basic authentication.', { field: fieldOf(spec.username ?? '{{username}}') });
  }
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}` };
}

function fieldOf(template) {
  const m = /\{\{\s*([A-Za-z0-9_-]+)\s*\}\}/.exec(template);
  return m ? `credentials.${m[1]}` : 'credentials';
}

function token(method, values, url) {
  const spec = method.token ?? {};
  const template = spec.value ?? '{{access_token}}';
  const value = expandText(template, values, { required: true });
  if (/[\r\n]/.test(value)) throw new ConnectionError('invalid_value', 'The token may not contain line breaks.', { field: fieldOf(template) });
  if (spec.query) return { url: withQueryParameter(url, spec.query, value), headers: {} };
  const name = spec.header ?? 'Authorization';
  if (!HEADER_NAME.test(name)) throw new ConnectionError('invalid_template', `The connector definition names an invalid header "${name}".`);
  const scheme = spec.scheme ?? (name.toLowerCase() === 'authorization' ? 'Bearer' : '');
  return { url, headers: { [name]: scheme ? `${scheme} ${value}` : value } };
}

/**
 * The URL with `name=value` as its last query parameter, replacing any of that name. The rest
 * of the query stays exactly as it was written (searchParams would re-encode all of it:
 * "%20" to "+", "a,b" to "a%2Cb", "flag" to "flag="), since the gateway passes the caller's
 * query on as sent.
 */
function withQueryParameter(url, name, value) {
  const next = new URL(url);
  const kept = next.search.slice(1).split('&').filter((part) => {
    if (part === '') return false;
    const raw = part.split('=', 1)[0];
    let decoded;
    try { decoded = decodeURIComponent(raw.replace(/\+/g, ' ')); } catch { decoded = raw; }
    return decoded !== name;
  });
  kept.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  next.search = `?${kept.join('&')}`;
  return next;
}

function oauth1(method, values, url, httpMethod, bodyPairs) {
  const spec = method.oauth1 ?? {};
  return {
    authorization: authorizationHeader({
      method: httpMethod,
      url,
      consumerKey: expandText(spec.consumerKey ?? '{{consumer_key}}', values, { required: true }),
      consumerSecret: expandText(spec.consumerSecret ?? '{{consumer_secret}}', values, { required: true }),
      token: expandText(spec.token ?? '{{token_key}}', values),
      tokenSecret: expandText(spec.tokenSecret ?? '{{token_secret}}', values),
      realm: spec.realm ? expandText(spec.realm, values) : undefined,
      signatureMethod: spec.signatureMethod ?? 'HMAC-SHA256',
      bodyPairs,
    }),
  };
}

/**
 * @param {object} o
 * @param {[string, string][]} [o.bodyPairs]  a form-encoded body's parameters (OAuth 1 signs them)
 * @returns {{url: URL, headers: Record<string, string>}}
 */
export function applyCredentials({ method, values, url, httpMethod, accessToken, bodyPairs = [] }) {
  switch (method.type) {
    case 'basic': return { url, headers: basic(method, values) };
    case 'token': return token(method, values, url);
    case 'oauth1': return { url, headers: oauth1(method, values, url, httpMethod, bodyPairs) };
    case 'oauth2_client_credentials':
    case 'oauth2_authorization_code':
      return { url, headers: { authorization: `Bearer ${accessToken}` } };
    default:
      throw new ConnectionError('not_configured', `Unknown authentication type "${method.type}".`);
  }
}
