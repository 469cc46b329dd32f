// One HTTP(S) request with a deadline, optional client certificate and extra trusted CAs.
// Redirects are never followed here (check.mjs decides); the body read is capped. Every
// connection goes through the outbound policy (guarded-lookup.mjs): a refused address fails
// before anything is sent. Nothing here logs: the request carries credentials in its headers.
import http from 'node:http';
import https from 'node:https';
import { networkFailure, timeoutFailure } from './failures.mjs';
import { guardedLookup } from './guarded-lookup.mjs';
import { LOCAL_SERVER_POLICY } from './outbound-policy.mjs';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * @param {object} o
 * @param {string} o.method
 * @param {URL} o.url
 * @param {Record<string,string>} [o.headers]
 * @param {string|Buffer} [o.body]
 * @param {number} o.deadline       epoch ms by which the whole answer must be in
 * @param {number} o.timeoutMs      the configured timeout (for the message)
 * @param {object} [o.tls]          {cert, key, passphrase} or {pfx, passphrase}, plus {ca}
 * @param {import('./outbound-policy.mjs').OutboundPolicy} [o.outbound]  networks it may reach
 * @param {() => number} [o.now]
 * @returns {Promise<{status: number, headers: object, body: Buffer}>}
 */
export function send({ method, url, headers = {}, body, deadline, timeoutMs, tls = {}, outbound = LOCAL_SERVER_POLICY, now = Date.now }) {
  return new Promise((resolve, reject) => {
    let lookup;
    try {
      lookup = guardedLookup(url, outbound); // throws for an IP literal that is not allowed
    } catch (e) {
      reject(e);
      return;
    }
    const secure = url.protocol === 'https:';
    const h = { 'user-agent': 'connector-instances-connection-test/1', accept: 'application/json, */*;q=0.5', ...headers };
    if (body !== undefined) h['content-length'] = String(Buffer.byteLength(body));
    const options = {
      method,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: h,
      agent: false, // a fresh connection: no TLS session or socket shared between instances
      ...(lookup ? { lookup } : {}),
    };
    if (secure) {
      Object.assign(options, tls, { servername: isIp(url.hostname) ? undefined : url.hostname, rejectUnauthorized: true });
    }
    let settled = false;
    const finish = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn(value);
    };
    const req = (secure ? https : http).request(options, (res) => {
      const chunks = [];
      let size = 0;
      res.on('data', (chunk) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      res.on('end', () => finish(resolve, { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (e) => finish(reject, networkFailure(e, url)));
    });
    const remaining = Math.max(0, deadline - now());
    const timer = setTimeout(() => {
      finish(reject, timeoutFailure(url, timeoutMs));
      req.destroy();
    }, remaining);
    req.on('error', (e) => finish(reject, networkFailure(e, url)));
    req.end(body);
  });
}

function isIp(hostname) {
  return /^\d+\.\d+\.\d+\.\d+$/.test(hostname) || hostname.startsWith('[');
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/** Plain http carries credentials in clear: allowed only to this machine (development, tests). */
export function transportAllowed(url) {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname));
}
