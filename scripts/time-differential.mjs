// The PHP time differential: random samples (scripts/time-samples.mjs) answered by
// php8.2-cli (scripts/php-time-oracle.php) and by this library (dist/), every mismatch
// put in a category; the known ones (scripts/time-deliberate-differences.mjs) are counted
// apart with their reason.
//
//   node scripts/time-differential.mjs --parse 1000000 --seed 7 [--random] [--format N]
//     --random: reading samples on random patterns only (no common patterns)
//   prints one line per category with a count and an example; exits 1 when any mismatch is
//   not explained.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sampler, mutate } from './time-samples.mjs';
import { explain } from './time-deliberate-differences.mjs';

const ORACLE = fileURLToPath(new URL('./php-time-oracle.php', import.meta.url));
export const PHP = process.env.PHP ?? 'php8.2';

// One php8.2-cli process answering batches of questions in order.
export function startOracle() {
  const child = spawn(PHP, [ORACLE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()(JSON.parse(line)));
  return {
    ask(questions) {
      const answers = questions.map(() => new Promise((resolve) => waiting.push(resolve)));
      child.stdin.write(questions.map((q) => JSON.stringify(q)).join('\n') + '\n');
      return Promise.all(answers);
    },
    close() {
      child.stdin.end();
      return new Promise((resolve) => child.on('close', resolve));
    },
  };
}

// The zone names to draw from: every zone and link of the picker list, and the legacy
// names PHP opens differently.
export const LEGACY_NAMES = ['CET', 'EET', 'MET', 'WET', 'EST', 'HST', 'MST', 'GMT', 'GMT+0', 'GMT-0', 'UCT'];
export function zoneNames(m) {
  const names = new Set();
  for (const group of m.time.zones(0))
    for (const z of group.zones) {
      names.add(z.id);
      for (const a of z.aliases) names.add(a);
    }
  for (const n of [...LEGACY_NAMES, 'EST5EDT', 'CST6CDT', 'MST7MDT', 'PST8PDT']) names.add(n);
  return [...names].sort();
}

const asMap = (list) => Object.fromEntries(list.map((e) => [String(e.position), e.message]));
const same = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

// This library's answer to a reading sample, in the oracle's shape.
function ours(m, zone, text, pattern) {
  const z = m.time.zone(zone);
  const options = { now: 0, disambiguation: 'php' };
  try {
    const ms = z.parse(text, pattern, options);
    let warnings = {};
    try {
      z.parse(text, pattern, { ...options, strict: true });
    } catch (e) {
      warnings = asMap(e.details.warnings ?? []);
    }
    return { ms, errors: {}, warnings };
  } catch (e) {
    if (!e.details) throw e;
    const list = e.details.errors ?? [{ position: e.details.position ?? 0, message: e.message, code: e.code }];
    return { ms: null, errors: asMap(list), codes: list.map((x) => x.code), warnings: null };
  }
}

// epoch ms of the oracle's answer, rounded as the core rounds microseconds to ms
const phpMs = (a) => Number(BigInt(a.s) * 1000000n + BigInt(a.f)) / 1000;

// The letters of a pattern that decide most differences, as a category suffix.
const FEATURE_LETTERS = 'UaAeTOPpzDlXxyS?*#|+';
export function features(pattern) {
  const seen = new Set();
  for (let k = 0; k < pattern.length; k++) {
    if (pattern[k] === '\\') { k++; continue; }
    if (FEATURE_LETTERS.includes(pattern[k])) seen.add(pattern[k]);
  }
  return [...seen].sort().join('');
}

export function compareParse(sample, php, mine) {
  const phpOk = php.s !== null;
  const ourOk = mine.ms !== null;
  if (phpOk && ourOk) {
    const expected = phpMs(php);
    if (expected !== mine.ms) return `value[${features(sample.pattern)}]`;
    if (!same(php.warnings, mine.warnings)) return 'warnings';
    return null;
  }
  if (phpOk) return `ours_rejects:${mine.codes[0]}`;
  if (ourOk) return `php_rejects:${Object.values(php.errors)[0]}`;
  if (!same(php.errors, mine.errors)) return 'errors_differ';
  return null;
}

export function compareFormat(sample, php, mine) {
  return php.text === mine ? null : `format[${features(sample.pattern)}]`;
}

// Runs `count` samples of one kind, in batches; returns the tally.
export async function run({ m, oracle, seed, parse = 0, format = 0, randomOnly = false, batch = 5000,
                            onBatch = () => {} }) {
  const zones = zoneNames(m);
  const offsetAt = (zone, ms) => m.time.zone(zone).offsetAt(ms);
  const gen = sampler(seed, { zones, offsetAt });
  const tally = { samples: 0, matched: 0, deliberate: {}, unexplained: {}, examples: {} };
  const [phpAbbreviations] = await oracle.ask([{ op: 'abbreviations' }]);
  const context = { m, phpAbbreviations };
  const record = (sample, category, php, mine) => {
    const reason = explain(sample, php, mine, context);
    const bucket = reason ? tally.deliberate : tally.unexplained;
    const key = reason ?? category;
    bucket[key] = (bucket[key] ?? 0) + 1;
    if (!tally.examples[key]) tally.examples[key] = { sample, php, ours: mine, category };
  };

  for (let done = 0; done < format; done += batch) {
    const samples = Array.from({ length: Math.min(batch, format - done) }, () => gen.format());
    const answers = await oracle.ask(samples);
    samples.forEach((s, k) => {
      const mine = m.time.zone(s.zone).format(s.us / 1000, s.pattern);
      const category = compareFormat(s, answers[k], mine);
      tally.samples++;
      if (category) record(s, category, answers[k], mine);
      else tally.matched++;
    });
    onBatch(tally);
  }
  for (let done = 0; done < parse; done += batch) {
    const samples = Array.from({ length: Math.min(batch, parse - done) }, () => gen.parse({ random: randomOnly }));
    const written = await oracle.ask(samples.map((s) => ({ op: 'format', zone: s.zone, us: s.us, pattern: s.write })));
    samples.forEach((s, k) => { s.text = mutate(written[k].text, s.mutation); });
    const answers = await oracle.ask(samples.map((s) => ({ op: 'parse', zone: s.zone, text: s.text, pattern: s.pattern })));
    samples.forEach((s, k) => {
      const mine = ours(m, s.zone, s.text, s.pattern);
      const category = compareParse(s, answers[k], mine);
      tally.samples++;
      if (category) record(s, category, answers[k], mine);
      else tally.matched++;
    });
    onBatch(tally);
  }
  return tally;
}

export function summary(tally, { examples = true } = {}) {
  const lines = [];
  const unexplained = Object.values(tally.unexplained).reduce((a, b) => a + b, 0);
  const deliberate = Object.values(tally.deliberate).reduce((a, b) => a + b, 0);
  lines.push(`samples ${tally.samples}, same ${tally.matched}, deliberate differences ${deliberate}, unexplained ${unexplained}`);
  for (const [title, bucket] of [['unexplained', tally.unexplained], ['deliberate', tally.deliberate]]) {
    for (const [key, n] of Object.entries(bucket).sort((a, b) => b[1] - a[1])) {
      lines.push(`  ${title} ${key}: ${n}`);
      if (examples) {
        const e = tally.examples[key];
        lines.push(`    e.g. ${JSON.stringify({ zone: e.sample.zone, pattern: e.sample.pattern, text: e.sample.text, us: e.sample.us })}`);
        lines.push(`    php  ${JSON.stringify(e.php)}`);
        lines.push(`    ours ${JSON.stringify(e.ours)}`);
      }
    }
  }
  return lines.join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const k = args.indexOf(`--${name}`);
    return k < 0 ? fallback : args[k + 1];
  };
  const seed = Number(option('seed', 1));
  const parse = Number(option('parse', 0));
  const format = Number(option('format', 0));
  const randomOnly = args.includes('--random');
  const { load } = await import(new URL('../dist/index.mjs', import.meta.url));
  const m = await load();
  const oracle = startOracle();
  const [version] = await oracle.ask([{ op: 'version' }]);
  console.log(`php ${version.php}, tz database ${version.tz}; this library's database ${m.time.version}`);
  const started = Date.now();
  let last = started;
  const tally = await run({
    m, oracle, seed, parse, format, randomOnly,
    onBatch: (t) => {
      if (Date.now() - last > 30_000) {
        last = Date.now();
        console.log(`  ${t.samples} samples, ${Math.round((Date.now() - started) / 1000)} s`);
      }
    },
  });
  await oracle.close();
  console.log(`seed ${seed}, ${format} writing + ${parse} reading samples${randomOnly ? ' (random patterns)' : ''}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(summary(tally));
  const unexplained = Object.values(tally.unexplained).reduce((a, b) => a + b, 0);
  process.exitCode = unexplained === 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
