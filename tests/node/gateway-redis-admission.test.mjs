// The shared admission's Lua scripts (web/server/gateway/shared-admission.mjs) against a real
// redis-server, with many clients on connections of their own racing for the same key and
// pool. Starts are Redis's own TIME (microseconds) as the script recorded them, so the sliding
// windows are checked exactly, without any tolerance.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { SharedAdmission } from '../../web/server/gateway/shared-admission.mjs';
import { startRedis } from './helpers/redis-server.mjs';
import { maxInWindow, seededRandom } from './helpers/schedule-clock.mjs';

// Node's timers run on the loop's cached millisecond clock and may fire up to 1 ms before the
// requested time has passed; Redis's waits are fractional milliseconds. Waiting one more whole
// millisecond makes a wait at least as long as asked.
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, Math.ceil(ms) + 1); });
const CLIENTS = 16;

let server;
let clients = [];

before(async () => {
  server = await startRedis();
  clients = Array.from({ length: CLIENTS }, () => new Redis(server.url, { maxRetriesPerRequest: 0 }));
  // a fresh Redis: no earlier traffic, no fence (each test below sets its own epoch when it matters)
  await clients[0].set('t:gw:epoch', '0');
});

after(async () => {
  for (const c of clients) c.disconnect();
  await server?.stop();
});

const admissions = () => clients.map((c) => new SharedAdmission(c, 't:gw:'));
const us = (ms) => Math.round(ms * 1000);

describe('shared admission (Lua) with concurrent clients', () => {
  test(`${CLIENTS} clients, 96 requests, 5 per 300 ms: never more than 5 starts in any 300 ms window (Redis TIME, exact)`, async () => {
    const next = seededRandom(0xAD1);
    const rateLimit = { amount: 5, windowMs: 300 };
    const starts = [];
    let id = 0;
    let waits = 0;
    await Promise.all(admissions().map(async (a, k) => {
      for (let j = 0; j < 96 / CLIENTS; j += 1) {
        await sleep(Math.floor(next() * 30));
        const me = `c${k}-${id += 1}`;
        for (;;) {
          const r = await a.admit({ key: 'burst', rateLimit, pool: null, leaseMs: 1000, ids: [me] });
          if (r.started) {
            starts.push(us(r.at));
            break;
          }
          waits += 1;
          assert.equal(r.blocked, 'rate');
          assert.ok(r.waitMs > 0 && r.waitMs <= 300, `wait ${r.waitMs} ms`);
          await sleep(r.waitMs);
        }
      }
    }));
    assert.equal(starts.length, 96);
    const most = maxInWindow(starts, us(300));
    assert.equal(most, 5, `the most starts in any 300 ms window: ${most}`);
    const sorted = [...starts].sort((a, b) => a - b);
    // the 6th start after any start comes at least one window later
    for (let i = 5; i < sorted.length; i += 1) assert.ok(sorted[i] - sorted[i - 5] >= us(300), `start ${i} only ${(sorted[i] - sorted[i - 5]) / 1000} ms after start ${i - 5}`);
    const spanMs = (sorted.at(-1) - sorted[0]) / 1000;
    process.stdout.write(`# ${CLIENTS} clients, 96 starts at 5/300 ms: max ${most} per window, ${waits} refusals with a wait, `
      + `first to last ${spanMs.toFixed(0)} ms (the limit allows 96 in ${(Math.floor(95 / 5) * 300)} ms at the earliest)\n`);
  });

  test(`${CLIENTS} clients racing for a pool of 3: never more than 3 leases held; all 64 requests served`, async () => {
    const next = seededRandom(0x9001);
    const pool = { id: 'p3', limit: 3 };
    let inFlight = 0;
    let most = 0;
    let served = 0;
    let poolWaits = 0;
    await Promise.all(admissions().map(async (a, k) => {
      for (let j = 0; j < 64 / CLIENTS; j += 1) {
        const me = `l${k}-${j}`;
        for (;;) {
          const r = await a.admit({ key: `pool-user-${k % 4}`, rateLimit: null, pool, leaseMs: 5000, ids: [me] });
          if (r.started) break;
          poolWaits += 1;
          assert.equal(r.blocked, 'pool');
          await sleep(Math.min(r.waitMs, 5));
        }
        inFlight += 1;
        most = Math.max(most, inFlight);
        await sleep(Math.floor(next() * 15));
        inFlight -= 1;
        served += 1;
        assert.equal(await a.release(pool.id, me), true);
      }
    }));
    assert.equal(served, 64);
    assert.equal(most, 3, `most leases held at once: ${most}`);
    assert.equal(await clients[0].zcard('t:gw:l:p3'), 0, 'every lease given back');
    process.stdout.write(`# pool of 3, ${CLIENTS} clients, 64 requests: at most ${most} held, ${poolWaits} refusals for the pool\n`);
  });

  test(`${CLIENTS} clients asking for 1 to 6 waiting requests at once, 5 per 300 ms and a pool of 4: starts in each client's order, never more than 5 per window or 4 leases`, async () => {
    const next = seededRandom(0xBA7C);
    const rateLimit = { amount: 5, windowMs: 300 };
    const pool = { id: 'batch-pool', limit: 4 };
    const starts = [];
    let held = 0;
    let most = 0;
    const releases = [];
    await Promise.all(admissions().map(async (a, k) => {
      const queue = Array.from({ length: 6 }, (_, j) => `b${k}-${j}`);
      const order = [];
      while (queue.length) {
        const size = 1 + Math.floor(next() * Math.min(6, queue.length));
        const r = await a.admit({ key: 'batch', rateLimit, pool, leaseMs: 5000, ids: queue.slice(0, size) });
        assert.ok(r.started >= 0 && r.started <= size);
        for (const id of queue.splice(0, r.started)) {
          order.push(id);
          starts.push(us(r.at));
          held += 1;
          most = Math.max(most, held);
          // each started request runs a little, then gives its slot back
          releases.push(sleep(Math.floor(next() * 40)).then(async () => { held -= 1; await a.release(pool.id, id); }));
        }
        if (r.blocked) await sleep(Math.max(1, Math.min(r.waitMs, r.blocked === 'pool' ? 5 : r.waitMs)));
      }
      assert.deepEqual(order, Array.from({ length: 6 }, (_, j) => `b${k}-${j}`), 'one client\'s requests start in its order');
    }));
    await Promise.all(releases);
    assert.equal(starts.length, CLIENTS * 6);
    assert.equal(maxInWindow(starts, us(300)), 5);
    assert.ok(most <= 4, `${most} leases held at once`);
    process.stdout.write(`# batches: ${starts.length} starts, max ${maxInWindow(starts, us(300))} per 300 ms window, at most ${most} of 4 leases held\n`);
  });

  test('a lease not renewed expires after the lease time; a renewed one stays; a release is announced on the channel', async () => {
    const [a, b] = admissions();
    const pool = { id: 'lease', limit: 1 };
    const held = await a.admit({ key: 'k-lease', rateLimit: null, pool, leaseMs: 400, ids: ['held'] });
    assert.equal(held.started, 1);
    const refused = await b.admit({ key: 'k-lease', rateLimit: null, pool, leaseMs: 400, ids: ['other'] });
    assert.equal(refused.started, 0);
    assert.equal(refused.blocked, 'pool');
    assert.ok(refused.waitMs > 0 && refused.waitMs <= 400, `wait ${refused.waitMs}`);
    // renewed three times over more than the lease time: still held
    for (let i = 0; i < 4; i += 1) {
      await sleep(150);
      assert.equal(await a.renew('lease', 'held', 400), true);
    }
    assert.equal((await b.admit({ key: 'k-lease', rateLimit: null, pool, leaseMs: 400, ids: ['other'] })).started, 0, 'a renewed lease is still held');
    // no more renewals (as if its process were killed): it expires
    let tries = 0;
    let r;
    do {
      r = await b.admit({ key: 'k-lease', rateLimit: null, pool, leaseMs: 400, ids: ['other'] });
      if (!r.started) await sleep(r.waitMs);
      tries += 1;
    } while (!r.started && tries < 10);
    assert.equal(r.started, 1, 'the expired lease came back');
    assert.equal(await a.renew('lease', 'held', 400), false, 'the expired lease cannot be renewed');
    // release: the subscriber hears the pool id
    const sub = new Redis(server.url);
    try {
      await sub.subscribe(a.channel);
      const heard = new Promise((resolve) => sub.on('message', (channel, message) => resolve([channel, message])));
      assert.equal(await b.release('lease', 'other'), true);
      assert.deepEqual(await heard, ['t:gw:released', 'lease']);
    } finally {
      sub.disconnect();
    }
  });

  test('an attempt that Redis runs again late only adds; forget takes back attempts that were not sent and announces their leases', async () => {
    const [a] = admissions();
    const rateLimit = { amount: 2, windowMs: 60_000 };
    const pool = { id: 'late', limit: 5 };
    for (const id of ['s.1', 't.1']) assert.equal((await a.admit({ key: 'k-late', rateLimit, pool, leaseMs: 10_000, ids: [id] })).started, 1);
    // the same attempt once more (as a command resent or run after a hang would): refused, and
    // the starts that went out stay counted
    const again = await a.admit({ key: 'k-late', rateLimit, pool, leaseMs: 10_000, ids: ['s.1'] });
    assert.equal(again.started, 0);
    assert.equal(await clients[0].zcard('t:gw:w:k-late'), 2);
    assert.equal(await clients[0].zcard('t:gw:l:late'), 2);
    const sub = new Redis(server.url);
    try {
      await sub.subscribe(a.channel);
      const heard = new Promise((resolve) => sub.on('message', (channel, message) => resolve(message)));
      await a.forget('k-late', 'late', ['t.1', 'never-recorded.1']);
      assert.equal(await heard, 'late');
    } finally {
      sub.disconnect();
    }
    assert.deepEqual(await clients[0].zrange('t:gw:w:k-late', 0, -1), ['s.1']);
    assert.deepEqual(await clients[0].zrange('t:gw:l:late', 0, -1), ['s.1']);
  });

  test('a pause holds every start of its key until it ends and is never shortened', async () => {
    const [a, b] = admissions();
    const end = await a.pause('k-pause', 300);
    const shorter = await b.pause('k-pause', 50);
    assert.equal(shorter, end, 'a shorter pause does not replace a longer one');
    const r = await b.admit({ key: 'k-pause', rateLimit: null, pool: null, leaseMs: 1000, ids: ['x'] });
    assert.equal(r.started, 0);
    assert.ok(r.waitMs > 50 && r.waitMs <= 300, `wait ${r.waitMs}`);
    await sleep(r.waitMs);
    const ok = await b.admit({ key: 'k-pause', rateLimit: null, pool: null, leaseMs: 1000, ids: ['y'] });
    assert.equal(ok.started, 1);
    assert.ok(us(ok.at) >= us(end), 'the start is not before the pause ends');
    const u = await a.usage({ key: 'k-pause', rateLimit: null, poolId: null });
    assert.equal(u.pausedUntil, null);
  });

  test('Redis losing its data: the unknown part of the window counts as full; the epoch set to 0 lifts that', async () => {
    const [a] = admissions();
    const rateLimit = { amount: 3, windowMs: 500 };
    for (let i = 0; i < 3; i += 1) assert.equal((await a.admit({ key: 'k-loss', rateLimit, pool: null, leaseMs: 1000, ids: [`s${i}`] })).started, 1);
    const lastStart = (await clients[0].zrange('t:gw:w:k-loss', -1, -1, 'WITHSCORES'))[1];
    await clients[0].flushall(); // as after a restart without persistence
    const r = await a.admit({ key: 'k-loss', rateLimit, pool: null, leaseMs: 1000, ids: ['after'] });
    assert.equal(r.started, 0, 'nothing starts right after the data were lost');
    assert.ok(r.waitMs > 0 && r.waitMs <= 500, `wait ${r.waitMs}`);
    const epoch = Number(await clients[0].get('t:gw:epoch'));
    assert.ok(epoch > Number(lastStart), 'a new epoch was set at the first attempt after the loss');
    await sleep(r.waitMs);
    const ok = await a.admit({ key: 'k-loss', rateLimit, pool: null, leaseMs: 1000, ids: ['after'] });
    assert.equal(ok.started, 1);
    assert.ok(us(ok.at) >= epoch + us(500), 'the first start came one window after the epoch');
    await clients[0].set('t:gw:epoch', '0');
    assert.equal((await a.admit({ key: 'k-other', rateLimit, pool: null, leaseMs: 1000, ids: ['z'] })).started, 1);
  });

  test('usage: starts in the window, next start and leases held, as Redis sees them', async () => {
    const [a] = admissions();
    const rateLimit = { amount: 2, windowMs: 60_000 };
    const pool = { id: 'pu', limit: 5 };
    for (const id of ['u1', 'u2']) assert.equal((await a.admit({ key: 'k-usage', rateLimit, pool, leaseMs: 10_000, ids: [id] })).started, 1);
    const u = await a.usage({ key: 'k-usage', rateLimit, poolId: 'pu' });
    assert.equal(u.sentInWindow, 2);
    assert.equal(u.poolInFlight, 2);
    assert.ok(u.nextStartAt > u.now && u.nextStartAt <= u.now + 60_000);
    await a.release('pu', 'u1');
    assert.equal((await a.usage({ key: 'k-usage', rateLimit, poolId: 'pu' })).poolInFlight, 1);
  });
});
