// npm run bench -- scheduler: overhead and accuracy of our rate limiter against Bottleneck
// 2.19.5, in the same run. Bounded (about 25 s).
//  1. Throughput: jobs/s through one limiter whose limit never binds (only overhead).
//  2. Accuracy at a window boundary: 20 per second, 20 jobs at 900 ms and 20 at 1050 ms
//     after creation. A fixed-window reservoir refilled at 1000 ms starts all 40 within
//     ~200 ms; a sliding window holds the second 20 until 1900 ms.
//  3. Accuracy and waiting on seeded random bursts, 20 per second, all limiters at once:
//     max starts in any sliding 1000 ms window, and how long jobs waited.
import Bottleneck from 'bottleneck';
import { load } from '../dist/index.mjs';
import { maxInWindow, seededRandom } from '../tests/node/helpers/schedule-clock.mjs';

const m = await load();
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

// ---- 1. throughput --------------------------------------------------------------------
async function throughput(label, n, schedule) {
  const t = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => schedule(i)));
  const jobsPerS = n / ((performance.now() - t) / 1000);
  console.log(`  ${label.padEnd(46)} ${fmt(jobsPerS).padStart(9)} jobs/s  ${fmt(1e6 / jobsPerS, 2).padStart(8)} µs/job  (${fmt(n)} jobs)`);
  return jobsPerS;
}

console.log('1. Throughput: one limiter, limit never reached, each job returns a resolved promise');
const ours = m.createScheduler();
ours.defineLimit('k', { amount: 1_000_000, unit: 'second' });
ours.definePool('p', { limit: 10_000, timeout: 30 });
await throughput('ours, warm-up', 50_000, (i) => ours.schedule({ limitKey: 'k' }, () => Promise.resolve(i)));
await sleep(1100); // let the window empty
const oursLimit = await throughput('ours: limit 1,000,000/second', 200_000,
  (i) => ours.schedule({ limitKey: 'k' }, () => Promise.resolve(i)));
await sleep(1100);
const oursPool = await throughput('ours: limit 1,000,000/second + pool of 10,000', 200_000,
  (i) => ours.schedule({ limitKey: 'k', poolId: 'p' }, () => Promise.resolve(i)));
ours.dispose();
const bnPlain = new Bottleneck();
const bnDefault = await throughput('bottleneck: default settings', 1500, (i) => bnPlain.schedule(() => Promise.resolve(i)));
const bnRes = new Bottleneck({ reservoir: 1_000_000, reservoirRefreshAmount: 1_000_000, reservoirRefreshInterval: 1000 });
const bnReservoir = await throughput('bottleneck: reservoir 1,000,000 per 1000 ms', 1500, (i) => bnRes.schedule(() => Promise.resolve(i)));
await bnRes.stop({ dropWaitingJobs: false });
console.log(`  ratio ours/bottleneck: ${fmt(oursLimit / bnReservoir)}x (limit), ${fmt(oursPool / bnDefault)}x (limit + pool vs default)`);

// ---- 2. the refresh boundary ----------------------------------------------------------
console.log('\n2. Refresh boundary: 20/second; 20 jobs at 900 ms, 20 at 1050 ms after creation');
async function boundaryCase() {
  const oursS = m.createScheduler();
  oursS.defineLimit('k', { amount: 20, unit: 'second' });
  const bn = new Bottleneck({ reservoir: 20, reservoirRefreshAmount: 20, reservoirRefreshInterval: 1000 });
  const t0 = now();
  const runs = { ours: [], oursDecided: [], bottleneck: [] };
  const jobs = [];
  const submit = () => {
    for (let i = 0; i < 20; i += 1) {
      jobs.push(oursS.schedule({ limitKey: 'k' }, ({ startedAt }) => {
        runs.ours.push(now());
        runs.oursDecided.push(startedAt);
      }));
      jobs.push(bn.schedule(async () => { runs.bottleneck.push(now()); }));
    }
  };
  await sleep(900 - (now() - t0));
  submit();
  await sleep(1050 - (now() - t0));
  submit();
  await Promise.all(jobs);
  await bn.stop({ dropWaitingJobs: false });
  oursS.dispose();
  const rel = (xs) => xs.map((x) => x - t0);
  return { t0, runs, rel };
}
const b = await boundaryCase();
const bMax = {
  ours: maxInWindow(b.runs.oursDecided, 1000),
  oursCalls: maxInWindow(b.runs.ours, 1000),
  bottleneck: maxInWindow(b.runs.bottleneck, 1000),
};
const span = (xs) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))} ms`;
console.log(`  ours:       starts at ${span(b.rel(b.runs.ours).slice(0, 20))} and ${span(b.rel(b.runs.ours).slice(20))};`
  + ` max in any 1000 ms window: ${bMax.ours} (decisions), ${bMax.oursCalls} (fn calls) = ${fmt(bMax.ours / 20, 2)}x nominal`);
console.log(`  bottleneck: starts at ${span(b.rel(b.runs.bottleneck).slice(0, 20))} and ${span(b.rel(b.runs.bottleneck).slice(20))};`
  + ` max in any 1000 ms window: ${bMax.bottleneck} = ${fmt(bMax.bottleneck / 20, 2)}x nominal`);

// ---- 3. random bursts -----------------------------------------------------------------
console.log('\n3. Seeded random bursts, 20/second, 120 jobs arriving over 3 s (all limiters at once)');
const random = seededRandom;
const rnd = random(2024);
const bursts = []; // [offset ms, count]
for (let total = 0; total < 120;) {
  const count = Math.min(120 - total, 1 + Math.floor(rnd() * 25));
  bursts.push([Math.floor(rnd() * 3000), count]);
  total += count;
}
bursts.sort((x, y) => x[0] - y[0]);

const limiters = {
  ours: (() => {
    const s = m.createScheduler();
    s.defineLimit('k', { amount: 20, unit: 'second' });
    return { run: (fn) => s.schedule({ limitKey: 'k' }, ({ startedAt }) => fn(startedAt)), done: () => s.dispose() };
  })(),
  'bottleneck reservoir 20/1000 ms': (() => {
    const bn = new Bottleneck({ reservoir: 20, reservoirRefreshAmount: 20, reservoirRefreshInterval: 1000 });
    return { run: (fn) => bn.schedule(async () => fn(now())), done: () => bn.stop({ dropWaitingJobs: false }) };
  })(),
  'bottleneck minTime 50 ms': (() => {
    const bn = new Bottleneck({ minTime: 50 });
    return { run: (fn) => bn.schedule(async () => fn(now())), done: () => bn.stop({ dropWaitingJobs: false }) };
  })(),
};
const results = Object.fromEntries(Object.keys(limiters).map((k) => [k, { arrivals: [], starts: [] }]));
const all = [];
const t0 = now();
for (const [offset, count] of bursts) {
  await sleep(offset - (now() - t0));
  for (let i = 0; i < count; i += 1) {
    for (const [name, limiter] of Object.entries(limiters)) {
      const r = results[name];
      const k = r.arrivals.push(now()) - 1;
      all.push(limiter.run((startedAt) => { r.starts[k] = startedAt; }));
    }
  }
}
await Promise.all(all);
for (const limiter of Object.values(limiters)) await limiter.done();

for (const [name, r] of Object.entries(results)) {
  const waits = r.starts.map((s, k) => s - r.arrivals[k]);
  const max = maxInWindow(r.starts, 1000);
  let line = `  ${name.padEnd(32)} max in any 1000 ms window ${String(max).padStart(2)} (${fmt(max / 20, 2)}x nominal)`
    + `  wait p50 ${fmt(percentile(waits, 0.5)).padStart(5)} ms, max ${fmt(Math.max(...waits)).padStart(5)} ms`;
  if (name === 'ours') {
    // Timer lateness: each start against the earliest instant the exact rule allowed,
    // given the actual earlier starts.
    const late = r.starts.map((s, k) => {
      let e = r.arrivals[k];
      if (k > 0) e = Math.max(e, r.starts[k - 1]);
      if (k >= 20) e = Math.max(e, r.starts[k - 20] + 1000);
      return s - e;
    });
    line += `  lateness vs exact rule p50 ${fmt(percentile(late, 0.5), 2)} ms, max ${fmt(Math.max(...late), 2)} ms`;
  }
  console.log(line);
}
console.log('\n  (starts are the limiter\'s start instants: for ours the clock value the core decided at,'
  + ' for Bottleneck the instant the job function ran)');
