// "Format this instant in this zone with this pattern": this library against the JS
// libraries a developer would otherwise import, on the same instants, zone and pattern,
// in the same run. Single calls and a batch of 10 000 instants (for the peers a batch is
// a loop of single calls: none has a batch entry point). Prints µs per value and how many
// times slower each peer is than this library.
//
//   node bench/time.bench.mjs            (npm run bench runs every bench/*.bench.mjs)
//   BENCH_MS=500 node bench/time.bench.mjs   (time per measurement, default 300 ms)
import { performance } from 'node:perf_hooks';
import { statSync, readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import moment from 'moment-timezone';
import { DateTime } from 'luxon';
import { formatInTimeZone } from 'date-fns-tz';
import { TZDate } from '@date-fns/tz';
import { format as dateFnsFormat } from 'date-fns';
import { Temporal as TemporalFull } from 'temporal-polyfill';
import { Temporal as TemporalJs } from '@js-temporal/polyfill';

const ZONE = process.env.BENCH_ZONE ?? 'America/New_York';
const BATCH = 10_000;
const MS = Number(process.env.BENCH_MS ?? 300);
const dist = new URL('../dist/', import.meta.url);

// ---- load: a fresh process is fairer (bench/load.bench.mjs); this measures import + instantiate + first zone ----
const t0 = performance.now();
const { load } = await import(new URL('index.mjs', dist));
const m = await load();
const t1 = performance.now();
const zone = m.time.zone(ZONE);
const t2 = performance.now();

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const instants = new Float64Array(BATCH);
for (let i = 0; i < BATCH; i++) instants[i] = Date.UTC(2000, 0, 1) + Math.floor(random() * 30 * 365.25 * 86400) * 1000;

const pad = (n) => (n < 10 ? '0' : '') + n;
const intl = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit',
});

// Every contender turns epoch ms into "2024-03-05 14:07:09" in ZONE.
const contenders = [
  ['this library', (ms) => zone.format(ms, 'Y-m-d H:i:s')],
  ['moment-timezone', (ms) => moment.tz(ms, ZONE).format('YYYY-MM-DD HH:mm:ss')],
  ['Intl.DateTimeFormat (cached, format)', (ms) => intl.format(ms).replace(', ', ' ')],
  ['Intl.DateTimeFormat (cached, formatToParts)', (ms) => {
    const p = {};
    for (const x of intl.formatToParts(ms)) p[x.type] = x.value;
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  }],
  ['luxon', (ms) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm:ss')],
  ['date-fns-tz', (ms) => formatInTimeZone(ms, ZONE, 'yyyy-MM-dd HH:mm:ss')],
  ['@date-fns/tz + date-fns format', (ms) => dateFnsFormat(new TZDate(ms, ZONE), 'yyyy-MM-dd HH:mm:ss')],
  ['temporal-polyfill', (ms) => {
    const z = TemporalFull.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(ZONE);
    return `${z.year}-${pad(z.month)}-${pad(z.day)} ${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}`;
  }],
  ['@js-temporal/polyfill', (ms) => {
    const z = TemporalJs.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(ZONE);
    return `${z.year}-${pad(z.month)}-${pad(z.day)} ${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}`;
  }],
];

// Same answers first, or the comparison means nothing.
for (const [name, fn] of contenders) {
  for (let i = 0; i < 200; i++) {
    const expected = contenders[0][1](instants[i]);
    const got = fn(instants[i]);
    if (got !== expected) throw new Error(`${name} disagrees at ${instants[i]}: ${got} vs ${expected}`);
  }
}

let sink = 0;
// µs per value: best of `rounds` rounds of at least MS milliseconds each
function measure(run, valuesPerRun, rounds = 5) {
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    let runs = 0;
    const start = performance.now();
    let now = start;
    while (now - start < MS) {
      sink += run(runs);
      runs++;
      now = performance.now();
    }
    best = Math.min(best, ((now - start) * 1000) / (runs * valuesPerRun));
  }
  return best;
}

const single = (fn) => measure((k) => fn(instants[k % BATCH]).length, 1);
const loopBatch = (fn) => measure(() => {
  let n = 0;
  for (let i = 0; i < BATCH; i++) n += fn(instants[i]).length;
  return n;
}, BATCH);

const rows = [];
for (const [name, fn] of contenders) {
  for (let i = 0; i < 2000; i++) sink += fn(instants[i % BATCH]).length;  // warm up
  const one = single(fn);
  const batch = name === 'this library'
    ? measure(() => zone.formatMany(instants, 'Y-m-d H:i:s').length, BATCH)
    : loopBatch(fn);
  rows.push({ name, one, batch });
}

const ours = rows[0];
// The targets (10x single, 50x batch) are against the fastest peer that can write an
// arbitrary pattern. A cached Intl.DateTimeFormat cannot (fixed locale shapes only: no
// PHP/moment-style pattern), so it is reported on its own line, not as that peer.
const FIXED_SHAPES_ONLY = new Set(['Intl.DateTimeFormat (cached, format)']);
const patternPeers = rows.slice(1).filter((r) => !FIXED_SHAPES_ONLY.has(r.name));
const fastestOne = patternPeers.reduce((a, b) => (b.one < a.one ? b : a));
const fastestBatch = patternPeers.reduce((a, b) => (b.batch < a.batch ? b : a));
const intlRow = rows.find((r) => FIXED_SHAPES_ONLY.has(r.name));
const fmt = (x) => x.toFixed(3).padStart(9);
console.log(`\ntime: format one instant in ${ZONE} as "Y-m-d H:i:s" (µs per value, lower is better)`);
console.log(`${'contender'.padEnd(44)} ${'single'.padStart(9)} ${'batch'.padStart(9)}  ${'x ours (single)'.padStart(15)} ${'x ours (batch)'.padStart(15)}`);
for (const r of rows) {
  console.log(`${r.name.padEnd(44)} ${fmt(r.one)} ${fmt(r.batch)}  ${(r.one / ours.one).toFixed(1).padStart(15)} ${(r.batch / ours.batch).toFixed(1).padStart(15)}`);
}
console.log(`fastest arbitrary-pattern peer, single: ${fastestOne.name} at ${fastestOne.one.toFixed(3)} µs -> this library is ${(fastestOne.one / ours.one).toFixed(1)}x faster (target 10x)`);
console.log(`fastest arbitrary-pattern peer, batch:  ${fastestBatch.name} at ${fastestBatch.batch.toFixed(3)} µs/value -> this library's formatMany is ${(fastestBatch.batch / ours.batch).toFixed(1)}x faster (target 50x)`);
console.log(`cached Intl.DateTimeFormat.format (fixed shapes only): this library is ${(intlRow.one / ours.one).toFixed(1)}x faster single, ${(intlRow.batch / ours.batch).toFixed(1)}x in batch`);

// ---- the common patterns in three zones ----
// Each PHP pattern against the same text written by the fastest arbitrary-pattern peers
// (moment-timezone, luxon); a peer that cannot write the pattern is left out of its row.
// Targets: 15x the fastest peer single, 50x in batch (peers' batch: a loop of single calls).
const COMMON = [
  ['Y-m-d H:i:s', 'YYYY-MM-DD HH:mm:ss', 'yyyy-MM-dd HH:mm:ss'],
  ['Y-m-d\\TH:i:sP', 'YYYY-MM-DD[T]HH:mm:ssZ', "yyyy-MM-dd'T'HH:mm:ssZZ"],
  ['D, d M Y H:i:s O', 'ddd, DD MMM YYYY HH:mm:ss ZZ', 'EEE, dd MMM yyyy HH:mm:ss ZZZ'],
  ['d/m/Y', 'DD/MM/YYYY', 'dd/MM/yyyy'],
  ['c', 'YYYY-MM-DD[T]HH:mm:ssZ', "yyyy-MM-dd'T'HH:mm:ssZZ"],
  ['U', 'X', 'X'],
  ['l jS F Y g:i A', 'dddd Do MMMM YYYY h:mm A', null],
  ['Y-m-d\\TH:i:s.uP', 'YYYY-MM-DD[T]HH:mm:ss.SSSSSSZ', "yyyy-MM-dd'T'HH:mm:ss.SSS'000'ZZ"],
];
const COMMON_ZONES = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata'];
const COMMON_ROUNDS = 3;
console.log(`\ntime: the common patterns (µs per value; best of ${COMMON_ROUNDS} rounds; x = times faster than the fastest peer; targets 15x single, 50x batch)`);
console.log(`${'pattern'.padEnd(20)} ${'zone'.padEnd(17)} ${'ours'.padStart(7)} ${'batch'.padStart(7)} ${'peer'.padStart(7)} ${'batch'.padStart(7)} ${'x single'.padStart(9)} ${'x batch'.padStart(8)}  fastest peer / short of target`);
const shortfalls = [];
for (const zoneName of COMMON_ZONES) {
  const z = m.time.zone(zoneName);
  for (const [php, momentPattern, luxonPattern] of COMMON) {
    const peers = [
      ['moment-timezone', (ms) => moment.tz(ms, zoneName).format(momentPattern)],
      ...(luxonPattern ? [['luxon', (ms) => DateTime.fromMillis(ms, { zone: zoneName }).toFormat(luxonPattern)]] : []),
    ].filter(([, fn]) => instants.slice(0, 200).every((ms) => fn(ms) === z.format(ms, php)));
    const ourOne = measure((k) => z.format(instants[k % BATCH], php).length, 1, COMMON_ROUNDS);
    const ourBatch = measure(() => z.formatMany(instants, php).length, BATCH, COMMON_ROUNDS);
    let best = null;
    for (const [name, fn] of peers) {
      for (let i = 0; i < 2000; i++) sink += fn(instants[i % BATCH]).length;  // warm up
      const one = measure((k) => fn(instants[k % BATCH]).length, 1, COMMON_ROUNDS);
      const batch = measure(() => {
        let n = 0;
        for (let i = 0; i < BATCH; i++) n += fn(instants[i]).length;
        return n;
      }, BATCH, COMMON_ROUNDS);
      if (!best || one < best.one) best = { name, one, batch: Math.min(batch, best?.batch ?? Infinity) };
      else best.batch = Math.min(best.batch, batch);
    }
    if (!best) {
      console.log(`${php.padEnd(20)} ${zoneName.padEnd(17)} ${fmt(ourOne).slice(2)} ${fmt(ourBatch).slice(2)}  (no peer writes this pattern)`);
      continue;
    }
    const xOne = best.one / ourOne;
    const xBatch = best.batch / ourBatch;
    const short = [xOne < 15 ? `single ${(15 / xOne).toFixed(2)}x short` : '', xBatch < 50 ? `batch ${(50 / xBatch).toFixed(2)}x short` : ''].filter(Boolean).join(', ');
    if (short) shortfalls.push(`${php} in ${zoneName}: ${short}`);
    console.log(`${php.padEnd(20)} ${zoneName.padEnd(17)} ${fmt(ourOne).slice(2)} ${fmt(ourBatch).slice(2)} ${fmt(best.one).slice(2)} ${fmt(best.batch).slice(2)} ${xOne.toFixed(1).padStart(9)} ${xBatch.toFixed(1).padStart(8)}  ${best.name}${short ? ' / ' + short : ''}`);
  }
}
console.log(shortfalls.length ? `rows short of 15x single / 50x batch: ${shortfalls.length} of ${COMMON.length * COMMON_ZONES.length}` : 'every row reaches 15x single and 50x batch');

// ---- other hot paths of this library ----
const other = [
  ['zone.offsetAt(ms)', () => zone.offsetAt(instants[sink & 8191])],
  ['zone.toWall(ms)', () => zone.toWall(instants[sink & 8191]).hour],
  ['zone.fromWall({...})', () => zone.fromWall({ year: 2024, month: 7, day: 4, hour: 12, minute: sink & 31 })],
  ['zone.parse("2024-03-05 14:07:09", "Y-m-d H:i:s")', () => zone.parse('2024-03-05 14:07:09', 'Y-m-d H:i:s')],
  ['zone.format(ms, "D, d M Y H:i:s O")', () => zone.format(instants[sink & 8191], 'D, d M Y H:i:s O').length],
];
console.log('\nother calls of this library (µs per call):');
for (const [name, fn] of other) {
  for (let i = 0; i < 2000; i++) sink += Number(fn()) & 1;
  console.log(`${name.padEnd(52)} ${fmt(measure(() => Number(fn()) & 1, 1))}`);
}
const texts = zone.formatMany(instants, 'Y-m-d H:i:s');
const parseBatch = measure(() => zone.parseMany(texts, 'Y-m-d H:i:s').length, BATCH);
console.log(`${'zone.parseMany(10 000 texts, "Y-m-d H:i:s")'.padEnd(52)} ${fmt(parseBatch)} per text`);
const luxonParse = measure((k) => DateTime.fromFormat(texts[k % BATCH], 'yyyy-MM-dd HH:mm:ss', { zone: ZONE }).toMillis() & 1, 1);
const momentParse = measure((k) => moment.tz(texts[k % BATCH], 'YYYY-MM-DD HH:mm:ss', ZONE).valueOf() & 1, 1);
console.log(`${'  peers, parse one text: moment-timezone / luxon'.padEnd(52)} ${fmt(momentParse)} / ${luxonParse.toFixed(3)}`);

// ---- size and load ----
let raw = 0;
let gz = 0;
for (const f of readdirSync(dist)) {
  if (!/\.(mjs|cjs|js|wasm)$/.test(f)) continue;
  const data = readFileSync(new URL(f, dist));
  raw += statSync(new URL(f, dist)).size;
  gz += gzipSync(data, { level: 9 }).length;
}
console.log(`\nmodule (dist/*.mjs|cjs|wasm, tz database ${m.time.version} included): ${(raw / 1024).toFixed(0)} KiB raw, ${(gz / 1024).toFixed(0)} KiB gzipped`);
console.log(`load in this process: import + instantiate ${(t1 - t0).toFixed(1)} ms; first zone (its table from the compiled database) ${(t2 - t1).toFixed(1)} ms`);
if (sink === 0.5) console.log('');  // keep results alive
