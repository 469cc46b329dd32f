// Differential test against the platform's ICU (Intl.DateTimeFormat): every zone and link
// of the machine's tzdata, a large sample of instants 1970-2100 plus both sides of every
// transition we know of 1970-2040 and a sample up to 9999, compared as wall-clock time and
// UTC offset.
//
// Node 20 carries ICU with tz 2025c; the library embeds the machine's tzdata 2025b. The
// differences that exist are listed in EXPLAINED with their reason; anything else fails.
// Before 1970 the two sources are not comparable: Debian's tzdata.zi carries backzone
// history for zones that IANA's main data (ICU) merges into others. PHP's legacy names
// (CET, EST, GMT+0, ...) open as PHP opens them, fixed offsets: they are compared with
// php8.2-cli in time-php-differential.test.mjs instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load } from '../../dist/index.mjs';
import { LEGACY_NAMES } from '../../scripts/time-differential.mjs';

const EXPLAINED = [
  {
    zones: ['America/Tijuana', 'Mexico/BajaNorte', 'America/Ensenada', 'America/Santa_Isabel'],
    from: Date.UTC(1961, 0, 1), to: Date.UTC(1976, 0, 1),
    reason: 'version: 2025b has Baja California on PST without DST 1961-1975; ICU\'s 2025c '
      + '(and moment-timezone\'s 2026f data) have it observe US DST in those years',
  },
  {
    zones: ['EET'], from: Date.UTC(1970, 0, 1), to: Date.UTC(1981, 0, 1),
    reason: 'packaging: ICU follows IANA main data, where EET is a link to Europe/Athens '
      + '(Greek DST of 1975-1980); Debian\'s tzdata.zi keeps EET as its own zone on EU rules',
  },
  {
    zones: ['WET'], from: Date.UTC(1970, 0, 1), to: Date.UTC(1997, 0, 1),
    reason: 'packaging: ICU links WET to Europe/Lisbon (Portugal used CET/CEST 1992-1996 and '
      + 'other rules before 1983); Debian\'s tzdata.zi keeps WET as its own zone on EU rules',
  },
];

function explanation(zone, ms) {
  return EXPLAINED.find((e) => e.zones.includes(zone) && ms >= e.from && ms < e.to);
}

function allNames() {
  const names = [];
  for (const line of readFileSync('/usr/share/zoneinfo/tzdata.zi', 'utf8').split('\n')) {
    if (line.startsWith('Z ')) names.push(line.split(' ')[1]);
    else if (line.startsWith('L ')) names.push(line.split(' ')[2]);
  }
  return names;
}

// ICU's view: wall fields and offset seconds
function icuView(fmt, ms) {
  const p = {};
  for (const x of fmt.formatToParts(ms)) p[x.type] = x.value;
  const m = /^GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(p.timeZoneName);
  const offset = m[1] ? (m[1] === '-' ? -1 : 1) * (+m[2] * 3600 + +m[3] * 60 + +(m[4] ?? 0)) : 0;
  return `${+p.year}-${+p.month}-${+p.day} ${+p.hour}:${+p.minute}:${+p.second} ${offset}`;
}

// Every instant where our offset changes, found by daily steps and bisection to the second.
function transitions(zone, from, to) {
  const out = [];
  const day = 86400000;
  let prev = zone.offsetAt(from);
  for (let t = from + day; t <= to; t += day) {
    const o = zone.offsetAt(t);
    if (o !== prev) {
      let lo = t - day; let hi = t;  // offset(lo) = prev, offset(hi) = o
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (zone.offsetAt(mid) === prev) lo = mid; else hi = mid;
      }
      out.push(hi);
      prev = o;
    }
  }
  return out;
}

test('every zone agrees with ICU from 1970 on, except explained version/packaging differences', async () => {
  const m = await load();
  let seed = 20250105;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const start = Date.UTC(1970, 0, 1);
  const end = Date.UTC(2100, 0, 1);
  let compared = 0;
  const explained = new Map();
  const unexplained = [];
  const skipped = [];
  for (const name of allNames()) {
    if (LEGACY_NAMES.includes(name)) continue;
    let fmt;
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'longOffset',
      });
    } catch {
      skipped.push(name);  // ICU does not know it (Factory)
      continue;
    }
    const zone = m.time.zone(name);
    const instants = [];
    for (let i = 0; i < 1200; i++) instants.push(start + Math.floor(random() * (end - start) / 1000) * 1000);
    for (const t of transitions(zone, start, Date.UTC(2040, 0, 1))) instants.push(t - 1000, t);
    // far future: offsets after 2500 come from folding by 400-year cycles
    const far = Date.UTC(9999, 11, 31);
    for (let i = 0; i < 60; i++) instants.push(end + Math.floor(random() * (far - end) / 1000) * 1000);
    for (const ms of instants) {
      const ours = zone.format(ms, 'Y-n-j G:') + (+zone.format(ms, 'i')) + ':' + (+zone.format(ms, 's')) + ' ' + zone.format(ms, 'Z');
      const theirs = icuView(fmt, ms);
      compared++;
      if (ours === theirs) continue;
      const why = explanation(name, ms);
      if (why) explained.set(why.reason, (explained.get(why.reason) ?? 0) + 1);
      else unexplained.push(`${name} ${new Date(ms).toISOString()}: ours ${ours}, ICU ${theirs}`);
    }
  }
  console.log(`ICU differential: ${compared} instants, ${explained.size ? [...explained.values()].reduce((a, b) => a + b) : 0} explained mismatches, ${unexplained.length} unexplained; ICU tz ${process.versions.tz}, ours ${m.time.version}; ICU does not know: ${skipped.join(', ')}`);
  for (const [reason, n] of explained) console.log(`  ${n} x ${reason}`);
  assert.deepEqual(unexplained.slice(0, 20), []);
  assert.ok(compared > 300000);
  assert.deepEqual(skipped, ['Factory']);
});
