// npm run bench -- request gateway: what going through an instance's proxy route costs,
// against calling the same fake vendor API directly, in the same run (docs/gateway.md).
// A real server process with a temporary data directory and a catalog whose token method's
// base URL is a loopback HTTP server answering a small JSON body. The instance's rate limit
// is 1,000,000 per second (the largest allowed): the limit is effectively off, so the figures
// are the gateway's own work (routing, access, decrypting the instance, scheduling, signing,
// the upstream request on the instance's kept-alive connections, streaming back). 10
// connections, 5 s per run, then 1 connection. Then the same through a backend whose limits
// are shared through a local redis-server (REDIS_URL: one Lua admission per request, a pool-less
// instance), reported against the in-process scheduler as a ratio.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { row, runSpread, startBackend } from './lib/backend-process.mjs';
import { VENDOR_TOKEN, startVendor, writeVendorCatalog } from './lib/fake-vendor.mjs';
import { startRedis } from '../tests/node/helpers/redis-server.mjs';

const DURATION = 5;
const CONNECTIONS = 10;

const line = (label, url, { headers, connections = CONNECTIONS }) => runSpread([url], { connections, duration: DURATION, headers })
  .then((r) => row(label, r, { width: 36 }));

const vendor = await startVendor();
const dir = mkdtempSync(join(tmpdir(), 'ci-bench-gateway-'));
const catalogDir = join(dir, 'catalog');
writeVendorCatalog(catalogDir, vendor);
const backendEnv = { GATEWAY_QUEUE_SIZE: '100000' };
let backend = await startBackend({ dataDir: join(dir, 'data'), catalogDir, env: backendEnv, first: true });
const redis = await startRedis();
try {
  const auth = { authorization: `Bearer ${backend.token}` };
  const created = await fetch(`${backend.url}/api/connectors/vendor/instances`, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', authMethodId: 'key', credentials: { access_token: VENDOR_TOKEN }, rateLimit: { amount: 1_000_000, unit: 'second' } }),
  }).then((r) => r.json());
  if (!created.id) throw new Error(`could not create the instance: ${JSON.stringify(created)}`);
  let proxied = `${backend.url}/api/instances/${created.id}/proxy/orders.json?status=open`;
  const direct = `${vendor.url}/v1/orders.json?status=open`;
  console.log(`request gateway (upstream connections kept alive per instance, ${DURATION} s per run, Node ${process.version}):`);
  const d10 = await line(`direct fetch, ${CONNECTIONS} connections`, direct, { headers: { 'x-api-key': VENDOR_TOKEN } });
  const g10 = await line(`through the gateway, ${CONNECTIONS} connections`, proxied, { headers: auth });
  const d1 = await line('direct fetch, 1 connection', direct, { headers: { 'x-api-key': VENDOR_TOKEN }, connections: 1 });
  const g1 = await line('through the gateway, 1 connection', proxied, { headers: auth, connections: 1 });
  console.log(`  gateway / direct: throughput ${(g10.rps / d10.rps).toFixed(2)}x at ${CONNECTIONS} connections; `
    + `added latency p50 ${g1.p50 - d1.p50} ms, p99 ${g1.p99 - d1.p99} ms at 1 connection (${g10.p99 - d10.p99} ms p99 at ${CONNECTIONS})`);

  // the same backend and data, its limits in Redis
  await backend.stop();
  backend = await startBackend({ dataDir: join(dir, 'data'), catalogDir, env: { ...backendEnv, REDIS_URL: redis.url } });
  proxied = `${backend.url}/api/instances/${created.id}/proxy/orders.json?status=open`;
  // the first request waits one window (a new Redis: the window's past is unknown, docs/gateway.md)
  const first = await fetch(proxied, { headers: auth });
  if (first.status !== 200) throw new Error(`first request with Redis: ${first.status} ${await first.text()}`);
  const r10 = await line(`with REDIS_URL, ${CONNECTIONS} connections`, proxied, { headers: auth });
  const r1 = await line('with REDIS_URL, 1 connection', proxied, { headers: auth, connections: 1 });
  console.log(`  limits in Redis / in process: throughput ${(r10.rps / g10.rps).toFixed(2)}x at ${CONNECTIONS} connections, `
    + `${(r1.rps / g1.rps).toFixed(2)}x at 1; p99 ${r10.p99} against ${g10.p99} ms at ${CONNECTIONS}, ${r1.p99} against ${g1.p99} ms at 1`);
} finally {
  await backend.stop();
  await redis.stop();
  vendor.close();
  rmSync(dir, { recursive: true, force: true });
}
