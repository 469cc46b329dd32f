// npm run bench -- several backend nodes (docs/deploy.md, "What the numbers mean"):
//  1. Creates/s and latency with 1, 2 and 3 nodes on one PostgreSQL, against one node on
//     SQLite (synchronous=FULL), in the same run. PostgreSQL runs with its own durable
//     defaults (fsync on, synchronous_commit on), like SQLite FULL: an acknowledged create
//     survives power loss on both. 12 connections in all, spread evenly over the nodes.
//  2. Gateway throughput through two instances sharing one rate limit (one owns it, the
//     other borrows it), requests alternating between them, spread over 1, 2 and 3 nodes
//     whose limits are shared through one Redis, against one node with its limits in
//     process. The limit is 1,000,000 per second (effectively off) so the figures are the
//     cost of sharing; then a binding limit of 200 per second over 3 nodes, reported as the
//     rate that reached the vendor.
// Every node, PostgreSQL, Redis, the vendor and autocannon share this machine's cores.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, row, runSpread, startBackend } from './lib/backend-process.mjs';
import { VENDOR_TOKEN, startVendor, writeVendorCatalog } from './lib/fake-vendor.mjs';
import { startPostgres } from '../tests/node/helpers/postgres-server.mjs';
import { startRedis } from '../tests/node/helpers/redis-server.mjs';

const DURATION = 5;
const CONNECTIONS = 12;
const FIXTURE_CATALOG = join(ROOT, 'tests/node/fixtures/server-catalog');

const work = mkdtempSync(join(tmpdir(), 'ci-bench-cluster-'));
const dirFor = (name) => {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** `count` nodes on the same store (the first creates it and prints the admin token). */
async function startNodes(count, { name, catalogDir, env }) {
  const first = await startBackend({ dataDir: dirFor(`${name}-1`), catalogDir, env, first: true });
  const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => startBackend({ dataDir: dirFor(`${name}-${i + 2}`), catalogDir, env })));
  const nodes = [first, ...rest];
  return { nodes, token: first.token, stop: () => Promise.all(nodes.map((n) => n.stop())) };
}

let serial = 0;
const createRequests = [{
  method: 'POST',
  path: '/api/connectors/shop/instances',
  headers: { 'content-type': 'application/json' },
  setupRequest: (req) => ({
    ...req,
    body: JSON.stringify({
      name: `Bench ${process.pid} ${serial++}`, authMethodId: 'access_token',
      credentials: { store_name: 'bench-store', access_token: `shpat_${randomBytes(16).toString('hex')}` },
    }),
  }),
}];

async function createRun(label, cluster) {
  const r = await runSpread(cluster.nodes.map((n) => n.url), {
    connections: CONNECTIONS, duration: DURATION, headers: { authorization: `Bearer ${cluster.token}` }, requests: createRequests,
  });
  return row(label, r);
}

/** The owner of a rate limit and an instance borrowing it; the paths of both. */
async function sharedPair(cluster, amount) {
  const post = async (body) => {
    const r = await fetch(`${cluster.nodes[0].url}/api/connectors/vendor/instances`, {
      method: 'POST', headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const created = await r.json();
    if (r.status !== 201) throw new Error(`could not create an instance: ${JSON.stringify(created)}`);
    return created.id;
  };
  const suffix = randomBytes(3).toString('hex');
  const owner = await post({ name: `Owner ${suffix}`, authMethodId: 'key', credentials: { access_token: VENDOR_TOKEN }, rateLimit: { amount, unit: 'second' } });
  const borrower = await post({ name: `Borrower ${suffix}`, authMethodId: 'key', credentials: { access_token: VENDOR_TOKEN }, rateLimit: null, sharedLimitOf: owner });
  const paths = [owner, borrower].map((id) => `/api/instances/${id}/proxy/orders.json`);
  // a new Redis knows nothing of the window's past: the first start waits one window (docs/gateway.md)
  for (const path of paths) {
    const first = await fetch(`${cluster.nodes[0].url}${path}`, { headers: { authorization: `Bearer ${cluster.token}` } });
    if (first.status !== 200) throw new Error(`first request through ${path}: ${first.status}`);
  }
  return paths;
}

async function gatewayRun(label, cluster, paths) {
  const r = await runSpread(cluster.nodes.map((n) => n.url), {
    connections: CONNECTIONS, duration: DURATION, headers: { authorization: `Bearer ${cluster.token}` },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  return row(label, r);
}

const ratio = (a, b) => `${(a.rps / b.rps).toFixed(2)}x`;

const [postgres, redis, vendor] = await Promise.all([startPostgres({ durable: true }), startRedis(), startVendor()]);
try {
  console.log(`several nodes (${CONNECTIONS} connections spread over the nodes, ${DURATION} s per run, ${cpus().length} cores shared by everything, Node ${process.version}):`);
  console.log(' creates (POST instance: validated, secret sealed, committed with its audit entry):');
  const sqlite = await startNodes(1, { name: 'sqlite', catalogDir: FIXTURE_CATALOG, env: { SQLITE_SYNCHRONOUS: 'FULL' } });
  const reference = await createRun('SQLite FULL, 1 node (reference)', sqlite).finally(() => sqlite.stop());
  const creates = [];
  for (const count of [1, 2, 3]) {
    const env = { DATABASE_URL: await postgres.createDatabase(), MASTER_KEY: randomBytes(32).toString('base64') };
    const cluster = await startNodes(count, { name: `pg${count}`, catalogDir: FIXTURE_CATALOG, env });
    try {
      creates.push([count, await createRun(`PostgreSQL, ${count} node${count > 1 ? 's' : ''}`, cluster)]);
    } finally {
      await cluster.stop();
    }
  }
  console.log(`  PostgreSQL / SQLite: ${creates.map(([count, r]) => `${ratio(r, reference)} with ${count} node${count > 1 ? 's' : ''} (p99 ${r.p99} against ${reference.p99} ms)`).join(', ')}`);

  const catalogDir = dirFor('catalog');
  writeVendorCatalog(catalogDir, vendor);

  console.log(' gateway, two instances sharing one rate limit, requests alternating between them:');
  const gatewayEnv = { GATEWAY_QUEUE_SIZE: '100000' };
  const alone = await startNodes(1, { name: 'gw-alone', catalogDir, env: gatewayEnv });
  let inProcess;
  try {
    inProcess = await gatewayRun('limits in process, 1 node (reference)', alone, await sharedPair(alone, 1_000_000));
  } finally {
    await alone.stop();
  }
  const shared = [];
  for (const count of [1, 2, 3]) {
    // a new database each time: its first node makes the admin token
    const env = { ...gatewayEnv, DATABASE_URL: await postgres.createDatabase(), MASTER_KEY: randomBytes(32).toString('base64'), REDIS_URL: redis.url };
    const cluster = await startNodes(count, { name: `gw${count}`, catalogDir, env });
    try {
      shared.push([count, await gatewayRun(`limits in Redis, ${count} node${count > 1 ? 's' : ''}`, cluster, await sharedPair(cluster, 1_000_000))]);
      if (count === 3) {
        const bound = await gatewayRun('limits in Redis, 3 nodes, 200 per second', cluster, await sharedPair(cluster, 200));
        console.log(`  a shared limit of 200 per second over 3 nodes: ${bound.rps.toFixed(1)} requests per second sent (${(bound.rps / 200).toFixed(3)} of the limit)`);
      }
    } finally {
      await cluster.stop();
    }
  }
  console.log(`  Redis-shared / in process: ${shared.map(([count, r]) => `${ratio(r, inProcess)} with ${count} node${count > 1 ? 's' : ''}`).join(', ')}`);
} finally {
  vendor.close();
  await Promise.all([postgres.stop(), redis.stop()]);
  rmSync(work, { recursive: true, force: true });
}
