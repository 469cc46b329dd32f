// Runs the check request of an authentication method: builds the URL from the instance's
// values, applies the credentials as the method's type says, sends it (mutual TLS with the
// client certificate when there is one) under one deadline for the whole test, follows
// redirects only within the same origin, and compares the status with the success
// statuses. Always resolves with a result object; never logs or returns a credential.
import nodeTls from 'node:tls';
import { ConnectionError } from './errors.mjs';
import { send, transportAllowed } from './http-client.mjs';
import { statusFailure } from './failures.mjs';
import { expandUrl } from './url-template.mjs';
import { loadClientCertificate } from './client-certificate.mjs';
import { applyCredentials } from './credentials.mjs';
import { accessTokenFor, insecure, memoryTokenStore } from './oauth2-session.mjs';
import { credentialValues } from './values.mjs';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const OAUTH2 = new Set(['oauth2_client_credentials', 'oauth2_authorization_code']);

/**
 * @param {object} o
 * @param {object} o.method              auth method definition (with `check`, see docs/connection-test.md)
 * @param {Record<string, unknown>} o.credentials
 * @param {{data: string, passphrase?: string}|null} [o.certificate]
 * @param {{load: Function, save: Function}} [o.tokenStore]  OAuth 2 tokens (default: kept for this test only)
 * @param {number} [o.timeoutMs]          the whole test, token request included
 * @param {string|string[]} [o.ca]        extra trusted CAs (PEM), added to Node's roots
 * @param {import('./outbound-policy.mjs').OutboundPolicy} [o.outbound]  networks requests may reach
 *                                        (default: public and loopback, as for a server bound to loopback)
 * @param {() => number} [o.now]
 * @param {(error: Error) => void} [o.onInternalError]  told about a failure that is a bug, not a connection problem
 * @returns {Promise<{status: 'ok'|'failed', message: string, code?: string, field?: string, httpStatus?: number, host?: string, testedAt: number, durationMs: number}>}
 */
export async function runCheck({ method, credentials, certificate = null, tokenStore = memoryTokenStore(), timeoutMs = DEFAULT_TIMEOUT_MS, ca, outbound, now = Date.now, onInternalError = () => {} }) {
  const started = now();
  const result = (fields) => ({ ...fields, testedAt: started, durationMs: Math.max(0, now() - started) });
  try {
    const outcome = await check({ method, credentials, certificate, tokenStore, timeoutMs, ca, outbound, now, deadline: started + timeoutMs });
    return result({ status: 'ok', ...outcome });
  } catch (e) {
    if (e instanceof ConnectionError) return result({ status: 'failed', ...e.toJSON() });
    // A bug, not a connection problem: say so without details that could carry a value.
    onInternalError(e);
    return result({ status: 'failed', code: 'internal_error', message: 'The connection test failed unexpectedly; the server log has details.' });
  }
}

/** The TLS options: client certificate (checked first) and extra CAs. */
export function tlsOptions(method, certificate, { ca, now }) {
  const tls = {};
  if (certificate?.data) Object.assign(tls, loadClientCertificate(certificate, { now: now() }).tls);
  else if (method.certificate === 'required') loadClientCertificate(null);
  // Extra CAs are trusted in addition to Node's bundled roots, not instead of them.
  if (ca) tls.ca = [...(Array.isArray(ca) ? ca : [ca]), ...nodeTls.rootCertificates];
  return tls;
}

async function check({ method, credentials, certificate, tokenStore, timeoutMs, ca, outbound, now, deadline }) {
  if (!method?.check?.url) {
    throw new ConnectionError('not_configured', 'This authentication method defines no connection test.');
  }
  const values = credentialValues(method, credentials);
  const tls = tlsOptions(method, certificate, { ca, now });
  let url = expandUrl(method.check.url, values);
  if (!transportAllowed(url)) throw insecure(url);
  const successStatus = method.check.successStatus ?? [200];
  let httpMethod = (method.check.method ?? 'GET').toUpperCase();

  let accessToken = null;
  let retriedToken = false;
  const token = async (forceNew) => {
    ({ accessToken } = await accessTokenFor({ method, values, store: tokenStore, forceNew, deadline, timeoutMs, tls, outbound, now }));
  };
  if (OAUTH2.has(method.type)) await token(false);

  for (let hops = 0; ; hops += 1) {
    const applied = applyCredentials({ method, values, url, httpMethod, accessToken });
    const response = await send({ method: httpMethod, url: applied.url, headers: { ...applied.headers, ...(method.check.headers ?? {}) }, deadline, timeoutMs, tls, outbound, now });
    if (successStatus.includes(response.status)) {
      return { message: `Connected: ${response.status} from ${url.host}.`, httpStatus: response.status, host: url.host };
    }
    if (response.status === 401 && accessToken && !retriedToken && method.type === 'oauth2_client_credentials') {
      retriedToken = true; // the cached token may have been revoked: one fresh token, one retry
      await token(true);
      hops -= 1;
      continue;
    }
    if (REDIRECTS.has(response.status) && typeof response.headers.location === 'string') {
      const target = new URL(response.headers.location, url);
      if (target.origin !== url.origin) {
        throw new ConnectionError('redirect_refused',
          `${url.host} redirected to ${target.host}: credentials are never sent to another host, so the test stopped there. Check the address, or use ${target.host} if that is the right server.`,
          { host: url.host, httpStatus: response.status });
      }
      if (hops >= MAX_REDIRECTS) {
        throw new ConnectionError('too_many_redirects', `${url.host} redirected more than ${MAX_REDIRECTS} times: check the address.`, { host: url.host, httpStatus: response.status });
      }
      if (response.status === 303) httpMethod = httpMethod === 'HEAD' ? 'HEAD' : 'GET';
      url = target;
      continue;
    }
    throw statusFailure(response.status, url, method.type);
  }
}
