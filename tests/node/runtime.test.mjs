// wasm/js/runtime.mjs, what a module imports in place of Emscripten's glue, on a small
// module that calls each import on demand. Its text (binaryen's wasm-as made the bytes):
//   (module
//     (import "env" "emscripten_memcpy_big" (func $copy (param i32 i32 i32)))
//     (import "env" "emscripten_resize_heap" (func $resize (param i32) (result i32)))
//     (import "env" "abort" (func $abort))
//     (memory (export "memory") 1 4)
//     (global $constructed (mut i32) (i32.const 0))
//     (func (export "__wasm_call_ctors") (global.set $constructed (i32.const 1)))
//     (func (export "constructed") (result i32) (global.get $constructed))
//     (func (export "copy") (param i32 i32 i32) (call $copy (local.get 0) (local.get 1) (local.get 2)))
//     (func (export "resize") (param i32) (result i32) (call $resize (local.get 0)))
//     (func (export "abort") (call $abort)))
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiate } from '../../build/wasm/facade/runtime.mjs';
import { InternalError } from '../../build/wasm/facade/errors.mjs';

const BYTES = Buffer.from('AGFzbQEAAAABEwRgAABgA39/fwBgAX8Bf2AAAX8CRgMDZW52FWVtc2NyaXB0ZW5fbWVtY3B5X2JpZwABA2VudhZlbXNjcmlwdGVuX3Jlc2l6ZV9oZWFwAAIDZW52BWFib3J0AAADBgUAAwECAAUEAQEBBAYGAX8BQQALB0QGBm1lbW9yeQIAEV9fd2FzbV9jYWxsX2N0b3JzAAMLY29uc3RydWN0ZWQABARjb3B5AAUGcmVzaXplAAYFYWJvcnQABwokBQYAQQEkAAsEACMACwoAIAAgASACEAALBgAgABABCwQAEAIL', 'base64');
const PAGE = 65536;
const fresh = async () => instantiate(await WebAssembly.compile(BYTES));

test('the static constructors run once, before the module is handed over', async () => {
  const { exports } = await fresh();
  assert.equal(exports.constructed(), 1);
});

test('a large copy copies within the memory, overlapping ranges included', async () => {
  const { exports, memory } = await fresh();
  memory.bytes().set([1, 2, 3, 4, 5, 6, 7, 8], 1000);
  exports.copy(5000, 1000, 8);
  assert.deepEqual([...memory.bytes().subarray(5000, 5008)], [1, 2, 3, 4, 5, 6, 7, 8]);
  exports.copy(1002, 1000, 6);  // forwards over itself, as memmove
  assert.deepEqual([...memory.bytes().subarray(1000, 1008)], [1, 2, 1, 2, 3, 4, 5, 6]);
});

test('growth gives at least the size asked for, a new view of the bytes, and 0 past the maximum', async () => {
  const { exports, memory } = await fresh();
  const before = memory.bytes();
  before[10] = 42;
  assert.equal(exports.resize(2 * PAGE + 1), 1);
  const after = memory.bytes();
  assert.ok(after.length >= 3 * PAGE, `${after.length} bytes`);
  assert.equal(before.length, 0);  // the old view is detached
  assert.equal(after[10], 42);
  assert.equal(exports.resize(4 * PAGE), 1);  // up to the maximum (4 pages), without headroom
  assert.equal(memory.bytes().length, 4 * PAGE);
  assert.equal(exports.resize(4 * PAGE + 1), 0);
  assert.equal(memory.bytes().length, 4 * PAGE);
});

test('abort is an InternalError, not a crash of the host', async () => {
  const { exports } = await fresh();
  assert.throws(() => exports.abort(), (e) => e instanceof InternalError && e.code === 'internal');
});
