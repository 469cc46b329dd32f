// docs/deploy.md, held to the truth: two server processes on one data directory behind nginx
// with the site of docs/deploy/nginx.conf (TLS replaced by a loopback port, the nodes' ports
// replaced by free ones), and the rolling restart of the document under constant load from
// eight client networks (ip_hash spreads them over both nodes): each node in turn gets
// SIGTERM, exits 0, starts again, answers GET /api/ready 200, and takes requests from nginx
// again (its own metrics show them) before the other one stops. No request may fail; every
// pool a POST created must be there afterwards. Needs nginx (Debian package nginx-light).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_CATALOG, ROOT, request, runCli, startServer, tempDir } from './server-harness.mjs';
import { closedPort } from './helpers/connect-servers.mjs';
import { parseExposition, valueOf } from './helpers/prometheus.mjs';

const NGINX = '/usr/sbin/nginx';
const HOST = 'connectors.example.com';
const dataDir = tempDir('ci-deploy-');
const env = { CATALOG_DIR: FIXTURE_CATALOG, ALLOWED_ORIGINS: `https://${HOST}`, COOKIE_SECURE: '1', KEEP_ALIVE_TIMEOUT_MS: '60000', SHUTDOWN_TIMEOUT_MS: '30000' };
const nodes = new Map(); // port -> started server
const outputs = [];
let nginx;
let front;
let adminToken;

async function startNode(port) {
  const server = await startServer({ dataDir, env: { ...env, PORT: String(port) } });
  nodes.set(port, server);
  outputs.push(server.output);
  return server;
}

/** Requests nginx passed to the node on `port` for the route pattern `route`, by its own metrics. */
async function served(port, route) {
  const res = await request(`http://127.0.0.1:${port}`, 'GET', '/metrics', { token: adminToken });
  assert.equal(res.status, 200, res.text);
  const m = parseExposition(res.text);
  return ['2xx', '4xx', '5xx'].reduce((sum, c) => sum + valueOf(m, 'http_requests_total', { method: 'GET', route, status_class: c }), 0);
}

async function until(fn, what) {
  for (let i = 0; i < 3000; i += 1) {
    if (await fn()) return;
    await new Promise((resolve) => { setTimeout(resolve, 10); });
  }
  assert.fail(`never: ${what}`);
}

let ports;
before(async () => {
  assert.ok(spawnSync(NGINX, ['-v']).status === 0, `${NGINX} is needed (Debian package nginx-light; scripts/bootstrap.sh installs it)`);
  // the admin token before any node starts, as docs/deploy.md says, so no node prints it
  const made = runCli(['reset-admin-token'], { dataDir, env });
  assert.equal(made.code, 0, made.stderr);
  adminToken = /(cit_[A-Za-z0-9_-]+)/.exec(made.stdout)[1];
  ports = { front: await closedPort(), a: await closedPort(), b: await closedPort() };
  for (const port of [ports.a, ports.b]) {
    const node = await startNode(port);
    assert.doesNotMatch(node.output(), /Admin token/);
  }
  const dir = tempDir('ci-deploy-nginx-');
  mkdirSync(join(dir, 'logs'));
  const site = readFileSync(join(ROOT, 'docs/deploy/nginx.conf'), 'utf8')
    .replace('listen 443 ssl;', `listen 127.0.0.1:${ports.front};`)
    .replace(/\n\s*ssl_certificate(_key)? [^\n]*;/g, '')
    .replaceAll('127.0.0.1:8081', `127.0.0.1:${ports.a}`)
    .replaceAll('127.0.0.1:8082', `127.0.0.1:${ports.b}`);
  assert.ok(site.includes(`127.0.0.1:${ports.a}`) && site.includes(`127.0.0.1:${ports.b}`) && !site.includes('ssl'));
  writeFileSync(join(dir, 'nginx.conf'), `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events {}
http { access_log off; client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
${site}
}
`);
  const checked = spawnSync(NGINX, ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
  assert.equal(checked.status, 0, checked.stderr);
  nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  front = `http://127.0.0.1:${ports.front}`;
  await until(async () => (await request(front, 'GET', '/api/ready', { headers: { host: HOST } }).catch(() => ({}))).status === 200, 'nginx answers');
});

after(async () => {
  if (nginx && nginx.exitCode === null) {
    nginx.kill('SIGQUIT');
    await once(nginx, 'exit');
  }
  for (const node of nodes.values()) await node.stop();
});

test('nginx passes the client host, answers /metrics 404 itself, and both nodes are ready through it', async () => {
  const ready = await request(front, 'GET', '/api/ready', { headers: { host: HOST } });
  assert.equal(ready.status, 200);
  assert.equal(ready.json.status, 'ready');
  const metrics = await request(front, 'GET', '/metrics', { headers: { host: HOST }, token: adminToken });
  assert.equal(metrics.status, 404);
  assert.ok(!metrics.text.includes('http_requests_total'));
});

test('a rolling restart under load: every request answered, every created pool kept, each node stops with exit code 0', async () => {
  let stopping = false;
  const tally = new Map();
  const created = [];
  let sequence = 0;
  const worker = async (net) => {
    // a client network of its own: ip_hash hashes the first three octets
    const localAddress = `127.0.${net}.1`;
    const opts = { headers: { host: HOST }, token: adminToken, localAddress };
    while (!stopping) {
      sequence += 1;
      let res;
      let label;
      if (sequence % 3 === 0) {
        const id = `roll-${net}-${sequence}`;
        res = await request(front, 'POST', '/api/pools', { ...opts, body: { id, name: id, limit: 1, timeout: 5 } }).catch((e) => ({ status: e.code }));
        if (res.status === 201) created.push(id);
        label = `POST ${res.status}`;
      } else {
        res = await request(front, 'GET', sequence % 3 === 1 ? '/api/pools' : '/api/connectors', opts).catch((e) => ({ status: e.code }));
        label = `GET ${res.status}`;
      }
      tally.set(label, (tally.get(label) ?? 0) + 1);
    }
  };
  const workers = [0, 1, 2, 3, 4, 5, 6, 7].map(worker);
  try {
    // both nodes take part before anything stops
    await until(async () => (await served(ports.a, '/api/pools')) > 0 && (await served(ports.b, '/api/pools')) > 0, 'both nodes served requests');
    for (const port of [ports.a, ports.b]) {
      const node = nodes.get(port);
      node.child.kill('SIGTERM');
      const { code, signal } = await node.exited;
      assert.equal(signal, null);
      assert.equal(code, 0, node.output());
      assert.match(node.output(), /"msg":"drained: no request is running"/);
      await startNode(port);
      await until(async () => (await request(`http://127.0.0.1:${port}`, 'GET', '/api/ready')).status === 200, `node ${port} ready`);
      // open-source nginx tries a node it marked failed again after fail_timeout
      await until(async () => (await served(port, '/api/pools')) > 0, `nginx sends requests to node ${port} again`);
    }
  } finally {
    stopping = true;
    await Promise.all(workers);
  }
  const counts = Object.fromEntries(tally);
  process.stdout.write(`# rolling restart through nginx: ${JSON.stringify(counts)}\n`);
  assert.deepEqual(Object.keys(counts).filter((k) => !/^(GET 200|POST 201)$/.test(k)), [], JSON.stringify(counts));
  assert.ok(created.length >= 10, `only ${created.length} pools created`);
  for (const id of created) {
    const res = await request(front, 'GET', `/api/pools/${id}`, { headers: { host: HOST }, token: adminToken });
    assert.equal(res.status, 200, `${id}: ${res.status}`);
  }
});
