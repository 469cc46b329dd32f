// Seeded random samples for the PHP time differential (scripts/time-differential.mjs):
//  - writing: (instant, zone, pattern) over every date() character, instants 1900-2100,
//    near DST changes, years 1-9999 and -9999-0, microseconds;
//  - reading: a pattern of createFromFormat characters (every reading character, the
//    modifiers ! | + ? * #, backslash escapes, separators, literal letters) and the
//    pattern date() should write for it; the text is PHP's own date() output, and
//    `mutation` (when set) changes it by one character afterwards.
// The same seed gives the same samples.

// Every character date() gives a meaning (PHP 8.2).
export const WRITE_CHARS = 'dDjlNSwzWFmMntLoXxYyaABgGhHisuveIOPpTZcrU';
// Every character createFromFormat gives a meaning, except the modifiers.
export const READ_CHARS = 'djDlSzmnMFyYXxaAgGhHisvueTOPpU';
export const MODIFIERS = '!|+?*#';
export const SEPARATORS = ';:/.,-() ';
// Letters createFromFormat matches literally (date() writes them as fields).
const LITERAL_LETTERS = 'NwWotLBIZcrkqbfJKQRV';
const HASH_SEPARATORS = ';:/.,-()';

// The common patterns of the API docs and of people's configurations.
export const COMMON_PATTERNS = [
  'Y-m-d H:i:s', 'Y-m-d\\TH:i:sP', 'D, d M Y H:i:s O', 'd/m/Y', 'c', 'U',
  'l jS F Y g:i A', 'Y-m-d\\TH:i:s.uP',
];
// Their reading forms: c is read with its parts.
const COMMON_READ = {
  c: ['Y-m-d\\TH:i:sP', 'Y-m-d\\TH:i:sP'],
};

// mulberry32
export function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (s) => s[Math.floor(next() * s.length)];
  next.chance = (p) => next() < p;
  return next;
}

const US_PER_S = 1_000_000;
const yearStart = (y) => {
  const d = new Date(0);
  d.setUTCFullYear(y, 0, 1);
  return d.getTime() * 1000;
};

// An instant near a change of the zone's offset in a random year 1900-2100, found with
// offsetAt(ms) (the instant itself is PHP's to write; only the choice uses it), or null.
function nearChange(rnd, offsetAt) {
  const year = 1900 + rnd.int(200);
  let from = yearStart(year) / 1000;
  const end = yearStart(year + 1) / 1000;
  const step = 7 * 86400_000;
  const starts = [];
  let before = offsetAt(from);
  for (let t = from + step; t <= end; t += step) {
    const o = offsetAt(t);
    if (o !== before) starts.push([t - step, t]);
    before = o;
  }
  if (starts.length === 0) return null;
  let [lo, hi] = rnd.pick(starts);
  const lowOffset = offsetAt(lo);
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (mid <= lo || mid >= hi) break;
    if (offsetAt(mid) === lowOffset) lo = mid;
    else hi = mid;
  }
  // within three hours either side, on whole minutes most of the time
  const delta = (rnd.int(6 * 60) - 3 * 60) * 60_000 + (rnd.chance(0.2) ? rnd.int(60) * 1000 : 0);
  return (hi + delta) * 1000;
}

// An instant in microseconds.
export function instant(rnd, offsetAt) {
  const r = rnd();
  let us;
  if (r < 0.25 && offsetAt) {
    us = nearChange(rnd, offsetAt);
    if (us !== null) return us;
  }
  if (r < 0.9) {
    us = yearStart(1900) + Math.floor(rnd() * (yearStart(2100) - yearStart(1900)) / US_PER_S) * US_PER_S;
    // microseconds only where epoch ms keep them exactly in a double (|ms| < 2^53 / 1000)
    if (rnd.chance(0.3)) us += rnd.int(US_PER_S);
    return us;
  }
  // years -9999..9999, whole seconds
  const y = rnd.int(19999) - 9999;
  return yearStart(y) + rnd.int(365 * 86400) * US_PER_S;
}

export function formatPattern(rnd) {
  if (rnd.chance(0.1)) return rnd.pick(COMMON_PATTERNS);
  const n = 1 + rnd.int(8);
  let p = '';
  for (let k = 0; k < n; k++) {
    if (rnd.chance(0.1)) p += '\\' + rnd.pick('abcdefghijklmnopqrstuvwxyz\\ ');
    else p += rnd.pick(WRITE_CHARS);
    if (rnd.chance(0.5)) p += rnd.pick(' -:/.,T');
  }
  return p;
}

// One reading token: [read, write] where write is the date() pattern of its text.
function readToken(rnd) {
  const r = rnd();
  if (r < 0.62) {
    const c = rnd.pick(READ_CHARS);
    // date() writes S only after a day; a lone S is written here with its own day
    return [c, c];
  }
  if (r < 0.80) {
    const m = rnd.pick(MODIFIERS);
    switch (m) {
      case '!':
      case '|':
      case '+':
        return [m, ''];
      case '?':
        return [m, '\\' + rnd.pick('abcXYZ019 -:/')];
      case '*':
        return [m, rnd.pick(['\\x\\y\\z', '\\a\\b', '\\Q', 'D', 'M', ''])];
      default:
        return [m, '\\' + rnd.pick(HASH_SEPARATORS)];
    }
  }
  if (r < 0.9) {
    const c = rnd.pick('abcdefghijklmnopqrstuvwxyzT0123456789 -:/\\');
    return ['\\' + c, '\\' + c];
  }
  const c = rnd.pick(LITERAL_LETTERS);
  return [c, '\\' + c];
}

// A reading sample: {read, write}, `!` first so that PHP's "now" never shows.
export function readPattern(rnd) {
  if (rnd.chance(0.2)) {
    const p = rnd.pick(COMMON_PATTERNS);
    const [read, write] = COMMON_READ[p] ?? [p, p];
    return { read: '!' + read, write, common: p };
  }
  const fields = 1 + rnd.int(6);
  let read = '!';
  let write = '';
  for (let k = 0; k < fields; k++) {
    const [r, w] = readToken(rnd);
    read += r;
    write += w;
    if (rnd.chance(0.6)) {
      const s = rnd.pick(SEPARATORS);
      read += s;
      write += s === ' ' ? ' ' : '\\' + s;
    }
  }
  return { read, write };
}

// One change of a character: replace, delete or insert at a fraction of the text.
export function mutation(rnd) {
  return {
    kind: rnd.pick(['replace', 'delete', 'insert']),
    at: rnd(),
    char: rnd.pick('0123456789aAmMpP+-:/. ,;()xyzTZ!#*|?'),
  };
}

export function mutate(text, m) {
  if (!m) return text;
  const k = Math.min(text.length, Math.floor(m.at * (text.length + (m.kind === 'insert' ? 1 : 0))));
  if (m.kind === 'insert') return text.slice(0, k) + m.char + text.slice(k);
  if (text.length === 0) return m.char;
  const i = Math.min(k, text.length - 1);
  if (m.kind === 'delete') return text.slice(0, i) + text.slice(i + 1);
  return text.slice(0, i) + m.char + text.slice(i + 1);
}

// The sample streams. zones: the names to pick from; offsetAt(zone, ms) finds DST changes.
export function sampler(seed, { zones, offsetAt }) {
  const rnd = random(seed);
  const pickZone = () => rnd.pick(zones);
  return {
    format() {
      const zone = pickZone();
      return { op: 'format', zone, us: instant(rnd, (ms) => offsetAt(zone, ms)), pattern: formatPattern(rnd) };
    },
    parse({ random: onlyRandom = false } = {}) {
      const zone = pickZone();
      let p = readPattern(rnd);
      while (onlyRandom && p.common) p = readPattern(rnd);
      const us = instant(rnd, (ms) => offsetAt(zone, ms));
      return { op: 'parse', zone, us, pattern: p.read, write: p.write, common: p.common ?? null,
               mutation: rnd.chance(0.35) ? mutation(rnd) : null };
    },
  };
}
