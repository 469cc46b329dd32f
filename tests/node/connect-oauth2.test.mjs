// OAuth 2 against oauth2-mock-server on 127.0.0.1 and a resource server that verifies the
// issued JWTs: client credentials (token request, Basic or body client authentication,
// token key path, cached token, expiry and renewal), and the authorisation code flow with
// PKCE and state, driven in Node by following the provider's redirect by hand (the
// browser version runs in the backend suite).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck } from '../../web/server/connection/check.mjs';
import { memoryTokenStore } from '../../web/server/connection/oauth2-session.mjs';
import { AuthorizationFlows } from '../../web/server/connection/authorization-flow.mjs';
import { startAuthorizationServer, startResourceServer } from './helpers/connect-oauth2.mjs';
import { openPendingStore } from './helpers/pending-store.mjs';

/** Flows waiting in a real store (SQLite in a temporary folder), closed after test `t`. */
async function flowsFor(t, { now, ...options } = {}) {
  const store = await openPendingStore({ now });
  t.after(() => store.close());
  return new AuthorizationFlows({ pending: store.pending, ...options });
}

const CLIENT_ID = 'connect-client';
const CLIENT_SECRET = 'connect-secret-Yh8';
let auth;
let resource;

before(async () => {
  auth = await startAuthorizationServer({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  resource = await startResourceServer(auth.url);
});
after(async () => {
  await Promise.all([auth?.close(), resource?.close()]);
});

const variables = [{ key: 'client_id' }, { key: 'client_secret', secret: true }, { key: 'scope', default: 'read write' }];
const clientCredentials = (oauth2 = {}) => ({
  id: 'cc', type: 'oauth2_client_credentials', variables,
  oauth2: { tokenUrl: `${auth.url}/token`, clientId: '{{client_id}}', clientSecret: '{{client_secret}}', scope: '{{scope}}', ...oauth2 },
  check: { url: `${resource.url}/api/me` },
});
const credentials = { client_id: CLIENT_ID, client_secret: CLIENT_SECRET };

/** A clock the test moves by hand. */
function clock(start = Date.now()) {
  let t = start;
  const now = () => t;
  now.advance = (ms) => { t += ms; };
  return now;
}

describe('client credentials', () => {
  test('token request with HTTP Basic client authentication, then the check call with the bearer token', async () => {
    const store = memoryTokenStore();
    const r = await runCheck({ method: clientCredentials(), credentials, tokenStore: store });
    assert.equal(r.status, 'ok', r.message);
    assert.deepEqual(auth.tokenRequests.at(-1), { grantType: 'client_credentials', via: 'basic', scope: 'read write', refreshToken: null });
    const token = store.current();
    assert.equal(resource.tokensSeen.at(-1), token.accessToken);
    assert.ok(token.expiresAt > Date.now(), 'the expiry comes from expires_in');
  });

  test('client authentication in the form body when the method says so', async () => {
    const r = await runCheck({ method: clientCredentials({ clientAuthentication: 'body' }), credentials });
    assert.equal(r.status, 'ok', r.message);
    assert.equal(auth.tokenRequests.at(-1).via, 'body');
  });

  test('a wrong client secret: the token endpoint refuses, with advice', async () => {
    const r = await runCheck({ method: clientCredentials(), credentials: { ...credentials, client_secret: 'wrong-secret-9' } });
    assert.equal(r.status, 'failed');
    assert.equal(r.code, 'oauth_token_error');
    assert.equal(r.message, `The token endpoint at ${new URL(auth.url).host} refused the request (401 invalid_client): check the client ID and client secret.`);
    assert.ok(!JSON.stringify(r).includes('wrong-secret-9'));
  });

  test('a stored token is reused while valid and renewed once expired', async () => {
    const now = clock();
    const store = memoryTokenStore();
    const method = clientCredentials();
    await runCheck({ method, credentials, tokenStore: store, now });
    const first = store.current();
    const requests = auth.tokenRequests.length;
    assert.equal((await runCheck({ method, credentials, tokenStore: store, now })).status, 'ok');
    assert.equal(auth.tokenRequests.length, requests, 'no new token while the stored one is valid');
    now.advance(first.expiresAt - now() + 1);
    assert.equal((await runCheck({ method, credentials, tokenStore: store, now })).status, 'ok');
    assert.equal(auth.tokenRequests.length, requests + 1);
    // (the mock's JWTs are identical within one second, so the new token is told by its expiry)
    assert.ok(store.current().expiresAt > now(), 'the stored token is the renewed one');
    assert.equal(resource.tokensSeen.at(-1), store.current().accessToken);
  });

  test('a revoked stored token (401 at the check) is replaced once', async () => {
    const store = memoryTokenStore({ accessToken: 'revoked.token.value', refreshToken: null, expiresAt: null });
    const r = await runCheck({ method: clientCredentials(), credentials, tokenStore: store });
    assert.equal(r.status, 'ok', r.message);
    assert.notEqual(store.current().accessToken, 'revoked.token.value');
  });

  test('the token is read from the key the definition names', async () => {
    const reshape = (response) => {
      if (response.statusCode === 200) response.body = { data: { token: response.body.access_token, ttl: 60 }, token_type: 'bearer' };
    };
    auth.server.service.on('beforeResponse', reshape);
    try {
      const store = memoryTokenStore();
      const ok = await runCheck({ method: clientCredentials({ tokenKey: 'data.token', expiresInKey: 'data.ttl' }), credentials, tokenStore: store });
      assert.equal(ok.status, 'ok', ok.message);
      assert.ok(store.current().expiresAt <= Date.now() + 60_000);
      const missing = await runCheck({ method: clientCredentials(), credentials });
      assert.equal(missing.code, 'oauth_token_invalid_response');
      assert.match(missing.message, /without "access_token": check the token URL/);
    } finally {
      auth.server.service.off('beforeResponse', reshape);
    }
  });
});

describe('authorisation code with PKCE', () => {
  const REDIRECT = 'http://127.0.0.1:9/oauth/callback'; // never contacted: the test reads the redirect
  const method = () => ({
    id: 'web', type: 'oauth2_authorization_code', variables,
    oauth2: { authorizeUrl: `${auth.url}/authorize`, tokenUrl: `${auth.url}/token`, scope: '{{scope}}' },
    check: { url: `${resource.url}/api/me` },
  });

  /** What a browser does at the provider: GET the authorise URL, read where it redirects. */
  async function authorize(authorizeUrl) {
    const res = await fetch(authorizeUrl, { redirect: 'manual' });
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location'));
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
    return Object.fromEntries(location.searchParams);
  }

  test('start, consent, callback, code exchange with the verifier; the token works; refresh when expired', async (t) => {
    const now = clock();
    const flows = await flowsFor(t, { now });
    const { state, authorizeUrl } = await flows.start({ method: method(), values: credentials, redirectUri: REDIRECT, context: { who: 'test' } });
    const sent = new URL(authorizeUrl).searchParams;
    assert.equal(sent.get('code_challenge_method'), 'S256');
    assert.match(sent.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
    assert.equal(sent.get('state'), state);
    assert.equal(sent.get('client_id'), CLIENT_ID);
    assert.equal(sent.get('client_secret'), null, 'the secret never goes to the browser');

    const callback = await authorize(authorizeUrl);
    assert.equal(callback.state, state);
    const done = await flows.complete(callback, { timeoutMs: 5000 });
    assert.deepEqual(done.context, { who: 'test' });
    assert.equal(auth.tokenRequests.at(-1).grantType, 'authorization_code');
    assert.ok(done.token.refreshToken);

    const store = memoryTokenStore(done.token);
    assert.equal((await runCheck({ method: method(), credentials, tokenStore: store, now })).status, 'ok');

    now.advance(done.token.expiresAt - now() + 1);
    const r = await runCheck({ method: method(), credentials, tokenStore: store, now });
    assert.equal(r.status, 'ok', r.message);
    assert.deepEqual(auth.tokenRequests.at(-1), { grantType: 'refresh_token', via: 'basic', scope: null, refreshToken: done.token.refreshToken });
    assert.ok(store.current().expiresAt > now(), 'the stored token is the refreshed one');
    assert.notEqual(store.current().refreshToken, done.token.refreshToken, 'the rotated refresh token is kept');
  });

  test('a replayed state is refused, and so is an unknown one', async (t) => {
    const flows = await flowsFor(t);
    const { authorizeUrl } = await flows.start({ method: method(), values: credentials, redirectUri: REDIRECT });
    const callback = await authorize(authorizeUrl);
    await flows.complete(callback, { timeoutMs: 5000 });
    const requests = auth.tokenRequests.length;
    await assert.rejects(flows.complete(callback, { timeoutMs: 5000 }), { code: 'oauth_state_invalid' });
    await assert.rejects(flows.complete({ ...callback, state: 'forged-state' }, { timeoutMs: 5000 }), { code: 'oauth_state_invalid' });
    assert.equal(auth.tokenRequests.length, requests, 'no code exchange for a refused state');
  });

  test('a state past its lifetime is refused', async (t) => {
    const now = clock();
    const flows = await flowsFor(t, { now, ttlMs: 60_000 });
    const { authorizeUrl } = await flows.start({ method: method(), values: credentials, redirectUri: REDIRECT });
    const callback = await authorize(authorizeUrl);
    now.advance(60_001);
    await assert.rejects(flows.complete(callback, { timeoutMs: 5000 }), { code: 'oauth_state_invalid' });
  });

  test('the user denies access at the provider', async (t) => {
    const flows = await flowsFor(t);
    const { state } = await flows.start({ method: method(), values: credentials, redirectUri: REDIRECT });
    await assert.rejects(flows.complete({ state, error: 'access_denied' }, { timeoutMs: 5000 }), { code: 'oauth_denied', message: /Access was not granted/ });
  });

  test('without a token the check says to connect first', async () => {
    const r = await runCheck({ method: method(), credentials });
    assert.equal(r.code, 'oauth_not_connected');
  });
});
