// OUTBOUND_NETWORKS through the real backend (web/server/main.mjs as a child process): a bad
// value stops the start; under `public` the test endpoints and the OAuth Connect callback
// refuse a loopback service with `blocked_address`, recorded on the instance and in the
// audit trail like any failure, with nothing sent and no secret in the answers, the logs or
// the database; the default follows how the server is reachable (ALLOWED_ORIGINS).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { client, findLeaks, request, startExpectingFailure, startServer, tempDir } from './server-harness.mjs';
import { json, startServer as startLoopbackServer } from './helpers/connect-servers.mjs';

const TOKEN = 'outbound-server-token-3f9b';
const CLIENT_SECRET = 'outbound-server-client-secret-c41';

let service; // the API and token endpoint on loopback; it must never receive a request under `public`
let catalogDir;
const servers = [];
const dataDirs = [];

before(async () => {
  service = await startLoopbackServer((req, res) => {
    if (req.url === '/token') return json(res, 200, { access_token: 'issued', token_type: 'Bearer' });
    return json(res, req.headers['x-api-key'] === TOKEN ? 200 : 401, {});
  });
  catalogDir = join(tempDir('ci-outbound-'), 'catalog');
  mkdirSync(catalogDir);
  const common = { version: '1.0.0', systemType: 'test', protocol: 'rest' };
  writeFileSync(join(catalogDir, 'loop-token.json'), JSON.stringify({
    id: 'loop-token', name: 'Loop token', ...common,
    authMethods: [{
      id: 'token', name: 'API key', type: 'token',
      variables: [{ key: 'access_token', label: 'API key', type: 'secret', required: true }],
      token: { header: 'X-Api-Key' },
      check: { url: `${service.url}/me` },
    }],
  }));
  writeFileSync(join(catalogDir, 'loop-oauth.json'), JSON.stringify({
    id: 'loop-oauth', name: 'Loop OAuth', ...common,
    authMethods: [{
      id: 'web', name: 'Authorization code', type: 'oauth2_authorization_code',
      variables: [{ key: 'client_id', label: 'Client ID', required: true }, { key: 'client_secret', label: 'Client secret', type: 'secret', required: true }],
      oauth2: { authorizeUrl: 'https://auth.example.com/authorize', tokenUrl: `${service.url}/token` },
      check: { url: `${service.url}/me` },
    }],
  }));
});

after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await service?.close();
  const leaks = findLeaks([TOKEN, CLIENT_SECRET], { dataDirs, outputs: servers.map((s) => s.output()) });
  assert.deepEqual(leaks, [], 'plaintext secrets leaked');
});

async function start(env) {
  const dataDir = tempDir('ci-outbound-data-');
  dataDirs.push(dataDir);
  const server = await startServer({ dataDir, env: { CATALOG_DIR: catalogDir, CONNECTION_TEST_TIMEOUT_MS: '5000', ...env } });
  servers.push(server);
  assert.ok(server.adminToken, 'a fresh data directory prints the admin token');
  return { server, api: client(server.url, server.adminToken) };
}

const instanceBody = (name, authMethodId, credentials) => ({
  name, timeZone: 'UTC', dateFormat: 'Y-m-d H:i:s', rateLimit: { amount: 1, unit: 'second' }, poolId: null, authMethodId, credentials, certificate: null,
});

/** The log line main.mjs writes with the effective setting. */
async function loggedNetworks(server) {
  for (let i = 0; i < 200; i += 1) {
    const m = /"outboundNetworks":"([^"]*)"/.exec(server.output());
    if (m) return m[1];
    await new Promise((resolve) => { setTimeout(resolve, 10); });
  }
  throw new Error('no outboundNetworks log line');
}

test('a bad OUTBOUND_NETWORKS stops the server at start with a message naming the setting and its values', async () => {
  const failed = await startExpectingFailure({ dataDir: tempDir('ci-outbound-bad-'), env: { CATALOG_DIR: catalogDir, OUTBOUND_NETWORKS: 'intranet' } });
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /Startup error: OUTBOUND_NETWORKS must be "all" or a comma-separated list of public, private, loopback, link-local; got "intranet"/);
});

describe('OUTBOUND_NETWORKS=public', () => {
  let server;
  let api;
  before(async () => {
    ({ server, api } = await start({ OUTBOUND_NETWORKS: 'public' }));
  });

  test('the server logs the effective setting', async () => {
    assert.equal(await loggedNetworks(server), 'public');
  });

  test('a wizard test and a saved instance\'s test are refused with blocked_address, recorded like other failures; nothing is sent', async () => {
    const host = new URL(service.url).host;
    const draft = await api.post('/api/connectors/loop-token/connection-test', { authMethodId: 'token', credentials: { access_token: TOKEN } });
    assert.equal(draft.status, 200, draft.text);
    assert.equal(draft.json.status, 'failed');
    assert.equal(draft.json.code, 'blocked_address');
    assert.equal(draft.json.host, host);
    assert.match(draft.json.message, new RegExp(`^${host.replace(/\./g, '\\.')} is a loopback address \\(this server itself\\); the server's OUTBOUND_NETWORKS setting \\(public\\) does not allow loopback addresses`));

    const created = await api.post('/api/connectors/loop-token/instances', instanceBody('Blocked', 'token', { access_token: TOKEN }));
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.connection.code, 'blocked_address', 'the wizard result is taken over');
    const path = `/api/connectors/loop-token/instances/${created.json.id}`;
    const tested = await api.post(`${path}/test`, {});
    assert.equal(tested.json.code, 'blocked_address', tested.text);
    const read = await api.get(path);
    assert.equal(read.json.connection.status, 'failed');
    assert.equal(read.json.connection.code, 'blocked_address');
    assert.equal(read.json.connection.host, host);
    const audit = await api.get(`/api/audit?subjectId=${created.json.id}&action=instance.tested`);
    assert.deepEqual(audit.json.data.map((e) => [e.outcome, e.details.code]), [['failed', 'blocked_address']]);
    assert.equal(service.requests.length, 0, 'the loopback service received nothing');
  });

  test('OAuth Connect: the code exchange at a refused token endpoint fails the flow with blocked_address', async () => {
    const started = await api.post('/api/oauth/start', { connectorId: 'loop-oauth', authMethodId: 'web', credentials: { client_id: 'c1', client_secret: CLIENT_SECRET } },
      { headers: { origin: server.url } });
    assert.equal(started.status, 200, started.text);
    const state = new URL(started.json.authorizeUrl).searchParams.get('state');
    const cookie = started.headers['set-cookie'][0].split(';')[0];
    const back = await request(server.url, 'GET', `/oauth/callback?code=code-1&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    assert.equal(back.status, 303, back.text);
    const flow = await api.get(`/api/oauth/flows/${started.json.flowId}`);
    assert.equal(flow.json.status, 'failed');
    assert.equal(flow.json.error.code, 'blocked_address', JSON.stringify(flow.json));
    assert.equal(service.requests.length, 0, 'no token request was sent');
  });
});

describe('the default', () => {
  test('a server only this machine reaches allows loopback: the same test passes', async () => {
    const { server, api } = await start({});
    assert.equal(await loggedNetworks(server), 'public,loopback');
    const r = await api.post('/api/connectors/loop-token/connection-test', { authMethodId: 'token', credentials: { access_token: TOKEN } });
    assert.equal(r.json.status, 'ok', r.text);
    assert.equal(service.requests.length, 1);
  });

  test('a server whose page is served to others (ALLOWED_ORIGINS beyond loopback) allows public addresses only', async () => {
    const before = service.requests.length;
    const { server, api } = await start({ ALLOWED_ORIGINS: 'https://connectors.example.com' });
    assert.equal(await loggedNetworks(server), 'public');
    const r = await api.post('/api/connectors/loop-token/connection-test', { authMethodId: 'token', credentials: { access_token: TOKEN } });
    assert.equal(r.json.code, 'blocked_address', r.text);
    assert.equal(service.requests.length, before);
  });
});
