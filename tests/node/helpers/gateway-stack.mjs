// The request gateway end to end (docs/gateway.md): the connect stack (backend child process,
// openssl PKI, oauth2-mock-server, the mTLS "bank") plus a fake vendor API on 127.0.0.1 that
// checks every kind of credential itself (basic, a token in a header or the query, OAuth 1
// verified with the independent `oauth-1.0a` package, form bodies included) and records each
// request's arrival, headers, exact body and when its answer left; a JWT-verifying resource
// server for OAuth 2 that can refuse chosen tokens; connector definitions with base URLs that
// point at them. Tests add behaviour per tenant or path with `vendor.use(match, handler)`.
// Timing checks use a second vendor in a worker thread (`timed`).
import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import OAuth from 'oauth-1.0a';
import { responses } from '../server-harness.mjs';
import { CLIENT_ID, CLIENT_SECRET, GOOD_TOKEN, startConnectStack } from './connect-stack.mjs';
import { closedPort, preciseNow, startServer as startLoopbackServer } from './connect-servers.mjs';
import { startResourceServer } from './connect-oauth2.mjs';

export { CLIENT_ID, CLIENT_SECRET, GOOD_TOKEN };
export const VENDOR_TOKEN = 'vendor-key-9Qm2xL7pT4';
export const BASIC_USER = 'gateway-user';
export const BASIC_PASSWORD = 'basic-pass-Hk3$wz';
export const OAUTH1_ACCOUNT = '7654321_SB2';
export const OAUTH1_KEYS = Object.freeze({
  consumer_key: `ck${'1'.repeat(30)}`, consumer_secret: `cs-secret-${'2'.repeat(30)}`,
  token_key: `tk${'3'.repeat(30)}`, token_secret: `ts-secret-${'4'.repeat(30)}`,
});

/** Parses `OAuth k="v", ...` (values percent-encoded). */
export function parseOAuthHeader(header) {
  const out = {};
  if (!/^OAuth /.test(header ?? '')) return out;
  for (const m of header.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)) out[m[1]] = decodeURIComponent(m[2]);
  return out;
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
export { sleep };

/**
 * The fake vendor. Paths: /basic/<tenant>/..., /token/<tenant>/..., /ns/<account>/...; each
 * kind checks its credentials (401 with WWW-Authenticate otherwise). Entries of `requests`
 * get `path`, `query` (raw, without "?"), `tenant`, `kind`, `oauth1` (the verdict) and
 * `doneAt` (just before the answer was written). Default answer: 200 JSON echo.
 */
async function startVendor() {
  const handlers = [];
  const verifier = new OAuth({
    consumer: { key: OAUTH1_KEYS.consumer_key, secret: OAUTH1_KEYS.consumer_secret },
    signature_method: 'HMAC-SHA256',
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  });
  let vendor;
  const authenticate = (kind, req, entry, url) => {
    if (kind === 'basic') {
      const expected = `Basic ${Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64')}`;
      return req.headers.authorization === expected ? null : 'bad basic credentials';
    }
    if (kind === 'token') {
      const inHeader = req.headers['x-api-key'];
      const inQuery = url.searchParams.getAll('api_key');
      const ok = (inHeader === VENDOR_TOKEN && inQuery.length === 0) || (inHeader === undefined && inQuery.length === 1 && inQuery[0] === VENDOR_TOKEN);
      return ok ? null : 'bad token';
    }
    if (kind === 'ns') {
      const params = parseOAuthHeader(req.headers.authorization);
      const form = /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
      // a form body is decoded as a form (a "+" is a space), as RFC 5849 3.4.1.3.1 says
      const data = form ? Object.fromEntries(new URLSearchParams(entry.body)) : {};
      const oauthParams = Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith('oauth_') && k !== 'oauth_signature'));
      // (oauth-1.0a merges the query into the data object it is given: hand it a copy)
      const expected = verifier.getSignature({ url: `${vendor.url}${req.url}`, method: req.method, data: { ...data } }, OAUTH1_KEYS.token_secret, oauthParams);
      entry.oauth1 = {
        realm: params.realm, consumerKey: params.oauth_consumer_key, token: params.oauth_token, signed: Object.keys(data),
        valid: params.realm === OAUTH1_ACCOUNT && params.oauth_consumer_key === OAUTH1_KEYS.consumer_key
          && params.oauth_token === OAUTH1_KEYS.token_key && expected === params.oauth_signature,
      };
      return entry.oauth1.valid ? null : 'INVALID_LOGIN_ATTEMPT';
    }
    return 'unknown path';
  };
  vendor = await startLoopbackServer(async (req, res, body, entry) => {
    const url = new URL(req.url, 'http://vendor.invalid');
    const [, kind, tenant] = url.pathname.split('/');
    const q = req.url.indexOf('?');
    Object.assign(entry, { kind, tenant, path: url.pathname, query: q < 0 ? '' : req.url.slice(q + 1) });
    const answer = (status, headers = {}, payload = '') => {
      entry.doneAt = preciseNow();
      res.writeHead(status, headers);
      res.end(payload);
    };
    const refused = authenticate(kind, req, entry, url);
    if (refused) {
      return answer(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="vendor"' }, JSON.stringify({ error: refused }));
    }
    for (const [match, handler] of handlers) {
      if (match(entry)) return handler({ req, res, entry, url, answer });
    }
    // (the echo leaves out the key a token-in-the-query method adds: a vendor does not echo it)
    return answer(200, { 'content-type': 'application/json' }, JSON.stringify({
      method: req.method, path: entry.path, query: entry.query.replaceAll(VENDOR_TOKEN, '[key]'), contentType: req.headers['content-type'] ?? null,
      bodyLength: entry.rawBody.length,
    }));
  });
  /** Adds a handler for entries `match(entry)` accepts (checked in order); returns its remover. */
  vendor.use = (match, handler) => {
    const pair = [match, handler];
    handlers.unshift(pair);
    return () => handlers.splice(handlers.indexOf(pair), 1);
  };
  /** The recorded requests of one tenant, in arrival order. */
  vendor.of = (tenant) => vendor.requests.filter((r) => r.tenant === tenant).sort((a, b) => a.at - b.at);
  return vendor;
}

// The vendor for timing checks runs in a worker thread: its event loop does nothing but
// answer, so the arrival times it records are not delayed by the test's own work.
const TIMED_VENDOR = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const now = () => performance.timeOrigin + performance.now();
const records = [];
let holdMs = 0;
const server = http.createServer((req, res) => {
  const at = now();
  req.resume();
  req.on('end', () => setTimeout(() => {
    const ok = req.headers['x-api-key'] === workerData.token;
    records.push({ tenant: req.url.split('/')[1], path: req.url, at, doneAt: now(), ok });
    res.writeHead(ok ? 200 : 401, { 'content-type': 'text/plain' });
    res.end(req.url);
  }, holdMs));
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => {
  if (m.type === 'hold') holdMs = m.ms;
  if (m.type === 'records') parentPort.postMessage({ records: records.splice(0) });
  if (m.type === 'close') { server.closeAllConnections(); server.close(() => parentPort.close()); }
});
`;

/**
 * A vendor in a worker thread for /<tenant>/... with the token in X-Api-Key: answers after
 * `hold(ms)`; `records()` hands over (and forgets) {tenant, path, at, doneAt, ok} of every
 * request so far (`at`: arrival of the head, `doneAt`: just before the answer was written).
 */
async function startTimedVendor() {
  const worker = new Worker(TIMED_VENDOR, { eval: true, workerData: { token: VENDOR_TOKEN } });
  const { port } = await once(worker, 'message').then(([m]) => m);
  return {
    url: `http://127.0.0.1:${port}`,
    hold: (ms) => worker.postMessage({ type: 'hold', ms }),
    async records() {
      worker.postMessage({ type: 'records' });
      const [m] = await once(worker, 'message');
      return m.records;
    },
    async close() {
      worker.postMessage({ type: 'close' });
      await once(worker, 'exit');
    },
  };
}

const COMMON = { version: '1.0.0', systemType: 'test', protocol: 'rest' };
const text = (key, label = key) => ({ key, label, required: true });
const secret = (key, label = key) => ({ key, label, type: 'secret', required: true });

function definitions({ vendor, timed, oauth, bank, auth, downPort }) {
  const authBase = `http://127.0.0.1:${new URL(auth.url).port}`;
  return [{
    id: 'gw-basic', name: 'Gateway basic', ...COMMON,
    authMethods: [{
      id: 'basic', name: 'User and password', type: 'basic',
      variables: [text('tenant'), text('username'), secret('password')],
      basic: { username: '{{username}}', password: '{{password}}' },
      baseUrl: `${vendor.url}/basic/{{tenant}}/v1?api-version=2`,
    }],
  }, {
    // one base URL at the top level for both methods
    id: 'gw-token', name: 'Gateway token', ...COMMON, concurrencyLimit: true,
    baseUrl: `${vendor.url}/token/{{tenant}}`,
    authMethods: [{
      id: 'header', name: 'Key in a header', type: 'token',
      variables: [text('tenant'), secret('access_token')],
      token: { value: '{{access_token}}', header: 'X-Api-Key' },
    }, {
      id: 'query', name: 'Key in the query', type: 'token',
      variables: [text('tenant'), secret('access_token')],
      token: { value: '{{access_token}}', query: 'api_key' },
    }],
  }, {
    id: 'gw-timed', name: 'Gateway timing vendor', ...COMMON, concurrencyLimit: true,
    baseUrl: `${timed.url}/{{tenant}}`,
    authMethods: [{
      id: 'header', name: 'Key in a header', type: 'token',
      variables: [text('tenant'), secret('access_token')],
      token: { value: '{{access_token}}', header: 'X-Api-Key' },
    }],
  }, {
    id: 'gw-oauth2', name: 'Gateway OAuth 2', ...COMMON,
    authMethods: [{
      id: 'machine', name: 'Client credentials', type: 'oauth2_client_credentials',
      variables: [text('client_id'), secret('client_secret'), { key: 'scope', label: 'Scope', default: 'read' }],
      oauth2: { tokenUrl: `${authBase}/token`, scope: '{{scope}}' },
      baseUrl: `${oauth.url}/api`,
    }],
  }, {
    id: 'gw-oauth1', name: 'Gateway OAuth 1', ...COMMON,
    authMethods: [{
      id: 'tba', name: 'Token-based', type: 'oauth1',
      variables: [text('account_id'), text('consumer_key'), secret('consumer_secret'), text('token_key'), secret('token_secret')],
      oauth1: {
        consumerKey: '{{consumer_key}}', consumerSecret: '{{consumer_secret}}', token: '{{token_key}}', tokenSecret: '{{token_secret}}',
        realm: '{{account_id}}', signatureMethod: 'HMAC-SHA256',
      },
      baseUrl: `${vendor.url}/ns/{{account_id}}/services/rest`,
    }],
  }, {
    id: 'gw-bank', name: 'Gateway bank (mTLS)', ...COMMON,
    authMethods: [{
      id: 'mtls', name: 'Key and certificate', type: 'token', certificate: 'optional',
      variables: [secret('access_token')],
      token: { value: '{{access_token}}', header: 'Authorization', scheme: 'Bearer' },
      baseUrl: `${bank.url}/bank`,
    }],
  }, {
    id: 'gw-nobase', name: 'Gateway without base URL', ...COMMON,
    authMethods: [{
      id: 'key', name: 'Key', type: 'token', variables: [secret('access_token')],
      check: { url: `${vendor.url}/token/none/me` },
    }],
  }, {
    id: 'gw-down', name: 'Gateway vendor that is down', ...COMMON,
    authMethods: [{
      id: 'key', name: 'Key', type: 'token', variables: [secret('access_token')],
      baseUrl: `http://127.0.0.1:${downPort}/api`,
    }],
  }];
}

/**
 * Starts the stack with the gateway's vendor servers and definitions. `env`: more backend
 * environment (GATEWAY_*). The OAuth 2 resource server (`oauth`) refuses the tokens in
 * `oauth.revoked`, and those `oauth.revokeNewTokens(n)` marks.
 */
export async function startGatewayStack({ env = {} } = {}) {
  let vendor;
  let timed;
  let oauth;
  const revoked = new Set();
  const seen = new Set();
  let revokeNew = 0;
  const refuse = (token) => {
    if (!seen.has(token)) {
      seen.add(token);
      if (revokeNew > 0) {
        revokeNew -= 1;
        revoked.add(token);
      }
    }
    return revoked.has(token);
  };
  const stack = await startConnectStack({
    env,
    extend: async ({ bank, auth }) => {
      // oauth2-mock-server's JWTs are equal within one second; a jti tells them apart
      auth.server.service.on('beforeTokenSigning', (token) => { token.payload.jti = randomUUID(); });
      vendor = await startVendor();
      timed = await startTimedVendor();
      oauth = await startResourceServer(auth.url, { refuse });
      oauth.revoked = revoked;
      /** The next `n` tokens the resource server has not seen yet are refused (as if revoked). */
      oauth.revokeNewTokens = (n = 1) => { revokeNew = n; };
      const downPort = await closedPort();
      return { servers: { vendor, timed, oauth }, definitions: definitions({ vendor, timed, oauth, bank, auth, downPort }) };
    },
  });
  const base = () => stack.server.url;

  /**
   * One request to the backend with the exact target given; the body comes back as a Buffer
   * (and as text). Recorded for the leak check unless `record: false`. `signal` aborts it.
   */
  function call(method, target, { token = stack.adminToken, headers = {}, body, signal, record = true, onResponse } = {}) {
    const url = new URL(base());
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    if (body !== undefined) h['content-length'] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, method, path: target, headers: h, agent: false, signal }, (res) => {
        if (onResponse) {
          onResponse(res).then(resolve, reject);
          return;
        }
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const textBody = raw.toString('utf8');
          if (record) responses.push(JSON.stringify(res.headers) + raw.toString('latin1'));
          let json;
          try { json = textBody ? JSON.parse(textBody) : undefined; } catch { json = undefined; }
          resolve({ status: res.statusCode, headers: res.headers, raw, text: textBody, json });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Creates an instance (admin token); returns its id. */
  async function createInstance(connectorId, { name, authMethodId, credentials, certificate = null, ...settings }) {
    const body = {
      name, timeZone: 'UTC', dateFormat: 'Y-m-d H:i:s', rateLimit: { amount: 1000, unit: 'second' }, poolId: null,
      authMethodId, credentials, certificate, ...settings,
    };
    const r = await stack.api.post(`/api/connectors/${connectorId}/instances`, body);
    if (r.status !== 201) throw new Error(`creating ${name}: ${r.status} ${r.text}`);
    return r.json.id;
  }

  /** A pool (admin token). */
  async function createPool(id, limit, timeout) {
    const r = await stack.api.post('/api/pools', { id, name: id, limit, timeout });
    if (r.status !== 201) throw new Error(`creating pool ${id}: ${r.status} ${r.text}`);
  }

  const proxy = (id, rest = '') => `/api/instances/${id}/proxy/${rest}`;
  const usage = async (id, token = stack.adminToken) => (await call('GET', `/api/instances/${id}/usage`, { token })).json;

  /** The server's resident set size in bytes (VmRSS of its process). */
  async function serverRss() {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile(`/proc/${stack.server.child.pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return Number(m[1]) * 1024;
  }

  return Object.assign(stack, { vendor, timed, oauth, call, createInstance, createPool, proxy, usage, serverRss });
}
