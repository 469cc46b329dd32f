// Connection tests and the OAuth 2 Connect flow through the real backend (web/server/main.mjs
// as a child process) against real servers on 127.0.0.1: a token API, an HTTPS server that
// requires a client certificate (openssl-made), oauth2-mock-server with a JWT-verifying
// resource server. Results are recorded on instances (untested / ok / failed), tokens are
// stored encrypted, and no secret shows up in responses, logs or the database files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findLeaks, request, runCli, startExpectingFailure } from './server-harness.mjs';
import { P12_PASSPHRASE } from './helpers/connect-pki.mjs';
import {
  BAD_TOKEN, CLIENT_ID, CLIENT_SECRET, GOOD_TOKEN, startConnectStack,
} from './helpers/connect-stack.mjs';

const SECRETS = [GOOD_TOKEN, BAD_TOKEN, CLIENT_SECRET, P12_PASSPHRASE];

let stack;
let pki;
let tokenApi;
let bank;
let auth;
let server;
let api;
let dataDir;

before(async () => {
  stack = await startConnectStack();
  ({ pki, tokenApi, bank, auth, server, api, dataDir } = stack);
});

after(async () => {
  await stack?.stop();
  const leaks = stack ? findLeaks(SECRETS, { dataDirs: [dataDir], outputs: stack.outputs() }) : [];
  stack?.removeData();
  assert.deepEqual(leaks, [], 'plaintext secrets leaked');
});

let n = 0;
const instanceBody = (connectorId, authMethodId, credentials, certificate = null) => ({
  name: `Instance ${(n += 1)}`, timeZone: 'UTC', dateFormat: 'Y-m-d H:i:s', rateLimit: { amount: 1, unit: 'second' },
  poolId: null, authMethodId, credentials, certificate,
});

test('a bad CONNECTION_TEST_TIMEOUT_MS stops the server at start with a message naming it', async () => {
  const failed = await startExpectingFailure({ dataDir: join(dataDir, 'other'), env: { CONNECTION_TEST_TIMEOUT_MS: '5' } });
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /Startup error: CONNECTION_TEST_TIMEOUT_MS must be a whole number from 1000 to 60000, got "5"/);
});

describe('connection tests from the wizard and of saved instances', () => {
  test('a draft with a wrong token fails with an actionable message; saved anyway, the instance records "failed"', async () => {
    const draft = { authMethodId: 'token', credentials: { access_token: BAD_TOKEN } };
    const test1 = await api.post('/api/connectors/loop-token/connection-test', draft);
    assert.equal(test1.status, 200);
    assert.equal(test1.json.status, 'failed');
    assert.equal(test1.json.message, `401 Unauthorized from ${new URL(tokenApi.url).host}: check the token.`);
    const created = await api.post('/api/connectors/loop-token/instances', instanceBody('loop-token', 'token', draft.credentials));
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.connection.status, 'failed');
    assert.equal(created.json.connection.httpStatus, 401);
    // the create answers the result it took over as a later read shows it
    const read = await api.get(`/api/connectors/loop-token/instances/${created.json.id}`);
    assert.deepEqual(read.json.connection, created.json.connection);
  });

  test('a draft that passes; the saved instance records "ok"; one saved without a test is "untested"', async () => {
    const credentials = { access_token: GOOD_TOKEN };
    const tested = await api.post('/api/connectors/loop-token/connection-test', { authMethodId: 'token', credentials });
    assert.equal(tested.json.status, 'ok', tested.text);
    const created = await api.post('/api/connectors/loop-token/instances', instanceBody('loop-token', 'token', credentials));
    assert.equal(created.json.connection.status, 'ok');
    const again = await api.post('/api/connectors/loop-token/instances', instanceBody('loop-token', 'token', credentials));
    assert.equal(again.json.connection.status, 'untested', 'a draft result is taken over once');
    for (const answer of [created, again]) {
      const read = await api.get(`/api/connectors/loop-token/instances/${answer.json.id}`);
      assert.deepEqual(read.json.connection, answer.json.connection);
    }
  });

  test('testing a saved instance records the result; changing its credentials makes it untested again', async () => {
    const created = await api.post('/api/connectors/loop-token/instances', instanceBody('loop-token', 'token', { access_token: GOOD_TOKEN }));
    const path = `/api/connectors/loop-token/instances/${created.json.id}`;
    const tested = await api.post(`${path}/test`, {});
    assert.equal(tested.json.status, 'ok', tested.text);
    const read = await api.get(path);
    assert.equal(read.json.connection.status, 'ok');
    assert.equal(typeof read.json.connection.testedAt, 'number');
    const list = await api.get('/api/connectors/loop-token/instances');
    assert.equal(list.json.data.find((i) => i.id === created.json.id).connection.status, 'ok');

    const renamed = await api.put(path, { ...read.json, name: `${read.json.name} (renamed)` });
    assert.equal(renamed.json.connection.status, 'ok', 'a rename keeps the result');
    const changed = await api.put(path, { ...read.json, credentials: { access_token: BAD_TOKEN } });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.connection.status, 'untested');
    const failed = await api.post(`${path}/connection-test`, {});
    assert.equal(failed.json.status, 'failed');
    assert.equal((await api.get(path)).json.connection.status, 'failed');

    const audit = await api.get(`/api/audit?subjectId=${created.json.id}&action=instance.tested`);
    assert.deepEqual(audit.json.data.map((e) => e.outcome), ['failed', 'passed']);
  });

  test('client certificate: a wrong passphrase is reported at "certificate"; the right one passes, also once stored', async () => {
    const certificate = { data: pki.clientP12Base64, passphrase: 'not-the-passphrase' };
    const wrong = await api.post('/api/connectors/loop-bank/connection-test', { authMethodId: 'mtls', credentials: { access_token: GOOD_TOKEN }, certificate });
    assert.equal(wrong.json.status, 'failed');
    assert.equal(wrong.json.code, 'certificate_passphrase_wrong');
    assert.equal(wrong.json.field, 'certificate');
    assert.equal(bank.requests.length, 0, 'nothing was sent');

    const right = { data: pki.clientP12Base64, passphrase: P12_PASSPHRASE };
    const ok = await api.post('/api/connectors/loop-bank/connection-test', { authMethodId: 'mtls', credentials: { access_token: GOOD_TOKEN }, certificate: right });
    assert.equal(ok.json.status, 'ok', ok.text);
    const created = await api.post('/api/connectors/loop-bank/instances', instanceBody('loop-bank', 'mtls', { access_token: GOOD_TOKEN }, right));
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.connection.status, 'ok');
    const stored = await api.post(`/api/connectors/loop-bank/instances/${created.json.id}/connection-test`, {});
    assert.equal(stored.json.status, 'ok', stored.text);
    assert.equal(bank.requests.at(-1).peerCertificate.subject.CN, 'connect-test-client');
  });
});

describe('OAuth 2 Connect through the backend', () => {
  const credentials = { client_id: CLIENT_ID, client_secret: CLIENT_SECRET };

  /** POST /api/oauth/start, then what the browser does at the provider. */
  async function startAndAuthorize(body) {
    const started = await api.post('/api/oauth/start', body, { headers: { origin: server.url } });
    assert.equal(started.status, 200, started.text);
    const cookie = started.headers['set-cookie'][0].split(';')[0];
    assert.match(started.headers['set-cookie'][0], /HttpOnly; SameSite=Lax/);
    const atProvider = await fetch(started.json.authorizeUrl, { redirect: 'manual' });
    const callback = new URL(atProvider.headers.get('location'));
    assert.equal(callback.origin, server.url);
    assert.equal(callback.pathname, '/oauth/callback');
    return { started: started.json, cookie, callbackPath: `${callback.pathname}${callback.search}` };
  }

  test('Connect, consent, callback: the wizard step completes, the instance is saved with encrypted tokens; replay refused', async () => {
    const draft = { connectorId: 'loop-oauth', authMethodId: 'web', credentials };
    const before = await api.post('/api/connectors/loop-oauth/connection-test', { authMethodId: 'web', credentials });
    assert.equal(before.json.code, 'oauth_not_connected');

    const { started, cookie, callbackPath } = await startAndAuthorize(draft);
    const back = await request(server.url, 'GET', callbackPath, { headers: { cookie } });
    assert.equal(back.status, 303);
    assert.equal(back.headers.location, `/#oauth=${started.flowId}`);
    const flow = await api.get(`/api/oauth/flows/${started.flowId}`);
    assert.equal(flow.json.status, 'connected', flow.text);
    assert.equal(flow.json.result.status, 'ok');
    assert.equal(auth.tokenRequests.at(-1).grantType, 'authorization_code');

    const replay = await request(server.url, 'GET', callbackPath, { headers: { cookie } });
    assert.equal(replay.status, 400);
    assert.match(replay.text, /already used, has expired, or was not started here/);

    const afterConnect = await api.post('/api/connectors/loop-oauth/connection-test', { authMethodId: 'web', credentials });
    assert.equal(afterConnect.json.status, 'ok', 'the draft now has a token');

    const created = await api.post('/api/connectors/loop-oauth/instances', instanceBody('loop-oauth', 'web', credentials));
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.connection.status, 'ok');
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dataDir, 'connectors.sqlite'), { readonly: true });
    const row = db.prepare('SELECT blob, expires_at AS expiresAt FROM oauth_tokens WHERE instance_id = ?').get(created.json.id);
    db.close();
    assert.ok(row, 'the token row exists');
    assert.ok(!row.blob.toString('latin1').includes('eyJ'), 'the token is sealed, not a readable JWT');
    assert.equal((await api.post(`/api/connectors/loop-oauth/instances/${created.json.id}/connection-test`, {})).json.status, 'ok');
  });

  test('an expired access token is refreshed with the refresh token', async () => {
    // while connecting, every token lives 1 s (inside the 30 s margin: expired at once)
    const shortLived = (response) => {
      if (response.statusCode === 200) response.body.expires_in = 1;
    };
    auth.server.service.on('beforeResponse', shortLived);
    let created;
    try {
      const { started, cookie, callbackPath } = await startAndAuthorize({ connectorId: 'loop-oauth', authMethodId: 'web', credentials: { ...credentials, scope: 'read write' } });
      await request(server.url, 'GET', callbackPath, { headers: { cookie } });
      assert.equal((await api.get(`/api/oauth/flows/${started.flowId}`)).json.status, 'connected');
      created = await api.post('/api/connectors/loop-oauth/instances', instanceBody('loop-oauth', 'web', { ...credentials, scope: 'read write' }));
    } finally {
      auth.server.service.off('beforeResponse', shortLived);
    }
    const refreshesBefore = auth.tokenRequests.filter((r) => r.grantType === 'refresh_token').length;
    const r = await api.post(`/api/connectors/loop-oauth/instances/${created.json.id}/connection-test`, {});
    assert.equal(r.json.status, 'ok', r.text);
    assert.equal(auth.tokenRequests.filter((q) => q.grantType === 'refresh_token').length, refreshesBefore + 1);
  });

  test('a wrong state, and a callback reaching another browser (no flow cookie), are refused', async () => {
    const forged = await request(server.url, 'GET', '/oauth/callback?code=abc&state=forged-state-value');
    assert.equal(forged.status, 400);
    const { started, callbackPath } = await startAndAuthorize({ connectorId: 'loop-oauth', authMethodId: 'web', credentials });
    const requests = auth.tokenRequests.length;
    const elsewhere = await request(server.url, 'GET', callbackPath);
    assert.equal(elsewhere.status, 303);
    const flow = await api.get(`/api/oauth/flows/${started.flowId}`);
    assert.equal(flow.json.status, 'failed');
    assert.equal(flow.json.error.code, 'oauth_state_invalid');
    assert.equal(auth.tokenRequests.length, requests, 'no code exchange');
  });

  test('client credentials through the backend: a wrong secret is reported, the right one passes', async () => {
    const wrong = await api.post('/api/connectors/loop-oauth/connection-test', { authMethodId: 'machine', credentials: { ...credentials, client_secret: 'nope-nope-nope' } });
    assert.equal(wrong.json.code, 'oauth_token_error');
    assert.match(wrong.json.message, /401 invalid_client\): check the client ID and client secret\.$/);
    const ok = await api.post('/api/connectors/loop-oauth/connection-test', { authMethodId: 'machine', credentials });
    assert.equal(ok.json.status, 'ok', ok.text);
  });

  test('a master key rotation re-encrypts the stored tokens: they still work afterwards', async () => {
    const created = await api.post('/api/connectors/loop-oauth/instances', instanceBody('loop-oauth', 'web', { ...credentials, scope: 'rotation' }));
    assert.equal(created.json.connection.status, 'untested');
    const { started, cookie, callbackPath } = await startAndAuthorize({ connectorId: 'loop-oauth', instanceId: created.json.id });
    await request(server.url, 'GET', callbackPath, { headers: { cookie } });
    assert.equal((await api.get(`/api/oauth/flows/${started.flowId}`)).json.status, 'connected');
    assert.equal((await api.get(`/api/connectors/loop-oauth/instances/${created.json.id}`)).json.connection.status, 'ok');

    await stack.restart(() => {
      const rotated = runCli(['rotate-key'], { dataDir });
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(rotated.stdout, /^[1-9]\d* OAuth tokens re-encrypted$/m);
    });
    const grants = auth.tokenRequests.length;
    const r = await stack.api.post(`/api/connectors/loop-oauth/instances/${created.json.id}/connection-test`, {});
    assert.equal(r.json.status, 'ok', JSON.stringify(r.json));
    assert.equal(auth.tokenRequests.length, grants, 'the stored token was opened under the new key, not replaced');
  });
});
