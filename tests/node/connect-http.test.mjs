// Connection tests of basic and token authentication against real servers on 127.0.0.1, and
// every network failure mode: HTTP status with host, DNS, refused connection, timeout,
// redirects (same host followed, another host refused with no credentials sent), plain
// http to a non-loopback host, URL values that would change the host.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck } from '../../web/server/connection/check.mjs';
import { expandText, expandUrl } from '../../web/server/connection/url-template.mjs';
import { ConnectionError } from '../../web/server/connection/errors.mjs';
import { load } from '../../dist/index.mjs';
import { closedPort, json, startServer, startSilentServer } from './helpers/connect-servers.mjs';

const USER = 'ada@example.com';
const PASSWORD = 'correct-horse-battery-staple';
const TOKEN = 'shpat_0123456789abcdef0123456789abcdef';

let api;      // the system under test: checks Basic and token credentials
let other;    // another host a redirect points to; records what it receives
let silent;

before(async () => {
  other = await startServer((req, res) => json(res, 200, { ok: true }), { host: 'localhost' });
  api = await startServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    switch (url.pathname) {
      case '/basic/myself':
        return req.headers.authorization === basic ? json(res, 200, { name: 'Ada' }) : json(res, 401, { error: 'nope' });
      case '/acme/admin/shop.json':
        return req.headers['x-shopify-access-token'] === TOKEN ? json(res, 200, { shop: 'acme' }) : json(res, 401, {});
      case '/query':
        return url.searchParams.get('api_key') === TOKEN ? json(res, 200, {}) : json(res, 401, {});
      case '/moved':
        res.writeHead(302, { location: '/basic/myself' });
        return res.end();
      case '/elsewhere':
        res.writeHead(307, { location: `${other.url}/steal` });
        return res.end();
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/created':
        return json(res, 201, {});
      case '/forbidden':
        return json(res, 403, {});
      default:
        return json(res, 404, {});
    }
  });
  silent = await startSilentServer();
});
after(async () => {
  await Promise.all([api?.close(), other?.close(), silent?.close()]);
});

const basicMethod = (path) => ({
  id: 'api_token', type: 'basic',
  variables: [{ key: 'username' }, { key: 'password', secret: true }, { key: 'base_url', type: 'url' }],
  check: { method: 'GET', url: `{{base_url}}${path}`, successStatus: [200] },
});

const shopify = () => ({
  id: 'access_token', type: 'token',
  variables: [{ key: 'store_name' }, { key: 'access_token', secret: true }, { key: 'token_header', default: 'X-Shopify-Access-Token', locked: true }],
  token: { value: '{{access_token}}', header: 'X-Shopify-Access-Token' },
  check: { url: `${api.url}/{{store_name}}/admin/shop.json` },
});

function assertNoSecret(result, ...secrets) {
  const text = JSON.stringify(result);
  for (const s of secrets) assert.ok(!text.includes(s), `the result must not contain a secret: ${text}`);
}

describe('basic authentication', () => {
  test('valid user name and password: ok', async () => {
    const r = await runCheck({ method: basicMethod('/basic/myself'), credentials: { username: USER, password: PASSWORD, base_url: api.url } });
    assert.equal(r.status, 'ok', r.message);
    assert.equal(r.httpStatus, 200);
    assert.equal(api.requests.at(-1).headers.authorization, `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`);
  });

  test('wrong password: "401 Unauthorized from <host>: check the user name and password"', async () => {
    const r = await runCheck({ method: basicMethod('/basic/myself'), credentials: { username: USER, password: 'wrong-password-123', base_url: api.url } });
    assert.equal(r.status, 'failed');
    assert.equal(r.code, 'http_status');
    assert.equal(r.httpStatus, 401);
    assert.equal(r.host, new URL(api.url).host);
    assert.equal(r.message, `401 Unauthorized from ${new URL(api.url).host}: check the user name and password.`);
    assertNoSecret(r, 'wrong-password-123');
  });

  test('a user name with ":" is refused at its field before sending', async () => {
    const before = api.requests.length;
    const r = await runCheck({ method: basicMethod('/basic/myself'), credentials: { username: 'a:b', password: PASSWORD, base_url: api.url } });
    assert.equal(r.code, 'invalid_value');
    assert.equal(r.field, 'credentials.username');
    assert.equal(api.requests.length, before);
  });

  test('a same-host redirect is followed with the credentials', async () => {
    const r = await runCheck({ method: basicMethod('/moved'), credentials: { username: USER, password: PASSWORD, base_url: api.url } });
    assert.equal(r.status, 'ok', r.message);
    assert.deepEqual(api.requests.slice(-2).map((q) => q.url), ['/moved', '/basic/myself']);
  });

  test('a redirect to another host is not followed: nothing is sent there', async () => {
    const r = await runCheck({ method: basicMethod('/elsewhere'), credentials: { username: USER, password: PASSWORD, base_url: api.url } });
    assert.equal(r.status, 'failed');
    assert.equal(r.code, 'redirect_refused');
    assert.match(r.message, new RegExp(`redirected to ${new URL(other.url).host}`));
    assert.equal(other.requests.length, 0, 'the other host must receive no request at all');
  });

  test('endless same-host redirects stop after the limit', async () => {
    const r = await runCheck({ method: basicMethod('/loop'), credentials: { username: USER, password: PASSWORD, base_url: api.url } });
    assert.equal(r.code, 'too_many_redirects');
  });

  test('403 and 404 get their own advice; success statuses come from the definition', async () => {
    const creds = { username: USER, password: PASSWORD, base_url: api.url };
    const forbidden = await runCheck({ method: basicMethod('/forbidden'), credentials: creds });
    assert.match(forbidden.message, /^403 Forbidden from .*: the credentials were accepted but lack permission/);
    const missing = await runCheck({ method: basicMethod('/nothing-here'), credentials: creds });
    assert.match(missing.message, /^404 Not Found from .*: check the address values/);
    const created = await runCheck({ method: { ...basicMethod('/created'), check: { url: '{{base_url}}/created', successStatus: [200, 201] } }, credentials: creds });
    assert.equal(created.status, 'ok');
  });
});

describe('token authentication', () => {
  test('the header the method names, with the locked default applied', async () => {
    const r = await runCheck({ method: shopify(), credentials: { store_name: 'acme', access_token: TOKEN } });
    assert.equal(r.status, 'ok', r.message);
    assert.equal(api.requests.at(-1).headers['x-shopify-access-token'], TOKEN);
    assert.equal(api.requests.at(-1).headers.authorization, undefined);
  });

  test('wrong token: 401 with "check the token"', async () => {
    const r = await runCheck({ method: shopify(), credentials: { store_name: 'acme', access_token: 'shpat_ffffffffffffffffffffffffffffffff' } });
    assert.equal(r.message, `401 Unauthorized from ${new URL(api.url).host}: check the token.`);
    assertNoSecret(r, 'shpat_ffffffffffffffffffffffffffffffff');
  });

  test('as a query parameter', async () => {
    const method = { id: 'key', type: 'token', variables: [{ key: 'api_key' }], token: { value: '{{api_key}}', query: 'api_key' }, check: { url: `${api.url}/query` } };
    assert.equal((await runCheck({ method, credentials: { api_key: TOKEN } })).status, 'ok');
    const bad = await runCheck({ method, credentials: { api_key: 'nope-nope' } });
    assert.equal(bad.httpStatus, 401);
    assertNoSecret(bad, 'nope-nope');
  });

  test('a missing value is reported at its field', async () => {
    const r = await runCheck({ method: shopify(), credentials: { access_token: TOKEN } });
    assert.equal(r.code, 'missing_value');
    assert.equal(r.field, 'credentials.store_name');
  });
});

describe('network failures', () => {
  test('DNS: a name under .invalid does not resolve', async () => {
    const method = { ...shopify(), check: { url: 'https://{{store_name}}.invalid/admin/shop.json' } };
    const r = await runCheck({ method, credentials: { store_name: 'no-such-store', access_token: TOKEN } });
    assert.equal(r.code, 'dns_error');
    assert.match(r.message, /^DNS error: the host name no-such-store\.invalid could not be resolved/);
  });

  test('connection refused on a closed port', async () => {
    const port = await closedPort();
    const r = await runCheck({ method: basicMethod('/x'), credentials: { username: USER, password: PASSWORD, base_url: `http://127.0.0.1:${port}` } });
    assert.equal(r.code, 'connection_refused');
    assert.equal(r.message, `Connection refused by 127.0.0.1:${port}: nothing accepts connections on that port. Check the address and port.`);
  });

  test('timeout: a server that never answers, with a short configured timeout', async () => {
    const r = await runCheck({ method: basicMethod('/x'), credentials: { username: USER, password: PASSWORD, base_url: silent.url }, timeoutMs: 300 });
    assert.equal(r.code, 'timeout');
    assert.equal(r.message, `Timeout: ${new URL(silent.url).host} did not answer within 0.3 s.`);
  });

  test('plain http is refused for a host that is not loopback, before any lookup', async () => {
    const method = { ...basicMethod('/x'), check: { url: 'http://{{host}}.example.com/x' }, variables: [{ key: 'host' }] };
    const r = await runCheck({ method, credentials: { host: 'shop', username: USER, password: PASSWORD } });
    assert.equal(r.code, 'insecure_url');
  });

  test('no definition of a check request: not_configured', async () => {
    const r = await runCheck({ method: { id: 'x', type: 'basic', variables: [] }, credentials: {} });
    assert.equal(r.code, 'not_configured');
  });
});

describe('URL templates', () => {
  test('host values are restricted; path and query values are encoded', () => {
    assert.equal(expandUrl('https://{{s}}.example.com/a/{{p}}?q={{q}}', { s: 'Acme-1', p: 'x/y?z', q: 'a&b=c' }).href,
      'https://acme-1.example.com/a/x%2Fy%3Fz?q=a%26b%3Dc');
    assert.equal(expandUrl('https://{{account}}.suitetalk.api.netsuite.com/x', { account: '1234567_SB1' }).hostname,
      '1234567-sb1.suitetalk.api.netsuite.com');
    for (const bad of ['evil.com/x', 'a b', 'evil.com?', 'x@evil.com', '-x', 'a..b']) {
      assert.throws(() => expandUrl('https://{{s}}.example.com/', { s: bad }), (e) => e.code === 'invalid_url_value' && e.field === 'credentials.s', bad);
    }
  });

  test('placeholders are the module\'s: spaces around a key, and nothing else, as definitions are validated', async () => {
    const m = await load();
    const definitionAccepts = (url) => m.validateConnectorDefinition({
      id: 't', name: 'T', version: '1', systemType: 'crm', protocol: 'rest',
      authMethods: [{ id: 'token', name: 'Token', type: 'token', variables: [{ key: 'store', label: 'Store' }, { key: 'access_token', label: 'Token' }], check: { url } }],
    }).valid;
    const values = { store: 'acme' };
    assert.equal(expandUrl('https://{{ store }}.example.com/{{store}}', values).href, 'https://acme.example.com/acme');
    assert.equal(expandText('Bearer {{  store }}', values), 'Bearer acme');
    // The old pattern of this file took these: "{" + store + "}", and any white space (JS \s)
    // around the key. The core never did; now the server refuses them as the catalog does.
    for (const url of ['https://x.example.com/{{{store}}}', 'https://x.example.com/{{{store}}',
      'https://x.example.com/{{\u00a0store}}', 'https://x.example.com/{{store\u2028}}', 'https://x.example.com/{{\u3000store}}']) {
      assert.equal(definitionAccepts(url), false, url);
      assert.throws(() => expandUrl(url, values), (e) => e instanceof ConnectionError && e.code === 'invalid_template', url);
    }
    // the same answer on both sides for templates both always treated alike
    for (const url of ['https://{{store}}.example.com/', 'https://x.example.com/{{store}}}', 'https://x.example.com/}}', 'https://{{store.example.com/']) {
      let expanded = true;
      try { expandUrl(url, values); } catch (e) { assert.equal(e.code, 'invalid_template', url); expanded = false; }
      assert.equal(expanded, definitionAccepts(url), url);
    }
  });

  test('a base URL variable must be an absolute http(s) URL without query or user info', () => {
    assert.equal(expandUrl('{{site}}/rest/api/3/myself', { site: 'https://acme.atlassian.net/' }).href, 'https://acme.atlassian.net/rest/api/3/myself');
    for (const bad of ['acme.atlassian.net', 'https://u:p@acme.atlassian.net', 'https://acme.atlassian.net/?x=1', 'javascript:alert(1)', 'ftp://acme']) {
      assert.throws(() => expandUrl('{{site}}/x', { site: bad }), (e) => e.code === 'invalid_url_value', bad);
    }
  });
});
