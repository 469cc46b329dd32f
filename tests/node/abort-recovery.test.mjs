// The real module when a call cannot go on: the core is built without C++ exceptions, so an
// allocation the memory cannot hold aborts the call (wasm/js/runtime.mjs). Here the memory
// is kept from growing while calls that need more than it holds run: each must end as an
// InternalError, and afterwards, with growth allowed again, the module must answer as it did
// before (same catalog, same results, new objects work, the stack is whole).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

// Wraps the memory growth the runtime gives the module: `refuse` makes it answer "no more".
let refuse = false;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = (compiled, imports) => {
  const grow = imports.env.emscripten_resize_heap;
  imports.env.emscripten_resize_heap = (bytes) => (refuse ? 0 : grow(bytes));
  return instantiate(compiled, imports);
};
const { load, InternalError } = await import('../../dist/index.mjs');
const m = await load();
WebAssembly.instantiate = instantiate;

const definition = readFileSync(new URL('./fixtures/server-catalog/shop.json', import.meta.url), 'utf8');
const catalog = m.loadCatalog([definition]);
const instance = {
  connectorId: 'shop', name: 'EU store', authMethodId: 'access_token',
  credentials: { store_name: 'acme', access_token: `shpat_${'0'.repeat(32)}` },
};
const invalid = { ...instance, timeZone: 'Mars/Base' };
const MANY = new Float64Array(900_000).fill(Date.UTC(2024, 2, 31, 0, 30));
const PATTERN = 'l jS F Y g:i A';  // ~30 bytes per value: more text than the memory holds

function answers() {
  const zone = m.time.zone('Europe/Berlin');
  const wizard = m.createWizard({ catalog, connectorId: 'shop' });
  const view = wizard.set('name', 'EU store');
  wizard.dispose();
  return {
    valid: m.validateInstance(catalog, instance),
    invalid: m.validateInstance(catalog, invalid),
    connectors: catalog.connectors(),
    formatted: zone.format(MANY[0], PATTERN),
    parsed: zone.parse('2024-03-31 02:30:00', 'Y-m-d H:i:s'),
    wizardName: nameIn(view),
  };
}

const isAbort = (e) => e instanceof InternalError && e.code === 'internal';
const nameIn = (view) => view.fields.find((f) => f.key === 'name').value;

// Runs first, while the memory the module has is unused: the aborted call takes some of it.
test('a wizard whose call aborted is still usable', () => {
  const wizard = m.createWizard({ catalog, connectorId: 'shop' });
  wizard.set('name', 'EU store');
  refuse = true;
  try {
    assert.throws(() => wizard.set('name', 'x'.repeat(1_500_000)), isAbort);
  } finally {
    refuse = false;
  }
  // The call is not undone: the value may have been stored before the memory ran out, as
  // when an exception ended it. The wizard answers and takes the next value.
  assert.equal(wizard.view().step, 'name');
  assert.equal(nameIn(wizard.set('name', 'EU store 2')), 'EU store 2');
  assert.equal(wizard.next().step, 'settings');
  wizard.dispose();
});

test('calls that need more memory than there is end as InternalError, and the module answers as before after them', () => {
  const before = answers();
  assert.equal(before.valid.valid, true);
  assert.equal(before.invalid.errors[0].code, 'unknown_time_zone');

  refuse = true;
  try {
    const zone = m.time.zone('Europe/Berlin');
    assert.throws(() => zone.formatMany(MANY, PATTERN), isAbort);
    // What an aborted call had allocated is not freed (no destructor runs), so the next
    // large call may not even find room for its arguments: out_of_memory, also an
    // InternalError. Either way the stack is whole and the module answers.
    for (let i = 0; i < 25; ++i) {
      assert.throws(() => zone.formatMany(MANY, PATTERN), (e) => e instanceof InternalError);
    }
    assert.deepEqual(m.validateInstance(catalog, instance), before.valid);
  } finally {
    refuse = false;
  }

  assert.deepEqual(answers(), before);
  const texts = m.time.zone('Europe/Berlin').formatMany(MANY, PATTERN);  // the memory grows now
  assert.equal(texts.length, MANY.length);
  assert.equal(texts[MANY.length - 1], before.formatted);
});
