// The modules have no embind and no Emscripten glue: their exports are plain C functions of
// numbers (wasm/bindings/*.cpp) whose texts cross through memory (wasm/bindings/
// text_calls.h), the facade calls them through wasm/js/module-calls.mjs, and
// wasm/js/runtime.mjs gives them what they import. These tests hold the two sides to each
// other and the crossing to the text it carries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { load } from '../../dist/index.mjs';

const dist = new URL('../../dist/', import.meta.url);
const facade = new URL('../../wasm/js/', import.meta.url);
const exportedBy = (file) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(new URL(file, dist))))
  .map((e) => e.name).filter((n) => n.startsWith('core_')).sort();
const calledBy = (files) => [...new Set(files.flatMap((f) => [...readFileSync(new URL(f, facade), 'utf8')
  .matchAll(/\b(core_[a-z0-9_]+)/g)].map((m) => m[1])))].sort();

test('every export of each module is called by its entry\'s facade, and every call has its export', () => {
  const facadeFiles = readdirSync(facade).filter((f) => f.endsWith('.mjs'));
  const packageExports = exportedBy('connector.wasm');
  assert.ok(packageExports.length > 60, `${packageExports.length} exports`);
  // core_js_constants is read by constants.test.mjs, which holds constants.mjs against it
  assert.deepEqual(calledBy(facadeFiles), packageExports.filter((n) => n !== 'core_js_constants'));
  // the time-only module: the time exports and the module-wide ones, each called by its facade
  const timeExports = exportedBy('connector-time.wasm');
  assert.deepEqual(calledBy(['time.mjs', 'module-calls.mjs', 'time-only.mjs']).filter((n) => timeExports.includes(n)), timeExports);
  assert.ok(timeExports.every((n) => packageExports.includes(n)));
  assert.ok(!timeExports.some((n) => /catalog|wizard|scheduler|validate/.test(n)));
});

test('the binaries import only the two functions wasm/js/runtime.mjs gives them', () => {
  for (const file of ['connector.wasm', 'connector-time.wasm']) {
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(new URL(file, dist))));
    assert.deepEqual(imports.map((i) => `${i.module}.${i.name}:${i.kind}`).sort(),
      ['env.abort:function', 'env.emscripten_resize_heap:function'], file);
  }
});

test('texts cross intact both ways: multi-byte UTF-8, lone surrogates as U+FFFD, large arguments', async () => {
  const m = await load();
  assert.equal(m.instanceNameKey('  Größe Störe  '), 'größe störe');
  assert.equal(m.instanceNameKey('東京 ストア 🏪'), '東京 ストア 🏪');
  const error = m.fieldError('credentials.clé', 'required');
  assert.equal(error.message, 'The clé field is required.');
  assert.throws(() => m.time.zone('Europe/Par\uD800is'), (e) => e.code === 'unknown_time_zone' && e.message.includes('Par\uFFFDis'));
  assert.equal(m.time.zone('UTC').format(0, 'Y \uD800'), '1970 \uFFFD');
  // an argument of megabytes grows the input area and the module's memory; the next calls still read right
  const big = JSON.stringify({ id: 'x'.repeat(3_000_000) });
  const answer = m.validateConnectorDefinition(big);
  assert.equal(answer.valid, false);
  assert.equal(m.instanceNameKey('After'), 'after');
  // an export that answers a number after reading a large text (its input area is released)
  assert.throws(() => m.time.zone('x'.repeat(2_000_000)), (e) => e.code === 'unknown_time_zone');
  assert.equal(m.time.zone('Asia/Tokyo').format(0, 'H:i T'), '09:00 JST');
});

test('wizards and schedulers live in the module until disposed; many come and go', async () => {
  const m = await load();
  const catalog = [readFileSync(new URL('../../web/catalog/shopify.json', import.meta.url), 'utf8')];
  for (let i = 0; i < 200; i++) {
    const wizard = m.createWizard({ catalog, connectorId: 'shopify' });
    assert.equal(wizard.set('name', `Store ${i}`).step, 'name');
    wizard.dispose();
    const scheduler = m.createScheduler();
    assert.equal(scheduler.stats().queued, 0);
    scheduler.dispose();
  }
  assert.equal(m.retryAfterMs('3', 0), 3000);
});
