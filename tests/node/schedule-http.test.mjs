// The scheduler against a real local HTTP server that records arrival times, on a
// compressed scale (20 per second over about 3 s): no window exceeded, no request lost,
// the pool caps concurrency, Retry-After pauses the limit, an abort never reaches the wire.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { load } from '../../dist/index.mjs';
import { maxInWindow } from './helpers/schedule-clock.mjs';

const m = await load();
const now = () => performance.timeOrigin + performance.now(); // same clock as the scheduler's default

// The server: records each arrival {path, at}, tracks concurrency, and answers after
// `holdMs`; `respond(path)` may override the answer.
const arrivals = [];
let concurrent = 0;
let maxConcurrent = 0;
let holdMs = 0;
let respond = () => ({ status: 200, headers: {} });
const server = createServer((req, res) => {
  arrivals.push({ path: req.url, at: now() });
  concurrent += 1;
  maxConcurrent = Math.max(maxConcurrent, concurrent);
  const { status, headers } = respond(req.url);
  setTimeout(() => {
    concurrent -= 1;
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(req.url);
  }, holdMs);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
after(() => new Promise((resolve) => server.close(resolve)));

function reset(hold = 0) {
  arrivals.length = 0;
  concurrent = 0;
  maxConcurrent = 0;
  holdMs = hold;
  respond = () => ({ status: 200, headers: {} });
}

// A fetch that records the instant the scheduler let each request go.
function recordingFetch(starts) {
  return (url, init) => {
    starts.push({ path: new URL(url).pathname, at: now() });
    return fetch(url, init);
  };
}

test('20 per second, 65 requests at once: no window exceeded, none lost', async () => {
  reset();
  const scheduler = m.createScheduler();
  scheduler.defineLimit('rate', { amount: 20, unit: 'second' });
  // Three instants per request: the scheduler's start decision, the moment fetch() is
  // called (after the other requests started in the same poll), the server's arrival.
  const decided = new Map();
  const called = new Map();
  const paths = Array.from({ length: 65 }, (_, i) => `/r${i}`);
  const responses = await Promise.all(paths.map((p) => scheduler.schedule({ limitKey: 'rate' }, ({ startedAt }) => {
    decided.set(p, startedAt);
    called.set(p, now());
    return fetch(base + p).then(async (r) => [r.status, await r.text()]);
  })));
  assert.deepEqual(responses, paths.map((p) => [200, p]));

  // None lost, none doubled, FIFO.
  assert.deepEqual([...decided.keys()], paths);
  assert.deepEqual(arrivals.map((a) => a.path).sort(), [...paths].sort());
  // The decisions are exact: at most 20 in any window of 1000 ms, and the budget is used.
  assert.equal(maxInWindow([...decided.values()], 1000), 20);
  // fetch() calls and server arrivals lag the decisions by a varying delay. If it varies
  // by `spread`, two decisions >= 1000 ms apart happen >= 1000 - spread apart: windows of
  // that length hold at most 20 calls and 20 arrivals.
  for (const [what, instants] of [['call', called], ['arrival', new Map(arrivals.map((a) => [a.path, a.at]))]]) {
    const lags = paths.map((p) => instants.get(p) - decided.get(p));
    const spread = Math.max(...lags) - Math.min(...lags);
    assert.ok(Math.min(...lags) >= 0);
    assert.ok(maxInWindow([...instants.values()], 1000 - spread) <= 20,
      `${what}: a window of ${1000 - spread} ms holds more than 20`);
  }
  scheduler.dispose();
});

test('a pool of 3 never has more than 3 requests at the server at once', async () => {
  reset(40);
  const scheduler = m.createScheduler();
  scheduler.definePool('p1', { limit: 3, timeout: 30 });
  const client = m.createClient({ instance: { name: 'pooled', poolId: 'p1' }, scheduler });
  const paths = Array.from({ length: 15 }, (_, i) => `/p${i}`);
  const statuses = await Promise.all(paths.map((p) => client.fetch(base + p).then((r) => r.text().then(() => r.status))));
  assert.deepEqual(statuses, paths.map(() => 200));
  assert.equal(arrivals.length, 15);
  assert.ok(maxConcurrent <= 3, `server saw ${maxConcurrent} at once`);
  assert.deepEqual(scheduler.poolStats('p1'), { waiting: 0, inFlight: 0, limit: 3 });
  scheduler.dispose();
});

test('429 with Retry-After pauses the limit, and the request is retried after it', async () => {
  reset();
  let refused = false;
  respond = (path) => {
    if (path === '/t1' && !refused) {
      refused = true;
      return { status: 429, headers: { 'retry-after': '1' } };
    }
    return { status: 200, headers: {} };
  };
  const scheduler = m.createScheduler();
  const starts = [];
  const inner = recordingFetch(starts);
  let refusedAt = null;
  const fetchSpy = async (url, init) => {
    const r = await inner(url, init);
    if (r.status === 429) refusedAt = now();
    return r;
  };
  const client = m.createClient({ instance: { name: 'retry', rateLimit: { amount: 20, unit: 'second' } },
    scheduler, fetch: fetchSpy, maxRetries: 1 });
  const first = await client.fetch(`${base}/t0`);
  await first.text();
  const second = client.fetch(`${base}/t1`); // answered 429, retried after 1 s
  while (refusedAt === null) await new Promise((r) => setTimeout(r, 5));
  const rest = [2, 3, 4].map((i) => client.fetch(`${base}/t${i}`));
  const all = await Promise.all([second, ...rest]);
  assert.deepEqual(all.map((r) => r.status), [200, 200, 200, 200]);
  // /t1 reached the server twice (429, then 200); nothing was lost
  assert.deepEqual(arrivals.map((a) => a.path).sort(), ['/t0', '/t1', '/t1', '/t2', '/t3', '/t4']);
  // everything after the 429 (the retry and the three later requests) started once the
  // pause of 1 s, counted from when the 429 came back, was over
  const after429 = starts.filter((s) => s.at > refusedAt);
  assert.deepEqual(after429.map((s) => s.path), ['/t1', '/t2', '/t3', '/t4']);
  assert.ok(after429.every((s) => s.at >= refusedAt + 1000));
  scheduler.dispose();
});

test('an aborted queued request never reaches the server', async () => {
  reset();
  const scheduler = m.createScheduler();
  const client = m.createClient({ instance: { name: 'abort', rateLimit: { amount: 1, unit: 'second' } }, scheduler });
  const controller = new AbortController();
  const a = client.fetch(`${base}/a0`);
  const b = client.fetch(`${base}/a1`, { signal: controller.signal });
  const c = client.fetch(`${base}/a2`);
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(b, (e) => e.code === 'aborted' && e.cause.name === 'AbortError');
  const statuses = await Promise.all([a, c].map((p) => p.then((r) => r.status)));
  assert.deepEqual(statuses, [200, 200]);
  assert.deepEqual(arrivals.map((x) => x.path), ['/a0', '/a2']);
  scheduler.dispose();
});
