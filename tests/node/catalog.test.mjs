// The catalog and validation API from JS, against the built package in dist/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { load, ArgumentError, CatalogError, ValidationError } from '../../dist/index.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const catalogDir = join(root, 'web/catalog');
const files = readdirSync(catalogDir).filter((f) => f.endsWith('.json')).sort();
const texts = files.map((f) => readFileSync(join(catalogDir, f), 'utf8'));
const pools = JSON.parse(readFileSync(join(root, 'web/pools.example.json'), 'utf8'));
const fixture = (name) => readFileSync(join(root, 'tests/data/certificates', name), 'utf8');

const m = await load();

function shopifyInstance(overrides = {}) {
  return {
    connectorId: 'shopify',
    name: 'EU store',
    timeZone: 'Europe/Berlin',
    dateFormat: 'Y-m-d H:i:s',
    rateLimit: { amount: 2, unit: 'second' },
    poolId: null,
    authMethodId: 'access_token',
    credentials: { store_name: 'acme-eu', access_token: `shpat_${'0a'.repeat(16)}` },
    certificate: null,
    ...overrides,
  };
}

test('loads the demo catalog from file texts and lists connectors and methods', () => {
  const catalog = m.loadCatalog(texts, { pools });
  try {
    assert.deepEqual(catalog.problems, []);
    const connectors = catalog.connectors();
    assert.equal(connectors.length, files.length);
    assert.deepEqual(new Set(connectors.flatMap((c) => c.authMethods.map((a) => a.type))),
      new Set(['basic', 'token', 'oauth2_client_credentials', 'oauth2_authorization_code', 'oauth1']));
    assert.ok(connectors.every((c) => c.authMethods.every((a) => !('variables' in a))));
    const methods = catalog.authMethods('netsuite');
    assert.equal(methods[0].type, 'oauth1');
    assert.deepEqual(methods[0].variables.map((v) => v.key).slice(0, 6),
      ['account_id', 'realm', 'consumer_key', 'consumer_secret', 'token_key', 'token_secret']);
    assert.equal(catalog.connector('netsuite').concurrencyLimit, true);
    assert.equal(catalog.connector('nope'), null);
    assert.equal(catalog.authMethods('nope'), null);
    assert.deepEqual(catalog.pools().map((p) => p.id), ['netsuite-production', 'netsuite-sandbox']);
    assert.equal(catalog.connector('jira-cloud').authMethods[0].variables
      .find((v) => v.key === 'page_size').default, 50);
  } finally {
    catalog.dispose();
  }
});

test('objects load too; a bad definition is skipped and reported', () => {
  const defs = texts.map((t) => JSON.parse(t));
  defs.push({ ...defs[0], id: 'broken', authMethods: [{ id: 'x', name: 'X', type: 'saml' }] });
  const catalog = m.loadCatalog(defs);
  assert.equal(catalog.connectors().length, files.length);
  assert.equal(catalog.problems.length, 1);
  assert.deepEqual(
    (({ source, index, id, pointer, code }) => ({ source, index, id, pointer, code }))(catalog.problems[0]),
    { source: 'definitions', index: files.length, id: 'broken', pointer: '/authMethods/0/type', code: 'unknown_auth_type' },
  );
  catalog.dispose();
});

test('nothing loadable throws CatalogError with every problem', () => {
  assert.throws(() => m.loadCatalog(['{"id": "a", "id": "b"}', '[1,']), (e) => {
    assert.ok(e instanceof CatalogError);
    assert.equal(e.code, 'invalid_catalog');
    assert.equal(e.details.problems[0].code, 'duplicate_key');
    assert.equal(e.details.problems[0].pointer, '/id');
    assert.ok(e.details.problems.some((p) => p.index === 1 && p.code === 'invalid_json'));
    return true;
  });
  assert.throws(() => m.loadCatalog(42), ArgumentError);
  assert.throws(() => m.loadCatalog([], { pools: 'p1' }), ArgumentError);
});

test('a disposed catalog refuses further use', () => {
  const catalog = m.loadCatalog(texts);
  catalog.dispose();
  catalog.dispose();  // idempotent
  assert.equal(catalog.disposed, true);
  assert.throws(() => catalog.connectors(), (e) => e instanceof ArgumentError && e.code === 'catalog_disposed');
  assert.throws(() => m.validateInstance(catalog, shopifyInstance()), ArgumentError);
});

test('validates an instance and returns the normalised form without secrets', () => {
  const catalog = m.loadCatalog(texts, { pools });
  const result = m.validateInstance(catalog, shopifyInstance({ name: '  EU store ', timeZone: 'US/Eastern' }));
  assert.equal(result.valid, true);
  assert.deepEqual(result.errors, []);
  assert.equal(result.instance.name, 'EU store');
  assert.equal(result.instance.timeZone, 'America/New_York');
  assert.deepEqual(result.instance.credentials,
    { store_name: 'acme-eu', token_header: 'X-Shopify-Access-Token', api_version: '2024-07' });
  assert.ok(!JSON.stringify(result).includes('shpat_'));
  catalog.dispose();
});

test('every error has field, code, message and params', () => {
  const catalog = m.loadCatalog(texts, { pools });
  const result = m.validateInstance(catalog, shopifyInstance({
    name: 'x'.repeat(256),
    timeZone: 'Mars/Base',
    dateFormat: '',
    rateLimit: { amount: 0, unit: 'week' },
    poolId: 'netsuite-production',
    credentials: { store_name: 'Acme EU', extra: 'x' },
  }));
  assert.equal(result.valid, false);
  assert.deepEqual(result.errors.map((e) => `${e.field} ${e.code}`), [
    'name too_long',
    'timeZone unknown_time_zone',
    'dateFormat required',
    'rateLimit.amount too_small',
    'rateLimit.unit invalid_choice',
    'poolId pool_not_allowed',
    'credentials.extra unknown_field',
    'credentials.store_name pattern_mismatch',
    'credentials.access_token required',
  ]);
  assert.deepEqual(result.errors[0], {
    field: 'name', code: 'too_long', message: 'The name may not be greater than 255 characters.', params: { max: 255 },
  });
  assert.match(result.errors[7].message, /lower-case letters, digits and dashes/);
  const body = m.toLaravel(result);
  assert.equal(body.message, 'The name may not be greater than 255 characters. (and 8 more errors)');
  assert.deepEqual(Object.keys(body.errors).slice(0, 3), ['name', 'timeZone', 'dateFormat']);
  assert.deepEqual(body.errors['credentials.access_token'], ['The Access token field is required.']);
  assert.deepEqual(m.toLaravel(result.errors), body);
  catalog.dispose();
});

test('strings cross as UTF-8: emoji, accents, right-to-left text', () => {
  const catalog = m.loadCatalog(texts);
  for (const name of ['Café Zürich', 'חנות אירופה', 'متجر أوروبا', 'Shop 🛒🇪🇺', 'Ünïcödé ñ 中文']) {
    const r = m.validateInstance(catalog, shopifyInstance({ name: `  ${name}  ` }));
    assert.equal(r.valid, true, name);
    assert.equal(r.instance.name, name);
  }
  // 255 emoji are 255 characters (510 UTF-16 units, 1020 UTF-8 bytes)
  assert.equal(m.validateInstance(catalog, shopifyInstance({ name: '😀'.repeat(255) })).valid, true);
  assert.equal(m.validateInstance(catalog, shopifyInstance({ name: '😀'.repeat(256) })).errors[0].code, 'too_long');
  // names compare case-insensitively, accents included
  const taken = m.validateInstance(catalog, shopifyInstance({ name: 'ÉTÉ' }), { existingNames: ['été'] });
  assert.equal(taken.errors[0].code, 'taken');
  // a lone surrogate is an error of that field, not a failure of the call
  const lone = m.validateInstance(catalog, shopifyInstance({ name: 'bad \uD800 name' }));
  assert.deepEqual(lone.errors.map((e) => `${e.field} ${e.code}`), ['name invalid_utf8']);
  const loneCredential = m.validateInstance(catalog, shopifyInstance({
    credentials: { store_name: 'acme', access_token: 'shpat_\uDC00' },
  }));
  assert.deepEqual(loneCredential.errors.map((e) => `${e.field} ${e.code}`), ['credentials.access_token invalid_utf8']);
  // the text of an escape is not a lone surrogate: kept as written
  const escapeText = m.validateInstance(catalog, shopifyInstance({ name: 'Shop \\ud800 EU' }));
  assert.deepEqual(escapeText.errors, []);
  assert.equal(escapeText.instance.name, 'Shop \\ud800 EU');
  // a very large argument (the module's memory grows for it, then lets it go) and the next call
  const huge = m.validateInstance(catalog, shopifyInstance({ name: `${'x'.repeat(3_000_000)}é😀` }));
  assert.deepEqual(huge.errors.map((e) => `${e.field} ${e.code}`), ['name too_long']);
  assert.equal(m.validateInstance(catalog, shopifyInstance({ name: 'After é😀' })).instance.name, 'After é😀');
  // a lone surrogate in a member's name: that member is reported, the rest still checked
  const loneKey = m.validateInstance(catalog, shopifyInstance({ credentials: { store_name: 'acme', access_token: 'shpat_x', ['k\uD800']: 'v' } }));
  assert.ok(loneKey.errors.some((e) => e.code === 'unknown_field'), JSON.stringify(loneKey.errors));
  catalog.dispose();
});

test('instanceNameKey collides exactly where validation says "taken"', () => {
  const catalog = m.loadCatalog(texts);
  const pairs = [
    ['ÉTÉ', '  été '], ['Shop EU', 'shop eu'], ['ΣΟΦΙΑ', 'σοφια'], ['МАГАЗИН', 'магазин'],
    ['ＡＢＣ', 'ａｂｃ'],                // fullwidth
    ['Ꭰx', 'ꭰx'],                       // Cherokee: JS case mapping folds it, validation does not
    ['straße', 'STRASSE'],              // no full case folding: ß stays ß
    ['Café', 'Cafe'],
  ];
  for (const [a, b] of pairs) {
    const taken = m.validateInstance(catalog, shopifyInstance({ name: a }), { existingNames: [b] })
      .errors.some((e) => e.code === 'taken');
    assert.equal(m.instanceNameKey(a) === m.instanceNameKey(b), taken, `${a} / ${b}`);
  }
  assert.equal(m.instanceNameKey('  Shop  '), 'shop');
  assert.equal(m.instanceNameKey('bad \uD800'), null);
  assert.throws(() => m.instanceNameKey(42), ArgumentError);
  catalog.dispose();
});

test('pools: only for connectors with a concurrency limit, and must exist', () => {
  const catalog = m.loadCatalog(texts, { pools });
  const netsuite = {
    connectorId: 'netsuite',
    name: 'NS',
    credentials: {
      account_id: '1234567_SB1', realm: '1234567_SB1', consumer_key: 'a'.repeat(64),
      consumer_secret: 'b'.repeat(64), token_id: 'c'.repeat(64), token_secret: 'd'.repeat(64),
    },
  };
  const ok = m.validateInstance(catalog, { ...netsuite, poolId: 'netsuite-sandbox' });
  assert.deepEqual(ok.errors, []);
  assert.equal(ok.instance.poolId, 'netsuite-sandbox');
  assert.equal(ok.instance.credentials.token_key, 'c'.repeat(64));  // given under its alias
  assert.equal(ok.instance.timeZone, 'America/Los_Angeles');       // the connector's default
  assert.equal(m.validateInstance(catalog, { ...netsuite, poolId: 'other' }).errors[0].code, 'unknown_pool');
  // the caller's current pools instead of the catalog's
  const own = m.validateInstance(catalog, { ...netsuite, poolId: 'other' },
    { pools: [{ id: 'other', name: 'Other', limit: 3, timeout: null }] });
  assert.equal(own.valid, true);
  catalog.dispose();
});

test('certificates: required by the method, checked for structure and expiry', () => {
  const catalog = m.loadCatalog(texts);
  const ing = {
    connectorId: 'ing-psd2',
    name: 'ING',
    credentials: { client_id: 'abcdef12-3456', key_id: 'SN=5E4299BE,CA=CN=Test CA', environment: 'sandbox' },
  };
  assert.deepEqual(m.validateInstance(catalog, ing).errors.map((e) => `${e.field} ${e.code}`),
    ['certificate required']);
  const pem = fixture('client.pem');
  const ok = m.validateInstance(catalog, { ...ing, certificate: { data: pem } });
  assert.equal(ok.valid, true);
  assert.equal(ok.instance.certificate.format, 'pem');
  assert.equal(ok.instance.certificate.certificates[0].subject, 'client.example.com');
  assert.ok(!JSON.stringify(ok.instance).includes('PRIVATE KEY'));
  const expired = m.validateInstance(catalog, { ...ing, certificate: { data: pem } },
    { now: new Date('2100-01-01T00:00:00Z') });
  assert.equal(expired.errors[0].code, 'certificate_expired');
  const encrypted = m.validateInstance(catalog, { ...ing, certificate: { data: fixture('client-encrypted-key.pem') } });
  assert.deepEqual(encrypted.errors.map((e) => `${e.field} ${e.code}`), ['certificate.passphrase passphrase_required']);
  const p12 = m.validateInstance(catalog, {
    ...ing, certificate: { data: fixture('client.p12.b64'), passphrase: 'correct-horse' },
  });
  assert.equal(p12.valid, true);
  assert.equal(p12.instance.certificate.format, 'pkcs12');
  const big = m.validateInstance(catalog, { ...ing, certificate: { data: pem + ' '.repeat(65536) } });
  assert.equal(big.errors[0].code, 'too_large');
  catalog.dispose();
});

test('assertValidInstance throws ValidationError carrying the Laravel body', () => {
  const catalog = m.loadCatalog(texts);
  assert.throws(() => m.assertValidInstance(catalog, shopifyInstance({ name: '' })), (e) => {
    assert.ok(e instanceof ValidationError);
    assert.equal(e.details.body.message, 'The name field is required.');
    assert.equal(e.details.errors[0].field, 'name');
    return true;
  });
  assert.equal(m.assertValidInstance(catalog, shopifyInstance()).valid, true);
  catalog.dispose();
});

test('argument errors for what is not an instance', () => {
  const catalog = m.loadCatalog(texts);
  for (const bad of [null, 'x', 5, [], undefined]) {
    assert.throws(() => m.validateInstance(catalog, bad), ArgumentError);
  }
  assert.throws(() => m.validateInstance({}, shopifyInstance()), ArgumentError);
  assert.throws(() => m.validateInstance(catalog, shopifyInstance(), { existingNames: 'x' }), ArgumentError);
  assert.throws(() => m.validateInstance(catalog, shopifyInstance(), { now: 'today' }), ArgumentError);
  assert.throws(() => m.toLaravel('x'), ArgumentError);
  catalog.dispose();
});

test('single definitions and pools', () => {
  const ok = m.validateConnectorDefinition(texts[0]);
  assert.equal(ok.valid, true);
  const bad = m.validateConnectorDefinition({ id: 'x y', name: 'X' });
  assert.equal(bad.valid, false);
  assert.deepEqual(bad.problems.map((p) => `${p.pointer} ${p.code}`),
    ['/id invalid_identifier', '/version required', '/systemType required', '/protocol required', '/authMethods required']);
  assert.deepEqual(m.validatePool({ id: 'p', name: 'P', limit: 1, timeout: null }).pool,
    { id: 'p', name: 'P', limit: 1, timeout: null });
  assert.equal(m.validatePool({ id: 'p', name: 'P', limit: 0 }).problems[0].code, 'too_small');
  assert.equal(m.validatePool('{"id": "p", "id": "q"}').problems[0].code, 'duplicate_key');
});

// Templates on which the grammar has something to say: spaces, other white space, key
// characters and length, single, stray, unclosed and nested braces, non-ASCII text.
const TEMPLATES = [
  '{{store}}', '{{ store }}', '{{   store}}', 'Bearer {{token}}', '{{a}}{{b}}', 'plain text', '{a} } {',
  '{{a}}}', '}{{a}}{', '{{_}}', '{{token-key}}', `{{k${'x'.repeat(63)}}}`, `{{k${'x'.repeat(64)}}}`,
  '{{\u00a0store}}', '{{store\u2028}}', '{{\u3000store}}', '{{{store}}}', '{{{store}}', '{{a{{b}}}}',
  '{{store', '{{store}', 'x}}', '{{a}}}}', '{{9a}}', '{{-a}}', '{{a.b}}', '{{a b}}', '{{}}', '{{ }}',
  '{{schlüssel}}', '{{😀}}', 'ü {{a}} € 😀 עברית', '\uff5b\uff5ba\uff5d\uff5d',
];

test('templateParts splits a template into literal text and variables', () => {
  assert.deepEqual(m.templateParts('https://{{ store }}.example.com/api/{{v}}'),
    [{ literal: 'https://' }, { variable: 'store' }, { literal: '.example.com/api/' }, { variable: 'v' }]);
  assert.deepEqual(m.templateParts('{{a}}{{b}}'), [{ variable: 'a' }, { variable: 'b' }]);
  assert.deepEqual(m.templateParts('ü {{a}} 😀'), [{ literal: 'ü ' }, { variable: 'a' }, { literal: ' 😀' }]);
  assert.deepEqual(m.templateParts(''), []);
  for (const [text, reason] of [['{{a', 'unclosed'], ['a}}', 'unopened'], ['{{a.b}}', 'invalid_key'], ['{{\ta}}', 'invalid_key']]) {
    assert.throws(() => m.templateParts(text), (e) => e instanceof CatalogError && e.code === 'invalid_template'
      && e.details.reason === reason && /^Malformed placeholder/.test(e.message), text);
  }
  assert.throws(() => m.templateParts(42), (e) => e instanceof ArgumentError && e.code === 'invalid_argument');
  assert.throws(() => m.templateParts('{{a}}\ud800'), (e) => e instanceof ArgumentError && e.code === 'invalid_argument');
});

test('templateParts and definition validation agree on every template', () => {
  const outcomes = new Set();
  for (const template of TEMPLATES) {
    let parts = null;
    let reason = null;
    try {
      parts = m.templateParts(template);
    } catch (e) {
      assert.equal(e.code, 'invalid_template', template);
      reason = e.details.reason;
    }
    const keys = [...new Set((parts ?? []).filter((p) => p.variable).map((p) => p.variable))];
    const check = m.validateConnectorDefinition({
      id: 'templates', name: 'Templates', version: '1', systemType: 'crm', protocol: 'rest',
      authMethods: [{
        id: 'token', name: 'Token', type: 'token', variables: keys.map((key) => ({ key, label: key })),
        token: { value: template, header: 'X-Token' }, check: { url: 'https://api.example.com/me' },
      }],
    });
    const problems = check.problems.map((p) => `${p.pointer} ${p.code} ${p.params?.reason ?? ''}`.trim());
    assert.deepEqual(problems, reason === null ? [] : [`/authMethods/0/token/value invalid_template ${reason}`], template);
    if (parts) assert.equal(check.definition.authMethods[0].token.value, template);
    outcomes.add(reason ?? 'valid');
  }
  assert.deepEqual([...outcomes].sort(), ['invalid_key', 'unclosed', 'unopened', 'valid']);
});
