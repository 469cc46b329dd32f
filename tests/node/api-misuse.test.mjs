// Misuse of the JS API is an ArgumentError with a stable code and the field it concerns
// (a draft that is no draft is the documented WizardError draft_invalid); answers shared
// between calls cannot be changed by a caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load, ArgumentError, WizardError } from '../../dist/index.mjs';

const m = await load();
const definition = readFileSync(new URL('./fixtures/server-catalog/shop.json', import.meta.url), 'utf8');
const catalog = m.loadCatalog([definition]);
const utc = m.time.zone('UTC');
const argumentError = (field) => (e) => e instanceof ArgumentError && e.code === 'invalid_argument' && e.details.field === field;

test('null or non-object options are ArgumentErrors, not TypeErrors', () => {
  for (const bad of [null, 'x', 5, []]) {
    assert.throws(() => utc.parse('2024', 'Y', bad), argumentError('options'));
    assert.throws(() => utc.parseMany(['2024'], 'Y', bad), argumentError('options'));
    assert.throws(() => m.time.checkFormat('Y', bad), argumentError('options'));
    assert.throws(() => m.time.filterWindow(bad), argumentError('options'));
  }
  // left out, they default as before
  assert.equal(utc.parse('2024-01-02', 'Y-m-d|'), Date.UTC(2024, 0, 2));
  assert.equal(m.time.checkFormat('Y').ok, true);
});

test('formatMany takes arrays and typed arrays only', () => {
  for (const bad of ['abc', { length: 1, 0: 0 }, new DataView(new ArrayBuffer(8)), 5]) {
    assert.throws(() => utc.formatMany(bad, 'Y'), argumentError('epochMs'));
  }
  assert.deepEqual(utc.formatMany([0], 'Y'), ['1970']);
  assert.deepEqual(utc.formatMany(new Float64Array([0]), 'Y'), ['1970']);
});

test('restoreWizard of something that is no draft is draft_invalid', () => {
  for (const bad of [null, 'null', '[]', 5, {}]) {
    assert.throws(() => m.restoreWizard(bad, { catalog }), (e) => e instanceof WizardError && e.code === 'draft_invalid'
      && typeof e.details.pointer === 'string', JSON.stringify(bad));
  }
});

test('the zone list is frozen: a caller cannot empty the next call\'s answer', () => {
  const first = m.time.zones();
  const count = first.reduce((n, g) => n + g.zones.length, 0);
  assert.throws(() => { first[0].zones.length = 0; }, TypeError);
  assert.throws(() => { first[0].zones[0].label = 'x'; }, TypeError);
  assert.throws(() => { first.pop(); }, TypeError);
  assert.equal(m.time.zones().reduce((n, g) => n + g.zones.length, 0), count);
});
