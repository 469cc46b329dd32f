// The cost of validateInstance(catalog, instance) from JS: one valid instance per demo
// connector and auth method (web/catalog/*.json, pools from web/pools.example.json), the
// whole call (the facade's argument checks, crossing into the module as JSON, the core's
// rules, the answer parsed back). µs per call: the median of timed batches after a warm-up.
// The ING PSD2 instance carries a client certificate (tests/data/certificates/client.pem),
// which is parsed and dated on every call: its row is reported apart from the goal.
//
// References, on the same objects in the same run:
// - Ajv (v8): a compiled JSON Schema of the instance's shape (member types, required members,
//   string lengths, the rate-limit units, no unknown members; credentials any string, number
//   or boolean of at most 1024 characters). It does not check the connector, the auth method,
//   pools, time zones, date formats, each credential's rules (required, type, pattern, bounds,
//   locked, aliases) or the certificate: what a developer would write for a structural check.
// - the JSON floor: JSON.stringify(instance) + JSON.parse(JSON.stringify(answer)), the cost of
//   only crossing into a module and back as JSON, checking nothing.
//
//   node bench/validation.bench.mjs          (npm run bench runs every bench/*.bench.mjs)
//   BENCH_BATCHES=21 BENCH_BATCH_MS=40 node bench/validation.bench.mjs
//                                             (timed batches per row, default 15; ms per batch, default 25)
import { performance } from 'node:perf_hooks';
import { readFileSync, readdirSync } from 'node:fs';
import Ajv from 'ajv';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 15);
const BATCH_MS = Number(process.env.BENCH_BATCH_MS ?? 25);
const WARM_MS = 150;
const GOAL_US = 15;
const root = new URL('../', import.meta.url);

const { load } = await import(new URL('dist/index.mjs', root));
const m = await load();
const catalogDir = new URL('web/catalog/', root);
const texts = readdirSync(catalogDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => readFileSync(new URL(f, catalogDir), 'utf8'));
const pools = JSON.parse(readFileSync(new URL('web/pools.example.json', root), 'utf8'));
const catalog = m.loadCatalog(texts, { pools });
if (catalog.problems.length) throw new Error(`the demo catalog has problems: ${JSON.stringify(catalog.problems)}`);
const pem = readFileSync(new URL('tests/data/certificates/client.pem', root), 'utf8');

const hex = (n) => '0123456789abcdef'.repeat(8).slice(0, n);
const instance = (connectorId, authMethodId, credentials, extra = {}) => ({
  connectorId,
  name: 'EU store',
  timeZone: 'Europe/Berlin',
  dateFormat: 'Y-m-d H:i:s',
  rateLimit: { amount: 2, unit: 'second' },
  poolId: null,
  authMethodId,
  credentials,
  certificate: null,
  ...extra,
});

// One valid instance per auth method of the demo catalog (the credentials of tests/node/page-wizard.test.mjs).
const cases = [
  ['shopify / access_token', instance('shopify', 'access_token', { store_name: 'acme-eu', access_token: `shpat_${hex(32)}` })],
  ['dynamics-365 / client_credentials', instance('dynamics-365', 'client_credentials', {
    tenant_id: '0a1b2c3d-0000-4000-8000-00000000abcd',
    client_id: '1a1b2c3d-0000-4000-8000-00000000abcd',
    client_secret: 'dyn-client-secret-value',
  })],
  ['jira-cloud / api_token', instance('jira-cloud', 'api_token', {
    site_url: 'https://acme.atlassian.net', username: 'ops@example.com', password: 'jira-api-token-0123456789',
  })],
  ['netsuite / token_based (pool)', instance('netsuite', 'token_based', {
    account_id: '1234567_SB1', realm: '1234567_SB1', consumer_key: hex(64), consumer_secret: `${hex(63)}1`,
    token_key: `${hex(63)}2`, token_secret: `${hex(63)}3`,
  }, { poolId: 'netsuite-sandbox' })],
  ['salesforce / web_server', instance('salesforce', 'web_server', {
    client_id: 'sf-client-id', client_secret: 'sf-client-secret-value', login_url: 'https://login.salesforce.com',
  })],
  ['salesforce / username_password', instance('salesforce', 'username_password', {
    username: 'ops@example.com', password: 'sf-password-value',
  })],
];
const certificateCase = ['ing-psd2 / mtls (certificate parsed)', instance('ing-psd2', 'mtls_client_credentials', {
  client_id: 'ing-client-0001', key_id: 'SN=1A2B3C,CA=Test CA',
}, { certificate: { data: pem } })];

// The structural schema a developer would otherwise compile: the shape only.
const text = (max) => ({ type: 'string', minLength: 1, maxLength: max });
const orNull = (schema) => ({ anyOf: [{ type: 'null' }, schema] });
const schema = {
  type: 'object',
  required: ['connectorId', 'name', 'credentials'],
  additionalProperties: false,
  properties: {
    connectorId: text(64),
    name: text(255),
    timeZone: orNull(text(64)),
    dateFormat: orNull(text(256)),
    rateLimit: orNull({
      type: 'object',
      required: ['amount', 'unit'],
      additionalProperties: false,
      properties: {
        amount: { type: 'integer', minimum: 1, maximum: 1_000_000 },
        unit: { enum: ['second', 'minute', 'hour', 'day'] },
      },
    }),
    poolId: orNull(text(64)),
    sharedLimitOf: orNull(text(255)),
    authMethodId: orNull(text(64)),
    credentials: {
      type: 'object',
      maxProperties: 100,
      additionalProperties: { anyOf: [{ type: 'string', maxLength: 1024 }, { type: 'number' }, { type: 'boolean' }] },
    },
    certificate: orNull({
      type: 'object',
      required: ['data'],
      additionalProperties: false,
      properties: { data: text(65_536), passphrase: { type: 'string', maxLength: 1000 } },
    }),
  },
};
const ajvValidate = new Ajv().compile(schema);

const ours = (x) => m.validateInstance(catalog, x);
// Every instance is valid for both validators, or the bench would time an error path.
const answers = new Map();
for (const [label, x] of [...cases, certificateCase]) {
  const result = ours(x);
  if (!result.valid || result.errors.length) {
    throw new Error(`${label}: not valid: ${JSON.stringify(result.errors)}`);
  }
  if (!ajvValidate(x)) throw new Error(`${label}: the Ajv schema refuses it: ${JSON.stringify(ajvValidate.errors)}`);
  answers.set(x, result);
}

let sink = 0;
// The module's code reaches its optimised tier before the first row is timed.
for (const start = performance.now(); performance.now() - start < 2 * WARM_MS;) {
  for (const [, x] of cases) sink += ours(x).valid ? 1 : 0;
}

// µs per call: the median of BATCHES batches of about BATCH_MS each, after WARM_MS of warm-up
// (which also sizes the batches).
function measure(fn) {
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < WARM_MS) {
    for (let i = 0; i < 10; i++) sink += fn() ? 1 : 0;
    calls += 10;
  }
  const perCallMs = (performance.now() - start) / calls;
  const n = Math.max(1, Math.round(BATCH_MS / perCallMs));
  const times = [];
  for (let b = 0; b < BATCHES; b++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sink += fn() ? 1 : 0;
    times.push(((performance.now() - t0) * 1000) / n);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function row(label, x) {
  const answer = answers.get(x);
  return {
    label,
    ours: measure(() => ours(x).valid),
    ajv: measure(() => ajvValidate(x)),
    json: measure(() => JSON.stringify(x).length + (JSON.parse(JSON.stringify(answer)).valid ? 1 : 0)),
  };
}

const fmt = (x) => x.toFixed(2).padStart(9);
const ratio = (a, b) => `${(a / b).toFixed(1)}x`.padStart(9);
const header = `${'instance'.padEnd(40)} ${'ours'.padStart(9)} ${'Ajv'.padStart(9)} ${'JSON'.padStart(9)} ${'ours/Ajv'.padStart(9)} ${'ours/JSON'.padStart(9)}`;
const print = (r) => console.log(`${r.label.padEnd(40)} ${fmt(r.ours)} ${fmt(r.ajv)} ${fmt(r.json)} ${ratio(r.ours, r.ajv)} ${ratio(r.ours, r.json)}`);

console.log(`\nvalidation: validateInstance(catalog, instance), µs per call (median of ${BATCHES} batches of ~${BATCH_MS} ms; lower is better)`);
console.log('Ajv = structural JSON Schema only; JSON = stringify the instance + parse the answer (checks nothing)');
console.log(header);
const rows = cases.map(([label, x]) => row(label, x));
rows.forEach(print);
const worst = rows.reduce((a, b) => (b.ours > a.ours ? b : a));
console.log(`goal: validateInstance <= ${GOAL_US} µs  ${worst.ours <= GOAL_US ? 'held' : 'not held'} ` +
  `(slowest instance without a certificate: ${worst.label}, ${worst.ours.toFixed(2)} µs)`);
const cert = row(certificateCase[0], certificateCase[1]);
print(cert);
console.log(`(the certificate row parses and dates a PEM certificate and key of ${pem.length} characters on every call; not part of the goal)`);
catalog.dispose();
if (sink === 0.5) console.log('');  // keep results alive
