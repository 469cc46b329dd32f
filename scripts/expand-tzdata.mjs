#!/usr/bin/env node
// Expands the compact IANA database `tzdata.zi` (zic input as shrunk by zishrink.awk, which
// Debian's tzdata package installs) into the long form that date 3.0.1's text parser reads,
// and writes it as a C++ source that embeds the text. Run by CMake at build time, natively
// only: the text is the input of the time zone compiler (tools/tzcompile), which turns it
// into the tables the library ships, and the reference of the native tests. The library
// itself (and the WebAssembly module) never sees this text. Never committed: it always
// matches the machine's tzdata.
//
//   node scripts/expand-tzdata.mjs <tzdata.zi> <out.cpp> [--dir <folder>]
//
// --dir also writes the expanded text files (`version`, `tzdata`) for inspection.
//
// What date 3.0.1 cannot read in tzdata.zi, and what this script rewrites:
//  - keywords abbreviated to R / Z / L           -> Rule / Zone / Link
//  - month and weekday names shortened to unique  -> the three-letter names date compares
//    prefixes (Ap, S, Su>=8, lastSu, F<=1)           (Apr, Sep, Sun>=8, lastSun, Fri<=1)
//  - o / ma / mi for only / max / min             -> the full words
//  - zone continuation lines without leading tab -> a tab (date requires it)
//  - time suffixes g and z (both mean UT)         -> u (date knows only s and u)
// and one addition:
//  - every zone's last line gets UNTIL 2502. date 3.0.1 prepares each zone by walking its
//    rules year by year up to the end of its last line; open-ended, that is year 32767 and
//    ~0.5 ms per zone. After 2100 the data changes no more (checked below: no rule and no
//    zone line ends or starts in or after 2100), so offsets repeat every 400 Gregorian
//    years (146097 days, a whole number of weeks): the compiler infers each zone's yearly
//    rules from date's answers and checks them over 2100-2501 (tools/tzcompile/
//    compile_zone.h), and the library folds any later instant back by whole cycles
//    (core/time/zone_table.h). 2502 leaves a margin for wall clocks ahead of UTC.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function fail(lineNo, message) {
  throw new Error(`tzdata.zi line ${lineNo}: ${message}`);
}

// zic accepts any unambiguous, case-insensitive prefix of a keyword.
function byPrefix(word, names, what, lineNo) {
  const w = word.toLowerCase();
  const hits = names.filter((n) => n.toLowerCase().startsWith(w));
  if (hits.length !== 1) fail(lineNo, `bad ${what} "${word}"`);
  return hits[0];
}
const month = (w, n) => byPrefix(w, MONTHS, 'month', n).slice(0, 3);
const weekday = (w, n) => byPrefix(w, WEEKDAYS, 'weekday', n).slice(0, 3);

// ON field: 5 | lastSun | Sun>=8 | Fri<=1
function day(field, n) {
  if (/^\d+$/.test(field)) return field;
  if (/^last/i.test(field)) return `last${weekday(field.slice(4), n)}`;
  const m = /^([A-Za-z]+)([<>]=)(\d+)$/.exec(field);
  if (!m) fail(n, `bad day "${field}"`);
  return `${weekday(m[1], n)}${m[2]}${m[3]}`;
}

// AT / UNTIL time: 2 | 2:00 | 23s | 1u | 0g | 0z
function time(field, n) {
  const m = /^(-?[\d:.]+)([wsugz]?)$/.exec(field);
  if (!m) fail(n, `bad time "${field}"`);
  const suffix = m[2] === 'g' || m[2] === 'z' ? 'u' : m[2] === 'w' ? '' : m[2];
  return m[1] + suffix;
}

function year(field, n, allowed) {
  if (/^-?\d+$/.test(field)) return field;
  return byPrefix(field, allowed, 'year', n);
}

// UNTIL = YEAR [MONTH [DAY [TIME]]]
function until(fields, n) {
  const out = [];
  if (fields.length > 0) out.push(year(fields[0], n, []));
  if (fields.length > 1) out.push(month(fields[1], n));
  if (fields.length > 2) out.push(day(fields[2], n));
  if (fields.length > 3) out.push(time(fields[3], n));
  if (fields.length > 4) fail(n, 'too many UNTIL fields');
  return out;
}

// The year where every zone's last line ends, and the year from which nothing changes any
// more (see the header).
export const END_YEAR = '2502';
export const PERIODIC_FROM = 2100;

// STDOFF RULES FORMAT [UNTIL...]; a line without UNTIL is the zone's last: it ends at
// END_YEAR.
function zoneBody(fields, n) {
  if (fields.length < 3) fail(n, 'zone line needs STDOFF RULES FORMAT');
  const end = fields.length > 3 ? until(fields.slice(3), n) : [END_YEAR];
  return [fields[0], fields[1], fields[2], ...end].join(' ');
}

export function expand(text) {
  const lines = text.split('\n');
  const versionMatch = /^#\s*version\s+(\S+)/.exec(lines[0] || '');
  if (!versionMatch) throw new Error('tzdata.zi: first line is not "# version <v>"');
  const out = [];
  let inZone = false;
  let zones = 0;
  let links = 0;
  let rules = 0;
  let lastChange = 0;  // the latest year a rule or zone line starts or ends
  const seen = (y) => { if (/^-?\d+$/.test(y)) lastChange = Math.max(lastChange, Number(y)); };
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const f = line.split(/\s+/);
    const kw = f[0];
    if (kw === 'R' || kw === 'Rule') {
      seen(f[2]);
      seen(f[3]);
    } else if (kw === 'Z' || kw === 'Zone') {
      seen(f[5] ?? '');
    } else if (kw !== 'L' && kw !== 'Link') {
      seen(f[3] ?? '');
    }
    if (kw === 'R' || kw === 'Rule') {
      // Rule NAME FROM TO - IN ON AT SAVE LETTER/S
      if (f.length !== 10) fail(n, 'rule line needs 10 fields');
      const from = year(f[2], n, ['minimum']).replace(/^minimum$/, 'min');
      const to = year(f[3], n, ['only', 'maximum']).replace(/^maximum$/, 'max');
      out.push(['Rule', f[1], from, to, '-', month(f[5], n), day(f[6], n), time(f[7], n),
        f[8], f[9]].join(' '));
      inZone = false;
      rules++;
    } else if (kw === 'Z' || kw === 'Zone') {
      out.push(`Zone ${f[1]} ${zoneBody(f.slice(2), n)}`);
      inZone = f.length > 5;  // an UNTIL means continuation lines follow
      zones++;
    } else if (kw === 'L' || kw === 'Link') {
      if (f.length !== 3) fail(n, 'link line needs TARGET NAME');
      out.push(`Link ${f[1]} ${f[2]}`);
      inZone = false;
      links++;
    } else if (inZone) {
      out.push(`\t${zoneBody(f, n)}`);
      inZone = f.length > 3;
    } else {
      fail(n, `unexpected line "${line}"`);
    }
  });
  if (lastChange >= PERIODIC_FROM) {
    throw new Error(`tzdata.zi changes in ${lastChange}, at or after ${PERIODIC_FROM}: the library `
      + 'assumes offsets repeat every 400 years from then on; raise PERIODIC_FROM here and '
      + 'ZoneTable::horizon in core/time/zone_table.h and periodic_from in '
      + 'tools/tzcompile/compile_zone.h together');
  }
  return { version: versionMatch[1], text: `${out.join('\n')}\n`, zones, links, rules, lastChange };
}

// Raw string literals in chunks (some compilers cap the length of one literal).
function cppSource({ version, text }, source) {
  const chunks = [];
  for (let i = 0; i < text.length; i += 8000) chunks.push(text.slice(i, i + 8000));
  if (text.includes(')tzdb"')) throw new Error('delimiter collision');
  return `// Generated by scripts/expand-tzdata.mjs from ${source}. Do not edit, do not commit.
#include "tools/tzcompile/tzdata_embedded.h"

namespace tzcompile {
namespace embedded {

const char tzdata_version[] = ${JSON.stringify(version)};

static const char text[] =
${chunks.map((c) => `R"tzdb(${c})tzdb"`).join('\n')};

const char* const tzdata_text = text;
const std::size_t tzdata_size = sizeof(text) - 1;

}  // namespace embedded
}  // namespace tzcompile
`;
}

function main(argv) {
  const [input, output, ...rest] = argv;
  if (!input || !output) {
    console.error('usage: expand-tzdata.mjs <tzdata.zi> <out.cpp> [--dir <folder>]');
    process.exit(2);
  }
  const result = expand(readFileSync(input, 'utf8'));
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, cppSource(result, input));
  const dirAt = rest.indexOf('--dir');
  if (dirAt >= 0) {
    const dir = rest[dirAt + 1];
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'version'), `${result.version}\n`);
    writeFileSync(join(dir, 'tzdata'), result.text);
  }
  console.log(`expand-tzdata: ${result.version}: ${result.zones} zones, ${result.links} links, `
    + `${result.rules} rules, last change ${result.lastChange}, ${result.text.length} bytes`);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
