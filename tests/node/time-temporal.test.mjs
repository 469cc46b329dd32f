// Disambiguation and calendar arithmetic checked against a Temporal polyfill
// (@js-temporal/polyfill): wall times in and around every DST gap and fold of 2020-2030
// in zones of both hemispheres, with 30-minute and 2-hour changes and a skipped day, for
// each of compatible / earlier / later / reject; and "last N days/weeks/months/years"
// windows against ZonedDateTime.subtract. The polyfill reads zones from the platform's
// ICU; the years tested are the same in its tz 2025c and our 2025b.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from '@js-temporal/polyfill';
import { load } from '../../dist/index.mjs';

const ZONES = ['America/New_York', 'Europe/Berlin', 'Europe/London', 'Australia/Sydney',
  'Australia/Lord_Howe', 'America/Santiago', 'America/Sao_Paulo', 'Pacific/Auckland',
  'Pacific/Chatham', 'Antarctica/Troll', 'Africa/Casablanca', 'Asia/Tehran', 'Pacific/Apia',
  'America/St_Johns', 'Asia/Gaza', 'Europe/Dublin', 'America/Havana'];
const MODES = ['compatible', 'earlier', 'later', 'reject'];

function temporalInstant(wall, zone, disambiguation) {
  try {
    return Temporal.PlainDateTime.from(wall).toZonedDateTime(zone, { disambiguation }).epochMilliseconds;
  } catch (e) {
    if (e instanceof RangeError) return 'reject';
    throw e;
  }
}

function oursInstant(z, wall, disambiguation) {
  try {
    return z.fromWall(wall, disambiguation);
  } catch (e) {
    if (e.code === 'skipped_time' || e.code === 'repeated_time') return 'reject';
    throw e;
  }
}

// Wall times to test around a transition at `t` (ms) from offset a to offset b (ns).
function wallsAround(zone, t) {
  const before = Temporal.Instant.fromEpochMilliseconds(t - 1).toZonedDateTimeISO(zone);
  const after = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone);
  const a = before.offsetNanoseconds / 1e6;
  const b = after.offsetNanoseconds / 1e6;
  const lo = t + Math.min(a, b);
  const hi = t + Math.max(a, b);
  const points = [lo - 60000, lo, lo + 1, (lo + hi) / 2, hi - 1000, hi, hi + 60000];
  return points.map((local) => {
    const d = new Date(Math.floor(local));
    return {
      year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
      hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
      millisecond: d.getUTCMilliseconds(),
    };
  });
}

test('fromWall matches Temporal for every disambiguation around DST changes', async () => {
  const m = await load();
  let checked = 0;
  let gapsAndFolds = 0;
  for (const zone of ZONES) {
    const z = m.time.zone(zone);
    let cursor = Temporal.ZonedDateTime.from({ year: 2020, month: 1, day: 1, timeZone: zone });
    const stop = Temporal.ZonedDateTime.from({ year: 2031, month: 1, day: 1, timeZone: zone });
    for (;;) {
      const next = cursor.getTimeZoneTransition('next');
      if (!next || Temporal.ZonedDateTime.compare(next, stop) >= 0) break;
      cursor = next;
      gapsAndFolds++;
      for (const wall of wallsAround(zone, next.epochMilliseconds)) {
        for (const mode of MODES) {
          const expected = temporalInstant(wall, zone, mode);
          const actual = oursInstant(z, wall, mode);
          assert.equal(actual, expected, `${zone} ${JSON.stringify(wall)} ${mode}`);
          checked++;
        }
      }
    }
  }
  assert.ok(gapsAndFolds > 250, `transitions seen: ${gapsAndFolds}`);
  assert.ok(checked > 7000);
});

test('filter windows of days and longer match ZonedDateTime.subtract', async () => {
  const m = await load();
  const units = ['days', 'weeks', 'months', 'years'];
  let checked = 0;
  for (const zone of ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Pacific/Apia', 'America/Santiago']) {
    // noon and 02:30 wall times on month ends and next to DST changes
    const nows = [];
    for (const [y, mo, d] of [[2024, 3, 31], [2024, 3, 10], [2024, 11, 3], [2024, 10, 27], [2024, 4, 7],
      [2024, 10, 6], [2024, 5, 31], [2025, 3, 1], [2024, 2, 29], [2012, 1, 1], [2011, 12, 31]]) {
      for (const hour of [2, 12]) {
        nows.push(Temporal.ZonedDateTime.from({ year: y, month: mo, day: d, hour, minute: 30, timeZone: zone }));
      }
    }
    for (const now of nows) {
      for (const unit of units) {
        for (const amount of [0, 1, 2, 7, 13, 30]) {
          const got = m.time.filterWindow({ zone, format: 'Y-m-d H:i:s', amount, unit, now: now.epochMilliseconds });
          const expected = now.subtract({ [unit]: amount }).epochMilliseconds;
          assert.equal(got.from, expected, `${zone} ${now} - ${amount} ${unit}`);
          assert.equal(got.to, now.epochMilliseconds);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 1000);
});

test('filter windows of seconds to hours are exact durations', async () => {
  const m = await load();
  const now = Date.UTC(2024, 2, 31, 1, 30);  // 03:30 CEST, 30 minutes after Berlin sprang forward
  const w = m.time.filterWindow({ zone: 'Europe/Berlin', format: 'Y-m-d H:i:sP', amount: 2, unit: 'hours', now });
  assert.equal(w.from, now - 2 * 3600000);
  assert.equal(w.fromText, '2024-03-31 00:30:00+01:00');  // two real hours, three on the wall
  assert.equal(w.toText, '2024-03-31 03:30:00+02:00');
  const s = m.time.filterWindow({ zone: 'UTC', format: 'U', amount: 90, unit: 'seconds', now });
  assert.equal(s.from, now - 90000);
  assert.equal(s.toText, String(now / 1000));
});
