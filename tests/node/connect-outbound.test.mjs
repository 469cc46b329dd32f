// The outbound policy (OUTBOUND_NETWORKS) on real requests to servers on 127.0.0.1: loopback
// allowed by the default policy and refused under `public`; IP literals in every form the
// URL parser accepts; names that resolve to refused addresses (an injected resolver plays
// the DNS, so no /etc/hosts entry is needed); DNS rebinding between a redirect's two
// connections; OAuth token, refresh and code-exchange requests. Every refusal is
// `blocked_address`, and the server behind the refused address receives nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck } from '../../web/server/connection/check.mjs';
import { accessTokenFor, memoryTokenStore } from '../../web/server/connection/oauth2-session.mjs';
import { AuthorizationFlows } from '../../web/server/connection/authorization-flow.mjs';
import { openPendingStore } from './helpers/pending-store.mjs';
import { OutboundPolicy, parseOutboundNetworks } from '../../web/server/connection/outbound-policy.mjs';
import { json, startServer } from './helpers/connect-servers.mjs';

const TOKEN = 'outbound-secret-token-5d1e';
const CLIENT_SECRET = 'outbound-client-secret-9ab';

let api; // records every request; a request reaching it when it should not is a failure
let port;

before(async () => {
  api = await startServer((req, res) => {
    if (req.url === '/moved') {
      res.writeHead(302, { location: '/me' });
      return res.end();
    }
    if (req.url === '/token') return json(res, 200, { access_token: 'issued-token', token_type: 'Bearer', expires_in: 3600 });
    return json(res, req.headers['x-api-key'] === TOKEN ? 200 : 401, {});
  });
  ({ port } = api);
});
after(async () => {
  await api?.close();
});

const policy = (networks, lookup) => new OutboundPolicy(parseOutboundNetworks(networks), { lookup });

/** A resolver answering from a table: name -> a list of addresses (or, per call, a list of lists). */
function fakeDns(table) {
  const calls = [];
  const lookup = (hostname, options, callback) => {
    calls.push(hostname);
    const entry = table[hostname];
    if (!entry) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    const answers = Array.isArray(entry[0]) ? entry[Math.min(calls.filter((h) => h === hostname).length, entry.length) - 1] : entry;
    const list = answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    return options.all ? callback(null, list) : callback(null, list[0].address, list[0].family);
  };
  return Object.assign(lookup, { calls });
}

const tokenMethod = (url) => ({
  id: 'key', type: 'token', variables: [{ key: 'access_token', secret: true }],
  token: { header: 'X-Api-Key' }, check: { url },
});
const credentials = { access_token: TOKEN };

/** Runs a check that must be refused: blocked_address, nothing received, no secret in the result. */
async function assertBlocked(url, outbound, { kind, timeoutMs = 2000 } = {}) {
  const before = api.requests.length;
  const r = await runCheck({ method: tokenMethod(url), credentials, outbound, timeoutMs });
  assert.equal(r.status, 'failed', `${url}: ${r.message}`);
  assert.equal(r.code, 'blocked_address', `${url}: ${r.message}`);
  if (kind) assert.equal(r.reason, kind, url);
  assert.equal(api.requests.length, before, `${url}: nothing may be sent`);
  assert.ok(!JSON.stringify(r).includes(TOKEN), 'no secret in the result');
  return r;
}

describe('loopback and the policy', () => {
  test('the default policy (a server only this machine reaches) allows loopback: 127.0.0.1, localhost', async () => {
    for (const url of [`http://127.0.0.1:${port}/me`, `http://localhost:${port}/me`]) {
      const r = await runCheck({ method: tokenMethod(url), credentials });
      assert.equal(r.status, 'ok', `${url}: ${r.message}`);
    }
    const explicit = await runCheck({ method: tokenMethod(`http://127.0.0.1:${port}/me`), credentials, outbound: policy('public,loopback') });
    assert.equal(explicit.status, 'ok', explicit.message);
  });

  test('under "public", loopback is refused before anything is sent, with the host, kind and setting in the message', async () => {
    const r = await assertBlocked(`http://127.0.0.1:${port}/me`, policy('public'), { kind: 'loopback' });
    assert.equal(r.host, `127.0.0.1:${port}`);
    assert.match(r.message, new RegExp(`^127\\.0\\.0\\.1:${port} is a loopback address \\(this server itself\\); the server's OUTBOUND_NETWORKS setting \\(public\\) does not allow loopback addresses, so nothing was sent\\.`));
  });

  test('"localhost" resolved by the real DNS is refused under "public" (whichever of 127.0.0.1 and ::1 it gives)', async () => {
    const r = await assertBlocked(`http://localhost:${port}/me`, policy('public'), { kind: 'loopback' });
    assert.match(r.message, /^localhost resolves to (127\.0\.0\.1|::1), a loopback address \(this server itself\); /);
  });

  test('every literal form of 127.0.0.1 the URL parser accepts is refused: decimal, hex, octal, short, IPv4-mapped and -compatible', async () => {
    const outbound = policy('public');
    for (const host of ['2130706433', '0x7f.1', '0x7f000001', '0177.0.0.1', '127.1', '127.0.0.1.']) {
      await assertBlocked(`http://${host}:${port}/me`, outbound, { kind: 'loopback' });
    }
    // Plain http is only for loopback names, so these go through https: refused before TLS.
    for (const host of ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::127.0.0.1]', '[::1]', '[64:ff9b::7f00:1]']) {
      await assertBlocked(`https://${host}:${port}/me`, outbound, { kind: 'loopback' });
    }
  });

  test('cloud metadata, intranet and IPv6 internal literals are refused under the default policy', async () => {
    const cases = {
      'https://169.254.169.254/latest/meta-data/': 'link-local',
      'https://[fe80::1]/': 'link-local',
      'https://10.0.0.5/': 'private',
      'https://192.168.1.10:8443/': 'private',
      'https://100.100.100.200/': 'private',
      'https://[fd00:ec2::254]/': 'private',
      'https://[::ffff:a9fe:a9fe]/': 'link-local',
    };
    for (const [url, kind] of Object.entries(cases)) await assertBlocked(url, undefined, { kind });
  });

  test('0.0.0.0 and :: (which reach this machine) are refused even under "all"', async () => {
    for (const url of [`https://0.0.0.0:${port}/me`, `https://[::]:${port}/me`, 'https://0/']) {
      const r = await assertBlocked(url, policy('all'), { kind: 'unspecified' });
      assert.match(r.message, /connection tests never contact such addresses/);
    }
  });

  test('"all" allows loopback and private (the operator\'s explicit choice)', async () => {
    const r = await runCheck({ method: tokenMethod(`http://127.0.0.1:${port}/me`), credentials, outbound: policy('all') });
    assert.equal(r.status, 'ok', r.message);
  });
});

describe('names that resolve to refused addresses', () => {
  test('a name resolving to a private address is refused; the lookup was asked, the address never contacted', async () => {
    const dns = fakeDns({ 'jira.corp.example': ['10.0.0.5'] });
    const r = await assertBlocked('https://jira.corp.example/rest/api/3/myself', policy('public', dns), { kind: 'private' });
    assert.deepEqual(dns.calls, ['jira.corp.example']);
    assert.match(r.message, /^jira\.corp\.example resolves to 10\.0\.0\.5, a private network address; .*add "private" to OUTBOUND_NETWORKS/);
    assert.equal(r.host, 'jira.corp.example');
  });

  test('one refused address among several refuses the name (public + loopback answers, the shape of rebinding)', async () => {
    const dns = fakeDns({ 'mixed.example': ['93.184.215.14', '127.0.0.1'] });
    await assertBlocked('https://mixed.example/', policy('public', dns), { kind: 'loopback' });
    const v6 = fakeDns({ 'v6.example': ['2606:4700::1', '::ffff:169.254.169.254'] });
    const r = await assertBlocked('https://v6.example/', policy('public', v6), { kind: 'link-local' });
    assert.match(r.message, /^v6\.example resolves to ::ffff:169\.254\.169\.254 \(IPv4 169\.254\.169\.254\), a link-local address/);
  });

  test('a name the resolver cannot resolve is still a dns_error', async () => {
    const r = await runCheck({ method: tokenMethod('https://nowhere.example/'), credentials, outbound: policy('public', fakeDns({})) });
    assert.equal(r.code, 'dns_error');
  });

  test('an allowed answer is the address the socket connects to (the injected resolver is the only one asked)', async () => {
    const dns = fakeDns({ localhost: ['127.0.0.1'] });
    const r = await runCheck({ method: tokenMethod(`http://localhost:${port}/me`), credentials, outbound: policy('public,loopback', dns) });
    assert.equal(r.status, 'ok', r.message);
    assert.deepEqual(dns.calls, ['localhost']);
  });
});

describe('redirects and DNS rebinding', () => {
  test('each connection is checked on its own: a same-host redirect whose second lookup answers a private address is refused', async () => {
    // First answer loopback (allowed here), then 10.0.0.5: a rebinding between two connections.
    const dns = fakeDns({ localhost: [['127.0.0.1'], ['10.0.0.5']] });
    const before = api.requests.length;
    const r = await runCheck({ method: tokenMethod(`http://localhost:${port}/moved`), credentials, outbound: policy('public,loopback', dns) });
    assert.equal(r.code, 'blocked_address', r.message);
    assert.equal(r.reason, 'private');
    assert.deepEqual(dns.calls, ['localhost', 'localhost'], 'a fresh lookup for the redirected request');
    assert.deepEqual(api.requests.slice(before).map((q) => q.url), ['/moved'], 'only the first request was sent');
  });

  test('a redirect to a blocked address on another host is not followed at all (redirect_refused)', async () => {
    const redirecting = await startServer((req, res) => {
      res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    });
    try {
      const r = await runCheck({ method: tokenMethod(`${redirecting.url}/me`), credentials });
      assert.equal(r.code, 'redirect_refused');
      assert.match(r.message, /redirected to 169\.254\.169\.254/);
    } finally {
      await redirecting.close();
    }
  });
});

describe('OAuth 2 requests', () => {
  const variables = [{ key: 'client_id' }, { key: 'client_secret', secret: true }];
  const oauthCredentials = { client_id: 'outbound-client', client_secret: CLIENT_SECRET };
  const clientCredentials = (tokenUrl) => ({
    id: 'cc', type: 'oauth2_client_credentials', variables, oauth2: { tokenUrl }, check: { url: `http://127.0.0.1:${port}/me` },
  });

  test('client credentials: a token endpoint on a refused address fails the test before the check request', async () => {
    const before = api.requests.length;
    const literal = await runCheck({ method: clientCredentials(`http://127.0.0.1:${port}/token`), credentials: oauthCredentials, outbound: policy('public') });
    assert.equal(literal.code, 'blocked_address', literal.message);
    const dns = fakeDns({ 'auth.example': ['169.254.169.254'] });
    const named = await runCheck({ method: clientCredentials('https://auth.example/oauth/token'), credentials: oauthCredentials, outbound: policy('public,loopback', dns) });
    assert.equal(named.code, 'blocked_address', named.message);
    assert.match(named.message, /^auth\.example resolves to 169\.254\.169\.254, a link-local address \(where cloud metadata services answer\); /);
    assert.equal(api.requests.length, before, 'neither the token nor the check request was sent');
    for (const r of [literal, named]) assert.ok(!JSON.stringify(r).includes(CLIENT_SECRET));
  });

  test('refresh: an expired token is not refreshed against a refused address; the stored token stays', async () => {
    const method = { ...clientCredentials(`http://127.0.0.1:${port}/token`), type: 'oauth2_authorization_code', oauth2: { tokenUrl: `http://127.0.0.1:${port}/token`, authorizeUrl: 'https://auth.example/authorize' } };
    const stored = { accessToken: 'old', refreshToken: 'refresh-me-7c2', expiresAt: Date.now() - 60_000 };
    const store = memoryTokenStore(stored);
    const before = api.requests.length;
    await assert.rejects(
      accessTokenFor({ method, values: oauthCredentials, store, deadline: Date.now() + 2000, timeoutMs: 2000, outbound: policy('public') }),
      (e) => e.code === 'blocked_address' && e.reason === 'loopback',
    );
    assert.equal(store.current(), stored);
    assert.equal(api.requests.length, before);
  });

  test('authorisation code exchange: refused on a blocked token endpoint, the flow context is kept for the report', async (t) => {
    const store = await openPendingStore();
    t.after(() => store.close());
    const flows = new AuthorizationFlows({ pending: store.pending });
    const method = {
      id: 'web', type: 'oauth2_authorization_code', variables,
      oauth2: { authorizeUrl: 'https://auth.example/authorize', tokenUrl: 'https://auth.example/token' },
      check: { url: 'https://api.example/me' },
    };
    const { state } = await flows.start({ method, values: oauthCredentials, redirectUri: 'http://127.0.0.1:1/oauth/callback', context: { flowId: 'f1' } });
    const dns = fakeDns({ 'auth.example': ['192.168.0.10'] });
    await assert.rejects(
      flows.complete({ state, code: 'the-code' }, { timeoutMs: 2000, outbound: policy('public', dns) }),
      (e) => e.code === 'blocked_address' && e.reason === 'private' && e.context?.flowId === 'f1',
    );
    assert.deepEqual(dns.calls, ['auth.example']);
  });
});
