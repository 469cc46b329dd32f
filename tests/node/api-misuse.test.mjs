// Misuse of the JS API is an ArgumentError with a stable code and the field it concerns
// (a draft that is no draft is the documented WizardError draft_invalid); answers shared
// between calls cannot be changed by a caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load, ArgumentError, SchedulerError, TimeError, WizardError } from '../../dist/index.mjs';

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

// One fact, one code, in every domain.
const shopInstance = (extra = {}) => ({
  connectorId: 'shop', name: 'EU store', authMethodId: 'access_token',
  credentials: { store_name: 'acme', access_token: `shpat_${'0'.repeat(32)}` }, ...extra,
});
const wizardOptions = { catalog, connectorId: 'shop' };

test('a member an instance does not have is unknown_field at its path, not silently left out', () => {
  assert.equal(m.validateInstance(catalog, shopInstance()).valid, true);
  const typo = m.validateInstance(catalog, shopInstance({ timezone: 'America/New_York' }));
  assert.equal(typo.valid, false);
  assert.deepEqual(typo.errors.map((e) => `${e.field} ${e.code}`), ['timezone unknown_field']);
  assert.equal(typo.errors[0].message, 'The timezone is not a field of an instance.');
  const nested = m.validateInstance(catalog, shopInstance({
    rateLimit: { amount: 2, unit: 'second', per: 'minute' }, id: 'i-1',
  }));
  assert.deepEqual(nested.errors.map((e) => `${e.field} ${e.code}`), ['id unknown_field', 'rateLimit.per unknown_field']);
  // the wizard's values: buildInstance refuses a path the connector has no input for, as set() does
  assert.throws(() => m.buildInstance(wizardOptions, { name: 'x', timezone: 'UTC' }),
    (e) => e instanceof WizardError && e.code === 'unknown_field' && e.details.field === 'timezone');
  const w = m.createWizard(wizardOptions);
  assert.throws(() => w.set('timezone', 'UTC'), (e) => e instanceof WizardError && e.code === 'unknown_field');
  w.dispose();
});

test('an unknown zone is unknown_time_zone in validation, the time API and parsing', () => {
  assert.equal(m.validateInstance(catalog, shopInstance({ timeZone: 'Mars/Base' })).errors[0].code, 'unknown_time_zone');
  assert.throws(() => m.time.zone('Mars/Base'), (e) => e instanceof TimeError && e.code === 'unknown_time_zone' && e.details.field === 'zone');
  assert.throws(() => m.time.preview('Mars/Base', 'Y'), (e) => e.code === 'unknown_time_zone');
  assert.throws(() => m.time.filterWindow({ zone: 'Mars/Base', format: 'Y', amount: 1, unit: 'day' }), (e) => e.code === 'unknown_time_zone');
  assert.throws(() => utc.parse('2024 Mars/Base', 'Y e'), (e) => e instanceof TimeError && e.code === 'unknown_time_zone');
});

test('a format that cannot be read back has one verdict: usable, with the same warning everywhere', () => {
  const check = m.time.checkFormat('c');
  assert.equal(check.ok, true);
  assert.deepEqual(check.warnings.map((w) => [w.code, w.position]), [['unreadable_character', 0]]);
  const validation = m.validateInstance(catalog, shopInstance({ dateFormat: 'c' }));
  assert.equal(validation.valid, true);
  assert.deepEqual(validation.warnings.map((w) => w.code), ['unreadable_character']);
  assert.equal(validation.warnings[0].message, check.warnings[0].message);
  assert.equal(m.time.preview('UTC', 'c', 0).check.warnings[0].code, 'unreadable_character');
  const w = m.createWizard(wizardOptions);
  w.set('name', 'EU store');
  while (!w.view().fields.some((f) => f.key === 'dateFormat')) w.next();
  assert.equal(w.set('dateFormat', 'c').fields.find((f) => f.key === 'dateFormat').warning.code, 'unreadable_character');
  w.dispose();
  // written as PHP does, and reading it back says why it fails
  const text = utc.format(0, 'c');
  assert.equal(text, '1970-01-01T00:00:00+00:00');
  for (const read of [() => utc.parse(text, 'c'), () => utc.parseMany([text], 'c')]) {
    assert.throws(read, (e) => e instanceof TimeError && e.code === 'unreadable_character'
      && e.details.field === 'pattern' && e.details.patternPosition === 0 && /Y-m-d\\TH:i:sP/.test(e.message));
  }
  assert.throws(() => utc.parse(`é ${text}`, 'é c'), (e) => e.code === 'unreadable_character' && e.details.patternPosition === 2);
  // asked for explicitly, the strict round-trip check still refuses it
  assert.equal(m.time.checkFormat('c', { use: 'write_and_read' }).error.code, 'unreadable_character');
});

test('one length limit for formats, from the core', () => {
  const max = m.time.maxFormatLength;
  assert.equal(max, 256);
  const longest = 'Y'.repeat(max);
  const over = `${longest}Y`;
  assert.equal(m.time.checkFormat(longest).ok, true);
  assert.equal(utc.format(0, longest).length, 4 * max);
  assert.equal(m.validateInstance(catalog, shopInstance({ dateFormat: longest })).valid, true);
  assert.deepEqual(m.time.checkFormat(over).error, { code: 'too_long', message: `The date format may not be longer than ${max} characters.`, position: max });
  // characters, not bytes
  assert.equal(m.time.checkFormat('é'.repeat(max)).ok, true);
  assert.equal(m.time.checkFormat('é'.repeat(max + 1)).error.code, 'too_long');
  assert.equal(m.time.checkFormat('é'.repeat(max + 1)).error.position, max);
  const tooLong = (field) => (e) => e instanceof TimeError && e.code === 'too_long' && e.details.field === field && e.details.max === max;
  assert.throws(() => utc.format(0, over), tooLong('pattern'));
  assert.throws(() => m.time.preview('UTC', over, 0), tooLong('format'));
  assert.throws(() => m.time.filterWindow({ zone: 'UTC', format: over, amount: 1, unit: 'day', now: 0 }), tooLong('format'));
  const validation = m.validateInstance(catalog, shopInstance({ dateFormat: over }));
  assert.deepEqual(validation.errors.map((e) => [e.field, e.code, e.params.max]), [['dateFormat', 'too_long', max]]);
});

test('an option outside its choices is an ArgumentError with the core\'s code', () => {
  const misuse = (code, field) => (e) => e instanceof ArgumentError && e.code === code && e.details.field === field;
  assert.throws(() => m.time.filterWindow({ zone: 'UTC', format: 'Y', amount: 1, unit: 'fortnight' }), misuse('invalid_unit', 'unit'));
  for (const bad of ['sooner', 5, null]) {
    assert.throws(() => utc.parse('2024', 'Y', { disambiguation: bad }), misuse('invalid_disambiguation', 'disambiguation'));
    assert.throws(() => utc.parseMany(['2024'], 'Y', { disambiguation: bad }), misuse('invalid_disambiguation', 'disambiguation'));
    assert.throws(() => utc.fromWall({ year: 2024 }, bad), misuse('invalid_disambiguation', 'disambiguation'));
  }
  assert.throws(() => m.time.checkFormat('Y', { use: 'sideways' }), misuse('invalid_argument', 'use'));
});

test('an aborted request rejects with SchedulerError aborted, the signal\'s reason as its cause', async () => {
  const scheduler = m.createScheduler();
  const reason = new Error('user left');
  await assert.rejects(scheduler.schedule({ signal: AbortSignal.abort(reason) }, () => 1),
    (e) => e instanceof SchedulerError && e.code === 'aborted' && e.cause === reason);
  await assert.rejects(scheduler.schedule({ signal: AbortSignal.abort() }, () => 1),
    (e) => e instanceof SchedulerError && e.code === 'aborted' && e.cause.name === 'AbortError');
  scheduler.dispose();
});

test('the picker and the wizard offer one list of zones', () => {
  const picker = m.time.zones().flatMap((g) => g.zones.map((z) => z.id));
  const w = m.createWizard(wizardOptions);
  w.set('name', 'EU store');
  while (!w.view().fields.some((f) => f.type === 'timezone')) w.next();
  const wizard = w.view().fields.find((f) => f.type === 'timezone').options.map((o) => o.value);
  w.dispose();
  assert.deepEqual(wizard, picker);
  assert.deepEqual(m.describeForm(wizardOptions).settings.find((f) => f.type === 'timezone').options.map((o) => o.value), picker);
});
