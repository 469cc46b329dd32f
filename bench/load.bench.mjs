// What a wizard page waits for before its settings step works: the module loaded
// (download excluded: served from loopback), the first zone opened, the picker list built,
// a preview written. Measured cold in fresh Chromium pages (Debian's chromium, through
// playwright-core) and in fresh Node processes; medians of several runs, plus the bytes.
// Both entries: the package (index.mjs + connector.wasm) and connector-instances/time
// (time-only.mjs + connector-time.wasm). References in the same run, the same way: import +
// the first date formatted in a zone with moment-timezone (its full data) and luxon, each
// bundled by esbuild into one minified ES module.
//
//   node bench/load.bench.mjs          (npm run bench runs every bench/*.bench.mjs)
//   BENCH_RUNS=9 node bench/load.bench.mjs
// In Chromium, "load" counts from import() to the ready API, fetches from loopback included;
// "fetch" is the part of it spent fetching the entry's bundle (the request until its last
// byte: in a fresh context about 10 ms pass before the first byte, whatever the file), and
// "load - fetch" is the load with the download excluded, the goal's measure. The binary's
// fetch stays counted: browsers compile it while it streams in, so its download and its
// compilation overlap and cannot be told apart. Node reads files, so its fetch is 0.
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

// The steps, timed inside the page or process; `load` is import + instantiate.
const probe = `
  const t0 = performance.now();
  const { load } = await import(MODULE);
  const m = await load();
  const t1 = performance.now();
  const zone = m.time.zone('America/New_York');
  zone.format(Date.now(), 'Y-m-d H:i:s');
  const t2 = performance.now();
  const groups = m.time.zones();
  const t3 = performance.now();
  m.time.preview('Europe/Berlin', 'd/m/Y H:i');
  const t4 = performance.now();
  const result = { load: t1 - t0, fetch: bundleFetch(), firstZone: t2 - t1, zoneList: t3 - t2, preview: t4 - t3,
                   total: t4 - t0, zones: groups.reduce((n, g) => n + g.zones.length, 0) };
`;

// A reference: import + the first date formatted in a zone (its other columns stay empty).
const referenceProbe = `
  const t0 = performance.now();
  const { first } = await import(MODULE);
  const t1 = performance.now();
  first();
  const t2 = performance.now();
  const result = { load: t1 - t0, fetch: bundleFetch(), firstZone: t2 - t1, zoneList: NaN, preview: NaN, total: t2 - t0 };
`;
// Milliseconds from the bundle's request to its last byte (0 where nothing is fetched).
const bundleFetch = `function bundleFetch() {
  const entry = typeof performance.getEntriesByType === 'function'
    && performance.getEntriesByType('resource').find((e) => e.name.endsWith(MODULE));
  return entry ? entry.responseEnd - entry.startTime : 0;
}`;
const REFERENCES = [
  ['moment-timezone (full data)', 'moment.mjs',
    "import moment from 'moment-timezone'; export const first = () => moment.tz(Date.now(), 'America/New_York').format('YYYY-MM-DD HH:mm:ss');"],
  ['luxon', 'luxon.mjs',
    "import { DateTime } from 'luxon'; export const first = () => DateTime.now().setZone('America/New_York').toFormat('yyyy-MM-dd HH:mm:ss');"],
];
const referenceDir = mkdtempSync(join(tmpdir(), 'load-bench-'));
process.on('exit', () => rmSync(referenceDir, { recursive: true, force: true }));
for (const [, file, contents] of REFERENCES) {
  buildSync({
    stdin: { contents, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'js' },
    bundle: true, format: 'esm', minify: true, platform: 'neutral', mainFields: ['module', 'main'],
    outfile: join(referenceDir, file), logLevel: 'silent',
  });
}
const ENTRIES = [
  ['package entry', 'index.mjs', probe],
  ['time-only entry', 'time-only.mjs', probe],
  ...REFERENCES.map(([name, file]) => [name, file, referenceProbe]),
];
const fileOf = (file) => (existsSync(dist + file) ? dist + file : join(referenceDir, file));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function summary(rows) {
  const out = {};
  for (const key of ['load', 'fetch', 'firstZone', 'zoneList', 'preview', 'total']) out[key] = median(rows.map((r) => r[key]));
  out.loadLocal = median(rows.map((r) => r.load - r.fetch));
  return out;
}
const ms = (x) => (x === null || Number.isNaN(x) ? '-'.padStart(10) : `${x.toFixed(1).padStart(7)} ms`);
function print(name, s) {
  console.log(`${name.padEnd(52)} ${ms(s.load)} ${ms(s.fetch)} ${ms(s.loadLocal)} ${ms(s.firstZone)} ${ms(s.zoneList)} ${ms(s.preview)} ${ms(s.total)}`);
}

// ---- bytes ----
let raw = 0;
let gz = 0;
for (const f of readdirSync(dist)) {
  if (!/\.(mjs|cjs|js|wasm)$/.test(f)) continue;
  const data = readFileSync(dist + f);
  raw += statSync(dist + f).size;
  gz += gzipSync(data, { level: 9 }).length;
}
const kib = (file) => {
  const data = readFileSync(dist + file);
  return `${file}: ${(data.length / 1024).toFixed(0)} KiB raw, ${(gzipSync(data, { level: 9 }).length / 1024).toFixed(0)} KiB gzipped`;
};
console.log(`\nload: dist/ code ${(raw / 1024).toFixed(0)} KiB raw, ${(gz / 1024).toFixed(0)} KiB gzipped `
  + `(${kib('connector.wasm')}; ${kib('connector-time.wasm')})`);
console.log(`medians of ${RUNS} cold runs${' '.repeat(26)}${'load'.padStart(10)} ${'fetch'.padStart(10)} ${'load-fetch'.padStart(10)} ${'1st zone'.padStart(10)} ${'zones()'.padStart(10)} ${'preview'.padStart(10)} ${'total'.padStart(10)}`);

const GOAL = { node: 15, chromium: 40 };
const results = {};

// The entries take turns, run by run: the machine's speed drifts over a run of the bench,
// and every entry then meets the same drift.
function interleaved(measure) {
  const rows = new Map(ENTRIES.map(([name]) => [name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const entry of ENTRIES) rows.get(entry[0]).push(measure(entry));
  }
  return rows;
}

// ---- Node: a fresh process per run ----
for (const [name, rows] of interleaved(([, file, body]) => {
  const script = `const MODULE = ${JSON.stringify('file://' + fileOf(file))};${bundleFetch};${body}; console.log(JSON.stringify(result));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
})) {
  results[`node ${name}`] = summary(rows);
  print(`Node 20, ${name}`, results[`node ${name}`]);
}

// ---- Chromium: a fresh context (empty cache) per run, files from a loopback server ----
if (!existsSync(CHROMIUM)) {
  console.log(`Chromium: ${CHROMIUM} missing, skipped (scripts/bootstrap.sh installs it)`);
} else {
  const server = createServer((req, res) => {
    const name = req.url === '/' ? null : req.url.slice(1).split('?')[0];
    if (name === null) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>load</title>');
      return;
    }
    if (!/^[\w.-]+\.(mjs|wasm)$/.test(name) || !existsSync(fileOf(name))) { res.writeHead(404); res.end(); return; }
    const type = name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(readFileSync(fileOf(name)));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim().replace(/^Chromium (\S+).*/, 'Chromium $1');
  let zones = 0;
  try {
    const rowsOf = new Map(ENTRIES.map(([name]) => [name, []]));
    for (let i = 0; i < RUNS; i++) {  // taking turns, as in Node
      for (const [name, file, body] of ENTRIES) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(url);
        rowsOf.get(name).push(await page.evaluate(`(async () => { const MODULE = '/${file}'; ${bundleFetch}; ${body}; return result; })()`));
        await context.close();
      }
    }
    for (const [name, rows] of rowsOf) {
      zones = rows[0].zones ?? zones;
      results[`chromium ${name}`] = summary(rows);
      print(`${version}, ${name}`, results[`chromium ${name}`]);
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`(${zones} zones in the picker list; "load" = import + instantiate, fetches from loopback included; `
    + '"fetch" = fetching the bundle; "load-fetch" = the load without it, the binary\'s download overlapping its compilation still counted)');
}
for (const entry of ['package entry', 'time-only entry']) {
  const node = results[`node ${entry}`];
  const browserRow = results[`chromium ${entry}`];
  // the goal's measure is the load with the download excluded; the whole load is shown beside it
  const held = (x, goal) => (x === undefined ? 'not measured'
    : `${x.loadLocal.toFixed(1)} ms ${x.loadLocal <= goal ? 'held' : 'not held'}`
      + (x.fetch > 0 ? ` (${x.load.toFixed(1)} ms with the bundle's fetch)` : ''));
  const moment = results['chromium moment-timezone (full data)'];
  console.log(`goal (${entry}): Node load <= ${GOAL.node} ms: ${held(node, GOAL.node)}; Chromium load <= ${GOAL.chromium} ms: ${held(browserRow, GOAL.chromium)}`
    + (browserRow && moment
      ? ` (moment-timezone in the same run: ${moment.loadLocal.toFixed(1)} ms, ${moment.load.toFixed(1)} ms with its fetch; `
        + `x ${(browserRow.loadLocal / moment.loadLocal).toFixed(2)})` : ''));
}
