// wasm/js/runtime.mjs, what a module imports in place of Emscripten's glue, on a small
// module that calls each import on demand. Its text (binaryen's wasm-as made the bytes):
//   (module
//     (import "env" "emscripten_resize_heap" (func $resize (param i32) (result i32)))
//     (import "env" "abort" (func $abort))
//     (memory (export "memory") 1 4)
//     (global $constructed (mut i32) (i32.const 0))
//     (global $sp (mut i32) (i32.const 4096))
//     (func (export "__wasm_call_ctors") (global.set $constructed (i32.const 1)))
//     (func (export "constructed") (result i32) (global.get $constructed))
//     (func (export "resize") (param i32) (result i32) (call $resize (local.get 0)))
//     (func (export "stackSave") (result i32) (global.get $sp))
//     (func (export "stackRestore") (param i32) (global.set $sp (local.get 0)))
//     ;; takes 64 bytes of stack, then aborts, as a call that fails deep in the core does
//     (func (export "abort") (global.set $sp (i32.sub (global.get $sp) (i32.const 64))) (call $abort)))
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiate } from '../../build/wasm/facade/runtime.mjs';
import { InternalError } from '../../build/wasm/facade/errors.mjs';

const BYTES = Buffer.from('AGFzbQEAAAABEQRgAABgAX8Bf2AAAX9gAX8AAioCA2VudhZlbXNjcmlwdGVuX3Jlc2l6ZV9oZWFwAAEDZW52BWFib3J0AAADBwYAAgECAwAFBAEBAQQGDAJ/AUEAC38BQYAgCwdYBwZtZW1vcnkCABFfX3dhc21fY2FsbF9jdG9ycwACC2NvbnN0cnVjdGVkAAMGcmVzaXplAAQJc3RhY2tTYXZlAAUMc3RhY2tSZXN0b3JlAAYFYWJvcnQABwotBgYAQQEkAAsEACMACwYAIAAQAAsEACMBCwYAIAAkAQsMACMBQcAAayQBEAEL', 'base64');
const PAGE = 65536;
const fresh = async () => instantiate(await WebAssembly.compile(BYTES));

test('the static constructors run once, before the module is handed over', async () => {
  const { exports } = await fresh();
  assert.equal(exports.constructed(), 1);
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

test('abort is an InternalError, not a crash of the host, and gives the stack back', async () => {
  const { exports } = await fresh();
  const top = exports.stackSave();
  for (let i = 0; i < 3; ++i) {
    assert.throws(() => exports.abort(), (e) => e instanceof InternalError && e.code === 'internal');
    assert.equal(exports.stackSave(), top);  // not 64 bytes less per aborted call
  }
});
