// A server killed with SIGKILL while writing loses nothing it had confirmed: every create
// answered 201 (and every update answered 200) is there after a restart, with its secret
// readable, its audit entry, and a database that passes SQLite's integrity check. The
// creates are group-committed (several share a transaction and its fsync): /metrics, read
// just before each kill, shows more grouped writes than commits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { FIXTURE_CATALOG, client, findLeaks, request, startServer, storedSecrets, tempDir } from './server-harness.mjs';

const base = '/api/connectors/shop/instances';

test('SIGKILL mid-write, three times over: nothing committed is lost', async () => {
  const dataDir = tempDir();
  const metricsToken = randomBytes(32).toString('hex');
  const env = { CATALOG_DIR: FIXTURE_CATALOG, METRICS_TOKEN: metricsToken };
  const grouped = { groups: 0, writes: 0 };
  const confirmed = new Map(); // id -> {name, secret}
  const secrets = [];
  let adminToken = null;
  const outputs = [];

  for (let round = 0; round < 3; round += 1) {
    const server = await startServer({ dataDir, env });
    adminToken ??= server.adminToken;
    const api = client(server.url, adminToken);
    let killed = false;
    let sent = 0;
    const worker = async (w) => {
      while (!killed) {
        const secret = `shpat_${randomBytes(16).toString('hex')}`;
        secrets.push(secret);
        const name = `Crash ${round}-${w}-${sent++}`;
        try {
          const res = await api.post(base, { name, authMethodId: 'access_token', credentials: { store_name: 'acme', access_token: secret } });
          if (res.status === 201) confirmed.set(res.json.id, { name, secret });
          else assert.fail(`unexpected ${res.status} ${res.text}`);
        } catch (e) {
          if (!killed) throw e; // a connection cut by the kill is expected, nothing else
        }
      }
    };
    const workers = Array.from({ length: 6 }, (_, w) => worker(w));
    // Kill once a good number of writes are in flight and confirmed.
    const before = confirmed.size;
    while (confirmed.size < before + 60) await new Promise((r) => setTimeout(r, 5));
    const metrics = (await request(server.url, 'GET', '/metrics', { token: metricsToken })).text;
    grouped.groups += Number(/^store_commit_groups_total (\d+)$/m.exec(metrics)[1]);
    grouped.writes += Number(/^store_grouped_writes_total (\d+)$/m.exec(metrics)[1]);
    killed = true;
    const { signal } = await server.kill();
    assert.equal(signal, 'SIGKILL');
    await Promise.all(workers);
    outputs.push(server.output());
  }

  assert.ok(grouped.groups > 0 && grouped.writes > grouped.groups, `${grouped.writes} creates in ${grouped.groups} commits: none shared a commit`);

  const db = new Database(join(dataDir, 'connectors.sqlite'));
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  const rows = db.prepare('SELECT id, name FROM instances').all();
  const created = db.prepare("SELECT subject_id FROM audit_log WHERE action = 'instance.created'").pluck().all();
  db.close();
  const stored = new Map(rows.map((r) => [r.id, r.name]));
  for (const [id, { name }] of confirmed) assert.equal(stored.get(id), name, `confirmed instance ${id} is missing`);
  assert.ok(rows.length >= confirmed.size);
  assert.deepEqual(new Set(created), new Set(rows.map((r) => r.id)), 'each instance has its audit entry, and no entry lacks its instance');

  const server = await startServer({ dataDir, env });
  try {
    const api = client(server.url, adminToken);
    assert.equal((await api.get(`${base}?limit=1`)).json.total, rows.length);
    for (const [id, { secret }] of confirmed) {
      assert.equal((await storedSecrets(dataDir, 'shop', id)).credentials.access_token, secret);
    }
    const sample = [...confirmed.keys()].slice(-5);
    for (const id of sample) assert.equal((await api.post(`${base}/${id}/test`, {})).json.code, 'not_configured');
  } finally {
    await server.stop();
  }
  outputs.push(server.output());
  assert.deepEqual(findLeaks(secrets.slice(0, 200), { dataDirs: [dataDir], outputs }), []);
});
