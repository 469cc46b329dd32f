// Group commit through the real server (SQLite, synchronous=FULL): creates sent together
// share transactions and commits, and each still gets its own answer. A name clash or an
// idempotent replay between creates of one burst fails or replays only the request it
// concerns; the others are created. The server's /metrics shows that the bursts were
// grouped (more grouped writes than commits), and every acknowledged create is readable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { FIXTURE_CATALOG, client, findLeaks, request, shopInstanceBody, startServer, tempDir } from './server-harness.mjs';

const base = '/api/connectors/shop/instances';
const METRICS_TOKEN = randomBytes(32).toString('hex');
const SECRETS = [];
const body = (name) => {
  const token = `shpat_${randomBytes(16).toString('hex')}`;
  SECRETS.push(token);
  return shopInstanceBody(name, { token });
};

const CONNECTIONS = 24;
// keeps CONNECTIONS connections open, so that a burst is written on all of them at once
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

let server;
let api;
let dataDir;

before(async () => {
  dataDir = tempDir('ci-group-');
  server = await startServer({ dataDir, env: { CATALOG_DIR: FIXTURE_CATALOG, METRICS_TOKEN } });
  const plain = client(server.url, server.adminToken);
  const onAgent = (opts) => ({ ...opts, agent });
  api = {
    get: (path, opts = {}) => plain.get(path, onAgent(opts)),
    post: (path, payload, opts = {}) => plain.post(path, payload, onAgent(opts)),
  };
  // opens the connections: CONNECTIONS requests at once
  await Promise.all(Array.from({ length: CONNECTIONS }, () => api.get(`${base}?limit=1`)));
});

after(async () => {
  agent.destroy();
  await server?.stop();
  assert.deepEqual(findLeaks(SECRETS, { dataDirs: [dataDir], outputs: [server.output()] }), [], 'plaintext secrets leaked');
});

/** The group commit counters from /metrics: {groups, writes, walSyncs}. */
async function groupCounters() {
  const { status, text } = await request(server.url, 'GET', '/metrics', { token: METRICS_TOKEN });
  assert.equal(status, 200);
  const value = (name) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
  return { groups: value('store_commit_groups_total'), writes: value('store_grouped_writes_total'), walSyncs: value('store_wal_syncs_total') };
}

/** Sends every request at once, each on an open connection of its own; the answers in order. */
const burst = (requests) => Promise.all(requests.map(({ name, headers }) => api.post(base, body(name), { headers })));

/** Asserts that the grouped writes since `before` outnumber their commits: some commit held several. */
async function assertGrouped(before, minWrites) {
  const now = await groupCounters();
  const writes = now.writes - before.writes;
  const groups = now.groups - before.groups;
  assert.ok(writes >= minWrites, `${writes} grouped writes, expected at least ${minWrites}`);
  assert.ok(groups < writes, `${writes} writes in ${groups} commits: none was shared`);
  // synchronous=FULL (the default): the server synced the WAL for those commits, at most once each
  const syncs = now.walSyncs - before.walSyncs;
  assert.ok(syncs >= 1 && syncs <= groups, `${syncs} WAL syncs for ${groups} commits`);
}

test('a name taken within a burst of creates fails only the requests that clash; the others are created', async () => {
  const before = await groupCounters();
  const requests = [];
  for (let i = 0; i < 24; i += 1) requests.push({ name: i % 3 === 0 ? 'Clash' : `Distinct ${i}` });
  const answers = await burst(requests);
  const clashing = answers.filter((_, i) => requests[i].name === 'Clash');
  const distinct = answers.filter((_, i) => requests[i].name !== 'Clash');
  assert.deepEqual(clashing.map((r) => r.status).sort(), [201, 422, 422, 422, 422, 422, 422, 422]);
  for (const refused of clashing.filter((r) => r.status === 422)) {
    assert.deepEqual(refused.json.errors, { name: ['The name has already been taken.'] }, refused.text);
  }
  assert.deepEqual(distinct.map((r) => r.status), Array(16).fill(201), 'a clash in the group fails no other create');
  for (const created of answers.filter((r) => r.status === 201)) {
    const read = await api.get(`${base}/${created.json.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.json.name, created.json.name);
  }
  assert.equal((await api.get(`${base}?limit=1`)).json.total, 17);
  await assertGrouped(before, 17);
});

test('one Idempotency-Key sent many times within a burst: one instance, every retry replays its answer, the other creates go through', async () => {
  const before = await groupCounters();
  const key = `burst-${randomBytes(8).toString('hex')}`;
  const keyed = shopInstanceBody('Keyed once', { token: `shpat_${randomBytes(16).toString('hex')}` });
  SECRETS.push(keyed.credentials.access_token);
  const sends = [];
  for (let i = 0; i < 20; i += 1) { // on 20 of the open connections
    sends.push(i % 2 === 0
      ? api.post(base, keyed, { headers: { 'idempotency-key': key } }).then((r) => ({ keyed: true, r }))
      : api.post(base, body(`Unkeyed ${i}`)).then((r) => ({ keyed: false, r })));
  }
  const answers = await Promise.all(sends);
  const retries = answers.filter((a) => a.keyed).map((a) => a.r);
  assert.deepEqual(retries.map((r) => r.status), Array(10).fill(201));
  const ids = new Set(retries.map((r) => r.json.id));
  assert.equal(ids.size, 1, 'one instance for the key');
  assert.equal(retries.filter((r) => r.headers['idempotent-replayed'] === 'true').length, 9, 'all but the first are replays');
  for (const r of retries) assert.equal(r.json.credentials.access_token, '••••••••', 'a replay shows no secret either');
  const others = answers.filter((a) => !a.keyed).map((a) => a.r);
  assert.deepEqual(others.map((r) => r.status), Array(10).fill(201));
  assert.equal(new Set(others.map((r) => r.json.id)).size, 10);
  const list = (await api.get(`${base}?limit=100`)).json.data;
  assert.equal(list.filter((i) => i.name === 'Keyed once').length, 1);
  await assertGrouped(before, 11);
});

test('refused creates in a burst (invalid input, a key reused for another body) leave the valid ones untouched', async () => {
  const key = `reused-${randomBytes(8).toString('hex')}`;
  const first = await api.post(base, body('Reused key'), { headers: { 'idempotency-key': key } });
  assert.equal(first.status, 201);
  const sends = [];
  for (let i = 0; i < 18; i += 1) { // on 18 of the open connections
    if (i % 3 === 0) sends.push(api.post(base, { ...body(`Bad zone ${i}`), timeZone: 'Mars/Olympus' }));
    else if (i % 3 === 1) sends.push(api.post(base, body(`Other body ${i}`), { headers: { 'idempotency-key': key } }));
    else sends.push(api.post(base, body(`Valid ${i}`)));
  }
  const answers = await Promise.all(sends);
  answers.forEach((r, i) => {
    assert.equal(r.status, [422, 422, 201][i % 3], r.text);
    if (i % 3 === 0) assert.deepEqual(Object.keys(r.json.errors ?? {}), ['timeZone'], r.text);
    else if (i % 3 === 1) assert.equal(r.json.code, 'idempotency_key_reused', r.text);
  });
  const valid = answers.filter((_, i) => i % 3 === 2);
  for (const r of valid) assert.equal((await api.get(`${base}/${r.json.id}`)).json.name, r.json.name);
  const names = new Set((await api.get(`${base}?limit=200`)).json.data.map((i) => i.name));
  for (let i = 0; i < 18; i += 3) assert.ok(!names.has(`Bad zone ${i}`));
  for (let i = 1; i < 18; i += 3) assert.ok(!names.has(`Other body ${i}`));
});
