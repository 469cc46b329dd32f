// This library against php8.2-cli (scripts/bootstrap.sh installs it) on seeded random
// samples: writing (zone.format against date()) and reading (zone.parse against
// DateTime::createFromFormat, errors and warnings included) on random patterns of every
// reading character and modifier, texts from PHP's date() and mutated by a character.
// Every mismatch must be one of the deliberate differences of
// scripts/time-deliberate-differences.mjs. The long run is by hand:
//   node scripts/time-differential.mjs --parse 1000000 --random --seed N
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { load } from '../../dist/index.mjs';
import { PHP, run, startOracle, summary } from '../../scripts/time-differential.mjs';
import { DELIBERATE_DIFFERENCES } from '../../scripts/time-deliberate-differences.mjs';

const m = await load();

function phpVersion() {
  try {
    return execFileSync(PHP, ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' });
  } catch (e) {
    throw new Error(`${PHP} is needed (scripts/bootstrap.sh installs php8.2-cli): ${e.message}`);
  }
}

test('php8.2-cli is the oracle', () => {
  assert.match(phpVersion(), /^8\.2\./);
});

test('writing and reading: no mismatch outside the deliberate differences', async () => {
  const oracle = startOracle();
  try {
    const tally = await run({ m, oracle, seed: 20240917, format: 20_000, parse: 100_000 });
    assert.equal(tally.samples, 120_000);
    assert.deepEqual(tally.unexplained, {}, summary(tally));
    // the run did meet PHP: almost every sample is the same answer
    assert.ok(tally.matched > tally.samples * 0.98, summary(tally, { examples: false }));
    const known = new Set(DELIBERATE_DIFFERENCES.map((d) => d.id));
    for (const id of Object.keys(tally.deliberate)) assert.ok(known.has(id), id);
  } finally {
    await oracle.close();
  }
});

test('reading: the cases the differential found, as PHP answers them', () => {
  const utc = m.time.zone('UTC');
  const options = { now: 0, disambiguation: 'php' };
  // U sets the whole date at once (in UTC); later fields overwrite parts of it
  assert.equal(utc.parse('2645467200-Oct/', '!U-M/', options), 2645467200000);
  assert.equal(m.time.zone('Europe/Berlin').parse('1000000000-Mar', '!U-M', options),
    Date.UTC(2001, 2, 9, 1, 46, 40));
  // a meridian after ! (the hour is 0), "am." followed by a separator
  assert.equal(utc.parse('am.2', '!a.j', options), Date.UTC(1970, 0, 2));
  assert.equal(utc.parse('11 11-AM.', '!H g-A.', options), Date.UTC(1970, 0, 1, 11));
  // a zone from the text in a fold: PHP takes the earlier offset; the given zone the later
  assert.equal(utc.parse('2006-04-15 Asia/Colombo', '!Y-m-d e', options), Date.UTC(2006, 3, 14, 18));
  assert.equal(m.time.zone('Asia/Colombo').parse('2006-04-15', '!Y-m-d', options), Date.UTC(2006, 3, 14, 18, 30));
  assert.equal(utc.parse('2024-10-27 02:30 Europe/Berlin', '!Y-m-d H:i e', options), Date.UTC(2024, 9, 27, 0, 30));
  assert.equal(m.time.zone('Europe/Berlin').parse('2024-10-27 02:30', '!Y-m-d H:i', options), Date.UTC(2024, 9, 27, 1, 30));
  // a zone word ends where timelib's does (letters, digits, / _ - +)
  assert.equal(utc.parse('Europe/Paris:12', '!e:H', options), Date.UTC(1970, 0, 1, 11));
  // relative-unit words are "weekdays" for D/l in PHP: "week" moves 7 days less the weekday
  assert.equal(utc.parse('Month', '!D', options), Date.UTC(1970, 0, 5));
  // z normalises the time read before it: hour 70 is two days and 22 hours
  assert.equal(utc.parse('7000;23;112', '!Gv;d;z', options), Date.UTC(1970, 3, 25, 22));
});

test("PHP's legacy names are fixed offsets as PHP opens them, with validation's warning", () => {
  const july = Date.UTC(2024, 6, 1, 12);
  const pattern = 'e T Z I P p';
  // as php8.2-cli writes them (new DateTimeZone(name), date(pattern))
  assert.equal(m.time.zone('CET').format(july, pattern), 'CET CET 3600 0 +01:00 +01:00');
  assert.equal(m.time.zone('cet').format(july, pattern), 'CET CET 3600 0 +01:00 +01:00');
  assert.equal(m.time.zone('EST').format(july, pattern), 'EST EST -18000 0 -05:00 -05:00');
  assert.equal(m.time.zone('UCT').format(july, pattern), 'UCT UCT 0 0 +00:00 +00:00');
  assert.equal(m.time.zone('GMT+0').format(july, pattern), '+00:00 GMT+0000 0 0 +00:00 Z');
  // lower case: tzdb's link, as in PHP
  assert.equal(m.time.zone('gmt+0').format(july, pattern), 'gmt+0 GMT 0 0 +00:00 +00:00');
  assert.equal(m.time.canonicalZone('cet'), 'CET');
  assert.equal(m.time.zone('CET').parse('2024-07-01 12:00', '!Y-m-d H:i'), Date.UTC(2024, 6, 1, 11));
});
