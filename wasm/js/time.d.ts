// Types of the time API (m.time): IANA zones and PHP date formats.

/** Temporal's disambiguation for wall times skipped or repeated by a DST change, or PHP's. */
export type Disambiguation = 'compatible' | 'earlier' | 'later' | 'reject' | 'php';

export type WindowUnit =
  | 'second' | 'seconds' | 'minute' | 'minutes' | 'hour' | 'hours' | 'day' | 'days'
  | 'week' | 'weeks' | 'month' | 'months' | 'year' | 'years'
  | 's' | 'min' | 'h' | 'd' | 'w' | 'mo' | 'y';

export interface WallTimeFields {
  year: number;
  /** 1-12, default 1 */
  month?: number;
  /** 1-31, default 1 */
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  /** 0 to 999.999 (fractions are microseconds) */
  millisecond?: number;
}

export interface WallTime extends Required<WallTimeFields> {
  /** 0-999 within the millisecond */
  microsecond: number;
  /** seconds east of UTC */
  offset: number;
  dst: boolean;
  /** 0 = Sunday ... 6 = Saturday */
  weekday: number;
  abbreviation: string;
}

export interface ParseOptions {
  /** Fills the fields the format does not read, as PHP's "now". Default Date.now(). */
  now?: number;
  /** Default "compatible". "php" chooses in folds exactly as PHP 8.2 does. */
  disambiguation?: Disambiguation;
  /** Turn PHP's warnings (e.g. February 30 overflowing into March) into errors. */
  strict?: boolean;
}

export interface Zone {
  /** The module's handle of this zone (internal: for the package's own calls). */
  readonly id: number;
  /** The name as opened: what the `e` format character writes (PHP keeps it too). */
  readonly name: string;
  /** The canonical name (canonicalZone): US/Eastern -> America/New_York, Etc/UTC -> UTC. */
  readonly canonical: string;
  /** PHP date(pattern) of an instant in this zone. */
  format(epochMs: number, pattern: string): string;
  /** Many instants at once: one boundary crossing for the whole batch. */
  formatMany(epochMs: Float64Array | ArrayLike<number>, pattern: string): string[];
  toWall(epochMs: number): WallTime;
  fromWall(wall: WallTimeFields, disambiguation?: Disambiguation): number;
  /** UTC offset in seconds at an instant. */
  offsetAt(epochMs: number): number;
  /**
   * DateTime::createFromFormat(pattern, text, zone) -> epoch ms. Throws TimeError with
   * details.position; unreadable_character (details.patternPosition) when the pattern has a
   * character that is written but cannot be read (`c`, `r`, ...).
   */
  parse(text: string, pattern: string, options?: ParseOptions): number;
  /** Many texts at once: epoch ms, NaN where a text fails with onError "nan". */
  parseMany(texts: string[], pattern: string,
    options?: Omit<ParseOptions, 'strict'> & { onError?: 'throw' | 'nan' }): Float64Array;
}

export interface ZoneListEntry {
  /** the canonical name (canonicalZone): "America/New_York", "UTC" */
  id: string;
  region: string;
  /** "Argentina / Buenos Aires" */
  label: string;
  /** seconds east of UTC at `now` */
  offset: number;
  /** "+05:30" */
  offsetText: string;
  abbreviation: string;
  dst: boolean;
  /** the other names that lead to this zone (US/Eastern for America/New_York, Etc/UTC for UTC) */
  aliases: readonly string[];
}

export interface ZoneGroup {
  readonly region: string;
  readonly zones: readonly Readonly<ZoneListEntry>[];
}

export interface FormatProblem {
  code: string;
  message: string;
  /** index in the pattern */
  position: number;
}

export interface FormatWarning {
  /**
   * lossy_format | two_digit_year | no_meridiem | no_offset | ambiguous_abbreviation, and
   * with use "instance" unreadable_character (the dates cannot be read back at all)
   */
  code: string;
  message: string;
  /** for lossy_format: year, month, day, hour, minute, second */
  lost: string[];
  /** for unreadable_character: index in the pattern */
  position?: number;
}

/**
 * What checkFormat answers about: "instance" (default) is the verdict validation and the
 * wizard give an instance's format (usable to write; what reading back loses is a warning).
 */
export type FormatUse = 'instance' | 'write' | 'read' | 'write_and_read';

export interface FormatCheck {
  ok: boolean;
  error?: FormatProblem;
  warnings: FormatWarning[];
}

export interface Preview {
  text: string;
  zone: string;
  canonicalZone: string;
  offset: number;
  offsetText: string;
  abbreviation: string;
  dst: boolean;
  check: FormatCheck;
}

export interface FilterWindowRequest {
  zone: string;
  format: string;
  amount: number;
  unit: WindowUnit;
  /** default Date.now() */
  now?: number;
}

export interface FilterWindow {
  from: number;
  to: number;
  fromText: string;
  toText: string;
  /** canonical zone */
  zone: string;
}

export interface TimeApi {
  /** IANA release of the embedded database, e.g. "2025b". */
  readonly version: string;
  /** The longest PHP format any call takes, in characters (code points): 256. */
  readonly maxFormatLength: number;
  /**
   * Picker list: canonical zones grouped by region, offsets at `now` (default Date.now()).
   * Frozen: the same list for every caller of the same minute.
   */
  zones(now?: number): readonly ZoneGroup[];
  /** Canonical name of a zone or link (any ASCII case; UTC for Etc/UTC and its links), or null. */
  canonicalZone(name: string): string | null;
  /** A zone handle; throws TimeError "unknown_time_zone". */
  zone(name: string): Zone;
  checkFormat(pattern: string, options?: { use?: FormatUse }): FormatCheck;
  preview(zone: string, pattern: string, now?: number): Preview;
  filterWindow(request: FilterWindowRequest): FilterWindow;
}
