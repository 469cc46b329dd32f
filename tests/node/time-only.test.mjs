// The time-only entry (connector-instances/time, dist/time-only.mjs and .cjs): its own,
// smaller module (connector-time.wasm) with the same time API as the package entry. Held
// against the package entry on the same calls, so the two cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import * as timeEntry from '../../dist/time-only.mjs';
import { load as loadPackage } from '../../dist/index.mjs';

const dist = new URL('../../dist/', import.meta.url);
const require = createRequire(import.meta.url);

// before any successful load: a failed load is not memoised
test('a binary that is not there is named in the error, and the next load still works', async () => {
  const missing = new URL('file:///nonexistent-folder/connector-time.wasm');
  await assert.rejects(timeEntry.load({ wasmUrl: missing }),
    (e) => e instanceof timeEntry.ModuleLoadError && e.code === 'module_load_failed'
      && e.message.includes('copy connector-time.wasm') && e.details.url === missing.href);
  // the time module's binary lacks what the package entry calls: refused by load(), not at a later call
  await assert.rejects(loadPackage({ wasmBinary: readFileSync(new URL('connector-time.wasm', dist)) }),
    (e) => e.name === 'ModuleLoadError' && e.code === 'module_load_failed'
      && e.message.includes("has no export core_catalog_load: it is not this entry's .wasm"));
  await assert.rejects(timeEntry.load({ wasmBinary: 'bytes' }), (e) => e instanceof timeEntry.ArgumentError);
});

let t;
let full;
test('loads', async () => {
  t = await timeEntry.load();
  full = await loadPackage();
});

test('the entry holds the time API, and only it', () => {
  assert.deepEqual(Object.keys(t).sort(), ['errors', 'time', 'version']);
  assert.equal(t.version, full.version);
  assert.deepEqual(Object.keys(t.time).sort(), Object.keys(full.time).sort());
  assert.equal(t.time.version, full.time.version);
  assert.equal(t.time.maxFormatLength, full.time.maxFormatLength);
  assert.equal(Object.isFrozen(t), true);
  assert.equal(t.errors.TimeError, timeEntry.TimeError);
  // load() is memoised
  assert.equal(timeEntry.load(), timeEntry.load());
});

test('the same answers as the package entry', () => {
  const instants = [Date.UTC(2024, 2, 10, 7, 30, 0, 250) + 0.125, Date.UTC(2024, 9, 27, 0, 30), 0, -1e12, 4102444800000];
  const patterns = ['Y-m-d H:i:s', 'D, d M Y H:i:s O', 'l jS F Y g:i A T', 'c', 'U.u e I', 'Y-m-d\\TH:i:s.vP'];
  const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'CET', 'UTC'];
  for (const name of zones) {
    const a = t.time.zone(name);
    const b = full.time.zone(name);
    assert.equal(a.name, b.name);
    for (const at of instants) {
      for (const p of patterns) assert.equal(a.format(at, p), b.format(at, p), `${name} ${at} ${p}`);
      assert.deepEqual(a.toWall(at), b.toWall(at));
      assert.equal(a.offsetAt(at), b.offsetAt(at));
    }
    assert.deepEqual(a.formatMany(instants, 'Y-m-d H:i:s'), b.formatMany(instants, 'Y-m-d H:i:s'));
    assert.equal(a.parse('2024-03-10 02:30:00', 'Y-m-d H:i:s'), b.parse('2024-03-10 02:30:00', 'Y-m-d H:i:s'));
    assert.deepEqual(a.parseMany(['2024-01-01 00:00:00', '2024-07-01 12:00:00'], 'Y-m-d H:i:s'),
      b.parseMany(['2024-01-01 00:00:00', '2024-07-01 12:00:00'], 'Y-m-d H:i:s'));
  }
  const now = Date.UTC(2026, 0, 15);
  assert.deepEqual(t.time.zones(now), full.time.zones(now));
  for (const name of ['us/eastern', 'Europe/Kiev', 'Mars/Base']) assert.equal(t.time.canonicalZone(name), full.time.canonicalZone(name));
  for (const p of ['Y-m-d H:i', 'c', 'g:i', 'y', '\\']) {
    assert.deepEqual(t.time.checkFormat(p), full.time.checkFormat(p), p);
    assert.deepEqual(t.time.checkFormat(p, { use: 'write_and_read' }), full.time.checkFormat(p, { use: 'write_and_read' }), p);
  }
  assert.deepEqual(t.time.preview('Europe/Berlin', 'd/m/Y H:i', now), full.time.preview('Europe/Berlin', 'd/m/Y H:i', now));
  const request = { zone: 'America/New_York', format: 'Y-m-d H:i:s', now, unit: 'hour', amount: 2 };
  assert.deepEqual(t.time.filterWindow(request), full.time.filterWindow(request));
});

test('failures are the entry\'s typed errors, with the core\'s codes', () => {
  assert.throws(() => t.time.zone('Europe/Berlni'), (e) => e instanceof timeEntry.TimeError && e.code === 'unknown_time_zone');
  assert.throws(() => t.time.zone(42), (e) => e instanceof timeEntry.ArgumentError);
  assert.throws(() => t.time.zone('UTC').parse('not a date', 'Y-m-d'), (e) => e instanceof timeEntry.TimeError);
  assert.throws(() => t.time.zone('UTC').parse('x', 'c'), (e) => e instanceof timeEntry.TimeError && e.code === 'unreadable_character');
});

test('CommonJS: dist/time-only.cjs loads the same module', async () => {
  const cjs = require('../../dist/time-only.cjs');
  const m = await cjs.load();
  assert.equal(m.time.zone('Asia/Kolkata').format(0, 'c'), '1970-01-01T05:30:00+05:30');
  assert.ok(m.errors.TimeError === cjs.TimeError);
});

test('the time module is the smaller download', () => {
  const gz = (f) => gzipSync(readFileSync(new URL(f, dist)), { level: 9 }).length;
  const timeOnly = gz('time-only.mjs') + gz('connector-time.wasm');
  const whole = gz('index.mjs') + gz('connector.wasm');
  assert.ok(timeOnly < whole / 2, `time entry ${timeOnly} B gzipped, package entry ${whole} B`);
  assert.ok(statSync(new URL('connector-time.wasm', dist)).size < statSync(new URL('connector.wasm', dist)).size / 2);
});
