// One HTTP(S) request with a deadline, optional client certificate and extra trusted CAs:
// `openRequest` hands the answer over as a stream (the gateway), `send` reads it whole with a
// cap (connection tests, token requests). Redirects are never followed here. Every
// connection goes through the outbound policy (guarded-lookup.mjs): a refused address fails
// before anything is sent. Nothing here logs: the request carries credentials in its headers.
import http from 'node:http';
import https from 'node:https';
import { ConnectionError } from './errors.mjs';
import { networkFailure, timeoutFailure } from './failures.mjs';
import { guardedLookup } from './guarded-lookup.mjs';
import { LOCAL_SERVER_POLICY } from './outbound-policy.mjs';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Opens one request and resolves with the answer as soon as its status and headers arrived;
 * the body is the caller's to read (`response` is Node's IncomingMessage). The deadline
 * covers the whole exchange: when it passes before `done()` is called, the request is
 * destroyed (a body still streaming then ends with an error).
 * @param {object} o
 * @param {string} o.method
 * @param {URL} o.url
 * @param {Record<string,string>} [o.headers]
 * @param {string|Buffer} [o.body]
 * @param {number} o.deadline       epoch ms by which the whole answer must be in
 * @param {number} o.timeoutMs      the configured timeout (for the message)
 * @param {object} [o.tls]          {cert, key, passphrase} or {pfx, passphrase}, plus {ca}
 * @param {import('./outbound-policy.mjs').OutboundPolicy} [o.outbound]  networks it may reach
 * @param {string} [o.userAgent]
 * @param {AbortSignal} [o.signal]  the caller went away: destroy the request
 * @param {import('node:http').Agent} [o.agent]  connections kept for one instance (the gateway); default: a fresh one
 * @param {() => number} [o.now]
 * @returns {Promise<{response: import('node:http').IncomingMessage, done: () => void}>}
 */
export function openRequest({ method, url, headers = {}, body, deadline, timeoutMs, tls = {}, outbound = LOCAL_SERVER_POLICY, userAgent = 'connector-instances-connection-test/1', signal, agent = false, now = Date.now }) {
  return new Promise((resolve, reject) => {
    let lookup;
    try {
      lookup = guardedLookup(url, outbound); // throws for an IP literal that is not allowed
    } catch (e) {
      reject(e);
      return;
    }
    const secure = url.protocol === 'https:';
    const h = { 'user-agent': userAgent, accept: 'application/json, */*;q=0.5', ...headers };
    if (body !== undefined) h['content-length'] = String(Buffer.byteLength(body));
    const options = {
      method,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: h,
      // a fresh connection unless the caller keeps them per instance: no TLS session or
      // socket is ever shared between instances
      agent,
      ...(lookup ? { lookup } : {}),
    };
    if (secure) {
      Object.assign(options, tls, { servername: isIp(url.hostname) ? undefined : url.hostname, rejectUnauthorized: true });
    }
    let answered = false;
    const fail = (e) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(e);
    };
    const req = (secure ? https : http).request(options, (res) => {
      answered = true;
      resolve({
        response: res,
        done: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      });
    });
    const remaining = Math.max(0, deadline - now());
    const timer = setTimeout(() => {
      const error = timeoutFailure(url, timeoutMs);
      fail(error);
      req.destroy(error);
    }, remaining);
    const onAbort = () => {
      const error = new ConnectionError('aborted', 'The caller went away before the answer came.');
      fail(error);
      req.destroy(error);
    };
    if (signal?.aborted) { onAbort(); return; }
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => fail(networkFailure(e, url)));
    req.end(body);
  });
}

/**
 * One request whose answer is read whole (at most MAX_BODY_BYTES of the body are kept).
 * @param {Parameters<typeof openRequest>[0]} o
 * @returns {Promise<{status: number, headers: object, body: Buffer}>}
 */
export async function send(o) {
  const { url, deadline, timeoutMs, now = Date.now } = o;
  const { response, done } = await openRequest(o);
  // the deadline destroys the request: a body cut off by it is a timeout, not a reset
  const failure = (e) => (now() >= deadline ? timeoutFailure(url, timeoutMs) : networkFailure(e, url));
  try {
    return await new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      response.on('data', (chunk) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', (e) => reject(failure(e)));
      response.on('aborted', () => reject(failure(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))));
    });
  } finally {
    done();
  }
}

function isIp(hostname) {
  return /^\d+\.\d+\.\d+\.\d+$/.test(hostname) || hostname.startsWith('[');
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/** Plain http carries credentials in clear: allowed only to this machine (development, tests). */
export function transportAllowed(url) {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname));
}
