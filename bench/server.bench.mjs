// npm run bench -- backend: create-instance throughput and latency of the reference server
// (web/server), measured with autocannon against a real server process on loopback with a
// temporary data directory. Bounded: six 5-second runs plus start-ups (about 40 s).
//  1. POST create-instance, SQLITE_SYNCHRONOUS=FULL (the default: a commit survives power
//     loss), 10 connections. Each request is validated by the WebAssembly module, its
//     secret sealed (AES-256-GCM, fresh data key wrapped by the master key), and committed
//     together with its audit entry. Creates waiting together share one transaction and
//     one sync of the WAL, made off the Node thread (group commit,
//     web/server/stores/sqlite-database.mjs).
//     The reference, in the same run: the same server with SQLITE_GROUP_COMMIT=off (one
//     transaction, one fsync per create); the row gives the ratio and the goal (at least
//     2,000 creates/s with p99 at most 20 ms).
//     Then the same with one connection: the latency of a lone client.
//  2. The same with SQLITE_SYNCHRONOUS=NORMAL (survives a crashed process, not power loss).
//  3. GET one instance (read path: no decryption), for comparison.
// Each request of a run creates a distinct instance (unique name, unique token).
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startBackend } from './lib/backend-process.mjs';

const CATALOG = join(ROOT, 'tests/node/fixtures/server-catalog');
const DURATION = 5;
const CONNECTIONS = 10;

const start = (dataDir, env) => startBackend({ dataDir, catalogDir: CATALOG, env, first: true });

let serial = 0;
const instanceBody = () => JSON.stringify({
  name: `Bench ${process.pid} ${serial++}`,
  authMethodId: 'access_token',
  credentials: { store_name: 'bench-store', access_token: `shpat_${randomBytes(16).toString('hex')}` },
});

function run(url, token, requests, connections = CONNECTIONS) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: DURATION, requests, headers: { authorization: `Bearer ${token}` } },
      (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function report(label, r) {
  const ok = r['2xx'];
  console.log(`  ${label.padEnd(38)} ${String(Math.round(ok / r.duration)).padStart(6)} req/s   `
    + `p50 ${String(r.latency.p50).padStart(3)} ms  p90 ${String(r.latency.p90).padStart(3)} ms  `
    + `p99 ${String(r.latency.p99).padStart(3)} ms   (${ok} ok, ${r.non2xx} non-2xx, ${r.errors} errors)`);
  if (r.non2xx || r.errors) throw new Error(`${label}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
}

const createRequests = [{
  method: 'POST',
  path: '/api/connectors/shop/instances',
  headers: { 'content-type': 'application/json' },
  setupRequest: (req) => ({ ...req, body: instanceBody() }),
}];

const GOAL = { perSecond: 2000, p99: 20 };

/** Starts a server on a fresh data directory with `env`, runs `fn(server)`, stops it. */
async function withServer(env, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'ci-bench-'));
  try {
    const server = await start(dir, env);
    try {
      return await fn(server);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const perSecond = (r) => Math.round(r['2xx'] / r.duration);

console.log(`backend (fastify + better-sqlite3, ${CONNECTIONS} connections, ${DURATION} s each, Node ${process.version}):`);
const reference = await withServer({ SQLITE_SYNCHRONOUS: 'FULL', SQLITE_GROUP_COMMIT: 'off' }, async (server) => {
  const r = await run(server.url, server.token, createRequests);
  report('create instance (FULL, one commit each)', r);
  return r;
});
await withServer({ SQLITE_SYNCHRONOUS: 'FULL' }, async (server) => {
  const grouped = await run(server.url, server.token, createRequests);
  report('create instance (FULL, group commit)', grouped);
  const holds = perSecond(grouped) >= GOAL.perSecond && grouped.latency.p99 <= GOAL.p99;
  console.log(`    group commit / one commit each: ${(perSecond(grouped) / Math.max(1, perSecond(reference))).toFixed(2)}x req/s, `
    + `p99 ${grouped.latency.p99} ms vs ${reference.latency.p99} ms; goal >= ${GOAL.perSecond} req/s with p99 <= ${GOAL.p99} ms: `
    + `${holds ? 'holds' : 'not reached'} in this run`);
  report('  same, 1 connection', await run(server.url, server.token, createRequests, 1));
  const made = await fetch(`${server.url}/api/connectors/shop/instances`, {
    method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: instanceBody(),
  }).then((r) => r.json());
  report('read instance (GET)', await run(server.url, server.token, [{ method: 'GET', path: `/api/connectors/shop/instances/${made.id}` }]));
});
await withServer({ SQLITE_SYNCHRONOUS: 'NORMAL' }, async (server) => {
  report('create instance (NORMAL, group commit)', await run(server.url, server.token, createRequests));
  report('  same, 1 connection', await run(server.url, server.token, createRequests, 1));
});
