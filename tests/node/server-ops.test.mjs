// Operating several nodes, with real server processes on loopback: liveness and readiness
// (the store's check against the real SQLite file: a schema behind the code, a closed
// database; checks that plug in, fail, or hang), Prometheus metrics (the format, counters that move, route patterns instead of
// URLs, who may read them, nothing secret in them), the configuration checks, and a stop by
// SIGINT. The stop of a node with gateway requests running: gateway-ops.test.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  FIXTURE_CATALOG, client, findLeaks, request, runCli, shopInstanceBody, startExpectingFailure, startServer, tempDir,
} from './server-harness.mjs';
import { parseExposition, valueOf } from './helpers/prometheus.mjs';
import { loadConfig } from '../../web/server/config.mjs';
import { openServer } from '../../web/server/server.mjs';
import { listMigrations } from '../../web/server/stores/db.mjs';
import { NotReady } from '../../web/server/ops/readiness.mjs';

const METRICS_TOKEN = `mt_${randomBytes(24).toString('hex')}`;
const SHOP_TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const LATEST = Math.max(...listMigrations().map((m) => m.version));

let server;
let api;
let dataDir;

before(async () => {
  dataDir = tempDir('ci-ops-');
  server = await startServer({ dataDir, env: { CATALOG_DIR: FIXTURE_CATALOG, METRICS_TOKEN } });
  api = client(server.url, server.adminToken);
});

after(async () => {
  await server?.stop();
});

/** Waits until the server has printed a line matching `re` (its log reaches the pipe later than its answers). */
async function outputMatches(re) {
  for (let i = 0; i < 500 && !re.test(server.output()); i += 1) await new Promise((resolve) => { setTimeout(resolve, 10); });
  assert.match(server.output(), re);
}

const scrape = async (token = METRICS_TOKEN) => {
  const res = await request(server.url, 'GET', '/metrics', { token });
  assert.equal(res.status, 200, res.text);
  return { text: res.text, ...parseExposition(res.text) };
};

describe('liveness and readiness', () => {
  test('GET /api/health: public, no-store, says only that the process answers', async () => {
    const res = await request(server.url, 'GET', '/api/health');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: 'ok' });
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal((await request(server.url, 'HEAD', '/api/health')).status, 200);
  });

  test('GET /api/ready: 200 with the store check while the schema is current', async () => {
    const res = await request(server.url, 'GET', '/api/ready');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { status: 'ready', checks: [{ name: 'store', status: 'ok' }] });
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.ok(res.headers['content-security-policy']);
  });

  test('a schema behind the code: 503 migrations_behind, logged once, 200 again once it is current', async () => {
    const db = new Database(join(dataDir, 'connectors.sqlite'));
    try {
      db.pragma(`user_version = ${LATEST - 1}`);
      for (let i = 0; i < 3; i += 1) {
        const res = await request(server.url, 'GET', '/api/ready');
        assert.equal(res.status, 503, res.text);
        assert.deepEqual(res.json, {
          message: 'Not ready: store (migrations_behind).', code: 'not_ready',
          checks: [{ name: 'store', status: 'failed', code: 'migrations_behind' }],
        });
        assert.equal(res.headers['cache-control'], 'no-store');
      }
      // liveness is not readiness: the process still answers
      assert.equal((await request(server.url, 'GET', '/api/health')).status, 200);
    } finally {
      db.pragma(`user_version = ${LATEST}`);
      db.close();
    }
    assert.equal((await request(server.url, 'GET', '/api/ready')).status, 200);
    await outputMatches(/"msg":"ready"/);
    const lines = server.output().split('\n').filter((l) => l.includes('"msg":"not ready"'));
    assert.equal(lines.length, 1, 'three failing probes, one log line');
    assert.match(lines[0], /"failing":"store:migrations_behind"/);
    assert.equal(server.output().split('\n').filter((l) => l.includes('"msg":"ready"')).length, 1);
  });

  test('a newer schema (a newer node migrated the shared database) is ready', async () => {
    const db = new Database(join(dataDir, 'connectors.sqlite'));
    try {
      db.pragma(`user_version = ${LATEST + 1}`);
      assert.equal((await request(server.url, 'GET', '/api/ready')).status, 200);
    } finally {
      db.pragma(`user_version = ${LATEST}`);
      db.close();
    }
  });

  test('a store that does not answer: 503 store_unavailable, without a path, message or stack', async () => {
    const dir = tempDir('ci-ops-closed-');
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, CATALOG_DIR: FIXTURE_CATALOG, LOG_LEVEL: 'silent' });
    const local = await openServer(config);
    let closed = false;
    try {
      await local.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${local.app.server.address().port}`;
      assert.equal((await request(base, 'GET', '/api/ready')).status, 200);
      // closing waits for the WAL file's handle: the probe must come after it
      await local.db.close();
      closed = true;
      const res = await request(base, 'GET', '/api/ready');
      assert.equal(res.status, 503);
      assert.deepEqual(res.json.checks, [{ name: 'store', status: 'failed', code: 'store_unavailable' }]);
      assert.equal(res.json.code, 'not_ready');
      assert.ok(!res.text.includes(dir) && !/sqlite|not open|at /i.test(res.text), res.text);
      assert.equal((await request(base, 'GET', '/api/health')).status, 200, 'liveness touches no data');
    } finally {
      await local.app.close();
      if (!closed) await local.db.close();
    }
  });

  test('more checks plug in: each failure by name and code, never the error\'s message; a hung check times out', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir('ci-ops-checks-'), CATALOG_DIR: FIXTURE_CATALOG, LOG_LEVEL: 'silent' });
    const local = await openServer(config);
    let release;
    try {
      await local.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${local.app.server.address().port}`;
      let cacheUp = true;
      local.app.readiness.add({ name: 'cache', check: async () => { if (!cacheUp) throw new NotReady('cache_unreachable'); } });
      local.app.readiness.add({ name: 'queue', check: async () => { throw new Error('connect ECONNREFUSED redis://:hunter2@10.1.2.3:6379'); } });
      local.app.readiness.add({ name: 'hung', check: () => new Promise((resolve) => { release = resolve; }) });
      assert.throws(() => local.app.readiness.add({ name: 'cache', check: async () => {} }), /registered twice/);
      assert.throws(() => local.app.readiness.add({ name: 'Bad Name', check: async () => {} }), /needs a name/);
      cacheUp = false;
      const res = await request(base, 'GET', '/api/ready');
      assert.equal(res.status, 503);
      assert.deepEqual(res.json, {
        message: 'Not ready: cache (cache_unreachable), queue (check_failed), hung (timeout).', code: 'not_ready',
        checks: [
          { name: 'store', status: 'ok' },
          { name: 'cache', status: 'failed', code: 'cache_unreachable' },
          { name: 'queue', status: 'failed', code: 'check_failed' },
          { name: 'hung', status: 'failed', code: 'timeout' },
        ],
      });
      assert.ok(!/hunter2|10\.1\.2\.3|redis:|ECONNREFUSED/.test(res.text), res.text);
    } finally {
      release?.();
      await local.app.close();
      local.db.close();
    }
  });

  test('both are public: no credentials needed, a wrong token changes nothing', async () => {
    for (const path of ['/api/health', '/api/ready']) {
      for (const token of [undefined, 'cit_not-a-token']) {
        const res = await request(server.url, 'GET', path, { token });
        assert.equal(res.status, 200, `${path} ${token}`);
      }
    }
  });
});

describe('metrics', () => {
  test('every line parses; HTTP counters move by route pattern, method and status class', async () => {
    const created = await api.post('/api/connectors/shop/instances', shopInstanceBody('Metrics Shop Ærø', { token: SHOP_TOKEN }));
    assert.equal(created.status, 201, created.text);
    const { id } = created.json;
    const route = '/api/connectors/:connectorId/instances/:id';
    const before = await scrape();
    for (let i = 0; i < 3; i += 1) assert.equal((await api.get(`/api/connectors/shop/instances/${id}`)).status, 200);
    assert.equal((await api.get('/api/connectors/shop/instances/no-such-id')).status, 404);
    assert.equal((await request(server.url, 'POST', `/nowhere-${id}`, { body: {} })).status, 404);
    const after = await scrape();

    assert.equal(after.types.get('http_requests_total'), 'counter');
    assert.equal(after.types.get('http_request_duration_seconds'), 'histogram');
    const got = (m, labels) => valueOf(m, 'http_requests_total', labels);
    assert.equal(got(after, { method: 'GET', route, status_class: '2xx' }) - got(before, { method: 'GET', route, status_class: '2xx' }), 3);
    assert.equal(got(after, { method: 'GET', route, status_class: '4xx' }) - got(before, { method: 'GET', route, status_class: '4xx' }), 1);
    assert.equal(got(after, { method: 'POST', route: 'unmatched', status_class: '4xx' }) - got(before, { method: 'POST', route: 'unmatched', status_class: '4xx' }), 1);
    const count = (m) => valueOf(m, 'http_request_duration_seconds_count', { method: 'GET', route, status_class: '2xx' });
    assert.equal(count(after) - count(before), 3);
    const inf = valueOf(after, 'http_request_duration_seconds_bucket', { method: 'GET', route, status_class: '2xx', le: '+Inf' });
    assert.equal(inf, count(after), 'the +Inf bucket counts every request');
    // the scrape before this one counted itself
    assert.ok(got(after, { method: 'GET', route: '/metrics', status_class: '2xx' }) >= 1);
    // process default metrics
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) {
      assert.ok(after.samples.some((s) => s.name === name), name);
    }
    // no URL, id, name or secret: routes are the table's patterns
    const routes = new Set(after.samples.filter((s) => s.labels.route).map((s) => s.labels.route));
    for (const r of routes) if (r !== 'unmatched') assert.match(r, /^\/[A-Za-z/:*-]*$/, r);
    assert.ok(routes.has(route) && routes.has('/api/ready') && routes.has('unmatched'), [...routes].join(' '));
    for (const secret of [id, 'Metrics Shop', 'Ærø', SHOP_TOKEN, METRICS_TOKEN, server.adminToken, 'no-such-id', 'nowhere']) {
      assert.ok(!after.text.includes(secret), `the metrics contain ${secret}`);
    }
    process.stdout.write(`# metrics: ${after.samples.length} samples, ${routes.size} route labels\n`);
  });

  test('access: METRICS_TOKEN or an admin token; not the world, not a proxy token, and the metrics token opens nothing else', async () => {
    assert.equal((await request(server.url, 'GET', '/metrics')).status, 401);
    assert.equal((await request(server.url, 'GET', '/metrics', { token: `mt_${'0'.repeat(48)}` })).status, 401);
    assert.equal((await request(server.url, 'GET', '/metrics', { headers: { authorization: `Basic ${METRICS_TOKEN}` } })).status, 401);
    assert.equal((await request(server.url, 'GET', '/metrics', { token: server.adminToken })).status, 200);
    const made = runCli(['create-token', 'ops-proxy', '--proxy'], { dataDir, env: { CATALOG_DIR: FIXTURE_CATALOG } });
    assert.equal(made.code, 0, made.stderr);
    const proxyToken = /(cit_[A-Za-z0-9_-]+)/.exec(made.stdout)[1];
    const refused = await request(server.url, 'GET', '/metrics', { token: proxyToken });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, 'token_scope');
    for (const [method, path] of [['GET', '/api/pools'], ['GET', '/api/session'], ['GET', '/api/audit'], ['GET', '/api/connectors']]) {
      assert.equal((await request(server.url, method, path, { token: METRICS_TOKEN })).status, 401, `${method} ${path}`);
    }
    const signIn = await request(server.url, 'POST', '/api/session', { body: { token: METRICS_TOKEN } });
    assert.equal(signIn.status, 401);
    const ok = await request(server.url, 'GET', '/metrics', { token: METRICS_TOKEN });
    assert.equal(ok.status, 200);
    assert.match(ok.headers['content-type'], /^text\/plain; version=0\.0\.4/);
    assert.equal(ok.headers['cache-control'], 'no-store');
  });

  test('without METRICS_TOKEN only an admin token reads them', async () => {
    const other = await startServer({ dataDir, env: { CATALOG_DIR: FIXTURE_CATALOG } });
    try {
      assert.equal((await request(other.url, 'GET', '/metrics')).status, 401);
      assert.equal((await request(other.url, 'GET', '/metrics', { token: METRICS_TOKEN })).status, 401);
      assert.equal((await request(other.url, 'GET', '/metrics', { token: server.adminToken })).status, 200);
    } finally {
      await other.stop();
    }
  });

  test('no secret in any output of the suite', () => {
    assert.deepEqual(findLeaks([METRICS_TOKEN, SHOP_TOKEN], { dataDirs: [dataDir], outputs: [server.output()] }), []);
  });
});

describe('configuration and stop', () => {
  test('a METRICS_TOKEN too short or with spaces stops the start without quoting it', async () => {
    for (const value of ['short-token', `${'x'.repeat(20)} ${'y'.repeat(20)}`]) {
      const r = await startExpectingFailure({ dataDir: tempDir(), env: { CATALOG_DIR: FIXTURE_CATALOG, METRICS_TOKEN: value } });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Startup error: METRICS_TOKEN must be 32 to 200 printable ASCII characters/);
      assert.ok(!r.stderr.includes(value) && !r.stdout.includes(value));
    }
  });

  test('SHUTDOWN_TIMEOUT_MS is checked', async () => {
    for (const value of ['0', '999', '600001', '5s']) {
      const r = await startExpectingFailure({ dataDir: tempDir(), env: { CATALOG_DIR: FIXTURE_CATALOG, SHUTDOWN_TIMEOUT_MS: value } });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /SHUTDOWN_TIMEOUT_MS must be/);
    }
  });

  test('SIGINT stops an idle server: drained, exit code 0', async () => {
    const other = await startServer({ dataDir: tempDir(), env: { CATALOG_DIR: FIXTURE_CATALOG } });
    other.child.kill('SIGINT');
    const { code, signal } = await other.exited;
    assert.equal(signal, null);
    assert.equal(code, 0, other.output());
    assert.match(other.output(), /"signal":"SIGINT".*shutting down/);
    assert.match(other.output(), /"msg":"drained: no request is running"/);
  });
});
