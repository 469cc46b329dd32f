// Sign-in throttling shared through Redis (docs/http-api.md "Sign-in throttling"): two backend
// processes on one data directory and one real redis-server count the same wrong tokens; a
// valid token is still accepted everywhere; with Redis gone each process goes on throttling on
// its own counts. And the Lua script's rules and bounds, driven directly.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { SharedSignInThrottle } from '../../web/server/security/shared-sign-in-throttle.mjs';
import { request, startServer, tempDir } from './server-harness.mjs';
import { startRedis } from './helpers/redis-server.mjs';

const FREE = 3;
let redis;
let nodes = [];
let adminToken;

before(async () => {
  redis = await startRedis();
  const dataDir = tempDir();
  const env = { REDIS_URL: redis.url, SIGN_IN_FREE_FAILURES: String(FREE), SIGN_IN_DELAY_MS: '200', SIGN_IN_MAX_DELAY_MS: '1000' };
  const first = await startServer({ dataDir, env });
  for (let i = 0; i < 200 && !/Admin token[^:]*: cit_/.test(first.output()); i += 1) await new Promise((r) => { setTimeout(r, 10); });
  adminToken = /Admin token[^:]*: (cit_[A-Za-z0-9_-]+)/.exec(first.output())[1];
  nodes = [first, await startServer({ dataDir, env })];
});

after(async () => {
  for (const n of nodes) await n.stop();
  await redis?.stop();
});

const signIn = (node, token) => request(node.url, 'POST', '/api/session', { body: { token } });
const wrong = `cit_${'x'.repeat(43)}`;

describe('sign-in throttling across two processes', () => {
  test(`wrong tokens alternating between the processes: ${FREE} answered 401 in all, then 429 with Retry-After on both; the admin token still signs in on both`, async () => {
    const answers = [];
    for (let i = 0; i < FREE + 3; i += 1) answers.push(await signIn(nodes[i % 2], wrong));
    assert.deepEqual(answers.map((r) => r.status), [...Array(FREE).fill(401), 429, 429, 429]);
    for (const r of answers.slice(FREE)) {
      assert.equal(r.json.code, 'sign_in_throttled');
      assert.ok(Number(r.headers['retry-after']) >= 1);
    }
    for (const node of nodes) assert.equal((await signIn(node, adminToken)).status, 200, 'a valid token is never throttled');
  });

  test('with Redis gone, each process throttles on its own counts; the admin token still signs in', async () => {
    await redis.kill();
    try {
      const answers = [];
      for (let i = 0; i < FREE + 1; i += 1) answers.push((await signIn(nodes[0], wrong)).status);
      assert.deepEqual(answers, [...Array(FREE).fill(401), 429]);
      assert.equal((await signIn(nodes[0], adminToken)).status, 200);
      assert.match(nodes[0].output(), /sign-in failures counted by this process alone/);
    } finally {
      await redis.start();
    }
  });
});

describe('the shared throttle\'s script', () => {
  test('delays double from SIGN_IN_DELAY_MS up to the maximum; addresses are bounded, the oldest dropped first', async () => {
    const client = new Redis(redis.url);
    try {
      const log = { warn: () => { throw new Error('Redis should answer'); } };
      const t = new SharedSignInThrottle({ redis: client, prefix: 'u:signin:', log, options: { freeFailures: 1, delayMs: 100, maxDelayMs: 500, maxAddresses: 3 } });
      const decisions = [];
      for (let i = 0; i < 6; i += 1) decisions.push(await t.failed('198.51.100.7'));
      assert.deepEqual(decisions.map((d) => d.throttled), [false, true, true, true, true, true]);
      assert.deepEqual(decisions.slice(1).map((d) => d.delayMs), [100, 200, 400, 500, 500]);
      assert.deepEqual(decisions.map((d) => d.failures), [1, 2, 3, 4, 5, 6]);
      // an IPv6 /64 is one address; an IPv4-mapped address is its IPv4 one
      // (a few ms apart: the order is by the millisecond of the last failure)
      const tick = () => new Promise((r) => { setTimeout(r, 5); });
      await t.failed('2001:db8:1:2::1');
      await tick();
      assert.equal((await t.failed('2001:db8:1:2:ffff::9')).failures, 2);
      await tick();
      assert.equal((await t.failed('::ffff:198.51.100.7')).failures, 7);
      await tick();
      await t.failed('203.0.113.1');
      await tick();
      await t.failed('203.0.113.2'); // a fourth address: the oldest (by last failure) goes
      assert.equal(await client.zcard('u:signin:order'), 3);
      assert.equal(await client.hlen('u:signin:entries'), 3);
      assert.equal(await client.hget('u:signin:entries', '2001:db8:1:2::/64'), null, 'the address whose last failure is oldest was dropped');
      assert.ok(await client.pttl('u:signin:entries') > 0, 'the entries expire');
      t.close();
    } finally {
      client.disconnect();
    }
  });
});
