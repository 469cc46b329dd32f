// One proxied request, start to end: the upstream URL from the instance's base URL, the
// caller's path and query (date filters filled in), the instance's authentication, then each
// upstream request (a same-origin redirect or the retry after a refused OAuth 2 token is
// another one) through the instance's rate limit and pool, and the answer streamed back.
// Credentials exist only in the upstream request: never in a log, an answer or the audit
// trail. Failures are ConnectionErrors (connection/errors.mjs) or gateway HttpErrors.
import { ConnectionError } from '../connection/errors.mjs';
import { openRequest, transportAllowed } from '../connection/http-client.mjs';
import { applyCredentials } from '../connection/credentials.mjs';
import { accessTokenFor, insecure } from '../connection/oauth2-session.mjs';
import { tlsOptions } from '../connection/check.mjs';
import { credentialValues } from '../connection/values.mjs';
import { formPairs } from '../connection/oauth1.mjs';
import { fillPlaceholders, fillQuery, requestedFilter } from './date-filter.mjs';
import { forwardedRequestHeaders, returnedResponseHeaders } from './headers.mjs';
import { gatewayError, pathSegments, upstreamUrl } from './target.mjs';

export const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const OAUTH2 = new Set(['oauth2_client_credentials', 'oauth2_authorization_code']);
const USER_AGENT = 'connector-instances-gateway/1';

/** Reads and discards an answer that is not passed on (a redirect, a refused token). */
function discard(response) {
  return new Promise((resolve) => {
    response.on('end', resolve);
    response.on('error', resolve);
    response.on('close', resolve);
    response.resume();
  });
}

/**
 * Everything about the request that does not depend on the moment it is sent.
 * @param {object} o
 * @param {object} o.instance   the stored instance with its secrets (input shape)
 * @param {object} o.method     its auth method definition
 * @param {string} o.path       below /proxy/, decoded by the router
 * @param {string} o.rawQuery   as sent, without "?"
 * @param {object} o.headers    the caller's headers
 * @param {Buffer} [o.body]
 * @param {object} o.time       the module's time API
 */
export function prepareRequest({ instance, method, path, rawQuery, headers, body, time, now = Date.now() }) {
  if (!method.baseUrl) {
    throw new ConnectionError('no_base_url', 'The connector definition declares no base URL for this authentication method, so its instances cannot be used through the gateway.');
  }
  const filter = requestedFilter(headers, instance, time, now);
  const segments = pathSegments(path).map((s) => fillPlaceholders(s, filter));
  const query = fillQuery(rawQuery, filter);
  const values = credentialValues(method, instance.credentials ?? {});
  const url = upstreamUrl({ baseUrl: method.baseUrl, values, segments, query });
  if (!transportAllowed(url)) throw insecure(url);
  const base = upstreamUrl({ baseUrl: method.baseUrl, values, segments: [], query: [] });
  const forwarded = forwardedRequestHeaders(headers);
  const form = /^application\/x-www-form-urlencoded\b/i.test(forwarded['content-type'] ?? '');
  return {
    url,
    upstreamBase: `${base.origin}${base.pathname.replace(/\/+$/, '')}`,
    values,
    headers: forwarded,
    body: body?.length ? body : undefined,
    bodyPairs: form && body?.length && method.type === 'oauth1' ? signedFormPairs(body) : [],
  };
}

/** The parameters of a form-encoded body that OAuth 1 signs; 400 when it cannot be decoded. */
function signedFormPairs(body) {
  try {
    return formPairs(body.toString('latin1'), { plusIsSpace: true });
  } catch {
    throw gatewayError(400, 'invalid_form_body', 'The form-encoded body is not correctly percent-encoded (UTF-8), so it cannot be signed.');
  }
}

/**
 * Sends a prepared request and streams the final answer to `reply`.
 * @param {object} o
 * @param {ReturnType<typeof prepareRequest>} o.prepared
 * @param {string} o.httpMethod
 * @param {object} o.method          auth method definition
 * @param {{data: string, passphrase?: string}|null} o.certificate
 * @param {{load: Function, save: Function}} o.tokenStore  the instance's OAuth 2 tokens
 * @param {(send: () => Promise<any>) => Promise<any>} o.schedule  runs one upstream request under the limit and pool
 * @param {object} o.reply           fastify reply
 * @param {string} o.proxyBase       this instance's proxy route, for Link/Location rewriting
 * @param {object} o.settings        {timeoutMs, idleMs, ca, outbound}
 * @param {AbortSignal} o.signal     the caller went away
 * @param {(url: URL) => import('node:http').Agent|false} [o.agentFor]  kept connections of the instance
 * @param {(status: number, headers: object) => void} [o.onAnswer]  every upstream answer's status and headers
 */
export async function forward({ prepared, httpMethod, method, certificate, tokenStore, schedule, reply, proxyBase, settings, signal, agentFor = () => false, onAnswer = () => {} }) {
  const now = Date.now;
  const tls = tlsOptions(method, certificate, { ca: settings.ca, now });
  let url = prepared.url;
  let verb = httpMethod;
  let body = prepared.body;
  let retriedToken = false;
  let forceNewToken = false;
  for (let hops = 0; ; hops += 1) {
    const outcome = await schedule(async () => {
      const deadline = now() + settings.timeoutMs;
      let accessToken = null;
      if (OAUTH2.has(method.type)) {
        ({ accessToken } = await accessTokenFor({
          method, values: prepared.values, store: tokenStore, forceNew: forceNewToken,
          deadline, timeoutMs: settings.timeoutMs, tls, outbound: settings.outbound, now,
        }));
        forceNewToken = false;
      }
      const applied = applyCredentials({ method, values: prepared.values, url, httpMethod: verb, accessToken, bodyPairs: body ? prepared.bodyPairs : [] });
      const { response, done } = await openRequest({
        method: verb, url: applied.url, headers: { ...prepared.headers, ...applied.headers }, body, deadline,
        timeoutMs: settings.timeoutMs, tls, outbound: settings.outbound, userAgent: USER_AGENT, signal, agent: agentFor(applied.url), now,
      });
      done(); // the deadline covered the wait for the headers; the body has an idle timeout
      // on the answer, not its socket: a kept-alive socket serves many answers, and a listener
      // added to it per answer would outlive the answer
      response.setTimeout(settings.idleMs, () => response.destroy(new Error('idle')));
      const status = response.statusCode;
      onAnswer(status, response.headers);
      if (status === 401 && accessToken && !retriedToken) {
        await discard(response);
        return { again: 'token' };
      }
      if (REDIRECTS.has(status) && typeof response.headers.location === 'string') {
        await discard(response);
        return { again: 'redirect', status, location: response.headers.location };
      }
      reply.code(status).headers(returnedResponseHeaders(response.headers, { upstreamBase: prepared.upstreamBase, proxyBase, upstreamUrl: url }));
      // the pool slot is held until the body has been passed on
      const finished = new Promise((resolve) => {
        response.on('close', resolve);
        reply.raw.on('close', resolve);
      });
      if (verb === 'HEAD') {
        // nothing to pass on; an answer nobody reads never ends: read the (empty) body so that
        // it ends, and its socket goes, now rather than when the vendor closes the connection
        response.resume();
        reply.send();
      } else {
        reply.send(response);
      }
      await finished;
      return { sent: true };
    });
    if (outcome.sent) return;
    if (outcome.again === 'token') {
      retriedToken = true; // the stored token may have been revoked: one fresh token, one retry
      forceNewToken = true;
      hops -= 1;
      continue;
    }
    const target = new URL(outcome.location, url);
    if (target.origin !== url.origin) {
      throw new ConnectionError('redirect_refused',
        `${url.host} redirected to ${target.host}: credentials are never sent to another host.`, { host: url.host, httpStatus: outcome.status });
    }
    if (hops >= MAX_REDIRECTS) {
      throw new ConnectionError('too_many_redirects', `${url.host} redirected more than ${MAX_REDIRECTS} times.`, { host: url.host, httpStatus: outcome.status });
    }
    if (outcome.status === 303 || ((outcome.status === 301 || outcome.status === 302) && verb === 'POST')) {
      verb = verb === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
    }
    url = target;
  }
}
