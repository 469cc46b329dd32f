// Access is a property of the route: every route the application registered (read from the
// application, so a new route is covered without editing this file) is sent, without
// credentials, through the ways a path can be spelt so that a router and a text test disagree:
// percent-encoded segments (upper and lower hex), doubled slashes, dot segments, a trailing
// slash, mixed case, `;` path parameters, absolute-form targets, and HEAD/OPTIONS. Every
// answer to a route that is not public must be 400, 401 or 404, carry the security headers
// and `Cache-Control: no-store`, and nothing in the database may change.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { FIXTURE_CATALOG, client, shopInstanceBody, tempDir } from './server-harness.mjs';
import { loadConfig } from '../../web/server/config.mjs';
import { openServer } from '../../web/server/server.mjs';

let server;
let api;
let base;
let ids;

before(async () => {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir('ci-routes-'), CATALOG_DIR: FIXTURE_CATALOG, LOG_LEVEL: 'silent' });
  server = await openServer(config);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${server.app.server.address().port}`;
  api = client(base, server.adminToken);
  const pool = await api.post('/api/pools', { id: 'routes-pool', name: 'Routes', limit: 2, timeout: 30 });
  assert.equal(pool.status, 201, pool.text);
  const instance = await api.post('/api/connectors/shop/instances', shopInstance('Routes store'));
  assert.equal(instance.status, 201, instance.text);
  ids = { connectorId: 'shop', id: instance.json.id, poolId: 'routes-pool', flowId: '00000000-0000-4000-8000-000000000000', '*': 'index.html' };
});

after(async () => {
  await server?.app.close();
  await server?.db.close();
});

const shopInstance = (name) => shopInstanceBody(name);

/** Bodies that an authenticated caller would send to succeed; others get `{}`. */
function bodyFor(route) {
  if (route.method === 'POST' && route.url.endsWith('/instances')) return shopInstance('Created anonymously');
  if (route.method === 'PUT' && route.url.endsWith('/instances/:id')) return { ...shopInstance('Changed anonymously') };
  if (route.url.startsWith('/api/pools')) return { id: route.method === 'PUT' ? ids.poolId : 'anon-pool', name: 'Anonymous', limit: 1, timeout: 5 };
  if (route.url === '/api/oauth/start') return { connectorId: 'shop', authMethodId: 'access_token', credentials: {} };
  if (route.url === '/api/session') return { token: 'cit_not-a-token' };
  return {};
}

/** The route's path with real ids in its parameters, as segments. */
function segmentsOf(route) {
  return route.url.split('/').filter(Boolean).map((s) => (s.startsWith(':') ? ids[s.slice(1)] : s === '*' ? ids['*'] : s));
}

const encodeAll = (segment, upper) => [...Buffer.from(segment, 'utf8')]
  .map((b) => `%${b.toString(16).padStart(2, '0')}`).map((h) => (upper ? h.toUpperCase() : h)).join('');
const flipCase = (s) => s.replace(/[a-z]/, (c) => c.toUpperCase());

/** [label, target] pairs: every spelling of one route's path that the suite tries. */
function spellings(segments) {
  const join = (parts) => `/${parts.join('/')}`;
  const out = [['plain', join(segments)]];
  segments.forEach((_, i) => {
    const with_ = (f) => segments.map((s, j) => (j === i ? f(s) : s));
    out.push([`segment ${i} %XX`, join(with_((s) => encodeAll(s, true)))]);
    out.push([`segment ${i} %xx`, join(with_((s) => encodeAll(s, false)))]);
    out.push([`segment ${i} first letter %XX`, join(with_((s) => s.replace(/[A-Za-z]/, (c) => encodeAll(c, true))))]);
    out.push([`// before segment ${i}`, `/${segments.slice(0, i).map((s) => `${s}/`).join('')}/${segments.slice(i).join('/')}`]);
    out.push([`/./ before segment ${i}`, join([...segments.slice(0, i), '.', ...segments.slice(i)])]);
    out.push([`/x/../ before segment ${i}`, join([...segments.slice(0, i), 'x', '..', ...segments.slice(i)])]);
    out.push([`/%2e/ before segment ${i}`, join([...segments.slice(0, i), '%2e', ...segments.slice(i)])]);
    out.push([`segment ${i} mixed case`, join(with_(flipCase))]);
    out.push([`segment ${i} ;param`, join(with_((s) => `${s};jsessionid=1`))]);
  });
  out.push(['trailing slash', `${join(segments)}/`]);
  out.push(['upper case', join(segments).toUpperCase()]);
  out.push(['%2F for slashes', `/${segments.join('%2F')}`]);
  out.push(['backslashes', `/${segments.join('\\')}`]);
  out.push(['absolute-form, foreign authority', `http://evil.example${join(segments)}`]);
  out.push(['absolute-form, foreign authority, encoded', `http://evil.example/${encodeAll(segments[0], true)}/${segments.slice(1).join('/')}`]);
  out.push(['absolute-form, https, foreign authority', `https://evil.example:443${join(segments)}`]);
  out.push(['absolute-form, userinfo', `http://127.0.0.1@evil.example${join(segments)}`]);
  return out;
}

/** One request with the exact target given (no normalisation by the client). */
function send(method, target, { body, headers = {} } = {}) {
  const url = new URL(base);
  const h = { host: url.host, ...headers };
  let payload;
  if (body !== undefined && method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
    payload = Buffer.from(JSON.stringify(body));
    h['content-type'] = 'application/json';
    h['content-length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: target, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Every row of every table, hashed: equal before and after means nothing changed. */
function databaseDigest() {
  const db = server.db.connection;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  const hash = createHash('sha256');
  for (const t of tables) hash.update(`${t}\n${JSON.stringify(db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all(), (k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v))}\n`);
  return hash.digest('hex');
}

describe('the route table', () => {
  test('every route declares an access level, and the API is not public', () => {
    const routes = server.app.routeTable();
    assert.ok(routes.length >= 20, `only ${routes.length} routes read from the application`);
    const publicRoutes = routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`).sort();
    assert.deepEqual(publicRoutes, [
      'DELETE /api/session', 'GET /*', 'GET /api/health', 'GET /api/ready', 'GET /oauth/callback', 'GET /pkg/*',
      'HEAD /*', 'HEAD /api/health', 'HEAD /api/ready', 'HEAD /oauth/callback', 'HEAD /pkg/*', 'POST /api/session',
    ]);
    // the scraper's route: its own token or a principal of scope 'all', never the world
    assert.deepEqual(routes.filter((r) => r.access === 'metrics').map((r) => `${r.method} ${r.url}`).sort(), ['GET /metrics', 'HEAD /metrics']);
  });

  test('a route registered without an access level stops the application at start', async () => {
    const { default: Fastify } = await import('fastify');
    const { registerAccessControl } = await import('../../web/server/http/access.mjs');
    const app = Fastify();
    registerAccessControl(app, { policy: {}, authenticator: {} });
    assert.throws(() => app.get('/api/forgotten', () => 'open'), /declares no access level/);
    await app.close();
  });

  test('with a token, the plain path of every GET route reaches its handler', async () => {
    for (const route of server.app.routeTable().filter((r) => r.method === 'GET' && r.access !== 'public')) {
      const res = await send('GET', `/${segmentsOf(route).join('/')}`, { headers: { authorization: `Bearer ${server.adminToken}` } });
      // the fixture connectors declare no base URL: the gateway's handler answers 409 no_base_url
      const proxy = route.url.includes('/proxy/');
      const expected = route.url.includes(':flowId') ? 404 : proxy ? 409 : 200;
      assert.equal(res.status, expected, `GET ${route.url}: ${res.text}`);
      if (proxy) assert.equal(JSON.parse(res.text).code, 'no_base_url');
    }
  });
});

describe('without credentials, through every spelling', () => {
  test('every route that is not public answers 400, 401 or 404 and changes nothing', async () => {
    const before = databaseDigest();
    const routes = server.app.routeTable().filter((r) => r.access !== 'public');
    const failures = [];
    let count = 0;
    for (const route of routes) {
      const segments = segmentsOf(route);
      const tries = spellings(segments).map(([label, target]) => [label, route.method, target]);
      for (const m of ['HEAD', 'OPTIONS']) if (m !== route.method) tries.push([`${m} variant`, m, `/${segments.join('/')}`]);
      tries.push(['encoded, HEAD', 'HEAD', `/${encodeAll(segments[0], false)}/${segments.slice(1).join('/')}`]);
      for (const [label, method, target] of tries) {
        count += 1;
        const res = await send(method, target, { body: bodyFor(route) });
        const what = `${route.method} ${route.url} [${label}] ${method} ${target} -> ${res.status}`;
        if (![400, 401, 404].includes(res.status)) failures.push(`${what}: ${res.text.slice(0, 120)}`);
        else if (res.headers['cache-control'] !== 'no-store') failures.push(`${what}: cache-control ${res.headers['cache-control']}`);
        else if (!res.headers['content-security-policy'] || res.headers['x-content-type-options'] !== 'nosniff') failures.push(`${what}: no security headers`);
      }
    }
    assert.deepEqual(failures, []);
    assert.equal(databaseDigest(), before, 'the database changed');
    assert.ok(count >= 1000, `only ${count} requests`);
    test.diagnostic?.(`${routes.length} routes x spellings = ${count} requests`);
    process.stdout.write(`# route table: ${routes.length} routes that are not public, ${count} requests without credentials\n`);
  });

  test('public routes reached through odd spellings still hand out nothing', async () => {
    const before = databaseDigest();
    const failures = [];
    for (const route of server.app.routeTable().filter((r) => r.access === 'public' && !r.url.includes('*'))) {
      for (const [label, target] of spellings(segmentsOf(route))) {
        const res = await send(route.method, target, { body: bodyFor(route) });
        const foreign = label.startsWith('absolute-form');
        if (foreign && res.status !== 400) failures.push(`${route.method} ${target} -> ${res.status} (foreign authority must be 400)`);
        if (res.status >= 500) failures.push(`${route.method} ${target} -> ${res.status}`);
        const cookies = [res.headers['set-cookie'] ?? []].flat().join('\n');
        if (/cit_/.test(res.text) || /cis_session=[^;]/.test(cookies)) failures.push(`${route.method} ${target}: handed out a credential`);
      }
    }
    assert.deepEqual(failures, []);
    assert.equal(databaseDigest(), before, 'the database changed');
  });
});

describe('request targets', () => {
  const auth = () => ({ authorization: `Bearer ${server.adminToken}` });

  test('an absolute-form target with one of our hosts is the same request as its path', async () => {
    const res = await send('GET', `${base}/api/pools`, { headers: auth() });
    assert.equal(res.status, 200, res.text);
    assert.ok(JSON.parse(res.text).data.some((p) => p.id === ids.poolId));
  });

  test('an absolute-form target naming another host is refused even with a token', async () => {
    const res = await send('GET', 'http://evil.example/api/audit?limit=1', { headers: auth() });
    assert.equal(res.status, 400);
    assert.equal(JSON.parse(res.text).code, 'foreign_request_target');
  });

  test('a target that is neither a path nor absolute-form is a 400 from our handlers', async () => {
    // Node's HTTP parser refuses some before fastify sees them (bad_request), the hook the rest
    for (const target of ['api/pools', '*', 'ftp://127.0.0.1/api/pools', 'http:///api/pools']) {
      const res = await send('GET', target, { headers: auth() });
      assert.equal(res.status, 400, target);
      assert.ok(['bad_request_target', 'bad_request'].includes(JSON.parse(res.text).code), `${target}: ${res.text}`);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.ok(res.headers['content-security-policy'], target);
    }
  });

  test('a URL that cannot be decoded is answered by our error handler, without echoing it', async () => {
    for (const target of ['/api/%zz', '/api/pools/%zz', '/%E0%A4%A', '/api/connectors/shop/instances/%ff%fe']) {
      const res = await send('GET', target, { headers: auth() });
      assert.ok([400, 404].includes(res.status), `${target} -> ${res.status}`);
      const body = JSON.parse(res.text);
      assert.ok(['bad_url', 'not_found'].includes(body.code), `${target}: ${res.text}`);
      assert.ok(!res.text.includes('%zz') && !res.text.includes('%ff'), `${target} echoed: ${res.text}`);
      assert.equal(res.headers['cache-control'], 'no-store', target);
      assert.ok(res.headers['content-security-policy'], target);
    }
  });

  test('a request that matches no route is a 404 before its body is read', async () => {
    const res = await send('POST', '/nowhere', { body: {}, headers: { 'content-type': 'text/plain' } });
    assert.equal(res.status, 404);
    assert.equal(JSON.parse(res.text).code, 'not_found');
  });

  test('Sec-Fetch-Site is compared without regard to case', async () => {
    for (const value of ['cross-site', 'Cross-Site', 'CROSS-SITE']) {
      const res = await send('POST', '/api/pools', { body: { name: 'x', limit: 1, timeout: 1 }, headers: { ...auth(), 'sec-fetch-site': value } });
      assert.equal(res.status, 403, value);
    }
  });
});
