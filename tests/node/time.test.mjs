// The time API as a JS developer sees it (dist/): zones, formats, parsing, conversions,
// batches, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, TimeError, ArgumentError } from '../../dist/index.mjs';

const m = await load();
const { time } = m;

test('database version and canonical names', () => {
  assert.match(time.version, /^\d{4}[a-z]$/);
  assert.equal(time.canonicalZone('US/Eastern'), 'America/New_York');
  assert.equal(time.canonicalZone('europe/kiev'), 'Europe/Kyiv');
  assert.equal(time.canonicalZone('Mars/Base'), null);
  assert.throws(() => time.canonicalZone(42), ArgumentError);
});

test('UTC is called UTC everywhere, as validation stores it', () => {
  // canonicalZone, Zone.canonical and previews once answered "Etc/UTC" where validation
  // stores "UTC"
  for (const name of ['UTC', 'Etc/UTC', 'Zulu', 'etc/universal']) {
    assert.equal(time.canonicalZone(name), 'UTC', name);
    assert.equal(time.zone(name).canonical, 'UTC', name);
    assert.equal(time.preview(name, 'T', 0).canonicalZone, 'UTC', name);
    assert.equal(time.filterWindow({ zone: name, format: 'Y', amount: 1, unit: 'days', now: 0 }).zone, 'UTC', name);
  }
});

test('zone handles: same handle per name, unknown zones are TimeErrors', () => {
  assert.equal(time.zone('Europe/Berlin'), time.zone('Europe/Berlin'));
  const link = time.zone('US/Eastern');
  assert.equal(link.name, 'US/Eastern');
  assert.equal(link.canonical, 'America/New_York');
  assert.throws(() => time.zone('Nowhere/Town'), (e) => e instanceof TimeError && e.code === 'unknown_time_zone');
});

test('format: PHP date() output, DST applied after 2037', () => {
  const ny = time.zone('America/New_York');
  assert.equal(ny.format(Date.UTC(2040, 6, 4, 16), 'Y-m-d H:i:s T P'), '2040-07-04 12:00:00 EDT -04:00');
  assert.equal(ny.format(Date.UTC(2040, 0, 4, 17), 'Y-m-d H:i:s T P'), '2040-01-04 12:00:00 EST -05:00');
  assert.equal(time.zone('US/Eastern').format(0, 'e'), 'US/Eastern');
  assert.equal(time.zone('UTC').format(-1, 'Y-m-d\\TH:i:s.vp U'), '1969-12-31T23:59:59.999Z -1');
  assert.equal(time.zone('Asia/Kathmandu').format(Date.UTC(2024, 0, 1), 'c'), '2024-01-01T05:45:00+05:45');
  assert.equal(time.zone('Europe/Paris').format(Date.UTC(2024, 6, 14), 'l jS \\o\\f F Y, g:i a'), 'Sunday 14th of July 2024, 2:00 am');
  assert.equal(time.zone('Europe/Berlin').format(Date.UTC(2024, 6, 14), 'd. M Y – H:i'), '14. Jul 2024 – 02:00');
  assert.equal(time.zone('UTC').format(Date.UTC(2100, 1, 28, 12), 'L t D'), '0 28 Sun');
  assert.equal(time.zone('UTC').format(Date.UTC(1900, 1, 28, 12), 'L t'), '0 28');
  assert.equal(time.zone('UTC').format(Date.UTC(2000, 1, 28, 12), 'L t'), '1 29');
  assert.equal(time.zone('UTC').format(1.5, 'u v'), '001500 001');
});

test('format: bad input', () => {
  const z = time.zone('UTC');
  assert.throws(() => z.format('2024', 'Y'), ArgumentError);
  assert.throws(() => z.format(NaN, 'Y'), (e) => e instanceof TimeError && e.code === 'out_of_range');
  assert.throws(() => z.format(1e17, 'Y'), (e) => e.code === 'out_of_range');
  assert.throws(() => z.format(0, 'Y'.repeat(2000)), (e) => e.code === 'too_long');
  assert.equal(z.format(0, ''), '');
});

test('formatMany equals format, for typed arrays and plain arrays', () => {
  const z = time.zone('Australia/Lord_Howe');
  const values = new Float64Array(5000);
  for (let i = 0; i < values.length; i++) values[i] = Date.UTC(2024, 0, 1) + i * 3600_000 * 1.7 + i;
  const pattern = 'Y-m-d H:i:s.v T';
  const many = z.formatMany(values, pattern);
  assert.equal(many.length, values.length);
  for (let i = 0; i < values.length; i++) assert.equal(many[i], z.format(values[i], pattern));
  // texts of varying length, decoded in pieces of ~16 KiB: every value, across every piece
  // boundary, equals its single call
  for (const varying of ['l jS F Y g:i a', 'D, d M Y H:i:s O', 'U', 'e']) {
    const texts = z.formatMany(values, varying);
    for (let i = 0; i < values.length; i++) assert.equal(texts[i], z.format(values[i], varying), `${varying} at ${i}`);
  }
  assert.deepEqual(z.formatMany([0, 1000], 'U'), ['0', '1']);
  assert.deepEqual(z.formatMany([], 'U'), []);
  assert.deepEqual(time.zone('Europe/Berlin').formatMany([0], 'j. F Y – H:i'), ['1. January 1970 – 01:00']);
  assert.throws(() => z.formatMany([0, Infinity], 'U'), (e) => e.code === 'out_of_range' && e.details.index === 1);
});

test('toWall and fromWall', () => {
  const z = time.zone('America/Sao_Paulo');
  const w = z.toWall(Date.UTC(2024, 4, 1, 12, 0, 0, 250));
  assert.deepEqual(w, { year: 2024, month: 5, day: 1, hour: 9, minute: 0, second: 0, millisecond: 250,
    microsecond: 0, offset: -10800, dst: false, weekday: 3, abbreviation: '-03' });
  assert.equal(z.fromWall(w), Date.UTC(2024, 4, 1, 12, 0, 0, 250));
  const ny = time.zone('America/New_York');
  const fold = { year: 2024, month: 11, day: 3, hour: 1, minute: 30 };
  assert.equal(ny.fromWall(fold), Date.UTC(2024, 10, 3, 5, 30));
  assert.equal(ny.fromWall(fold, 'later'), Date.UTC(2024, 10, 3, 6, 30));
  assert.throws(() => ny.fromWall(fold, 'reject'), (e) => e.code === 'repeated_time');
  const gap = { year: 2024, month: 3, day: 10, hour: 2, minute: 30 };
  assert.equal(ny.fromWall(gap), Date.UTC(2024, 2, 10, 7, 30));
  assert.equal(ny.fromWall(gap, 'earlier'), Date.UTC(2024, 2, 10, 6, 30));
  assert.throws(() => ny.fromWall(gap, 'reject'), (e) => e.code === 'skipped_time');
  assert.throws(() => ny.fromWall({ year: 2024, month: 2, day: 30 }), (e) => e.code === 'invalid_wall_time' && e.details.field === 'day');
  assert.throws(() => ny.fromWall({ year: 2024.5 }), ArgumentError);
  assert.throws(() => ny.fromWall(gap, 'sometimes'), ArgumentError);
});

test('parse: createFromFormat semantics and errors with positions', () => {
  const berlin = time.zone('Europe/Berlin');
  assert.equal(berlin.parse('2024-03-05 14:07:09', 'Y-m-d H:i:s'), Date.UTC(2024, 2, 5, 13, 7, 9));
  assert.equal(berlin.parse('2024-03-05T14:07:09+05:30', 'Y-m-d\\TH:i:sP'), Date.UTC(2024, 2, 5, 8, 37, 9));
  assert.equal(berlin.parse('1709644029', 'U'), 1709644029000);
  // fields the format does not read come from `now` in the zone
  const now = Date.UTC(2024, 6, 1, 10, 11, 12);
  assert.equal(berlin.parse('05/03/2024', 'd/m/Y', { now }), Date.UTC(2024, 2, 5, 11, 11, 12));
  assert.equal(berlin.parse('05/03/2024', '!d/m/Y', { now }), Date.UTC(2024, 2, 4, 23));
  assert.throws(() => berlin.parse('2024-03-05 14:07', 'Y-m-d H:i:s'),
    (e) => e instanceof TimeError && e.code === 'data_missing' && e.details.position === 16);
  assert.throws(() => berlin.parse('2024/03/05', 'Y-m-d'), (e) => e.code === 'unexpected_data' && e.details.position === 4);
  // positions count UTF-16 units, not bytes
  assert.throws(() => berlin.parse('5. März 2024', 'j. M Y'), (e) => e.code === 'no_textual_month' && e.details.position === 3);
  assert.throws(() => berlin.parse('«2024» x', '«Y»'), (e) => e.code === 'trailing_data' && e.details.position === 6);
  assert.equal(berlin.parse('«2024»', '!«Y»'), Date.UTC(2023, 11, 31, 23));
  // overflow is PHP's warning; strict makes it an error
  assert.equal(berlin.parse('2024-02-30', '!Y-m-d'), Date.UTC(2024, 2, 0, 23));
  assert.throws(() => berlin.parse('2024-02-30', '!Y-m-d', { strict: true }), (e) => e.code === 'invalid_date');
  // fold: compatible takes the earlier instant, php the later one east of UTC
  assert.equal(berlin.parse('2024-10-27 02:30', 'Y-m-d H:i'), Date.UTC(2024, 9, 27, 0, 30));
  assert.equal(berlin.parse('2024-10-27 02:30', 'Y-m-d H:i', { disambiguation: 'php' }), Date.UTC(2024, 9, 27, 1, 30));
  assert.throws(() => berlin.parse('2024-10-27 02:30', 'Y-m-d H:i', { disambiguation: 'reject' }), (e) => e.code === 'repeated_time');
  assert.throws(() => berlin.parse(42, 'Y'), ArgumentError);
});

test('format then parse round-trips in every hour of a DST year with an offset', () => {
  const z = time.zone('Australia/Lord_Howe');
  const pattern = 'Y-m-d\\TH:i:s.uP';
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 3600_000 + 0.125) {
    assert.equal(z.parse(z.format(t, pattern), pattern), t);
  }
});

test('checkFormat and preview', () => {
  const dm = time.checkFormat('d/m');
  assert.equal(dm.ok, true);
  assert.deepEqual(dm.warnings.find((w) => w.code === 'lossy_format').lost, ['year', 'hour', 'minute', 'second']);
  // by default the instance verdict: usable, dates written with it cannot be read back
  const c = time.checkFormat('c');
  assert.equal(c.ok, true);
  assert.equal(c.warnings[0].code, 'unreadable_character');
  const strict = time.checkFormat('c', { use: 'write_and_read' });
  assert.equal(strict.ok, false);
  assert.equal(strict.error.code, 'unreadable_character');
  assert.equal(time.checkFormat('c', { use: 'write' }).ok, true);
  assert.equal(time.checkFormat('ä Y\\', { use: 'write' }).error.position, 3);
  assert.throws(() => time.checkFormat('Y', { use: 'sideways' }), ArgumentError);
  const p = time.preview('Asia/Kolkata', 'd/m/Y H:i T', Date.UTC(2024, 0, 1));
  assert.equal(p.text, '01/01/2024 05:30 IST');
  assert.equal(p.offsetText, '+05:30');
  assert.equal(p.check.ok, true);
  assert.throws(() => time.preview('Nowhere', 'Y'), (e) => e instanceof TimeError && e.code === 'unknown_time_zone' && e.details.field === 'zone');
});

test('checkFormat speaks to the person choosing a format: no PHP function names or code quotes', () => {
  const jargon = /createFromFormat|date\(\)|DateTime|`/;
  const said = [];
  // every error and warning code: unreadable and unwritable characters, z before the year,
  // a dangling escape, lossy parts (with and without !), two-digit years, 12-hour clocks,
  // no offset, abbreviations
  for (const pattern of ['c', 'r', 'Z', 'Y-m-d!', 'z Y', 'Y\\', 'd/m', '!d/m', 'y-m-d H:i:sP', 'Y-m-d g:i:s', 'Y-m-d H:i:s', 'Y-m-d H:i:s T']) {
    const r = time.checkFormat(pattern, { use: 'write_and_read' });
    if (r.error) said.push(r.error.message);
    for (const w of r.warnings) said.push(w.message);
  }
  assert.ok(said.length >= 12);
  for (const message of said) assert.doesNotMatch(message, jargon, message);
  assert.match(time.checkFormat('c').warnings[0].message, /cannot be read back \(use Y-m-d\\TH:i:sP instead\)/);
  assert.match(time.checkFormat('!d/m', { use: 'read' }).warnings[0].message, /set as on 1 January 1970/);
  assert.match(time.checkFormat('d/m').warnings[0].message, /taken from the moment it is read/);
});

test('zones(): picker groups with current offsets and aliases', () => {
  const groups = time.zones(Date.UTC(2024, 6, 1));
  assert.deepEqual(groups.map((g) => g.region),
    ['Africa', 'America', 'Antarctica', 'Asia', 'Atlantic', 'Australia', 'Europe', 'Indian', 'Pacific', 'Etc']);
  const all = groups.flatMap((g) => g.zones);
  assert.ok(all.length > 400);
  const ny = all.find((z) => z.id === 'America/New_York');
  assert.equal(ny.offset, -14400);
  assert.equal(ny.abbreviation, 'EDT');
  assert.ok(ny.aliases.includes('US/Eastern'));
  const bsas = all.find((z) => z.id === 'America/Argentina/Buenos_Aires');
  assert.equal(bsas.label, 'Argentina / Buenos Aires');
  assert.equal(all.find((z) => z.id === 'Etc/UTC'), undefined);
  assert.ok(all.find((z) => z.id === 'UTC' && z.region === 'Etc').aliases.includes('Etc/UTC'));
  assert.equal(all.find((z) => z.id === 'EST5EDT'), undefined);
  for (const z of all) assert.equal(time.canonicalZone(z.id), z.id);
});

test('filterWindow validates its request', () => {
  const base = { zone: 'Europe/Berlin', format: 'Y-m-d', amount: 1, unit: 'days', now: 0 };
  assert.equal(time.filterWindow(base).fromText, '1969-12-31');
  assert.throws(() => time.filterWindow({ ...base, unit: 'fortnights' }), (e) => e.code === 'invalid_unit' && e.details.field === 'unit');
  assert.throws(() => time.filterWindow({ ...base, amount: -1 }), (e) => e.code === 'invalid_amount');
  assert.throws(() => time.filterWindow({ ...base, amount: 1.5 }), (e) => e.code === 'invalid_amount');
  assert.throws(() => time.filterWindow({ ...base, amount: 1e9, unit: 'years' }), (e) => e.code === 'out_of_range');
  assert.throws(() => time.filterWindow({ ...base, zone: 'Nowhere' }), (e) => e.code === 'unknown_time_zone');
  assert.throws(() => time.filterWindow({ ...base, amount: '1' }), ArgumentError);
});

test('parseMany reads a batch, with NaN or a TimeError carrying the index', () => {
  const z = time.zone('Europe/Berlin');
  const pattern = 'Y-m-d H:i:sP';
  const values = Array.from({ length: 3000 }, (_, i) => Date.UTC(2024, 0, 1) + i * 7_777_000);
  const texts = z.formatMany(values, pattern);
  const back = z.parseMany(texts, pattern);
  assert.ok(back instanceof Float64Array);
  assert.deepEqual(Array.from(back), values);
  const mixed = ['2024-03-05 14:07:09+01:00', 'nope', '«2024-03-05 14:07:09+01:00»'];
  const lenient = z.parseMany(mixed, pattern, { onError: 'nan' });
  assert.equal(lenient[0], Date.UTC(2024, 2, 5, 13, 7, 9));
  assert.ok(Number.isNaN(lenient[1]) && Number.isNaN(lenient[2]));
  assert.throws(() => z.parseMany(mixed, pattern),
    (e) => e instanceof TimeError && e.code === 'no_year' && e.details.index === 1 && e.details.position === 0);
  assert.throws(() => z.parseMany([mixed[0], mixed[2]], pattern), (e) => e.details.index === 1 && e.details.position === 0);
  assert.deepEqual(Array.from(z.parseMany(['5. März 2024'], '!j. F Y', { onError: 'nan' })), [NaN]);
  assert.deepEqual(Array.from(z.parseMany(['05.03.2024'], '!d.m.Y')), [Date.UTC(2024, 2, 4, 23)]);
  assert.deepEqual(Array.from(z.parseMany([], pattern)), []);
  assert.throws(() => z.parseMany(['x', 3], pattern), ArgumentError);
  assert.throws(() => z.parseMany('x', pattern), ArgumentError);
});
