// What a page or a backend waits for before its first time zone answer, in fresh
// processes (a module is loaded once per process: timing it in a warm process measures
// nothing): import + instantiate, the first zone('America/New_York'), and the picker list
// (m.time.zones()) cold. Prints the median and range of RUNS processes per order, and the
// size of dist/.
//
//   node bench/time-load.bench.mjs        RUNS=15 node bench/time-load.bench.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const RUNS = Number(process.env.RUNS ?? 9);
const dist = new URL('../dist/', import.meta.url);

// One fresh process: load, then `first` ("zone" or "list") cold, then the other one.
const child = (first) => `
const { performance } = await import('node:perf_hooks');
const t0 = performance.now();
const { load } = await import(${JSON.stringify(new URL('index.mjs', dist).href)});
const m = await load();
const t1 = performance.now();
const zone = () => { const z = m.time.zone('America/New_York'); return z.offsetAt(Date.now()); };
const list = () => m.time.zones().length;
const a = ${first === 'zone' ? 'zone' : 'list'}, b = ${first === 'zone' ? 'list' : 'zone'};
a();
const t2 = performance.now();
b();
const t3 = performance.now();
console.log(JSON.stringify({ load: t1 - t0, first: t2 - t1, second: t3 - t2 }));
`;

function run(first) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', child(first)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const show = (label, xs) => console.log(`${label.padEnd(58)} ${median(xs).toFixed(1).padStart(7)} ms  (${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)})`);

const zoneFirst = [];
const listFirst = [];
for (let i = 0; i < RUNS; i++) {
  zoneFirst.push(run('zone'));
  listFirst.push(run('list'));
}
console.log(`time: loading, ${RUNS} fresh processes per order (median, range)`);
show('import + instantiate', [...zoneFirst, ...listFirst].map((r) => r.load));
show("first zone('America/New_York').offsetAt(now), cold", zoneFirst.map((r) => r.first));
show('zones() (picker list, every zone), cold', listFirst.map((r) => r.first));
show("zones() after the first zone", zoneFirst.map((r) => r.second));
show("zone('America/New_York') after zones()", listFirst.map((r) => r.second));

let raw = 0;
let gz = 0;
let wasm = 0;
for (const f of readdirSync(dist)) {
  if (!/\.(mjs|cjs|js)$/.test(f)) continue;
  const data = readFileSync(new URL(f, dist));
  raw += statSync(new URL(f, dist)).size;
  gz += gzipSync(data, { level: 9 }).length;
  if (f === 'connector.mjs') {
    const b64 = /base64,([A-Za-z0-9+/=]+)/.exec(data.toString('latin1'));
    if (b64) wasm = Buffer.from(b64[1], 'base64').length;
  }
}
console.log(`dist/ (*.mjs|cjs|js): ${raw} bytes raw, ${gz} gzipped (gzip -9); the embedded .wasm: ${wasm} bytes`);
