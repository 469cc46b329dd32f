// scripts/wasm-order-functions.mjs reorders a binary's functions after Binaryen's passes
// (wasm/module.cmake): every call, table entry, export, start and name has to follow its
// function to the new place, and no other byte may change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { functionNames, readBodies, readSections } from '../../scripts/wasm-binary.mjs';
import { orderBinaryForGzip, orderForGzip, reorderFunctions } from '../../scripts/wasm-order-functions.mjs';

const dist = new URL('../../dist/', import.meta.url);
const features = ['--enable-bulk-memory', '--enable-sign-ext', '--enable-nontrapping-float-to-int'];

// A module with an import, a table, an element segment, a start function and exports, whose
// functions use every kind of immediate the build's instruction set has.
function fixtureModule() {
  const out = join(mkdtempSync(join(tmpdir(), 'order-')), 'fixture.wasm');
  execFileSync('wasm-as', [...features, '--debuginfo', new URL('fixtures/function-order.wat', import.meta.url).pathname, '-o', out]);
  return readFileSync(out);
}

const functionNamesOf = (bytes) => functionNames(readSections(bytes).sections);
const definedCount = (bytes) => readBodies(readSections(bytes).sections).length;

// the order that puts each function back: the reordered binary's k-th is order[k]
function inverse(order) {
  const back = new Array(order.length);
  order.forEach((old, k) => { back[old] = k; });
  return back;
}

// a permutation from a seeded generator, so that a failure can be run again
function shuffled(n, seed) {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

async function run(bytes) {
  const { instance } = await WebAssembly.instantiate(bytes, { env: { twice: (x) => 2 * x } });
  const e = instance.exports;
  return { branches: [0, 1, 2, 3].map((x) => e.branches(x)), table: [e.table(3), e.table(4)], global: e.global() };
}

test('a reordered module computes what the original does, whatever the order', async () => {
  const original = fixtureModule();
  const expected = await run(original);
  assert.ok(functionNamesOf(original).size > 5);
  assert.deepEqual(expected, { branches: [1, 2916, 105, 105], table: [9, 5], global: 42 });
  const n = definedCount(original);
  const orders = [Array.from({ length: n }, (_, i) => n - 1 - i), shuffled(n, 1), shuffled(n, 2), shuffled(n, 3)];
  for (const order of orders) {
    const reordered = reorderFunctions(original, order);
    assert.ok(WebAssembly.validate(reordered), `order ${order}`);
    assert.notDeepEqual(reordered, original);
    assert.deepEqual(await run(reordered), expected, `order ${order}`);
    // the functions' types and bodies are where the order put them
    assert.equal(definedCount(reordered), n);
    // each name follows its function (one import comes first)
    const names = functionNamesOf(original);
    const renamed = functionNamesOf(reordered);
    assert.equal(renamed.get(0), names.get(0));
    order.forEach((old, k) => assert.equal(renamed.get(k + 1), names.get(old + 1)));
    // and the inverse order gives back the original, byte for byte
    assert.deepEqual(reorderFunctions(reordered, inverse(order)), original);
  }
  assert.deepEqual(await run(orderBinaryForGzip(original)), expected);
});

test('the shipped binaries survive any order and its inverse byte for byte', () => {
  for (const file of ['connector.wasm', 'connector-time.wasm']) {
    const shipped = readFileSync(new URL(file, dist));
    const n = definedCount(shipped);
    assert.ok(n > 400, `${file}: ${n} functions`);
    const order = shuffled(n, 7);
    const reordered = reorderFunctions(shipped, order);
    assert.ok(WebAssembly.validate(reordered), file);
    assert.deepEqual(WebAssembly.Module.exports(new WebAssembly.Module(reordered)).map((e) => e.name),
      WebAssembly.Module.exports(new WebAssembly.Module(shipped)).map((e) => e.name));
    assert.deepEqual(reorderFunctions(reordered, inverse(order)), shipped, file);
  }
});

test('the order is deterministic and a permutation; a bad order or instruction is refused', () => {
  const shipped = readFileSync(new URL('connector-time.wasm', dist));
  const bodies = readBodies(readSections(shipped).sections);
  const order = orderForGzip(bodies);
  assert.deepEqual(orderForGzip(bodies), order);
  assert.deepEqual([...order].sort((a, b) => a - b), bodies.map((_, i) => i));
  assert.equal(order[0], 0);

  const original = fixtureModule();
  const n = definedCount(original);
  assert.throws(() => reorderFunctions(original, [0]), /not a permutation/);
  assert.throws(() => reorderFunctions(original, Array(n).fill(0)), /not a permutation/);
  // a SIMD instruction (0xfd) is outside the build's set: refused, not guessed at
  const simd = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    1, 4, 1, 0x60, 0, 0,              // type: () -> ()
    3, 2, 1, 0,                        // one function of that type
    10, 8, 1, 6, 0, 0xfd, 0x0c, 0x00, 0x1a, 0x0b]);  // body: v128.const (cut short), drop, end
  assert.throws(() => reorderFunctions(simd, [0]), /outside the supported set/);
});
