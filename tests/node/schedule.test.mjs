// The scheduler through the JS API, on a virtual clock: exact start instants, FIFO,
// shared limits, pools, timeouts, Retry-After, cancellation, statistics, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, ArgumentError, SchedulerError } from '../../dist/index.mjs';
import { virtualClock, maxInWindow, seededRandom } from './helpers/schedule-clock.mjs';

const m = await load();
const T0 = 1_700_000_000_000;

function setup() {
  const clock = virtualClock(T0);
  const scheduler = m.createScheduler({ clock });
  return { clock, scheduler };
}

const random = seededRandom;

const WINDOW = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

test('random bursty arrivals, every unit: no window exceeded, starts as early as allowed, FIFO', async () => {
  const rnd = random(42);
  for (const unit of Object.keys(WINDOW)) {
    const w = WINDOW[unit];
    const amount = 1 + Math.floor(rnd() * 12);
    const { clock, scheduler } = setup();
    scheduler.defineLimit('k', { amount, unit });
    // bursts at random integer instants over 3 windows
    const arrivals = [];
    while (arrivals.length < 120) {
      const at = T0 + Math.floor(rnd() * 3 * w);
      const n = 1 + Math.floor(rnd() * 2 * amount);
      for (let i = 0; i < n; i += 1) arrivals.push(at);
    }
    arrivals.sort((a, b) => a - b);
    const starts = [];
    const done = [];
    for (const at of arrivals) {
      await clock.advanceTo(at);
      done.push(scheduler.schedule({ limitKey: 'k' }, ({ startedAt }) => starts.push(startedAt)));
    }
    await clock.runAll();
    await Promise.all(done);
    assert.equal(starts.length, arrivals.length, `${unit}: every request started`);
    assert.ok(maxInWindow(starts, w) <= amount, `${unit}: at most ${amount} per window`);
    // FIFO and exact: the k-th start is max(arrival, previous start, start[k-amount] + w)
    const ideal = [];
    arrivals.forEach((at, k) => {
      let t = at;
      if (k > 0) t = Math.max(t, ideal[k - 1]);
      if (k >= amount) t = Math.max(t, ideal[k - amount] + w);
      ideal.push(t);
    });
    assert.deepEqual(starts, ideal, unit);
    scheduler.dispose();
  }
});

test('instances sharing a limit key share its budget', async () => {
  const { clock, scheduler } = setup();
  const fetchAt = [];
  const fakeFetch = async (url) => {
    fetchAt.push({ url, at: clock.now() });
    return { status: 200, headers: new Map() };
  };
  const settings = { connectorId: 'shopify', rateLimit: { amount: 3, unit: 'second' }, poolId: null };
  const a = m.createClient({ instance: { ...settings, name: 'A' }, limitKey: 'acct', fetch: fakeFetch, scheduler });
  const b = m.createClient({ instance: { ...settings, name: 'B' }, limitKey: 'acct', fetch: fakeFetch, scheduler });
  const calls = [];
  for (let i = 0; i < 6; i += 1) calls.push((i % 2 ? a : b).fetch(`/x${i}`));
  await clock.runAll();
  await Promise.all(calls);
  assert.deepEqual(fetchAt.map((f) => f.at - T0), [0, 0, 0, 1000, 1000, 1000]);
  assert.deepEqual(fetchAt.map((f) => f.url), ['/x0', '/x1', '/x2', '/x3', '/x4', '/x5']);
  // a third instance with other settings on the same key is refused, not silently merged
  assert.throws(() => m.createClient({ instance: { ...settings, name: 'C', rateLimit: { amount: 9, unit: 'second' } },
    limitKey: 'acct', fetch: fakeFetch, scheduler }), (e) => e instanceof ArgumentError && e.code === 'limit_conflict');
});

test('a pool caps requests in flight across limits', async () => {
  const { clock, scheduler } = setup();
  scheduler.defineLimit('a', { amount: 100, unit: 'second' });
  scheduler.defineLimit('b', { amount: 100, unit: 'second' });
  scheduler.definePool('p', { limit: 2, timeout: null });
  let running = 0;
  let most = 0;
  const starts = [];
  const job = async ({ startedAt }) => {
    running += 1;
    most = Math.max(most, running);
    starts.push(startedAt - T0);
    await new Promise((resolve) => clock.setTimeout(resolve, 100));
    running -= 1;
  };
  const all = [];
  for (let i = 0; i < 6; i += 1) all.push(scheduler.schedule({ limitKey: i % 2 ? 'a' : 'b', poolId: 'p' }, job));
  await clock.runAll();
  await Promise.all(all);
  assert.equal(most, 2);
  assert.deepEqual(starts, [0, 0, 100, 100, 200, 200]);
  assert.deepEqual(scheduler.poolStats('p'), { waiting: 0, inFlight: 0, limit: 2 });
});

test('pool timeout rejects with SchedulerError pool_timeout; rate waits never time out', async () => {
  const { clock, scheduler } = setup();
  scheduler.defineLimit('slow', { amount: 1, unit: 'minute' });
  scheduler.definePool('p', { limit: 1, timeout: 2 });
  const hold = scheduler.schedule({ poolId: 'p' }, () => new Promise((r) => clock.setTimeout(r, 5000)));
  const late = scheduler.schedule({ poolId: 'p' }, () => 'never');
  const rejected = assert.rejects(late, (e) => e instanceof SchedulerError && e.code === 'pool_timeout'
    && e.details.poolId === 'p' && e.details.timeout === 2 && e.details.waitedMs === 2000);
  await clock.advanceTo(T0 + 2000);
  await rejected;
  await clock.runAll();
  await hold;
  // 1 per minute with a 2 s pool timeout: three requests wait minutes for the rate
  // limit, none for the pool, and all succeed.
  const starts = [];
  const jobs = [0, 1, 2].map(() => scheduler.schedule({ limitKey: 'slow', poolId: 'p' }, ({ startedAt }) => starts.push(startedAt)));
  await clock.runAll();
  await Promise.all(jobs);
  assert.deepEqual(starts.map((t) => t - starts[0]), [0, 60_000, 120_000]);
});

test('abort removes a queued request without disturbing the others', async () => {
  const { clock, scheduler } = setup();
  scheduler.defineLimit('k', { amount: 1, unit: 'second' });
  const order = [];
  const controller = new AbortController();
  const a = scheduler.schedule({ limitKey: 'k' }, () => order.push('a'));
  const b = scheduler.schedule({ limitKey: 'k', signal: controller.signal }, () => order.push('b'));
  const c = scheduler.schedule({ limitKey: 'k' }, ({ startedAt }) => order.push(['c', startedAt - T0]));
  await clock.advanceTo(T0 + 500);
  assert.equal(scheduler.stats().queued, 2);
  controller.abort();
  await assert.rejects(b, (e) => e instanceof SchedulerError && e.code === 'aborted' && e.cause.name === 'AbortError');
  assert.equal(scheduler.stats().queued, 1);
  await clock.runAll();
  await Promise.all([a, c]);
  assert.deepEqual(order, ['a', ['c', 1000]]); // c takes b's place at 1000
  // a custom reason is the cause, and an already aborted signal rejects at once
  const reason = new Error('user left the page');
  await assert.rejects(scheduler.schedule({ limitKey: 'k', signal: AbortSignal.abort(reason) }, () => 1),
    (e) => e instanceof SchedulerError && e.code === 'aborted' && e.cause === reason);
});

test('abort after the start is left to fn (the request is not cancelled)', async () => {
  const { clock, scheduler } = setup();
  const controller = new AbortController();
  const p = scheduler.schedule({ signal: controller.signal }, () => new Promise((r) => clock.setTimeout(() => r('done'), 10)));
  await clock.advanceBy(1);
  controller.abort();
  await clock.runAll();
  assert.equal(await p, 'done');
});

test('Retry-After from a 429 pauses the limit; seconds and HTTP-date both work', async () => {
  const { clock, scheduler } = setup();
  const seen = [];
  let answer429 = 1;
  const fakeFetch = async (url) => {
    seen.push(clock.now() - T0);
    if (answer429 > 0) {
      answer429 -= 1;
      return { status: 429, headers: new Headers({ 'retry-after': '3' }), body: null };
    }
    return { status: 200, headers: new Headers(), body: null };
  };
  const client = m.createClient({ instance: { id: 7, rateLimit: { amount: 10, unit: 'second' }, poolId: null },
    fetch: fakeFetch, scheduler, maxRetries: 1 });
  assert.equal(client.limitKey, 'instance:7');
  const first = client.fetch('/a');
  await clock.advanceBy(1);
  const second = client.fetch('/b');
  await clock.runAll();
  assert.equal((await first).status, 200); // retried after the pause
  assert.equal((await second).status, 200);
  assert.deepEqual(seen, [0, 3000, 3000]);
  // HTTP-date: m.retryAfterMs turns it into a wait from the wall clock
  assert.equal(m.retryAfterMs('Mon, 01 Jan 2024 00:00:30 GMT', Date.UTC(2024, 0, 1)), 30_000);
  assert.equal(m.retryAfterMs('Mon, 01 Jan 2024 00:00:30 GMT', Date.UTC(2025, 0, 1)), 0);
  assert.equal(m.retryAfterMs('tomorrow'), null);
});

test('the default limit key names an instance as validation does: one limit per name key', async () => {
  // It was built from the raw name: "EU store" and "eu store " (one name to validation and
  // to the backend's UNIQUE key) got two limits, so together they could send twice the rate.
  const { clock, scheduler } = setup();
  const rateLimit = { amount: 2, unit: 'second' };
  const starts = [];
  const fakeFetch = async () => { starts.push(clock.now() - T0); return { status: 200, headers: new Headers() }; };
  const a = m.createClient({ instance: { connectorId: 'shopify', name: 'EU store', rateLimit }, scheduler, fetch: fakeFetch });
  const b = m.createClient({ instance: { connectorId: 'shopify', name: 'eu store ', rateLimit }, scheduler, fetch: fakeFetch });
  assert.equal(a.limitKey, `instance:shopify/${m.instanceNameKey('EU store')}`);
  assert.equal(b.limitKey, a.limitKey);
  const done = [a.fetch('/1'), b.fetch('/2'), a.fetch('/3'), b.fetch('/4')];
  await clock.runAll();
  await Promise.all(done);
  assert.deepEqual(starts, [0, 0, 1000, 1000], 'one budget of 2 per second for both');
  assert.throws(() => m.createClient({ instance: { connectorId: 'shopify', name: 'EU STORE', rateLimit: { amount: 9, unit: 'second' } },
    scheduler, fetch: fakeFetch }), (e) => e.code === 'limit_conflict');
  // another connector's instance of that name is another instance
  assert.notEqual(m.createClient({ instance: { connectorId: 'jira', name: 'EU store' }, scheduler, fetch: fakeFetch }).limitKey,
    a.limitKey);
  // no name key (blank, not well-formed): as without a name
  for (const name of ['   ', 'bad \uD800']) {
    assert.throws(() => m.createClient({ instance: { name }, scheduler, fetch: fakeFetch }),
      (e) => e instanceof ArgumentError && e.details.field === 'limitKey', JSON.stringify(name));
  }
});

test('a 503 without Retry-After is returned as is and does not pause', async () => {
  const { clock, scheduler } = setup();
  const client = m.createClient({ instance: { name: 'x', rateLimit: null }, scheduler,
    fetch: async () => ({ status: 503, headers: new Headers() }) });
  const r = client.fetch('/');
  await clock.runAll();
  assert.equal((await r).status, 503);
  assert.equal(client.stats().pausedUntil, null);
});

test('a Retry-After pause is capped by maxRetryAfter', async () => {
  const { clock, scheduler } = setup();
  const client = m.createClient({ instance: { name: 'cap' }, scheduler, maxRetryAfter: 10,
    fetch: async () => ({ status: 429, headers: new Headers({ 'retry-after': '99999' }) }) });
  const r = client.fetch('/');
  await clock.advanceBy(1);
  await r;
  assert.equal(client.stats().pausedUntil, T0 + 10_000);
});

test('statistics: queued, in flight, next start', async () => {
  const { clock, scheduler } = setup();
  scheduler.defineLimit('k', { amount: 2, unit: 'second' });
  const gates = [];
  const jobs = [0, 1, 2, 3].map(() => scheduler.schedule({ limitKey: 'k' }, () => new Promise((r) => gates.push(r))));
  await clock.advanceBy(0);
  assert.deepEqual(scheduler.stats(), { queued: 2, inFlight: 2, nextWakeupAt: T0 + 1000 });
  assert.deepEqual(scheduler.limitStats('k'), { queued: 2, inWindow: 2, pausedUntil: null, nextStartAt: T0 + 1000 });
  gates.forEach((g) => g());
  await clock.runAll();
  gates.forEach((g) => g());
  await Promise.all(jobs);
  assert.deepEqual(scheduler.stats(), { queued: 0, inFlight: 0, nextWakeupAt: null });
});

test('one timer at a time, none when idle', async () => {
  const { clock, scheduler } = setup();
  scheduler.defineLimit('k', { amount: 1, unit: 'second' });
  const jobs = Array.from({ length: 50 }, () => scheduler.schedule({ limitKey: 'k' }, () => 0));
  await clock.advanceBy(0);
  assert.equal(clock.pendingTimers(), 1);
  await clock.runAll();
  await Promise.all(jobs);
  assert.equal(clock.pendingTimers(), 0);
});

test('fn errors pass through and free the pool connection', async () => {
  const { clock, scheduler } = setup();
  scheduler.definePool('p', { limit: 1, timeout: null });
  const boom = new Error('boom');
  const a = assert.rejects(scheduler.schedule({ poolId: 'p' }, () => { throw boom; }), (e) => e === boom);
  const b = assert.rejects(scheduler.schedule({ poolId: 'p' }, async () => { throw boom; }), (e) => e === boom);
  const c = scheduler.schedule({ poolId: 'p' }, () => 'ok');
  await clock.runAll();
  await a;
  await b;
  assert.equal(await c, 'ok');
});

test('bad settings and unknown keys are ArgumentErrors naming the field', async () => {
  const { scheduler } = setup();
  const field = (f, code = 'invalid_argument') => (e) => e instanceof ArgumentError && e.code === code && e.details.field === f;
  assert.throws(() => scheduler.defineLimit('k', { amount: 0, unit: 'second' }), field('rateLimit.amount', 'too_small'));
  assert.throws(() => scheduler.defineLimit('k', { amount: 1_000_001, unit: 'second' }), field('rateLimit.amount', 'too_large'));
  assert.throws(() => scheduler.defineLimit('k', { amount: 2.5, unit: 'second' }), field('rateLimit.amount', 'not_integer'));
  assert.throws(() => scheduler.defineLimit('k', { amount: 5, unit: 'week' }), field('rateLimit.unit', 'invalid_choice'));
  assert.throws(() => scheduler.defineLimit('k', 5), field('rateLimit', 'invalid_type'));
  assert.throws(() => scheduler.definePool('p', { limit: 0 }), field('pool.limit', 'too_small'));
  assert.throws(() => scheduler.definePool('p', { limit: 1, timeout: -1 }), field('pool.timeout', 'too_small'));
  assert.throws(() => scheduler.definePool('p', null), field('pool', 'invalid_type'));
  assert.throws(() => m.createScheduler({ clock: { now: () => 0 } }), field('clock'));
  await assert.rejects(scheduler.schedule({ limitKey: 'nope' }, () => 0), field('limitKey', 'unknown_limit'));
  await assert.rejects(scheduler.schedule({ poolId: 'nope' }, () => 0), field('poolId', 'unknown_pool'));
  await assert.rejects(scheduler.schedule({}, 'not a function'), field('fn'));
  assert.throws(() => m.createClient({ instance: { name: 'x', poolId: 'missing' }, scheduler, fetch: async () => ({}) }),
    field('poolId', 'unknown_pool'));
  assert.throws(() => m.createClient({ instance: {}, scheduler, fetch: async () => ({}) }), field('limitKey'));
});

test('limits and pools are refused exactly as the catalog refuses them, with its codes', () => {
  // The facade once decided these itself: a pool timeout was any number >= 0 there, an
  // integer >= 1 in the catalog, so a pool of the catalog and one of a scheduler differed.
  const { scheduler } = setup();
  const catalogPool = (timeout) => m.validatePool({ id: 'p', name: 'P', limit: 1, timeout });
  for (const timeout of [0, 1.5, -1, '30', 0.5]) {
    const [problem] = catalogPool(timeout).problems;
    assert.throws(() => scheduler.definePool('p', { limit: 1, timeout }), (e) => e instanceof ArgumentError
      && e.code === problem.code && e.message === problem.message && e.details.field === 'pool.timeout', String(timeout));
  }
  assert.equal(scheduler.pool('p'), undefined, 'nothing defined by a refused call');
  for (const timeout of [1, 30, null, undefined]) {
    assert.equal(catalogPool(timeout).valid, true);
    scheduler.definePool('p', { limit: 1, timeout });
    assert.deepEqual(scheduler.pool('p'), { limit: 1, timeout: timeout ?? null });
  }
  assert.throws(() => m.createClient({ instance: { name: 'x', poolId: 'q' }, pool: { id: 'q', limit: 2, timeout: 0 },
    scheduler, fetch: async () => ({}) }), (e) => e.code === 'too_small' && e.details.field === 'pool.timeout');
  // rate limits: the codes of a connector definition's defaults.rateLimit
  const definition = (rateLimit) => m.validateConnectorDefinition({ defaults: { rateLimit } }).problems
    .filter((p) => p.pointer.startsWith('/defaults/rateLimit'));
  for (const rateLimit of [{ amount: 0, unit: 'second' }, { amount: 1_000_001, unit: 'day' },
    { amount: 2.5, unit: 'minute' }, { amount: 5, unit: 'week' }, { unit: 'hour' }]) {
    const [problem] = definition(rateLimit);
    assert.throws(() => scheduler.defineLimit('k', rateLimit), (e) => e instanceof ArgumentError
      && e.code === problem.code && e.details.field === `rateLimit${problem.pointer.slice('/defaults/rateLimit'.length).replaceAll('/', '.')}`,
    JSON.stringify(rateLimit));
  }
  scheduler.defineLimit('k', { amount: 1_000_000, unit: 'day' });
  assert.deepEqual(scheduler.limit('k'), { amount: 1_000_000, unit: 'day' });
});

test('dispose rejects what has not started and refuses further use', async () => {
  const { clock, scheduler } = setup();
  scheduler.defineLimit('k', { amount: 1, unit: 'hour' });
  const a = scheduler.schedule({ limitKey: 'k' }, () => 1);
  const b = scheduler.schedule({ limitKey: 'k' }, () => 2);
  await clock.advanceBy(0);
  scheduler.dispose();
  assert.equal(await a, 1);
  await assert.rejects(b, (e) => e instanceof SchedulerError && e.code === 'disposed');
  assert.throws(() => scheduler.stats(), (e) => e.code === 'disposed');
  assert.equal(clock.pendingTimers(), 0);
});

test('dispose called from inside a started fn rejects the rest of the batch cleanly', async () => {
  const { clock, scheduler } = setup();
  const first = scheduler.schedule(() => { scheduler.dispose(); return 'first'; });
  let ran = false;
  const second = assert.rejects(scheduler.schedule(() => { ran = true; }), (e) => e.code === 'disposed');
  await clock.runAll();
  assert.equal(await first, 'first');
  await second;
  assert.equal(ran, false);
});

test('a pause longer than a host timer can hold is waited out in steps', async () => {
  const { clock, scheduler } = setup();
  const delays = [];
  const spy = { ...clock, setTimeout: (fn, ms) => { delays.push(ms); return clock.setTimeout(fn, ms); } };
  const s = m.createScheduler({ clock: spy });
  s.defineLimit('k', null);
  s.pause('k', T0 + 60 * 86_400_000); // 60 days
  let startedAt = null;
  const job = s.schedule({ limitKey: 'k' }, (info) => { startedAt = info.startedAt; });
  await clock.runAll();
  await job;
  assert.equal(startedAt, T0 + 60 * 86_400_000);
  assert.ok(delays.every((d) => d <= 2 ** 31 - 1), `timer delays ${delays}`);
  assert.equal(delays.length, 3);
  scheduler.dispose();
});
