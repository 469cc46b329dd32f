#!/usr/bin/env node
// Where the bytes of a wasm binary are: its sections, then the code section by part of the
// program (nlohmann JSON, libc++ iostreams, date, the core's folders, the exports...), raw and
// gzipped. Function names come from the binary's name section, which the shipped build
// does not have: --relink links build/wasm's objects again with --profiling-funcs, gives
// them the build's Binaryen passes and function order (names only; the code is the shipped
// build's) in a temporary folder and measures that.
//
//   node scripts/wasm-size-table.mjs --relink build/wasm [--top 40]
//   node scripts/wasm-size-table.mjs FILE.wasm [--top 40]   (sections only if it has no names)
//
// The gzipped size of a part is the part's function bodies gzipped together: parts share
// less than a whole binary does, so the parts add up to a little more than the whole.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { functionNames, importedFunctionCount, readBodies, readSections } from './wasm-binary.mjs';
import { orderBinaryForGzip } from './wasm-order-functions.mjs';

const args = process.argv.slice(2);
const valueOf = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const top = Number(valueOf('--top') ?? 0);
const relink = valueOf('--relink');
let file = args.find((a, i) => !a.startsWith('--') && !['--top', '--relink'].includes(args[i - 1]));
if (relink) {
  // the link command CMake wrote, with names kept and another output
  const buildDir = resolve(relink);
  const command = readFileSync(join(buildDir, 'CMakeFiles/connector_wasm.dir/link.txt'), 'utf8').trim();
  const out = join(mkdtempSync(join(tmpdir(), 'wasm-size-')), 'connector.mjs');
  const output = / -o connector\.mjs(?= |$)/;
  if (!output.test(command)) throw new Error('unexpected link command in link.txt');
  execFileSync('bash', ['-c', command.replace(output, ` --profiling-funcs -o ${out}`)],
    { cwd: buildDir, stdio: 'inherit', env: { ...process.env, NODE_PATH: '/usr/share/nodejs' } });
  file = out.replace(/\.mjs$/, '.wasm');
  // then Binaryen's passes as the build runs them after its link (wasm/module.cmake), names kept
  const passes = readFileSync(join(buildDir, 'wasm-opt-flags.txt'), 'utf8').trim().split(/\s+/);
  execFileSync('wasm-opt', [...passes, '--debuginfo', file, '-o', file], { stdio: 'inherit' });
  // and the functions in the build's order, names renumbered with them
  writeFileSync(file, orderBinaryForGzip(readFileSync(file)));
}
if (!file) {
  console.error('usage: node scripts/wasm-size-table.mjs --relink BUILD_DIR | FILE.wasm  [--top N]');
  process.exit(2);
}
const bytes = readFileSync(file);
const gz = (b) => gzipSync(b, { level: 9 }).length;

const { sections } = readSections(bytes);
const importedFunctions = importedFunctionCount(sections);
const bodies = readBodies(sections);
const names = functionNames(sections);

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(11);
console.log(`${file}: ${kib(bytes.length)} raw, ${kib(gz(bytes))} gzipped\n`);
console.log('section                         raw       gzipped');
for (const s of sections) {
  console.log(`${s.name.padEnd(24)} ${kib(s.content.length)} ${kib(gz(s.content))}`);
}
if (names.size === 0) {
  console.log('\n(no name section: link a copy with --profiling-funcs for the table by part)');
  process.exit(0);
}

// ---- the code section by part ----
const mangled = bodies.map((b, i) => names.get(importedFunctions + i) ?? `func${importedFunctions + i}`);
const demangled = execFileSync('c++filt', { input: mangled.join('\n'), maxBuffer: 1 << 28, encoding: 'utf8' }).split('\n');
// A function belongs to the part its own qualified name names (not its parameters' types);
// the first match wins, so the order puts the specific before the general.
const PARTS = [
  ['exports (wasm/bindings)', /^core_[a-z0-9_]+$|^bindings::|^\(anonymous namespace\)::at\(/],
  ['nlohmann JSON', /nlohmann::/],
  ['libc++ iostreams and locale', /std::__2::(basic_(i|o)?stream|basic_(string|file)buf|basic_ios|ios_base|locale|ctype|num_(get|put)|codecvt|money|time_(get|put)|messages|collate|numpunct|__num_(get|put)|__stdinbuf|__stdoutbuf|basic_istringstream|basic_ostringstream|basic_stringstream)/],
  ['date (Hinnant)', /\bdate::/],
  ['core time (zones, formats, parser)', /core::time|\btime::|compiled::|php_field|wall_field|zone_list_column/],
  ['core pattern engine', /pattern_engine|core::pattern/],
  ['core certificate + crypto', /core::(certificate|crypto)/],
  ['core catalog', /core::catalog/],
  ['core wizard', /core::wizard|\bwizard::/],
  ['core schedule', /core::schedule/],
  ['core validation + values', /core::(validation|values)/],
  ['core api', /core::api|\bapi::/],
  ['core (other)', /\bcore::/],
  ['libc++ (other)', /std::__2::|std::|__cxa|__cxxabiv1|operator new|operator delete/],
  ['libc (malloc, printf, strtod...)', /^(dlmalloc|dlfree|malloc|free|realloc|calloc|printf|vfprintf|fmt_|pop_arg|__|str|mem|wcs|sn?printf|vsn?printf|strtod|fwrite|frexp|scalbn|emscripten_)/],
];
const parts = new Map(PARTS.map(([name]) => [name, { raw: 0, chunks: [], count: 0 }]));
parts.set('other', { raw: 0, chunks: [], count: 0 });
const functions = [];
bodies.forEach((b, i) => {
  const name = demangled[i] ?? mangled[i];
  const own = name.split('(')[0];
  const part = (PARTS.find(([, re]) => re.test(own)) ?? ['other'])[0];
  const entry = parts.get(part);
  entry.raw += b.length;
  entry.chunks.push(b);
  entry.count++;
  functions.push({ name, size: b.length, part });
});
console.log('\ncode section by part               functions        raw    gzipped');
const rows = [...parts].map(([name, p]) => ({ name, ...p, gz: p.raw ? gz(Buffer.concat(p.chunks)) : 0 }))
  .filter((r) => r.count > 0).sort((a, b) => b.raw - a.raw);
for (const r of rows) {
  console.log(`${r.name.padEnd(36)} ${String(r.count).padStart(6)} ${kib(r.raw)} ${kib(r.gz)}`);
}
if (top > 0) {
  console.log(`\nthe ${top} largest functions`);
  for (const f of functions.sort((a, b) => b.size - a.size).slice(0, top)) {
    console.log(`${String(f.size).padStart(8)}  ${f.part.padEnd(28).slice(0, 28)}  ${f.name.slice(0, 150)}`);
  }
}
