// Time zones and PHP date formats: the JS face of core/time.
//
// Hot paths cross the boundary with numbers only. A zone and a pattern become handles
// once (cached here); formatting writes bytes into a fixed area of the module's memory
// that this file decodes, parsing reads text the same way, and batches move through
// typed-array views. JSON is used only for the rare calls (lists, checks, windows).
// Every code and layout read here (statuses, disambiguation codes, the wall fields, the
// zone list's columns) is the core's, from the generated constants.mjs
// (core/api/js_constants.h).
import { ArgumentError, TimeError } from './errors.mjs';
import { errorOf, optionsOf, toJson, unwrap } from './boundary.mjs';
import { DISAMBIGUATION, MAX_FORMAT_LENGTH, TIME_STATUS, WALL_FIELD, ZONE_LIST } from './constants.mjs';
import { timeCalls } from './module-calls.mjs';

const ASCII = /^[\x00-\x7f]*$/;
const fromCharCode = String.fromCharCode;
const OK = TIME_STATUS.ok;  // results below it are failures
// The layouts as module constants: read through the frozen objects, toWall was ~6% slower
// in Node 20 (measured).
const {
  year: W_YEAR, month: W_MONTH, day: W_DAY, hour: W_HOUR, minute: W_MINUTE, second: W_SECOND,
  millisecond: W_MILLISECOND, microsecond: W_MICROSECOND, offset: W_OFFSET, dst: W_DST,
  weekday: W_WEEKDAY, abbreviationLength: W_ABBREVIATION_LENGTH, count: WALL_FIELD_COUNT,
} = WALL_FIELD;
const {
  id: Z_ID, region: Z_REGION, label: Z_LABEL, offset: Z_OFFSET, offsetText: Z_OFFSET_TEXT,
  abbreviation: Z_ABBREVIATION, dst: Z_DST, aliases: Z_ALIASES,
  columnSeparator: Z_COLUMNS, lineSeparator: Z_LINES, aliasSeparator: Z_ALIAS_SEPARATOR,
} = ZONE_LIST;
// A name the core does not know crosses as -1, which the core refuses
// (invalid_disambiguation).
function disambiguationOf(value) {
  if (value === undefined) return DISAMBIGUATION.compatible;
  return typeof value === 'string' && Object.hasOwn(DISAMBIGUATION, value) ? DISAMBIGUATION[value] : -1;
}

function requireString(value, what) {
  if (typeof value !== 'string') throw new ArgumentError('invalid_argument', `${what} must be a string`, { field: what });
}

function requireTime(value, what) {
  if (typeof value !== 'number') throw new ArgumentError('invalid_argument', `${what} must be epoch milliseconds (a number)`, { field: what });
}

// UTF-8 byte offset in `text` -> UTF-16 index (positions from the core are byte offsets).
function charIndex(text, byteOffset) {
  if (ASCII.test(text)) return byteOffset;
  let bytes = 0;
  let i = 0;
  while (i < text.length && bytes < byteOffset) {
    const c = text.codePointAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    i += c >= 0x10000 ? 2 : 1;
  }
  return i;
}

// A parse error's byte offsets as string indexes: `position` in the text, `patternPosition`
// (a character that cannot be read) in the pattern.
function positioned(error, text, pattern) {
  const d = error.details;
  if (typeof d.position === 'number') d.position = charIndex(text, d.position);
  if (typeof d.patternPosition === 'number') d.patternPosition = charIndex(pattern, d.patternPosition);
  return error;
}

// About how many bytes of batch text are decoded into one JS string (see formatMany).
const DECODE_CHUNK = 16384;

/**
 * memory: the module's memory (runtime.mjs); calls: the module's text calls
 * (module-calls.mjs); exports: the WebAssembly instance's exports, whose hot paths
 * (wasm/bindings/time.cpp) are called directly.
 */
export function timeApi(memory, calls, exports) {
  const module = timeCalls(calls);
  const utf8 = new TextDecoder();
  const encoder = new TextEncoder();
  const textAt = exports.core_time_text_buffer();
  const fieldsAt = exports.core_time_wall_fields();
  const patterns = new Map();  // pattern -> { id, ascii }
  const zones = new Map();     // name -> Zone
  let zoneListCache = null;

  const formatOne = exports.core_time_format;
  const formatMany = exports.core_time_format_many;
  const toWall = exports.core_time_to_wall;
  const fromWall = exports.core_time_from_wall;
  const offsetAt = exports.core_time_offset_at;
  const parseText = exports.core_time_parse;
  const parseTexts = exports.core_time_parse_many;
  const zoneListText = exports.core_time_zone_list;
  // the memory areas the hot paths read and write (core/api/time_api.h)
  const inputText = exports.core_time_input_text;
  const inputNumbers = exports.core_time_input_numbers;
  const inputOffsets = exports.core_time_input_offsets;
  const batchText = exports.core_time_batch_text;
  const batchOffsets = exports.core_time_batch_offsets;
  const outputNumbers = exports.core_time_output_numbers;

  // The module's memory as bytes (a new view after it grows).
  const heap = memory.bytes;
  let fields = new Int32Array(heap().buffer, fieldsAt, WALL_FIELD_COUNT);
  const wallFields = () => (fields.length !== 0 ? fields : (fields = new Int32Array(heap().buffer, fieldsAt, WALL_FIELD_COUNT)));

  function failure(extra = {}) {
    const { error } = JSON.parse(module.timeLastError());
    return errorOf({ ...error, ...extra }, TimeError);
  }

  let lastPattern = null;  // the pattern of the previous call: most callers repeat one
  let lastCompiled = null;
  function compiled(pattern) {
    if (pattern === lastPattern) return lastCompiled;
    let p = patterns.get(pattern);
    if (p === undefined) {
      requireString(pattern, 'pattern');
      const id = module.timeCompilePattern(pattern);
      if (id === 0) throw failure();
      p = { id, ascii: ASCII.test(pattern) };
      patterns.set(pattern, p);
    }
    lastPattern = pattern;
    lastCompiled = p;
    return p;
  }

  // Bytes at `at` -> string. ASCII (every format without non-ASCII literals) skips the
  // UTF-8 decoder, whose per-call cost (~0.3 µs) is larger than the formatting: short
  // texts are read 24 bytes at a time with a fixed-arity fromCharCode (reading past the
  // end is harmless: the text area is 64 KiB, time_text_buffer_size in
  // core/api/time_api.h) and cut to length.
  function text(at, length, ascii) {
    const h = heap();
    if (!ascii) return utf8.decode(h.subarray(at, at + length));
    let s = '';
    for (let k = at, end = at + length; k < end; k += 24) {
      s += fromCharCode(h[k], h[k + 1], h[k + 2], h[k + 3], h[k + 4], h[k + 5], h[k + 6], h[k + 7],
        h[k + 8], h[k + 9], h[k + 10], h[k + 11], h[k + 12], h[k + 13], h[k + 14], h[k + 15],
        h[k + 16], h[k + 17], h[k + 18], h[k + 19], h[k + 20], h[k + 21], h[k + 22], h[k + 23]);
    }
    return s.length === length ? s : s.slice(0, length);
  }

  // Writes `value` into the module's input area; returns its length in bytes.
  function writeInput(value) {
    if (ASCII.test(value)) {
      const at = inputText(value.length);
      const h = heap();
      for (let i = 0; i < value.length; i++) h[at + i] = value.charCodeAt(i);
      return value.length;
    }
    const bytes = encoder.encode(value);
    const at = inputText(bytes.length);
    heap().set(bytes, at);
    return bytes.length;
  }

  class Zone {
    static name = 'Zone';  // its name in the minified bundles too
    constructor(id, name) {
      this.id = id;
      /** The name as opened (what the `e` format character writes). */
      this.name = name;
      /** The canonical IANA zone (links resolved). */
      this.canonical = module.timeCanonicalZone(name);
      Object.freeze(this);
    }

    /** date($pattern) of an instant in this zone. */
    format(epochMs, pattern) {
      if (typeof epochMs !== 'number') requireTime(epochMs, 'epochMs');
      const p = compiled(pattern);
      const n = formatOne(this.id, p.id, epochMs);
      if (n < OK) throw failure();
      return text(textAt, n, p.ascii);
    }

    /** Formats many instants (Float64Array or number[]) at once; returns string[]. */
    formatMany(epochMs, pattern) {
      const p = compiled(pattern);
      const count = Array.isArray(epochMs) || (ArrayBuffer.isView(epochMs) && !(epochMs instanceof DataView))
        ? epochMs.length : undefined;
      if (typeof count !== 'number') throw new ArgumentError('invalid_argument', 'epochMs must be a Float64Array or an array of numbers', { field: 'epochMs' });
      if (count === 0) return [];
      const inputAt = inputNumbers(count);
      new Float64Array(heap().buffer, inputAt, count).set(epochMs);
      const total = formatMany(this.id, p.id, count);
      if (total < OK) throw failure();
      const h = heap();
      const offsets = new Uint32Array(h.buffer, batchOffsets(), count + 1);
      const at = batchText();
      const out = new Array(count);
      if (p.ascii) {
        // One decode per ~16 KiB of text, then slices (ASCII: bytes = UTF-16 units). Not one
        // decode for the whole batch: V8 allocates a string that large in its large-object
        // space, which costs ~10x more per byte than the decode itself (measured in Node 20:
        // 17 ns per 19-byte value for one 190 KB string, 1.5 ns in 16 KiB pieces).
        const perPiece = Math.max(1, Math.floor((DECODE_CHUNK * count) / Math.max(total, 1)));
        for (let i = 0; i < count;) {
          const j = Math.min(count, i + perPiece);
          const start = offsets[i];
          const piece = utf8.decode(h.subarray(at + start, at + offsets[j]));
          let a = 0;
          for (let k = i; k < j; k++) {
            const b = offsets[k + 1] - start;
            out[k] = piece.slice(a, b);
            a = b;
          }
          i = j;
        }
      } else {
        for (let i = 0; i < count; i++) out[i] = utf8.decode(h.subarray(at + offsets[i], at + offsets[i + 1]));
      }
      return out;
    }

    /** The wall-clock time of an instant in this zone. */
    toWall(epochMs) {
      if (typeof epochMs !== 'number') requireTime(epochMs, 'epochMs');
      if (toWall(this.id, epochMs) < OK) throw failure();
      const f = wallFields();
      return {
        year: f[W_YEAR], month: f[W_MONTH], day: f[W_DAY], hour: f[W_HOUR], minute: f[W_MINUTE],
        second: f[W_SECOND], millisecond: f[W_MILLISECOND], microsecond: f[W_MICROSECOND],
        offset: f[W_OFFSET], dst: f[W_DST] === 1, weekday: f[W_WEEKDAY],
        abbreviation: text(textAt, f[W_ABBREVIATION_LENGTH], true),
      };
    }

    /**
     * The instant of a wall-clock time in this zone. Gaps and folds follow Temporal's
     * `disambiguation`: "compatible" (default), "earlier", "later", "reject"; or "php".
     */
    fromWall(wall, disambiguation) {
      if (wall === null || typeof wall !== 'object') throw new ArgumentError('invalid_argument', 'wall must be an object', { field: 'wall' });
      const { year, month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0 } = wall;
      for (const [k, v] of Object.entries({ year, month, day, hour, minute, second })) {
        if (!Number.isInteger(v)) throw new ArgumentError('invalid_argument', `${k} must be an integer`, { field: k });
      }
      if (typeof millisecond !== 'number') throw new ArgumentError('invalid_argument', 'millisecond must be a number', { field: 'millisecond' });
      const ms = fromWall(this.id, year, month, day, hour, minute, second, millisecond,
        disambiguationOf(disambiguation));
      if (Number.isNaN(ms)) throw failure();
      return ms;
    }

    /** The UTC offset in seconds at an instant. */
    offsetAt(epochMs) {
      if (typeof epochMs !== 'number') requireTime(epochMs, 'epochMs');
      const s = offsetAt(this.id, epochMs);
      if (Number.isNaN(s)) throw failure();
      return s;
    }

    /**
     * DateTime::createFromFormat(pattern, text, this zone) -> epoch milliseconds.
     * options: now (fills what the format does not read, default Date.now()),
     * disambiguation (default "compatible"), strict (warnings such as an overflowing
     * February 30 become errors).
     */
    parse(value, pattern, options) {
      requireString(value, 'text');
      const p = compiled(pattern);
      const { now = Date.now(), disambiguation, strict = false } = optionsOf(options);
      requireTime(now, 'now');
      const length = writeInput(value);
      const ms = parseText(this.id, p.id, length, now, disambiguationOf(disambiguation));
      if (Number.isNaN(ms)) {
        throw positioned(failure(), value, pattern);
      }
      if (strict) {
        const report = JSON.parse(module.timeParseReport());
        if (report && report.warnings.length > 0) {
          const w = report.warnings[0];
          throw new TimeError(w.code, w.message, { position: charIndex(value, w.position), warnings: report.warnings });
        }
      }
      return ms;
    }

    /**
     * Reads many texts at once (one boundary crossing): a Float64Array of epoch ms.
     * options as parse(), plus onError: "throw" (default: TimeError with details.index and
     * details.position of the first text that fails) or "nan" (NaN for each failure).
     */
    parseMany(texts, pattern, options) {
      if (!Array.isArray(texts)) throw new ArgumentError('invalid_argument', 'texts must be an array of strings', { field: 'texts' });
      const p = compiled(pattern);
      const { now = Date.now(), disambiguation, onError = 'throw' } = optionsOf(options);
      requireTime(now, 'now');
      if (onError !== 'throw' && onError !== 'nan') throw new ArgumentError('invalid_argument', 'onError must be "throw" or "nan"', { field: 'onError' });
      const count = texts.length;
      if (count === 0) return new Float64Array(0);
      writeInputs(texts);
      const failures = parseTexts(this.id, p.id, count, now, disambiguationOf(disambiguation));
      if (failures < OK) throw failure();
      const out = new Float64Array(count);
      out.set(new Float64Array(heap().buffer, outputNumbers(), count));
      if (failures > 0 && onError === 'throw') {
        const error = failure();
        throw positioned(error, texts[error.details.index], pattern);
      }
      return out;
    }
  }

  // Writes the texts back to back into the input area with count + 1 offsets.
  function writeInputs(texts) {
    const count = texts.length;
    let bound = 0;
    for (let i = 0; i < count; i++) {
      if (typeof texts[i] !== 'string') throw new ArgumentError('invalid_argument', `texts[${i}] must be a string`, { field: 'texts', index: i });
      bound += texts[i].length * 3;  // UTF-8 needs at most 3 bytes per UTF-16 unit
    }
    const at = inputText(bound);
    const offsetsAt = inputOffsets(count);
    const h = heap();
    const offsets = new Uint32Array(h.buffer, offsetsAt, count + 1);
    let pos = 0;
    for (let i = 0; i < count; i++) {
      const t = texts[i];
      offsets[i] = pos;
      let k = 0;
      for (const base = at + pos; k < t.length; k++) {
        const c = t.charCodeAt(k);
        if (c > 0x7f) break;
        h[base + k] = c;
      }
      pos += k === t.length ? k : encoder.encodeInto(t, h.subarray(at + pos, at + bound)).written;
    }
    offsets[count] = pos;
  }

  function zone(name) {
    let z = zones.get(name);
    if (z === undefined) {
      requireString(name, 'zone');
      const id = module.timeOpenZone(name);
      if (id === 0) throw failure();
      z = new Zone(id, name);
      zones.set(name, z);
    }
    return z;
  }

  function canonicalZone(name) {
    requireString(name, 'name');
    return module.timeCanonicalZone(name) || null;
  }

  /** Zones for a picker, grouped by region, with the offset in effect at `now`. */
  function zoneList(now = Date.now()) {
    requireTime(now, 'now');
    const minute = Math.floor(now / 60000);
    if (zoneListCache === null || zoneListCache.minute !== minute) {
      // one line per zone, its columns separated (core/api/time_api.h)
      const length = zoneListText(now);
      if (length < OK) throw failure({ field: 'now' });
      const at = batchText();
      const lines = utf8.decode(heap().subarray(at, at + length)).split(Z_LINES);
      const groups = [];
      const byRegion = new Map();
      for (const line of lines) {
        if (line === '') continue;
        const f = line.split(Z_COLUMNS);
        const aliases = f[Z_ALIASES];
        const entry = Object.freeze({
          id: f[Z_ID], region: f[Z_REGION], label: f[Z_LABEL], offset: Number(f[Z_OFFSET]),
          offsetText: f[Z_OFFSET_TEXT], abbreviation: f[Z_ABBREVIATION], dst: f[Z_DST] === '1',
          aliases: Object.freeze(aliases === '' ? [] : aliases.split(Z_ALIAS_SEPARATOR)),
        });
        let group = byRegion.get(entry.region);
        if (!group) {
          group = { region: entry.region, zones: [] };
          byRegion.set(entry.region, group);
          groups.push(group);
        }
        group.zones.push(entry);
      }
      // shared by the calls of one minute: frozen, so that no caller changes another's answer
      for (const group of groups) Object.freeze(Object.freeze(group).zones);
      zoneListCache = { minute, groups: Object.freeze(groups) };
    }
    return zoneListCache.groups;
  }

  /**
   * Whether a PHP format is usable, and what reading its dates back loses: by default the
   * verdict validation gives an instance's format (use "instance"); or for one use.
   */
  function checkFormat(pattern, options) {
    requireString(pattern, 'pattern');
    const { use = 'instance' } = optionsOf(options);
    const result = unwrap(module.timeCheckFormat(toJson({ pattern, use }, 'checkFormat')), ArgumentError);
    return positions(result, pattern);
  }

  // A check's byte offsets as indexes in the pattern.
  function positions(check, pattern) {
    if (check.error) check.error.position = charIndex(pattern, check.error.position);
    for (const w of check.warnings) if (typeof w.position === 'number') w.position = charIndex(pattern, w.position);
    return check;
  }

  /** "Now" in a zone and format, for the settings step. */
  function preview(zoneName, pattern, now = Date.now()) {
    requireString(zoneName, 'zone');
    requireString(pattern, 'pattern');
    requireTime(now, 'now');
    const result = unwrap(module.timePreview(toJson({ zone: zoneName, format: pattern, now }, 'preview')), TimeError);
    positions(result.check, pattern);
    return result;
  }

  /** "The last N units" back from `now`, as instants and as text in the zone and format. */
  function filterWindow(options) {
    const { zone: zoneName, format, amount, unit, now = Date.now() } = optionsOf(options);
    requireString(zoneName, 'zone');
    requireString(format, 'format');
    requireString(unit, 'unit');
    requireTime(now, 'now');
    if (typeof amount !== 'number') throw new ArgumentError('invalid_argument', 'amount must be a number', { field: 'amount' });
    return unwrap(module.timeFilterWindow(toJson({ zone: zoneName, format, amount, unit, now }, 'filterWindow')), TimeError);
  }

  return {
    time: Object.freeze({
      version: module.timeDatabaseVersion(),
      /** The longest PHP format any call takes, in characters (code points). */
      maxFormatLength: MAX_FORMAT_LENGTH,
      zones: zoneList,
      canonicalZone,
      zone,
      checkFormat,
      preview,
      filterWindow,
    }),
  };
}
