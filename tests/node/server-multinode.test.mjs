// Several server processes ("nodes") on one PostgreSQL (DATABASE_URL), each with its own
// data directory and the same MASTER_KEY, as docs/http-api.md ("Several nodes") describes:
// they start at once and migrate once, settle racing names and replayed Idempotency-Keys
// between them, share sessions, and lose no acknowledged create when one is killed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FIXTURE_CATALOG, client, request, runCliAsync, shopInstanceBody, startExpectingFailure, startServer, tempDir,
} from './server-harness.mjs';
import { startPostgres } from './helpers/postgres-server.mjs';
import { listMigrations, openDatabase } from '../../web/server/stores/db.mjs';
import { Keyring, envKeySource } from '../../web/server/security/keyring.mjs';
import { InstanceStore } from '../../web/server/stores/instances-store.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MASTER_KEY = randomBytes(32).toString('base64');
const BASE = '/api/connectors/shop/instances';

let postgres;
let nodes = [];
let adminToken;
let env;

const startNode = () => startServer({ dataDir: tempDir('ci-node-'), env });

before(async () => {
  postgres = await startPostgres();
  env = { DATABASE_URL: postgres.url, MASTER_KEY, CATALOG_DIR: FIXTURE_CATALOG };
  nodes = await Promise.all([startNode(), startNode(), startNode()]);
  adminToken = nodes.map((n) => n.adminToken).find(Boolean);
});

after(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  await postgres?.stop();
});

/** Rows straight from PostgreSQL. */
async function query(sql, params = [], url = postgres.url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** Resolves once `predicate()` holds (checked every 20 ms, at most 1,500 times). */
async function until(predicate, what) {
  for (let i = 0; !predicate(); i += 1) {
    if (i === 1500) assert.fail(`never happened: ${what}`);
    await new Promise((resolve) => { setTimeout(resolve, 20); });
  }
}

test('three nodes started at once: the schema is migrated once, one admin token is made, every node takes it', async () => {
  // the log lines come through pino's buffer, possibly after "Listening on": wait for the last one
  for (const node of nodes) await until(() => node.output().includes('"msg":"Server listening at'), 'the last start-up log line');
  const versions = listMigrations(join(root, 'web/server/stores/migrations/postgres')).map((m) => m.version);
  const migrated = nodes.filter((n) => n.output().includes(`"migrations":${JSON.stringify(versions)}`));
  assert.equal(migrated.length, 1, nodes.map((n) => n.output()).join('\n'));
  assert.equal(nodes.filter((n) => n.adminToken).length, 1);
  assert.deepEqual((await query('SELECT version FROM schema_version ORDER BY version')).map((r) => r.version), versions);
  for (const node of nodes) assert.equal((await client(node.url, adminToken).get('/api/connectors')).status, 200);
  for (const node of nodes) assert.match(node.output(), /"database":"postgres"/);
  for (const node of nodes) assert.ok(!node.output().includes(postgres.url.split('@')[0]), 'the database password is not logged');
});

test('a node that cannot sign in to PostgreSQL does not start, and its output holds no password', async () => {
  const wrong = postgres.url.replace(/:([^:@/]+)@/, ':not-the-password@');
  const { code, stderr, stdout } = await startExpectingFailure({ dataDir: tempDir('ci-node-'), env: { ...env, DATABASE_URL: wrong } });
  assert.equal(code, 1);
  assert.match(stderr, /^Startup error: .*password authentication failed/m);
  const password = decodeURIComponent(/:([^:@/]+)@/.exec(postgres.url)[1]);
  assert.ok(!(stdout + stderr).includes(password) && !(stdout + stderr).includes('not-the-password'));
});

test('a node with another master key is refused at start, and says why', async () => {
  const other = randomBytes(32).toString('base64');
  const { code, stderr } = await startExpectingFailure({ dataDir: tempDir('ci-node-'), env: { ...env, MASTER_KEY: other } });
  assert.equal(code, 1);
  assert.match(stderr, /wrong master key/);
});

test('50 concurrent creates of one name (case and spacing varied) spread over three nodes: exactly one 201, the others 422 on name', async () => {
  const spellings = ['Race store', 'race STORE', '  Race Store  ', 'RACE store'];
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => client(nodes[i % 3].url, adminToken)
    .post(BASE, shopInstanceBody(spellings[i % spellings.length]))));
  const created = answers.filter((r) => r.status === 201);
  assert.equal(created.length, 1, answers.map((r) => `${r.status} ${r.text}`).join('\n'));
  const refused = answers.filter((r) => r.status === 422);
  assert.equal(refused.length, 49, answers.filter((r) => r.status !== 201 && r.status !== 422).map((r) => `${r.status} ${r.text}`).join('\n'));
  for (const r of refused) assert.deepEqual(Object.keys(r.json.errors), ['name']);
  assert.equal((await query("SELECT count(*)::int AS n FROM instances WHERE name_key = 'race store'"))[0].n, 1);
});

test('one Idempotency-Key replayed 30 times at once across three nodes: one instance, the same stored answer everywhere', async () => {
  const body = shopInstanceBody('Idempotent store', { token: `shpat_${'b'.repeat(32)}` });
  const headers = { 'idempotency-key': 'multi-node-create-1' };
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => client(nodes[i % 3].url, adminToken).post(BASE, body, { headers })));
  assert.ok(answers.every((r) => r.status === 201), answers.map((r) => `${r.status} ${r.text}`).join('\n'));
  assert.equal(answers.filter((r) => r.headers['idempotent-replayed'] === undefined).length, 1);
  const ids = new Set(answers.map((r) => r.json.id));
  assert.equal(ids.size, 1);
  const first = answers.find((r) => r.headers['idempotent-replayed'] === undefined).json;
  for (const r of answers) assert.deepEqual(r.json, first);
  assert.equal((await query("SELECT count(*)::int AS n FROM instances WHERE name = 'Idempotent store'"))[0].n, 1);
  // a later replay on any node, and the same key with another body
  for (const node of nodes) {
    const again = await client(node.url, adminToken).post(BASE, body, { headers });
    assert.equal(again.status, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json.id, first.id);
  }
  const reused = await client(nodes[2].url, adminToken).post(BASE, shopInstanceBody('Other store'), { headers });
  assert.equal(reused.status, 422);
  assert.equal(reused.json.code, 'idempotency_key_reused');
});

test('a session made on node A works on B and C; signing out on B ends it on every node', async () => {
  const [a, b, c] = nodes;
  const signIn = await request(a.url, 'POST', '/api/session', { body: { token: adminToken } });
  assert.equal(signIn.status, 200);
  const cookie = /^(cis_session=[^;]+)/.exec(signIn.headers['set-cookie'])[1];
  for (const node of [a, b, c]) {
    const me = await request(node.url, 'GET', '/api/session', { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.equal(me.json.via, 'session');
  }
  // a change made with the session on C, seen on A
  const created = await request(c.url, 'POST', BASE, { body: shopInstanceBody('Session store'), headers: { cookie, origin: c.url } });
  assert.equal(created.status, 201);
  assert.equal((await request(a.url, 'GET', `${BASE}/${created.json.id}`, { headers: { cookie } })).status, 200);
  assert.equal((await request(b.url, 'DELETE', '/api/session', { headers: { cookie } })).status, 204);
  for (const node of [a, b, c]) assert.equal((await request(node.url, 'GET', '/api/session', { headers: { cookie } })).status, 401);
});

test('SIGKILL of a node during creates: every acknowledged create is in PostgreSQL with its secret and audit entry', async (t) => {
  const victim = await startNode();
  const api = client(victim.url, adminToken);
  const acknowledged = new Map(); // id -> token
  let sent = 0;
  let killed = false;
  const worker = async (w) => {
    for (let i = 0; !killed; i += 1) {
      const token = `shpat_${randomBytes(16).toString('hex')}`;
      sent += 1;
      try {
        const r = await api.post(BASE, shopInstanceBody(`Crash ${w}-${i}`, { token }));
        if (r.status === 201) acknowledged.set(r.json.id, token);
        else assert.fail(`${r.status} ${r.text}`);
      } catch (e) {
        if (!killed) throw e;
      }
      if (acknowledged.size >= 40 && !killed) {
        killed = true;
        await victim.kill();
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
  assert.equal(victim.child.signalCode, 'SIGKILL');
  assert.ok(acknowledged.size >= 40, `${acknowledged.size} of ${sent}`);

  const ids = [...acknowledged.keys()];
  const kept = (await query("SELECT count(*)::int AS n FROM instances WHERE name LIKE 'Crash %'"))[0].n;
  t.diagnostic(`${sent} creates sent, ${acknowledged.size} acknowledged before the SIGKILL, ${kept} stored`);
  const stored = await query('SELECT id FROM instances WHERE id = ANY($1)', [ids]);
  assert.equal(stored.length, ids.length);
  const audited = await query("SELECT subject_id FROM audit_log WHERE action = 'instance.created' AND subject_id = ANY($1)", [ids]);
  assert.equal(audited.length, ids.length);
  // and the other nodes serve them, secrets intact
  const db = await openDatabase({ dataDir: tempDir('ci-node-'), databaseUrl: postgres.url });
  try {
    const store = new InstanceStore(db, await new Keyring(db, envKeySource(MASTER_KEY)).open());
    for (const [id, token] of acknowledged) {
      const row = await store.get('shop', id);
      assert.equal((await store.readSecrets(row)).credentials.access_token, token);
    }
  } finally {
    await db.close();
  }
  for (const id of ids.slice(0, 5)) assert.equal((await client(nodes[1].url, adminToken).get(`${BASE}/${id}`)).status, 200);
});

test('rotating MASTER_KEY with several nodes as documented ("old,new", rotate-key, "new"): no failed request, every secret under the new key', async (t) => {
  const url = await postgres.createDatabase();
  const [oldKey, newKey] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
  const start = (key) => startServer({ dataDir: tempDir('ci-node-'), env: { DATABASE_URL: url, MASTER_KEY: key, CATALOG_DIR: FIXTURE_CATALOG } });
  const tokenHex = () => `shpat_${randomBytes(16).toString('hex')}`;
  const made = new Map(); // id -> secret
  const first = await start(oldKey);
  const admin = first.adminToken;
  for (let i = 0; i < 10; i += 1) {
    const secret = tokenHex();
    const r = await client(first.url, admin).post(BASE, shopInstanceBody(`Before ${i}`, { token: secret }));
    assert.equal(r.status, 201, r.text);
    made.set(r.json.id, secret);
  }
  await first.stop();
  // 1. every node restarted with "old,new": it reads both, writes with the old one until the new one is registered
  const pair = await Promise.all([start(`${oldKey},${newKey}`), start(`${oldKey},${newKey}`)]);
  let rotating = true;
  const failures = [];
  const writer = async (node, n) => {
    for (let i = 0; rotating; i += 1) {
      const secret = tokenHex();
      const r = await client(node.url, admin).post(BASE, shopInstanceBody(`During ${n}-${i}`, { token: secret }));
      if (r.status === 201) made.set(r.json.id, secret);
      else failures.push(`${r.status} ${r.text}`);
      const read = await client(node.url, admin).get(`${BASE}?limit=500`);
      if (read.status !== 200) failures.push(`${read.status} ${read.text}`);
    }
  };
  const writers = pair.map(writer);
  // 2. rotate-key once, from anywhere; "run rotate-key again" is its documented answer when a
  // write chose the old key just before the new one was registered and committed after the pass
  let rotated;
  let attempts = 0;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    attempts = attempt;
    rotated = await runCliAsync(['rotate-key'], { dataDir: tempDir('ci-node-'), env: { DATABASE_URL: url, MASTER_KEY: `${newKey},${oldKey}` } }).done;
    if (rotated.code === 0 || !/run rotate-key again/.test(rotated.stderr)) break;
  }
  rotating = false;
  await Promise.all(writers);
  assert.equal(rotated.code, 0, rotated.stdout + rotated.stderr);
  assert.match(rotated.stdout, /Master key rotated to version 2/);
  assert.deepEqual(failures, []);
  // writes after the rotation, on both nodes, use the new key
  for (const node of pair) {
    const secret = tokenHex();
    const r = await client(node.url, admin).post(BASE, shopInstanceBody(`After ${node.url}`, { token: secret }));
    assert.equal(r.status, 201, r.text);
    made.set(r.json.id, secret);
  }
  assert.deepEqual(await query('SELECT DISTINCT key_version AS v FROM instances', [], url), [{ v: 2 }]);
  await Promise.all(pair.map((n) => n.stop()));
  // 3. restarted with the new key alone: everything opens; the old key alone is refused
  const last = await start(newKey);
  t.after(() => last.stop());
  assert.equal((await client(last.url, admin).get(`${BASE}?limit=500`)).json.total, made.size);
  const db = await openDatabase({ dataDir: tempDir('ci-node-'), databaseUrl: url });
  try {
    const store = new InstanceStore(db, await new Keyring(db, envKeySource(newKey)).open());
    for (const [id, secret] of made) assert.equal((await store.readSecrets(await store.get('shop', id))).credentials.access_token, secret);
  } finally {
    await db.close();
  }
  const refused = await startExpectingFailure({ dataDir: tempDir('ci-node-'), env: { DATABASE_URL: url, MASTER_KEY: oldKey, CATALOG_DIR: FIXTURE_CATALOG } });
  assert.match(refused.stderr, /retired by a key rotation/);
  t.diagnostic(`${made.size} instances, ${made.size - 12} of them created during the rotation; rotate-key ran ${attempts} time(s)`);
});

test('a node whose database goes away stays up (health 200), answers /api/ready 503 store_unavailable and API calls 500, and logs no password', async (t) => {
  const url = await postgres.createDatabase();
  const node = await startServer({ dataDir: tempDir('ci-node-'), env: { ...env, DATABASE_URL: url } });
  t.after(() => node.stop());
  const token = node.adminToken;
  assert.equal((await request(node.url, 'GET', '/api/ready')).status, 200);
  assert.equal((await client(node.url, token).get('/api/pools')).status, 200); // pooled connections are open now
  // the database is dropped under it: its connections are terminated, new ones are refused
  await query(`DROP DATABASE ${new URL(url).pathname.slice(1)} WITH (FORCE)`, [], postgres.url.replace(/\/connectors$/, '/postgres'));
  assert.equal((await request(node.url, 'GET', '/api/health')).status, 200, 'liveness: the process answers');
  const ready = await request(node.url, 'GET', '/api/ready');
  assert.equal(ready.status, 503);
  assert.equal(ready.json.checks.find((c) => c.name === 'store')?.code, 'store_unavailable');
  const call = await client(node.url, token).get('/api/pools');
  assert.equal(call.status, 500);
  assert.match(call.json.message, /^Internal server error \(request [\w-]+\)\.$/);
  assert.equal(node.child.exitCode, null, 'the process is still running');
  const password = decodeURIComponent(/:([^:@/]+)@/.exec(postgres.url)[1]);
  assert.ok(!node.output().includes(password));
});
