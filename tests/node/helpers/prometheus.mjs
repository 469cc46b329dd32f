// A strict reader of the Prometheus text exposition format (version 0.0.4), for the suites
// that scrape GET /metrics: every line must be empty, a `# HELP` or `# TYPE` comment, or a
// sample `name{label="value",...} value`; anything else throws, naming the line.
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/;
const COMMENT = new RegExp(`^# (HELP|TYPE) (${NAME})(?: (.*))?$`);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function labelsOf(text, line) {
  const labels = {};
  let rest = text;
  while (rest.length) {
    const m = LABEL.exec(rest);
    if (!m) throw new Error(`malformed labels in line: ${line}`);
    labels[m[1]] = m[2].replace(/\\(["\\n])/g, (_, c) => (c === 'n' ? '\n' : c));
    rest = rest.slice(m[0].length);
  }
  return labels;
}

/**
 * @returns {{samples: {name: string, labels: Record<string, string>, value: number}[], types: Map<string, string>}}
 */
export function parseExposition(text) {
  const samples = [];
  const types = new Map();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = COMMENT.exec(line);
      if (!m) throw new Error(`malformed comment line: ${line}`);
      if (m[1] === 'TYPE') {
        if (!TYPES.has(m[3])) throw new Error(`unknown type in line: ${line}`);
        types.set(m[2], m[3]);
      }
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`malformed sample line: ${line}`);
    // Prometheus reads values with Go's ParseFloat: Inf and NaN in any case (prom-client
    // writes "Nan" for a mean of no samples yet)
    const special = /^([+-]?)inf$/i.exec(m[3]);
    const value = special ? (special[1] === '-' ? -Infinity : Infinity) : /^nan$/i.test(m[3]) ? NaN : Number(m[3]);
    if (Number.isNaN(value) && !/^nan$/i.test(m[3])) throw new Error(`malformed value in line: ${line}`);
    samples.push({ name: m[1], labels: m[2] === undefined ? {} : labelsOf(m[2], line), value });
  }
  return { samples, types };
}

/** The value of the sample `name` whose labels include `labels` (0 when there is none). */
export function valueOf({ samples }, name, labels = {}) {
  const hit = samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return hit ? hit.value : 0;
}
