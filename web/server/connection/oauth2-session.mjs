// The access token a check request uses for an OAuth 2 method: a stored token while it is
// valid, a refreshed one when it has expired and a refresh token exists, a new one from the
// client credentials grant otherwise. Tokens live in a `store` ({load(), save(token)}):
// encrypted in the database for a saved instance (token-store.mjs), in memory for a test of
// credentials the wizard has not saved yet.
import { ConnectionError } from './errors.mjs';
import { requestToken } from './oauth2-token.mjs';
import { expandText, expandUrl } from './url-template.mjs';
import { transportAllowed } from './http-client.mjs';

// A token this close to its expiry counts as expired: it could lapse in flight.
export const EXPIRY_MARGIN_MS = 30_000;

/** The OAuth 2 client settings of a method, expanded with the instance's values. */
export function oauth2Client(method, values) {
  const o = method.oauth2;
  if (!o?.tokenUrl) {
    throw new ConnectionError('not_configured', 'The connector definition does not say where to get OAuth 2 tokens (oauth2.tokenUrl).');
  }
  const tokenUrl = expandUrl(o.tokenUrl, values);
  if (!transportAllowed(tokenUrl)) throw insecure(tokenUrl);
  return {
    tokenUrl,
    authorizeUrl: o.authorizeUrl ? expandUrl(o.authorizeUrl, values) : null,
    clientId: expandText(o.clientId ?? '{{client_id}}', values, { required: true }),
    clientSecret: expandText(o.clientSecret ?? '{{client_secret}}', values),
    clientAuthentication: o.clientAuthentication ?? 'basic',
    scope: o.scope ? expandText(o.scope, values) : '',
    keys: { tokenKey: o.tokenKey, expiresInKey: o.expiresInKey, refreshTokenKey: o.refreshTokenKey },
    pkce: o.pkce !== false,
  };
}

export function insecure(url) {
  return new ConnectionError('insecure_url', `Credentials are sent only over https: ${url.protocol}//${url.host} is not https.`, { host: url.host });
}

export const usable = (token, now) => Boolean(token?.accessToken) && (token.expiresAt === null || token.expiresAt === undefined || token.expiresAt - EXPIRY_MARGIN_MS > now);

/**
 * @param {object} o
 * @param {object} o.method        the auth method definition
 * @param {object} o.values        credential values (defaults applied)
 * @param {{load: () => any, save: (token: object) => any}} o.store
 * @param {boolean} [o.forceNew]   the stored token was refused: get another one
 * @param {number} o.deadline
 * @param {number} o.timeoutMs
 * @param {object} [o.tls]         client certificate and CAs (some token endpoints want mTLS)
 * @param {import('./outbound-policy.mjs').OutboundPolicy} [o.outbound]  networks the token request may reach
 * @param {() => number} [o.now]
 * @returns {Promise<{accessToken: string, refreshed: boolean}>}
 */
export async function accessTokenFor({ method, values, store, forceNew = false, deadline, timeoutMs, tls, outbound, now = Date.now }) {
  const client = oauth2Client(method, values);
  const stored = await store.load();
  if (!forceNew && usable(stored, now())) return { accessToken: stored.accessToken, refreshed: false };
  const common = { tokenUrl: client.tokenUrl, client, keys: client.keys, deadline, timeoutMs, tls, outbound, now };
  let token;
  if (stored?.refreshToken) {
    token = await requestToken({ ...common, params: { grant_type: 'refresh_token', refresh_token: stored.refreshToken } });
    // RFC 6749 6: the server may or may not issue a new refresh token; keep the old one if not.
    token.refreshToken ??= stored.refreshToken;
  } else if (method.type === 'oauth2_client_credentials') {
    token = await requestToken({ ...common, params: { grant_type: 'client_credentials', ...(client.scope ? { scope: client.scope } : {}) } });
  } else {
    throw new ConnectionError('oauth_not_connected', stored
      ? 'The authorisation has expired and cannot be renewed: use "Connect" again.'
      : 'Not connected yet: use "Connect" to authorise access first.', { field: 'credentials' });
  }
  await store.save(token);
  return { accessToken: token.accessToken, refreshed: true };
}

/** A token store that lives only as long as one test (wizard credentials not saved yet). */
export function memoryTokenStore(initial = null) {
  let token = initial;
  return { load: () => token, save: (t) => { token = t; }, current: () => token };
}
