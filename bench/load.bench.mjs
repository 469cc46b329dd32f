// What a wizard page waits for before its settings step works: the module loaded
// (download excluded: served from loopback), the first zone opened, the picker list built,
// a preview written. Measured cold in fresh Chromium pages (Debian's chromium, through
// playwright-core) and in fresh Node processes; medians of several runs, plus the bytes.
//
//   node bench/load.bench.mjs          (npm run bench runs every bench/*.bench.mjs)
//   BENCH_RUNS=9 node bench/load.bench.mjs
// ("load" in the browser includes fetching connector.wasm from loopback: the download a real
// network adds is not measured; browsers compile the binary while it streams in.)
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
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
  const result = { load: t1 - t0, firstZone: t2 - t1, zoneList: t3 - t2, preview: t4 - t3, total: t4 - t0,
                   zones: groups.reduce((n, g) => n + g.zones.length, 0) };
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function summary(rows) {
  const out = {};
  for (const key of ['load', 'firstZone', 'zoneList', 'preview', 'total']) out[key] = median(rows.map((r) => r[key]));
  return out;
}
const ms = (x) => `${x.toFixed(1).padStart(7)} ms`;
function print(name, s) {
  console.log(`${name.padEnd(34)} ${ms(s.load)} ${ms(s.firstZone)} ${ms(s.zoneList)} ${ms(s.preview)} ${ms(s.total)}`);
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
const binary = readFileSync(dist + 'connector.wasm');
console.log(`\nload: dist/ code ${(raw / 1024).toFixed(0)} KiB raw, ${(gz / 1024).toFixed(0)} KiB gzipped ` +
  `(connector.wasm: ${(binary.length / 1024).toFixed(0)} KiB raw, ${(gzipSync(binary, { level: 9 }).length / 1024).toFixed(0)} KiB gzipped)`);
console.log(`medians of ${RUNS} cold runs        ${'load'.padStart(10)} ${'1st zone'.padStart(10)} ${'zones()'.padStart(10)} ${'preview'.padStart(10)} ${'total'.padStart(10)}`);

// ---- Node: a fresh process per run ----
const nodeRows = [];
for (let i = 0; i < RUNS; i++) {
  const script = `const MODULE = ${JSON.stringify(new URL('index.mjs', 'file://' + dist).href)};${probe}; console.log(JSON.stringify(result));`;
  nodeRows.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })));
}
print('Node 20 (fresh process)', summary(nodeRows));

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
    if (!/^[\w.-]+\.(mjs|wasm)$/.test(name) || !existsSync(dist + name)) { res.writeHead(404); res.end(); return; }
    const type = name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(readFileSync(dist + name));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const rows = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      rows.push(await page.evaluate(`(async () => { const MODULE = '/index.mjs'; ${probe}; return result; })()`));
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  print(`${version.replace(/^Chromium /, 'Chromium ').slice(0, 34)}`, summary(rows));
  console.log(`(${rows[0].zones} zones in the picker list; "load" = import + instantiate, the download excluded)`);
}
