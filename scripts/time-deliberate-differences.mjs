// Where this library deliberately answers differently from php8.2-cli, each with its
// reason (docs/api-time.md lists them too). The differential (scripts/time-differential.mjs)
// counts a mismatch as deliberate when one of these explains it; everything else is a bug.
//
// explain(sample, php, ours, context) -> the id of the difference, or null.
//   context: { m (this library, loaded), phpAbbreviations ({"cst": -21600, ...}, PHP's
//   offset for each abbreviation, from the oracle) }

const YEAR_US = 365.2425 * 86400 * 1e6;
const outsideYears = (us) => us < -(9999 + 1970) * YEAR_US || us >= (9999 - 1970 + 1) * YEAR_US;

// Whether the pattern reads a zone word (e T O P p) somewhere, escapes skipped.
function readsZone(pattern) {
  for (let k = 0; k < pattern.length; k++) {
    if (pattern[k] === '\\') { k++; continue; }
    if ('eTOPp'.includes(pattern[k])) return true;
  }
  return false;
}

// Words of the text this library reads as another offset than PHP does in the sample's
// zone (or that PHP does not know), near the instant written, PHP's answer or ours.
function abbreviationsReadDifferently(sample, php, ours, context) {
  const near = [sample.us / 1000, ours.ms, php.s === null ? null : php.s * 1000];
  return near.some((ms) => Number.isFinite(ms) && readDifferentlyNear(sample, ms, context));
}

function readDifferentlyNear(sample, nearMs, { m, phpAbbreviations }) {
  // every run of 1-5 letters: a pattern letter or escape may have taken the run's first
  // letters
  const words = new Set();
  for (const run of sample.text.match(/[A-Za-z]+/g) ?? [])
    for (let a = 0; a < run.length; a++)
      for (let b = a + 1; b <= Math.min(run.length, a + 5); b++) words.add(run.slice(a, b));
  const zone = m.time.zone(sample.zone);
  // the sample's instant as a UTC wall time (years 1-9999: Y writes four digits)
  const ms = Math.min(Math.max(Math.floor(nearMs / 1e6) * 1e6, -62135596800000), 253402300799000);
  const at = m.time.zone('UTC').format(ms, 'Y-m-d H:i:s');
  const wall = m.time.zone('UTC').parse(at, '!Y-m-d H:i:s');
  return [...words].some((word) => {
    let ours;
    try {
      ours = (wall - zone.parse(`${at} ${word}`, '!Y-m-d H:i:s T', { now: 0 })) / 1000;
    } catch {
      ours = null;
    }
    const php = phpAbbreviations[word.toLowerCase()] ?? null;
    return ours !== php;
  });
}

export const DELIBERATE_DIFFERENCES = [
  {
    id: 'years_outside_supported_range',
    reason: 'Dates are supported from -9999 to 9999: PHP reads years beyond that (a `U` of ' +
      'up to 24 digits, `X`/`x` of 19), this library answers out_of_range instead of a date ' +
      'no other part of the library can write or convert.',
    applies: (sample, php, ours) =>
      Boolean(ours.codes?.includes('out_of_range')) && (php.s === null || outsideYears(php.s * 1e6)),
  },
  {
    id: 'abbreviation_read_in_given_zone',
    reason: 'A `T` (or `e`/`O`/`P`/`p`) abbreviation is read in the given zone first: CST in ' +
      'Asia/Shanghai is +08:00, IST in Europe/Dublin +01:00, LMT the zone\'s own mean time, ' +
      'and Korea\'s KST +09:00. PHP reads only its own table (CST is always Chicago\'s ' +
      '-06:00, IST Israel\'s, KST +08:30, NST -03:30) and refuses abbreviations it lacks (LMT).',
    applies: (sample, php, ours, context) =>
      sample.op === 'parse' && readsZone(sample.pattern) && abbreviationsReadDifferently(sample, php, ours, context),
  },
  {
    id: 'zone_name_as_file_path',
    reason: 'Debian\'s PHP opens a zone read from the text as a file under its zoneinfo ' +
      'folder, so "/America/Cuiaba" (a leading slash) is a zone there; this library ' +
      'reads zone names, not paths.',
    applies: (sample, php, ours) =>
      sample.op === 'parse' && readsZone(sample.pattern) && ZONE_PATH.test(sample.text) &&
      zoneOnlyPhpFound(php, ours),
  },
];

// (kept apart for the list below)
const ZONE_PATH = /\/[A-Za-z]/;
const ZONE_NOT_FOUND = 'The timezone could not be found in the database';
// positions where this library found no zone and PHP did
const zoneOnlyPhpFound = (php, ours) =>
  Object.entries(ours.errors ?? {}).some(([at, message]) => message === ZONE_NOT_FOUND && php.errors[at] !== ZONE_NOT_FOUND);

export function explain(sample, php, ours, context) {
  for (const d of DELIBERATE_DIFFERENCES) if (d.applies(sample, php, ours, context)) return d.id;
  return null;
}
