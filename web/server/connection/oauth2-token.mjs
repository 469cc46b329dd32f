// Token requests to an OAuth 2 token endpoint (RFC 6749 sections 4.1.3, 4.4, 6): client
// credentials, authorisation code (with the PKCE verifier) and refresh. The client
// authenticates with HTTP Basic (section 2.3.1, the default) or in the form body, as the
// connector definition says. The access token is read from the key the definition names
// (a dot path such as "data.access_token"); the expiry from `expires_in` (seconds).
import { send } from './http-client.mjs';
import { ConnectionError } from './errors.mjs';

/** Reads "a.b.c" from a parsed JSON body. */
export function readPath(object, path) {
  let value = object;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

// RFC 6749 2.3.1: client id and secret are form-encoded before Basic.
const formEncode = (text) => encodeURIComponent(text).replace(/%20/g, '+');

/**
 * @param {object} o
 * @param {URL} o.tokenUrl
 * @param {Record<string,string>} o.params       grant_type and the grant's own parameters
 * @param {{clientId: string, clientSecret?: string, clientAuthentication?: 'basic'|'body'}} o.client
 * @param {{tokenKey?: string, expiresInKey?: string, refreshTokenKey?: string}} [o.keys]
 * @param {number} o.deadline
 * @param {number} o.timeoutMs
 * @param {object} [o.tls]
 * @param {import('./outbound-policy.mjs').OutboundPolicy} [o.outbound]  networks the token endpoint may be on
 * @param {() => number} [o.now]
 * @returns {Promise<{accessToken: string, tokenType: string, refreshToken: string|null, expiresAt: number|null, scope: string|null}>}
 */
export async function requestToken({ tokenUrl, params, client, keys = {}, deadline, timeoutMs, tls, outbound, now = Date.now }) {
  const form = new URLSearchParams(params);
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if ((client.clientAuthentication ?? 'basic') === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${formEncode(client.clientId)}:${formEncode(client.clientSecret ?? '')}`).toString('base64')}`;
  } else {
    form.set('client_id', client.clientId);
    if (client.clientSecret) form.set('client_secret', client.clientSecret);
  }
  const started = now();
  const response = await send({ method: 'POST', url: tokenUrl, headers, body: form.toString(), deadline, timeoutMs, tls, outbound, now });
  let body;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    body = null;
  }
  if (response.status < 200 || response.status >= 300) throw tokenEndpointFailure(response.status, body, tokenUrl);
  const tokenKey = keys.tokenKey ?? 'access_token';
  const accessToken = body === null ? undefined : readPath(body, tokenKey);
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new ConnectionError('oauth_token_invalid_response',
      `The token endpoint at ${tokenUrl.host} answered ${response.status} without "${tokenKey}": check the token URL.`, { host: tokenUrl.host, httpStatus: response.status });
  }
  const tokenType = typeof body.token_type === 'string' ? body.token_type : 'Bearer';
  if (tokenType.toLowerCase() !== 'bearer') {
    throw new ConnectionError('oauth_token_invalid_response', `The token endpoint at ${tokenUrl.host} issued a "${tokenType.slice(0, 40)}" token; only Bearer tokens are supported.`, { host: tokenUrl.host });
  }
  const expiresIn = Number(readPath(body, keys.expiresInKey ?? 'expires_in'));
  const refreshToken = readPath(body, keys.refreshTokenKey ?? 'refresh_token');
  return {
    accessToken,
    tokenType: 'Bearer',
    refreshToken: typeof refreshToken === 'string' && refreshToken !== '' ? refreshToken : null,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? started + expiresIn * 1000 : null,
    scope: typeof body.scope === 'string' ? body.scope : null,
  };
}

// RFC 6749 5.2 error codes and what the user should check.
const TOKEN_ERROR_HINTS = {
  invalid_client: 'check the client ID and client secret',
  unauthorized_client: 'this client may not use this grant type: check the app registration',
  invalid_grant: 'the authorisation or refresh token is no longer valid: connect again',
  invalid_scope: 'check the scope',
  invalid_request: 'the request was refused: check the token URL and the scope',
  unsupported_grant_type: 'the server does not support this grant type: check the authentication method',
};

function tokenEndpointFailure(status, body, tokenUrl) {
  const error = typeof body?.error === 'string' && /^[\x20-\x7e]{1,64}$/.test(body.error) ? body.error : null;
  const hint = TOKEN_ERROR_HINTS[error] ?? (status === 401 ? 'check the client ID and client secret' : 'check the token URL and the client settings');
  return new ConnectionError('oauth_token_error',
    `The token endpoint at ${tokenUrl.host} refused the request (${status}${error ? ` ${error}` : ''}): ${hint}.`,
    { host: tokenUrl.host, httpStatus: status, ...(error ? { reason: error } : {}) });
}
