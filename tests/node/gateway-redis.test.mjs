// The gateway's limits shared through Redis (docs/gateway.md "Several backend processes"):
// three backend processes (web/server/main.mjs), each with its own data directory, on one
// real PostgreSQL (DATABASE_URL) and one real redis-server, callers spreading seeded bursts
// over them (instances with their own limit, sharing a pool, and sharing another instance's
// rate limit), and the timing vendor (a worker
// thread, helpers/gateway-stack.mjs) recording when each request arrived. Checks every sliding
// window over the arrivals, the pool's concurrency at the vendor, a node SIGKILLed while it
// holds the pool's only slot, and Redis killed and started again (empty) in the middle of a
// burst.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { ConfigError, loadConfig } from '../../web/server/config.mjs';
import { request, startExpectingFailure, startServer, tempDir } from './server-harness.mjs';
import { preciseNow } from './helpers/connect-servers.mjs';
import { maxInWindow, seededRandom } from './helpers/schedule-clock.mjs';
import { VENDOR_TOKEN, sleep, startGatewayStack } from './helpers/gateway-stack.mjs';
import { startRedis } from './helpers/redis-server.mjs';
import { startPostgres } from './helpers/postgres-server.mjs';

const LEASE_S = 2;
const QUEUE_SIZE = 30;
// A start is decided in Redis; the request then travels back to its node, through the node's
// own work (signing, a connection from the kept-alive pool or a new one) and over loopback to
// the vendor, which records its arrival. That leg varies between requests (a few ms idle, up to
// ~150 ms on this shared 2-core machine under load), so two requests started exactly one window
// apart can arrive a little less than a window apart. Windows at the vendor are checked as
// `1000 - TOLERANCE_MS` long for that leg only; the exact check of the starts themselves (on
// Redis's clock) is gateway-redis-admission.test.mjs.
const TOLERANCE_MS = 250;

/** @type {Awaited<ReturnType<typeof startGatewayStack>>} */
let s;
let redis;
let postgres;
let nodes = [];
let spy;

before(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  spy = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  spy.on('error', () => {}); // Redis is killed on purpose below
  // a new deployment with no earlier traffic: no fence (docs/gateway.md); the restart test below
  // shows the fence after Redis lost its data
  await spy.set('ci:gw:epoch', '0');
  s = await startGatewayStack({
    env: {
      DATABASE_URL: postgres.url, MASTER_KEY: randomBytes(32).toString('base64'), REDIS_URL: redis.url, GATEWAY_LEASE_S: String(LEASE_S), GATEWAY_QUEUE_SIZE: String(QUEUE_SIZE), GATEWAY_TIMEOUT_MS: '20000', REDIS_TIMEOUT_MS: '500',
    },
  });
  // two more processes on the same PostgreSQL and Redis
  nodes = [s.server, await startServer({ dataDir: tempDir('ci-node-'), env: s.env }), await startServer({ dataDir: tempDir('ci-node-'), env: s.env })];
});

after(async () => {
  spy?.disconnect();
  for (const n of nodes.slice(1)) await n.stop();
  await s?.stop();
  s?.removeData();
  await redis?.stop();
  await postgres?.stop();
});

const at = (node, id, rest, headers = {}) => request(node.url, 'GET', `/api/instances/${id}/proxy/${rest}`, { token: s.adminToken, headers });
const codeOf = (r) => r.json?.code;
const usageAt = async (node, id) => (await request(node.url, 'GET', `/api/instances/${id}/usage`, { token: s.adminToken })).json;
const timedInstance = (name, tenant, settings) => s.createInstance('gw-timed', {
  name, authMethodId: 'header', credentials: { tenant, access_token: VENDOR_TOKEN }, ...settings,
});

/** The shortest time between an arrival and the 5th after it (a window's worth at 5 per window). */
function shortestSpan(arrivals, amount = 5) {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let shortest = Infinity;
  for (let k = amount; k < sorted.length; k += 1) shortest = Math.min(shortest, sorted[k] - sorted[k - amount]);
  return shortest;
}

/** The most requests in flight at the vendor at once (from arrival to the answer's write). */
function maxConcurrent(records) {
  const events = records.flatMap((e) => [[e.at, 1], [e.doneAt, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, d] of events) {
    now += d;
    most = Math.max(most, now);
  }
  return most;
}

describe('limits shared by three backend processes through Redis', () => {
  test('seeded random bursts over three nodes, four instances at 5/s (two share a pool of 2, two share one rate limit): no window over 5 at the vendor, pool never over 2', async () => {
    await s.createPool('shared-pool', 2, 30);
    const ids = {
      sa: await timedInstance('Shared A', 'sa', { rateLimit: { amount: 5, unit: 'second' }, poolId: 'shared-pool' }),
      sb: await timedInstance('Shared B', 'sb', { rateLimit: { amount: 5, unit: 'second' }, poolId: 'shared-pool' }),
      sc: await timedInstance('Shared C', 'sc', { rateLimit: { amount: 5, unit: 'second' } }),
    };
    ids.sd = await timedInstance('Borrows C', 'sd', { rateLimit: null, sharedLimitOf: ids.sc });
    s.timed.hold(150);
    await s.timed.records();
    const next = seededRandom(0x5A4ED);
    const tenants = Object.keys(ids);
    const pending = [];
    const perNode = [0, 0, 0];
    const N = 75;
    for (let i = 0; i < N; i += 1) {
      // bursts: mostly back to back, now and then a pause
      await sleep(next() < 0.15 ? Math.floor(next() * 400) : Math.floor(next() * 10));
      const t = tenants[Math.floor(next() * tenants.length)];
      const n = Math.floor(next() * nodes.length);
      perNode[n] += 1;
      pending.push(at(nodes[n], ids[t], `seq/${i}`, { 'x-queue-timeout': '60' }).then((r) => ({ t, r })));
    }
    const answers = await Promise.all(pending);
    for (const { r } of answers) assert.equal(r.status, 200, r.text);
    const records = await s.timed.records();
    assert.equal(records.length, N);
    assert.ok(records.every((r) => r.ok));
    const report = [];
    // one window per limit: sd's requests count against sc's
    for (const group of [['sa'], ['sb'], ['sc', 'sd']]) {
      const arrivals = records.filter((r) => group.includes(r.tenant)).map((r) => r.at);
      const tight = maxInWindow(arrivals, 1000 - TOLERANCE_MS);
      assert.ok(tight <= 5, `${group.join('+')}: ${tight} arrivals within ${1000 - TOLERANCE_MS} ms`);
      report.push(`${group.join('+')}: ${arrivals.length} requests, ${tight} per ${1000 - TOLERANCE_MS} ms, shortest span of 6 arrivals ${shortestSpan(arrivals).toFixed(1)} ms`);
    }
    assert.ok(records.some((r) => r.tenant === 'sd') && records.some((r) => r.tenant === 'sc'), 'both sides of the shared limit were used');
    const pooled = maxConcurrent(records.filter((r) => r.tenant === 'sa' || r.tenant === 'sb'));
    assert.ok(pooled <= 2, `${pooled} requests of the pool of 2 in flight at the vendor`);
    assert.equal(pooled, 2, 'the pool was used to the full');
    const u = await usageAt(nodes[1], ids.sa);
    assert.equal(u.shared.available, true);
    assert.equal(u.pool.inFlight, 0, 'every lease given back');
    process.stdout.write(`# ${N} requests over 3 nodes (${perNode.join('/')}) at 5/s: ${report.join('; ')}; pool of 2: at most ${pooled} in flight at the vendor\n`);
  });

  test('5 per minute, 9 requests over two nodes: exactly 5 go, 4 get 503 queue_timeout with Retry-After; a third node sees the window', async () => {
    const id = await s.createInstance('gw-token', {
      name: 'Per minute shared', authMethodId: 'header', credentials: { tenant: 'pm', access_token: VENDOR_TOKEN }, rateLimit: { amount: 5, unit: 'minute' },
    });
    const first = [];
    for (let k = 0; k < 5; k += 1) first.push(await at(nodes[k % 2], id, `seq/${k}`));
    assert.deepEqual(first.map((r) => r.status), [200, 200, 200, 200, 200]);
    const rest = await Promise.all([5, 6, 7, 8].map((k) => at(nodes[k % 2], id, `seq/${k}`, { 'x-queue-timeout': '1.5' })));
    for (const r of rest) {
      assert.equal(r.status, 503);
      assert.equal(codeOf(r), 'queue_timeout');
      const retry = Number(r.headers['retry-after']);
      assert.ok(retry >= 1 && retry <= 60, `Retry-After ${r.headers['retry-after']}`);
    }
    assert.deepEqual(s.vendor.of('pm').map((e) => e.path).sort(), [0, 1, 2, 3, 4].map((k) => `/token/pm/seq/${k}`));
    const third = await usageAt(nodes[2], id);
    assert.equal(third.sentInWindow, 5, 'the window is shared');
    assert.equal(third.sentTotal, 0, 'totals are per node');
    assert.ok(third.nextStartAt > Date.now() - 1000, 'the next start is known on every node');
    const [u0, u1] = [await usageAt(nodes[0], id), await usageAt(nodes[1], id)];
    assert.equal(u0.throttled + u1.throttled, 4);
    assert.equal(u0.queued + u1.queued, 0);
  });

  test('the queue is bounded per node: 503 queue_full on the full node, another node still queues; callers that leave are never sent', async () => {
    const id = await s.createInstance('gw-token', {
      name: 'Queue shared', authMethodId: 'header', credentials: { tenant: 'qf', access_token: VENDOR_TOKEN }, rateLimit: { amount: 1, unit: 'minute' },
    });
    assert.equal((await at(nodes[0], id, 'seq/0')).status, 200);
    const controllers = Array.from({ length: QUEUE_SIZE }, () => new AbortController());
    const waiting = controllers.map((c, k) => new Promise((resolve) => {
      const url = new URL(`/api/instances/${id}/proxy/seq/${k + 1}`, nodes[1].url);
      fetch(url, { headers: { authorization: `Bearer ${s.adminToken}` }, signal: c.signal }).then(resolve, resolve);
    }));
    for (let i = 0; i < 500 && (await usageAt(nodes[1], id)).queued < QUEUE_SIZE; i += 1) await sleep(10);
    assert.equal((await usageAt(nodes[1], id)).queued, QUEUE_SIZE);
    const full = await at(nodes[1], id, 'one-too-many');
    assert.equal(full.status, 503);
    assert.equal(codeOf(full), 'queue_full');
    const retry = Number(full.headers['retry-after']);
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${full.headers['retry-after']}`);
    const elsewhere = await at(nodes[2], id, 'other-node', { 'x-queue-timeout': '1' });
    assert.equal(codeOf(elsewhere), 'queue_timeout', 'another node has room in its own queue');
    for (const c of controllers) c.abort();
    await Promise.all(waiting);
    for (let i = 0; i < 200 && (await usageAt(nodes[1], id)).queued > 0; i += 1) await sleep(10);
    assert.equal((await usageAt(nodes[1], id)).queued, 0, 'the callers that went away left the queue');
    assert.deepEqual(s.vendor.of('qf').map((e) => e.path), ['/token/qf/seq/0']);
  });

  test('pool across nodes: 503 pool_timeout (Retry-After 1) on another node; a request running longer than the lease keeps its slot', async () => {
    await s.createPool('slow-pool', 1, 1);
    const id = await s.createInstance('gw-token', {
      name: 'Slow pool', authMethodId: 'header', credentials: { tenant: 'sp', access_token: VENDOR_TOKEN }, poolId: 'slow-pool',
    });
    const off = s.vendor.use((e) => e.path === '/token/sp/slow', async ({ answer }) => {
      await sleep((LEASE_S + 1.5) * 1000);
      answer(200, { 'content-type': 'text/plain' }, 'slow');
    });
    try {
      const slow = at(nodes[0], id, 'slow');
      for (let i = 0; i < 500 && (await usageAt(nodes[1], id)).pool.inFlight < 1; i += 1) await sleep(5);
      const blocked = await at(nodes[1], id, 'blocked');
      assert.equal(blocked.status, 503, blocked.text);
      assert.equal(codeOf(blocked), 'pool_timeout');
      assert.equal(blocked.headers['retry-after'], '1');
      // a pool without a timeout of its own would wait: this one waits via the queue timeout only
      await s.api.put('/api/pools/slow-pool', { id: 'slow-pool', name: 'slow-pool', limit: 1, timeout: 60 });
      const patient = at(nodes[2], id, 'patient', { 'x-queue-timeout': '30' });
      assert.equal((await slow).status, 200);
      assert.equal((await patient).status, 200);
      const [slowEntry, patientEntry] = ['/token/sp/slow', '/token/sp/patient'].map((p) => s.vendor.of('sp').find((e) => e.path === p));
      assert.ok(patientEntry.at > slowEntry.doneAt, 'the slot stayed taken past the lease time while its request ran (renewed)');
      assert.equal(s.vendor.of('sp').some((e) => e.path === '/token/sp/blocked'), false);
      process.stdout.write(`# pool of 1 over nodes: the slow request held its slot ${((slowEntry.doneAt - slowEntry.at) / 1000).toFixed(1)} s (lease ${LEASE_S} s, renewed); the next one arrived ${(patientEntry.at - slowEntry.doneAt).toFixed(0)} ms after it finished\n`);
    } finally {
      off();
    }
  });

  test('an upstream 429 with Retry-After on one node pauses the instance on every node', async () => {
    const id = await s.createInstance('gw-token', { name: 'Limited shared', authMethodId: 'header', credentials: { tenant: 'p429', access_token: VENDOR_TOKEN } });
    const off = s.vendor.use((e) => e.path === '/token/p429/limited', ({ answer }) => answer(429, { 'retry-after': '2', 'content-type': 'application/json' }, '{"error":"slow down"}'));
    try {
      const limited = await at(nodes[0], id, 'limited');
      assert.equal(limited.status, 429);
      const other = await usageAt(nodes[1], id);
      assert.ok(other.pausedUntil !== null, 'the pause shows on another node');
      const next = await at(nodes[1], id, 'next');
      assert.equal(next.status, 200);
      const [refusedAt, nextAt] = [s.vendor.of('p429')[0].doneAt, s.vendor.of('p429')[1].at];
      assert.ok(nextAt - refusedAt >= 2000, `the next request arrived ${(nextAt - refusedAt).toFixed(0)} ms after the 429`);
      process.stdout.write(`# Retry-After 2 on node 1: the next request, through node 2, arrived ${(nextAt - refusedAt).toFixed(0)} ms after the 429\n`);
    } finally {
      off();
    }
  });

  test('a node SIGKILLed while it holds the pool\'s only slot: its lease expires and the other nodes go on', async () => {
    await s.createPool('kill-pool', 1, 60);
    const id = await s.createInstance('gw-token', {
      name: 'Killed holder', authMethodId: 'header', credentials: { tenant: 'tk', access_token: VENDOR_TOKEN }, poolId: 'kill-pool',
    });
    let letGo;
    const held = new Promise((resolve) => { letGo = resolve; });
    const off = s.vendor.use((e) => e.path === '/token/tk/slow', async ({ answer }) => {
      await Promise.race([held, sleep(60_000)]);
      answer(200, { 'content-type': 'text/plain' }, 'slow');
    });
    const victim = nodes[2];
    try {
      const slow = at(victim, id, 'slow').catch((e) => e);
      for (let i = 0; i < 500 && (await usageAt(nodes[0], id)).pool.inFlight < 1; i += 1) await sleep(10);
      assert.equal((await usageAt(nodes[0], id)).pool.inFlight, 1, 'the victim holds the slot (seen from another node)');
      // a burst on the two other nodes waits for the pool
      const burst = Array.from({ length: 8 }, (_, k) => at(nodes[k % 2], id, `after/${k}`, { 'x-queue-timeout': '30' }));
      for (let i = 0; i < 500; i += 1) {
        const [u0, u1] = await Promise.all([usageAt(nodes[0], id), usageAt(nodes[1], id)]);
        if (u0.queued + u1.queued === 8) break;
        await sleep(10);
      }
      const killedAt = preciseNow();
      await victim.kill();
      assert.ok((await slow) instanceof Error, 'the victim\'s caller lost its connection');
      const answers = await Promise.all(burst);
      assert.deepEqual(answers.map((r) => r.status), Array(8).fill(200));
      const after = s.vendor.of('tk').filter((e) => e.path.startsWith('/token/tk/after/'));
      assert.equal(after.length, 8);
      assert.ok(after.every((e) => e.at > killedAt), 'nothing of the burst went out while the victim held the slot');
      assert.equal(maxConcurrent(after), 1, 'one at a time: the pool of 1 held');
      const u = await usageAt(nodes[1], id);
      assert.equal(u.pool.inFlight, 0);
      const first = Math.min(...after.map((e) => e.at));
      process.stdout.write(`# SIGKILL of the slot holder: the first waiting request reached the vendor ${(first - killedAt).toFixed(0)} ms later (lease ${LEASE_S} s); 8 of 8 served one at a time\n`);
    } finally {
      letGo();
      off();
    }
  });

  test('Redis hanging (SIGSTOP) in the middle of a burst: requests wait or fail closed (503 limits_unavailable); no window over 5', async () => {
    const id = await timedInstance('Redis frozen', 'fz', { rateLimit: { amount: 5, unit: 'second' } });
    s.timed.hold(0);
    await s.timed.records();
    const live = nodes.slice(0, 2);
    const next = seededRandom(0xF0F0);
    const pending = [];
    let i = 0;
    const send = (timeout) => {
      const n = Math.floor(next() * live.length);
      pending.push(at(live[n], id, `seq/${i}`, { 'x-queue-timeout': timeout }));
      i += 1;
    };
    while (i < 12) {
      await sleep(Math.floor(next() * 40));
      send('30');
    }
    redis.freeze();
    const frozenAt = preciseNow();
    // once the nodes' attempts have timed out (REDIS_TIMEOUT_MS 500): half with a queue timeout
    // that ends while Redis still hangs, half that wait it out
    await sleep(800);
    while (i < 20) {
      await sleep(Math.floor(next() * 60));
      send(i % 2 ? '1' : '30');
    }
    await sleep(1300);
    redis.thaw();
    const thawedAt = preciseNow();
    while (i < 32) {
      await sleep(Math.floor(next() * 40));
      send('30');
    }
    const answers = await Promise.all(pending);
    const codes = {};
    for (const r of answers) {
      const key = r.status === 200 ? '200' : `${r.status} ${codeOf(r)}`;
      codes[key] = (codes[key] ?? 0) + 1;
      // queue_timeout: the request was still waiting for the window when its time ran out, and
      // its node's last attempt had not failed yet
      assert.ok(r.status === 200 || (r.status === 503 && ['limits_unavailable', 'queue_timeout'].includes(codeOf(r))), `${r.status} ${r.text}`);
    }
    assert.ok(codes['503 limits_unavailable'] >= 1, `requests whose queue timeout passed while Redis hung failed closed: ${JSON.stringify(codes)}`);
    const records = (await s.timed.records()).filter((r) => r.tenant === 'fz');
    assert.equal(records.length, codes['200']);
    assert.equal(records.filter((r) => r.at > frozenAt + TOLERANCE_MS && r.at < thawedAt).length, 0, 'nothing went out unchecked while Redis hung');
    const arrivals = records.map((r) => r.at);
    const tight = maxInWindow(arrivals, 1000 - TOLERANCE_MS);
    assert.ok(tight <= 5, `${tight} arrivals within ${1000 - TOLERANCE_MS} ms`);
    process.stdout.write(`# Redis frozen ${(thawedAt - frozenAt).toFixed(0)} ms mid-burst (32 requests, 2 nodes): ${JSON.stringify(codes)}; `
      + `${tight} arrivals per ${1000 - TOLERANCE_MS} ms, shortest span of 6 arrivals ${shortestSpan(arrivals).toFixed(1)} ms\n`);
  });

  test('Redis killed and started again empty in the middle of a burst: requests wait or fail closed (503 limits_unavailable); no window over 5', async () => {
    const id = await timedInstance('Redis restart', 'rr', { rateLimit: { amount: 5, unit: 'second' } });
    s.timed.hold(0);
    await s.timed.records();
    const live = nodes.slice(0, 2);
    const next = seededRandom(0xDEAD);
    const pending = [];
    const send = (i, timeout) => {
      const n = Math.floor(next() * live.length);
      pending.push(at(live[n], id, `seq/${i}`, { 'x-queue-timeout': timeout }).then((r) => ({ i, r })));
    };
    let i = 0;
    for (; i < 15; i += 1) {
      await sleep(Math.floor(next() * 40));
      send(i, '30');
    }
    await redis.kill();
    const downAt = preciseNow();
    // while Redis is down: some with a short queue timeout (they fail closed), some that wait it out
    for (; i < 25; i += 1) {
      await sleep(Math.floor(next() * 60));
      send(i, i % 2 ? '1' : '30');
    }
    await sleep(1200);
    await redis.start();
    const upAt = preciseNow();
    for (; i < 40; i += 1) {
      await sleep(Math.floor(next() * 40));
      send(i, '30');
    }
    const answers = await Promise.all(pending);
    const codes = {};
    for (const { r } of answers) {
      const key = r.status === 200 ? '200' : `${r.status} ${r.json?.code}`;
      codes[key] = (codes[key] ?? 0) + 1;
      assert.ok(r.status === 200 || (r.status === 503 && ['limits_unavailable', 'queue_timeout'].includes(r.json?.code)), `${r.status} ${r.text}`);
      if (r.status === 503) assert.ok(Number(r.headers['retry-after']) >= 1);
    }
    assert.ok(codes['503 limits_unavailable'] >= 1, 'requests whose queue timeout passed while Redis was down failed closed');
    const records = (await s.timed.records()).filter((r) => r.tenant === 'rr');
    assert.equal(records.length, codes['200'], 'exactly the answered requests reached the vendor');
    const during = records.filter((r) => r.at > downAt + TOLERANCE_MS && r.at < upAt);
    assert.equal(during.length, 0, 'nothing went out unchecked while Redis was down');
    const arrivals = records.map((r) => r.at);
    const tight = maxInWindow(arrivals, 1000 - TOLERANCE_MS);
    const timeline = () => records.map((r) => `${r.path.split('/').at(-1)}@${(r.at - downAt).toFixed(0)}`).join(' ');
    assert.ok(tight <= 5, `${tight} arrivals within ${1000 - TOLERANCE_MS} ms (ms from the kill, up at ${(upAt - downAt).toFixed(0)}): ${timeline()}`);
    const afterUp = arrivals.filter((x) => x >= upAt);
    process.stdout.write(`# Redis down ${(upAt - downAt).toFixed(0)} ms mid-burst (40 requests, 2 nodes): ${JSON.stringify(codes)}; `
      + `${tight} arrivals per ${1000 - TOLERANCE_MS} ms, shortest span of 6 arrivals ${shortestSpan(arrivals).toFixed(1)} ms; first after the restart ${afterUp.length ? (Math.min(...afterUp) - upAt).toFixed(0) : '-'} ms after it\n`);
  });

  test('Redis holds ids, times and counts only: no credential of any instance', async () => {
    const keys = await spy.keys('*');
    assert.ok(keys.length > 0);
    let dump = keys.join('\n');
    for (const k of keys) {
      const type = await spy.type(k);
      if (type === 'zset') dump += (await spy.zrange(k, 0, -1)).join('\n');
      if (type === 'string') dump += await spy.get(k);
    }
    assert.ok(!dump.includes(VENDOR_TOKEN));
    assert.ok(keys.every((k) => k.startsWith('ci:gw:') || k.startsWith('ci:signin:')), keys.join(', '));
  });
});

describe('configuration, a Redis that is not there, shutting down', () => {
  test('REDIS_URL, REDIS_KEY_PREFIX, REDIS_TIMEOUT_MS and GATEWAY_LEASE_S are checked; a bad one stops the start', async () => {
    assert.equal(loadConfig({}).redis, null, 'without REDIS_URL everything stays in the process');
    const c = loadConfig({ REDIS_URL: 'redis://:pw@127.0.0.1:6390/2' });
    assert.deepEqual(c.redis, { url: 'redis://:pw@127.0.0.1:6390/2', prefix: 'ci:', commandTimeoutMs: 1000 });
    assert.equal(c.gateway.leaseMs, 30_000);
    for (const [env, name] of [
      [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
      [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
      [{ REDIS_URL: 'redis://h', REDIS_KEY_PREFIX: 'a b' }, 'REDIS_KEY_PREFIX'],
      [{ REDIS_URL: 'redis://h', REDIS_TIMEOUT_MS: '10' }, 'REDIS_TIMEOUT_MS'],
      [{ GATEWAY_LEASE_S: '0' }, 'GATEWAY_LEASE_S'],
    ]) {
      assert.throws(() => loadConfig(env), (e) => e instanceof ConfigError && e.message.startsWith(name), JSON.stringify(env));
    }
    const failed = await startExpectingFailure({ dataDir: tempDir(), env: { REDIS_URL: 'http://127.0.0.1:6379' } });
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /Startup error: REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  test('a server whose Redis is down starts, fails closed (503 limits_unavailable, nothing sent) and does not log the password', async () => {
    const down = await startRedis();
    await down.kill();
    const password = 'redis-pass-Zq81x';
    const node = await startServer({ dataDir: s.dataDir, env: { ...s.env, REDIS_URL: `redis://:${password}@127.0.0.1:${down.port}` } });
    try {
      const id = await timedInstance('No Redis', 'nr', { rateLimit: { amount: 5, unit: 'second' } });
      await s.timed.records();
      const r = await at(node, id, 'x', { 'x-queue-timeout': '1' });
      assert.equal(r.status, 503);
      assert.equal(codeOf(r), 'limits_unavailable');
      assert.equal(r.headers['retry-after'], '5');
      const u = await usageAt(node, id);
      assert.deepEqual([u.shared.available, u.sentInWindow, u.throttled], [false, null, 1]);
      assert.equal((await s.timed.records()).filter((x) => x.tenant === 'nr').length, 0, 'nothing was sent');
      assert.match(node.output(), /shared gateway limits fail closed/);
      assert.ok(!node.output().includes(password));
    } finally {
      await node.stop();
      await down.stop();
    }
  });

  test('a node shutting down (SIGTERM) answers its waiting requests 503 shutting_down at once; none is sent', async () => {
    const node = await startServer({ dataDir: s.dataDir, env: s.env });
    const id = await s.createInstance('gw-token', {
      name: 'Closing', authMethodId: 'header', credentials: { tenant: 'cl', access_token: VENDOR_TOKEN }, rateLimit: { amount: 1, unit: 'minute' },
    });
    assert.equal((await at(node, id, 'first')).status, 200);
    const waiting = [at(node, id, 'w1'), at(node, id, 'w2')];
    for (let i = 0; i < 500 && (await usageAt(node, id)).queued < 2; i += 1) await sleep(10);
    const exited = node.stop();
    const answers = await Promise.all(waiting);
    assert.deepEqual(answers.map((r) => [r.status, codeOf(r)]), [[503, 'shutting_down'], [503, 'shutting_down']]);
    assert.equal((await exited).code, 0);
    assert.deepEqual(s.vendor.of('cl').map((e) => e.path), ['/token/cl/first']);
  });
});
