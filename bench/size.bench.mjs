// Download sizes. Every code file of dist/ (not the docs, licences or type declarations) raw,
// gzipped (zlib level 9) and brotli-compressed (quality 11), their total against the goal, and
// what a browser downloads for each ESM entry (the package and connector-instances/time): the
// entry, every module it imports (relative specifiers followed recursively) and the binary
// it loads.
//
// References, measured in the same run the same way: each library bundled from node_modules
// with esbuild (bundle, ESM, minified) and compressed. connector.wasm carries its own IANA
// time zone database, as moment-timezone carries its full data; luxon, the Temporal polyfills
// and @date-fns/tz read zones from the platform's Intl, whose data is not downloaded and not
// counted. Sizes only: what each library can do differs (bench/time.bench.mjs).
//
//   node bench/size.bench.mjs          (npm run bench runs every bench/*.bench.mjs)
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { buildSync } from 'esbuild';

const GOAL_BYTES = 200_000;  // 200 KB
const root = new URL('../', import.meta.url);
const dist = new URL('dist/', root);

const gzip = (data) => gzipSync(data, { level: 9 }).length;
const brotli = (data) => brotliCompressSync(data, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
}).length;
const sizes = (data) => ({ raw: data.length, gz: gzip(data), br: brotli(data) });
const sum = (rows) => rows.reduce((a, r) => ({ raw: a.raw + r.raw, gz: a.gz + r.gz, br: a.br + r.br }), { raw: 0, gz: 0, br: 0 });

const n = (x) => x.toLocaleString('en-US').padStart(11);
const kb = (x) => `${(x / 1000).toFixed(1)} KB`;
const print = (name, s, extra = '') => console.log(`${name.padEnd(46)} ${n(s.raw)} ${n(s.gz)} ${n(s.br)}${extra}`);
const header = (title) => console.log(`${title.padEnd(46)} ${'raw'.padStart(11)} ${'gzip -9'.padStart(11)} ${'brotli 11'.padStart(11)}`);

// ---- dist/ code ----
const isCode = (f) => !/\.md$|^LICENSE|\.d\.c?ts$/.test(f);
const files = readdirSync(dist).filter(isCode).sort();
console.log('\nsize: dist/ code files (bytes)');
header('file');
const rows = files.map((f) => {
  const s = sizes(readFileSync(new URL(f, dist)));
  print(f, s);
  return s;
});
const total = sum(rows);
print('total', total);
console.log(`goal: dist/ code <= 200 KB gzipped  ${total.gz <= GOAL_BYTES ? 'held' : 'not held'} (${kb(total.gz)})`);

// ---- what a browser downloads for each ESM entry ----
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
// `import … from './x'`, `export … from './x'`, `import './x'` and `import('./x')` (a
// module imported on demand is downloaded too)
const STATIC = /\b(?:import|export)\s*(?:[^'";]*?\bfrom\s*|\(\s*)?["'](\.\.?\/[^"']+)["']/g;
// the binary an entry loads by default: new URL('./NAME.wasm', import.meta.url)
const BINARY = /new URL\(\s*["']\.\/([\w-]+\.wasm)["']\s*,\s*import\.meta\.url\s*\)/;
function downloadOf(subpath) {
  const entry = new URL(pkg.exports[subpath].import.default, root);
  const graph = [];
  const seen = new Set();
  (function follow(url) {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    graph.push(url);
    for (const [, specifier] of readFileSync(url, 'utf8').matchAll(STATIC)) follow(new URL(specifier, url));
  })(entry);
  const binary = graph.map((url) => BINARY.exec(readFileSync(url, 'utf8'))).find(Boolean);
  if (!binary) throw new Error(`${pkg.exports[subpath].import.default} names no binary`);
  graph.push(new URL(binary[1], dist));
  console.log(`\nsize: what a browser downloads for ${pkg.name}${subpath.slice(1)} (${pkg.exports[subpath].import.default}, what it imports, ${binary[1]})`);
  header('file');
  const total = sum(graph.map((url) => {
    const s = sizes(readFileSync(url));
    print(url.href.slice(dist.href.length), s);
    return s;
  }));
  print('total', total);
  return total;
}
const download = downloadOf('.');
const timeDownload = downloadOf('./time');
console.log(`goal: the package entry's download <= 200 KB gzipped  ${download.gz <= GOAL_BYTES ? 'held' : 'not held'} (${kb(download.gz)}); `
  + `the time-only entry's ${timeDownload.gz <= GOAL_BYTES ? 'is within it' : 'is not'} (${kb(timeDownload.gz)})`);

// ---- references: bundled with esbuild, minified ----
const version = (name) => {
  const file = new URL(`node_modules/${name}/package.json`, root);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : '?';
};
const references = [
  ['luxon', ['luxon'], "export * from 'luxon';"],
  ['moment-timezone (full data)', ['moment-timezone', 'moment'], "export { default } from 'moment-timezone';"],
  ['temporal-polyfill', ['temporal-polyfill'], "export * from 'temporal-polyfill';"],
  ['@js-temporal/polyfill', ['@js-temporal/polyfill'], "export * from '@js-temporal/polyfill';"],
  ['date-fns + @date-fns/tz (everything)', ['date-fns', '@date-fns/tz'], "export * from 'date-fns'; export * from '@date-fns/tz';"],
  ['date-fns format + @date-fns/tz TZDate (only)', ['date-fns', '@date-fns/tz'],
    "export { format } from 'date-fns'; export { TZDate } from '@date-fns/tz';"],
];
console.log(`\nsize: references, bundled by esbuild (bundle, ESM, minified); x = ours / reference, gzipped `
  + `(ours: the package entry's download ${kb(download.gz)}, the time-only entry's ${kb(timeDownload.gz)})`);
console.log(`${'reference'.padEnd(46)} ${'raw'.padStart(11)} ${'gzip -9'.padStart(11)} ${'brotli 11'.padStart(11)} ${'x entry'.padStart(8)} ${'x time'.padStart(7)}  versions`);
for (const [name, packages, contents] of references) {
  try {
    const result = buildSync({
      stdin: { contents, resolveDir: new URL('.', root).pathname, loader: 'js' },
      bundle: true,
      format: 'esm',
      minify: true,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'silent',
    });
    const s = sizes(result.outputFiles[0].contents);
    print(name, s, `${(download.gz / s.gz).toFixed(2).padStart(7)}x ${(timeDownload.gz / s.gz).toFixed(2).padStart(6)}x  `
      + packages.map((p) => `${p} ${version(p)}`).join(', '));
  } catch (error) {
    const reason = error.errors?.length ? error.errors.map((e) => e.text).join('; ') : error.message;
    console.log(`${name.padEnd(46)} not bundled: ${reason}`);
  }
}
