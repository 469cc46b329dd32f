// The HTTP layer of the backend against a real server on loopback: security headers,
// static files, authentication (bearer and session cookie), Host and Origin checks, body
// limits and malformed bodies. Instances and pools have their own suites.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, client, request, startServer, tempDir, findLeaks } from './server-harness.mjs';

let server;
let api;
let dataDir;
const SECRET_IN_BODY = 'hunter2-should-never-echo';

before(async () => {
  dataDir = tempDir();
  server = await startServer({ dataDir });
  api = client(server.url, server.adminToken);
});
after(async () => {
  await server?.stop();
});

const url = () => server.url;
const HEADERS = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options'];

function assertSecurityHeaders(res, what) {
  for (const h of HEADERS) assert.ok(res.headers[h], `${what}: missing ${h}`);
  const csp = res.headers['content-security-policy'];
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/, `${what}: CSP must not allow inline code`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['referrer-policy'], 'no-referrer');
}

describe('start', () => {
  test('prints the URL on loopback and a generated admin token on the first start', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.adminToken, /^cit_[A-Za-z0-9_-]{43}$/);
  });

  test('the admin token is stored only as a hash', async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${dataDir}/connectors.sqlite`, { readonly: true });
    const rows = db.prepare('SELECT token_hash FROM api_tokens').pluck().all();
    db.close();
    assert.equal(rows.length, 1);
    assert.match(rows[0], /^[0-9a-f]{64}$/);
    assert.deepEqual(findLeaks([server.adminToken], { dataDirs: [dataDir] }), []);
  });
});

describe('security headers', () => {
  test('on the page, on package files, on API answers and on every kind of error', async () => {
    const cases = [
      ['page', await request(url(), 'GET', '/')],
      ['package file', await request(url(), 'GET', '/pkg/index.mjs')],
      ['API 200', await api.get('/api/connectors')],
      ['401', await request(url(), 'GET', '/api/connectors')],
      ['404', await request(url(), 'GET', '/nope.html')],
      ['413', await api.post('/api/pools', { pad: 'x'.repeat(300 * 1024) })],
      ['400', await api.post('/api/pools', '{')],
      ['421', await request(url(), 'GET', '/', { headers: { host: 'attacker.example' } })],
    ];
    for (const [what, res] of cases) assertSecurityHeaders(res, what);
  });

  test('API answers are not cacheable', async () => {
    assert.equal((await api.get('/api/connectors')).headers['cache-control'], 'no-store');
  });
});

describe('static files', () => {
  test('serves the page and the package module with the right types', async () => {
    const page = await request(url(), 'GET', '/');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /^text\/html/);
    assert.doesNotMatch(page.text, /<script(?![^>]*\bsrc=)[^>]*>|<style|\son\w+=/i, 'no inline script or style');
    const mod = await request(url(), 'GET', '/pkg/index.mjs');
    assert.equal(mod.status, 200);
    assert.match(mod.headers['content-type'], /^text\/javascript/);
    // the package's ES module bundle, as built into dist/
    assert.equal(mod.text, readFileSync(join(ROOT, 'dist/index.mjs'), 'utf8'));
    assert.match(mod.text, /export\{[^}]*\bload\b[^}]*\}/);
  });

  test('answers 304 to a matching If-None-Match', async () => {
    const first = await request(url(), 'GET', '/pkg/index.mjs');
    const again = await request(url(), 'GET', '/pkg/index.mjs', { headers: { 'if-none-match': first.headers.etag } });
    assert.equal(again.status, 304);
  });

  test('never leaves its folder and never serves dot-files', async () => {
    for (const path of ['/pkg/../package.json', '/%2e%2e/package.json', '/pkg/%2e%2e/package.json', '/..%2fpackage.json',
      '/pkg/..%5c..%5cpackage.json', '/.git/HEAD', '/pkg/.%2e/package.json', '/%00index.html']) {
      const res = await request(url(), 'GET', path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.text, /"devDependencies"/, path);
    }
    assert.equal((await request(url(), 'GET', '/%E0%A4%A')).status, 400);
  });

  test('only GET and HEAD', async () => {
    assert.equal((await request(url(), 'HEAD', '/')).status, 200);
    assert.equal((await request(url(), 'POST', '/index.html', { body: {} })).status, 404);
  });
});

describe('authentication', () => {
  test('the API needs a token: 401 with WWW-Authenticate, also for a wrong or malformed one', async () => {
    for (const headers of [{}, { authorization: 'Bearer cit_wrong' }, { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { authorization: `Bearer ${server.adminToken}x` }, { authorization: `Bearer ${'a'.repeat(5000)}` }]) {
      const res = await request(url(), 'GET', '/api/connectors', { headers });
      assert.equal(res.status, 401, JSON.stringify(headers).slice(0, 60));
      assert.equal(res.headers['www-authenticate'], 'Bearer');
      assert.deepEqual(res.json, { message: 'Unauthenticated.', code: 'unauthenticated' });
    }
    for (const [method, path] of [['GET', '/api/pools'], ['POST', '/api/pools'], ['GET', '/api/audit'],
      ['DELETE', '/api/connectors/x/instances/y'], ['GET', '/api/session']]) {
      assert.equal((await request(url(), method, path, { body: method === 'POST' ? {} : undefined })).status, 401, `${method} ${path}`);
    }
  });

  test('health is public and says nothing about the data', async () => {
    const res = await request(url(), 'GET', '/api/health');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: 'ok' });
  });

  test('session: the token buys an HttpOnly SameSite=Strict cookie; sign-out ends it', async () => {
    const wrong = await request(url(), 'POST', '/api/session', { body: { token: 'cit_nope' } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers['set-cookie'], undefined);
    assert.equal((await request(url(), 'POST', '/api/session', { body: { token: 42 } })).status, 401);

    const signIn = await request(url(), 'POST', '/api/session', { body: { token: server.adminToken }, headers: { origin: url() } });
    assert.equal(signIn.status, 200);
    assert.equal(signIn.json.authenticated, true);
    const [cookie] = signIn.headers['set-cookie'];
    assert.match(cookie, /^cis_session=[A-Za-z0-9_-]{43}; /);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
    assert.match(cookie, /; Path=\//);
    assert.doesNotMatch(cookie, /Secure/, 'plain http on loopback: COOKIE_SECURE=1 adds Secure');
    const jar = cookie.split(';')[0];

    const me = await request(url(), 'GET', '/api/session', { headers: { cookie: jar } });
    assert.equal(me.status, 200);
    assert.deepEqual(me.json, { authenticated: true, name: 'admin', via: 'session' });
    assert.equal((await request(url(), 'GET', '/api/connectors', { headers: { cookie: jar } })).status, 200);

    // A state-changing request with only the cookie must come with our Origin.
    const noOrigin = await request(url(), 'DELETE', '/api/pools/none', { headers: { cookie: jar } });
    assert.equal(noOrigin.status, 403);
    assert.equal(noOrigin.json.code, 'origin_required');
    const sameOrigin = await request(url(), 'DELETE', '/api/pools/none', { headers: { cookie: jar, origin: url() } });
    assert.equal(sameOrigin.status, 404, 'passed access control, then: no such pool');

    const signOut = await request(url(), 'DELETE', '/api/session', { headers: { cookie: jar, origin: url() } });
    assert.equal(signOut.status, 204);
    assert.match(signOut.headers['set-cookie'][0], /^cis_session=; .*Max-Age=0/);
    assert.equal((await request(url(), 'GET', '/api/session', { headers: { cookie: jar } })).status, 401);
  });

  test('a forged or tampered session cookie is refused', async () => {
    for (const cookie of ['cis_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'cis_session=../../etc', `cis_session=${server.adminToken}`]) {
      assert.equal((await request(url(), 'GET', '/api/session', { headers: { cookie } })).status, 401, cookie);
    }
  });
});

describe('Host and Origin', () => {
  test('a Host this server is not meant for gets 421 (DNS rebinding of the loopback port)', async () => {
    for (const host of ['attacker.example', 'attacker.example:80', `127.0.0.2:${new URL(url()).port}`]) {
      const res = await request(url(), 'GET', '/api/health', { headers: { host } });
      assert.equal(res.status, 421, host);
    }
    const port = new URL(url()).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      assert.equal((await request(url(), 'GET', '/api/health', { headers: { host } })).status, 200, host);
    }
  });

  test('state-changing requests from another origin are refused, even with a valid token', async () => {
    const port = new URL(url()).port;
    for (const origin of ['http://attacker.example', `http://127.0.0.1:${Number(port) + 1}`, 'null', `https://127.0.0.1:${port}`]) {
      const res = await api.post('/api/pools', {}, { headers: { origin } });
      assert.equal(res.status, 403, origin);
      assert.equal(res.json.code, 'origin_not_allowed');
    }
    const crossSite = await api.post('/api/pools', {}, { headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(crossSite.status, 403);
    const login = await request(url(), 'POST', '/api/session', { body: { token: server.adminToken }, headers: { origin: 'http://attacker.example' } });
    assert.equal(login.status, 403, 'no login CSRF');
    // Reading is not state-changing: a GET with a foreign Origin is answered (CORS keeps the
    // browser from showing it to that origin; no Access-Control-Allow-Origin is sent).
    const read = await api.get('/api/connectors', { headers: { origin: 'http://attacker.example' } });
    assert.equal(read.status, 200);
    assert.equal(read.headers['access-control-allow-origin'], undefined);
  });
});

describe('request bodies', () => {
  test('over the documented 256 KiB limit: 413', async () => {
    const res = await api.post('/api/pools', { name: 'x'.repeat(256 * 1024) });
    assert.equal(res.status, 413);
    assert.equal(res.json.code, 'body_too_large');
    assert.match(res.json.message, /262144 bytes/);
  });

  test('malformed JSON: 400 with a message that does not quote the body', async () => {
    for (const body of [`{"password":"${SECRET_IN_BODY}" x}`, `{"password":"${SECRET_IN_BODY}"`, `'${SECRET_IN_BODY}'`, `{"a":1,}`]) {
      const res = await api.post('/api/pools', body);
      assert.equal(res.status, 400, body);
      assert.equal(res.json.code, 'malformed_json');
      assert.match(res.json.message, /not valid JSON/);
      assert.ok(!res.text.includes(SECRET_IN_BODY));
    }
  });

  test('invalid UTF-8: 400', async () => {
    for (const bytes of [[0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d], [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x22, 0x7d],
      [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]]) {
      const res = await api.post('/api/pools', Buffer.from(bytes));
      assert.equal(res.status, 400);
      assert.equal(res.json.code, 'invalid_utf8');
    }
  });

  test('JSON nested deeper than 32 levels: 400, without a stack overflow', async () => {
    for (const depth of [33, 10000, 100000]) {
      const res = await api.post('/api/pools', `${'['.repeat(depth)}${']'.repeat(depth)}`);
      assert.ok([400, 413].includes(res.status), `${depth}: ${res.status}`);
      if (res.status === 400) assert.equal(res.json.code, 'too_deep');
    }
    const deepObject = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
    assert.equal((await api.post('/api/pools', deepObject)).json.code, 'too_deep');
  });

  test('__proto__ keys are refused', async () => {
    const res = await api.post('/api/pools', '{"name":"p","__proto__":{"admin":true}}');
    assert.equal(res.status, 400);
    assert.equal(res.json.code, 'reserved_key');
  });

  test('other content types: 415; an empty or non-object body: 400', async () => {
    assert.equal((await api.post('/api/pools', 'name=x', { headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status, 415);
    assert.equal((await api.post('/api/pools', 'x', { headers: { 'content-type': 'text/plain' } })).status, 415);
    assert.equal((await api.post('/api/pools', '{}', { headers: { 'content-type': 'application/json; charset=iso-8859-1' } })).status, 415);
    assert.equal((await api.post('/api/pools', '')).json.code, 'empty_body');
    for (const body of ['[]', '"text"', '42', 'null', 'true']) {
      const res = await api.post('/api/pools', body);
      assert.equal(res.status, 400, body);
      assert.equal(res.json.code, 'not_an_object');
    }
    const none = await request(url(), 'POST', '/api/pools', { token: server.adminToken });
    assert.equal(none.status, 400);
    assert.equal(none.json.code, 'body_required');
  });

  test('a malformed Idempotency-Key header: 400', async () => {
    for (const key of ['', 'a'.repeat(256), 'with space']) {
      const res = await api.post('/api/pools', { name: 'p' }, { headers: { 'idempotency-key': key } });
      assert.equal(res.status, 400, JSON.stringify(key));
      assert.equal(res.json.code, 'bad_idempotency_key');
    }
  });
});

describe('routing', () => {
  test('unknown API paths and methods: 404 JSON', async () => {
    for (const [method, path] of [['GET', '/api/nope'], ['POST', '/api/connectors'], ['PATCH', '/api/pools/x'],
      ['GET', '/api/connectors/none'], ['GET', '/api/connectors/none/instances'], ['POST', '/api/connectors/none/instances'],
      ['GET', '/api/connectors/none/instances/x'], ['GET', '/api/pools/none']]) {
      const res = await request(url(), method, path, { token: server.adminToken, body: method === 'GET' ? undefined : {} });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.json.code, 'not_found');
    }
  });

  test('list parameters are checked: 400', async () => {
    for (const q of ['limit=0', 'limit=501', 'limit=abc', 'limit=-1', 'before=x']) {
      const res = await api.get(`/api/audit?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal(res.json.code, 'bad_query');
    }
  });
});
