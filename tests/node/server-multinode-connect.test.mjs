// OAuth 2 "Connect" across two server processes on one PostgreSQL (DATABASE_URL, one
// MASTER_KEY): the flow started on node A is answered by the provider's redirect on node B,
// as behind a load balancer without sticky sessions. The pending flow, what the wizard
// connected or tested before saving, and each Connect's outcome live in the store
// (stores/pending-store.mjs), sealed, so any node reads them and a state is used once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { client, request, startServer, tempDir } from './server-harness.mjs';
import { startPostgres } from './helpers/postgres-server.mjs';
import { CLIENT_ID, CLIENT_SECRET, startConnectStack } from './helpers/connect-stack.mjs';

const MASTER_KEY = randomBytes(32).toString('base64');
const credentials = { client_id: CLIENT_ID, client_secret: CLIENT_SECRET };

let postgres;
let stack;
let nodeB;
let apiA;
let apiB;

before(async () => {
  postgres = await startPostgres();
  stack = await startConnectStack({ env: { DATABASE_URL: postgres.url, MASTER_KEY } });
  nodeB = await startServer({ dataDir: tempDir('ci-node-'), env: stack.env });
  apiA = stack.api;
  apiB = client(nodeB.url, stack.adminToken);
});

after(async () => {
  await nodeB?.stop();
  await stack?.stop();
  stack?.removeData();
  await postgres?.stop();
});

async function query(sql, params = []) {
  const c = new pg.Client({ connectionString: postgres.url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

let n = 0;
const instanceBody = () => ({
  name: `Connected ${(n += 1)}`, timeZone: 'UTC', dateFormat: 'Y-m-d H:i:s', rateLimit: { amount: 1, unit: 'second' },
  poolId: null, authMethodId: 'web', credentials,
});

/** "Connect" on `api`'s node, then what the browser does at the provider: the callback's path and the flow cookie. */
async function startAt(api, body) {
  const started = await api.post('/api/oauth/start', body);
  assert.equal(started.status, 200, started.text);
  const cookie = started.headers['set-cookie'][0].split(';')[0];
  const atProvider = await fetch(started.json.authorizeUrl, { redirect: 'manual' });
  const callback = new URL(atProvider.headers.get('location'));
  return { flowId: started.json.flowId, cookie, callbackPath: `${callback.pathname}${callback.search}` };
}

test('Connect started on A, answered on B: connected on both; the draft test and the save on B take the token; the state is used once', async () => {
  const { flowId, cookie, callbackPath } = await startAt(apiA, { connectorId: 'loop-oauth', authMethodId: 'web', credentials });
  const pendingRows = await query("SELECT blob FROM pending WHERE kind = 'oauth-flow'");
  assert.equal(pendingRows.length, 1, 'the pending flow is in PostgreSQL');
  for (const row of pendingRows) {
    assert.ok(!row.blob.includes(Buffer.from(CLIENT_SECRET)), 'the client secret is sealed');
  }
  const state = new URLSearchParams(callbackPath.split('?')[1]).get('state');
  assert.equal((await query('SELECT id FROM pending WHERE id LIKE $1', [`%${state}%`])).length, 0, 'the state value is not stored in clear');

  const back = await request(nodeB.url, 'GET', callbackPath, { headers: { cookie } });
  assert.equal(back.status, 303, back.text);
  assert.equal(back.headers.location, `/#oauth=${flowId}`);
  for (const api of [apiA, apiB]) {
    const flow = await api.get(`/api/oauth/flows/${flowId}`);
    assert.equal(flow.json.status, 'connected', flow.text);
    assert.equal(flow.json.result.status, 'ok');
  }

  const replayOnA = await request(stack.server.url, 'GET', callbackPath, { headers: { cookie } });
  assert.equal(replayOnA.status, 400, 'single use across nodes');

  const draftTest = await apiA.post('/api/connectors/loop-oauth/connection-test', { authMethodId: 'web', credentials });
  assert.equal(draftTest.json.status, 'ok', 'A sees the token B obtained');
  const created = await apiB.post('/api/connectors/loop-oauth/instances', instanceBody());
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.connection.status, 'ok');
  const onA = await apiA.post(`/api/connectors/loop-oauth/instances/${created.json.id}/test`, {});
  assert.equal(onA.json.status, 'ok', 'the token taken over by the save on B works on A');
  assert.equal((await query("SELECT count(*)::int AS n FROM pending WHERE kind IN ('awaiting-grant', 'awaiting-result')"))[0].n, 0,
    'the save took over what waited');
});

test('Connect for a saved instance started on B, answered on A; a callback without the flow cookie fails on either node', async () => {
  const created = await apiA.post('/api/connectors/loop-oauth/instances', instanceBody());
  assert.equal(created.status, 201, created.text);
  const { flowId, cookie, callbackPath } = await startAt(apiB, { connectorId: 'loop-oauth', instanceId: created.json.id });
  const back = await request(stack.server.url, 'GET', callbackPath, { headers: { cookie } });
  assert.equal(back.status, 303, back.text);
  assert.equal((await apiB.get(`/api/oauth/flows/${flowId}`)).json.status, 'connected');
  const tested = await apiB.post(`/api/connectors/loop-oauth/instances/${created.json.id}/test`, {});
  assert.equal(tested.json.status, 'ok', tested.text);

  const other = await startAt(apiA, { connectorId: 'loop-oauth', authMethodId: 'web', credentials });
  const noCookie = await request(nodeB.url, 'GET', other.callbackPath);
  assert.equal(noCookie.status, 303);
  const failed = await apiA.get(`/api/oauth/flows/${other.flowId}`);
  assert.equal(failed.json.status, 'failed');
  assert.equal(failed.json.error.code, 'oauth_state_invalid');
  const late = await request(stack.server.url, 'GET', other.callbackPath, { headers: { cookie: other.cookie } });
  assert.equal(late.status, 400, 'a state refused on B is gone on A too');
});

test('the per-token cap of pending Connects holds across nodes', async () => {
  await query("DELETE FROM pending WHERE kind = 'oauth-flow'");
  const body = { connectorId: 'loop-oauth', authMethodId: 'web', credentials };
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? apiA : apiB).post('/api/oauth/start', body)));
  const statuses = answers.map((a) => a.status);
  assert.equal(statuses.filter((s) => s === 200).length, 20, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 429).length, 10);
  assert.equal((await query("SELECT count(*)::int AS n FROM pending WHERE kind = 'oauth-flow'"))[0].n, 20);
});
