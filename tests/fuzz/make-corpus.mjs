// Writes the seed corpus of the fuzzer (tests/fuzz/corpus/) from the demo catalog and the
// certificate fixtures. The first character of a seed selects the fuzzer's mode (see
// fuzz_catalog.cpp). Run: node tests/fuzz/make-corpus.mjs
import { readFileSync, readdirSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'tests/fuzz/corpus');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const seeds = [];
const add = (mode, text) => seeds.push(`${mode}${text}`);

const catalogDir = join(root, 'web/catalog');
const texts = readdirSync(catalogDir).sort().map((f) => readFileSync(join(catalogDir, f), 'utf8'));
const certs = join(root, 'tests/data/certificates');
const cert = (name) => readFileSync(join(certs, name), 'utf8');

// 0: definitions, valid and broken
for (const t of texts) add(0, t);
add(0, '{"id": "a", "id": "b", "authMethods": [{"type": "oauth3"}]}');
add(0, JSON.stringify({ id: 'x', name: 'X', version: '1', systemType: 's', protocol: 'p',
  authMethods: [{ id: 'm', name: 'M', type: 'token', variables: [
    { key: 'k', label: 'K', type: 'integer', min: 1, max: 5, default: 9 },
    { key: 'e', label: 'E', type: 'enum', options: ['a', 'a'] },
    { key: 'p', label: 'P', pattern: '(a|b)*c{2,3}[^x-z]\\d', default: 'abcc1' }] }] }));
// 1: pools
for (const p of JSON.parse(readFileSync(join(root, 'web/pools.example.json'), 'utf8'))) add(1, JSON.stringify(p));
add(1, '{"id": "p", "name": "", "limit": 0, "timeout": 1.5}');
// 2: instances against the demo catalog
const shopify = {
  connectorId: 'shopify', name: 'EU store', timeZone: 'US/Eastern', dateFormat: 'Y-m-d\\TH:i:sP',
  rateLimit: { amount: 2, unit: 'second' }, poolId: null, authMethodId: 'access_token',
  credentials: { store_name: 'acme-eu', access_token: `shpat_${'0a'.repeat(16)}` }, certificate: null,
};
add(2, JSON.stringify(shopify));
add(2, JSON.stringify({ ...shopify, name: ' été ', rateLimit: { amount: 0, unit: 'week' }, credentials: { shop: 'A B' } }));
add(2, JSON.stringify({ connectorId: 'netsuite', name: 'NS', poolId: 'netsuite-sandbox', credentials: {
  account_id: '1234567_SB1', realm: '1234567_SB1', consumer_key: 'a'.repeat(64), consumer_secret: 'b'.repeat(64),
  token_id: 'c'.repeat(64), token_secret: 'd'.repeat(64), request_timeout: '60' } }));
add(2, JSON.stringify({ connectorId: 'jira-cloud', name: 'J', credentials: {
  site_url: 'https://acme.atlassian.net', username: 'ops@acme.example', password: 'x'.repeat(20),
  page_size: 100, include_archived: 'true' } }));
add(2, JSON.stringify({ connectorId: 'ing-psd2', name: 'ING', credentials: { client_id: 'abcdefgh',
  key_id: 'SN=AB,CA=x', environment: 'sandbox', extra_headers: 'X-A: 1\nX-B: 2' },
  certificate: { data: cert('client-encrypted-key.pem'), passphrase: 'correct-horse' } }));
add(2, JSON.stringify({ connectorId: 'dynamics-365', name: 'D', authMethodId: 'client_credentials',
  credentials: { tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47', client_id: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    client_secret: 's', retry_backoff: 2.5, scope: 'https://api.businesscentral.dynamics.com/.default' } }));
// 3: certificates, "<passphrase>\0<data>"
for (const f of readdirSync(certs).filter((f) => /\.(pem|b64)$/.test(f)).sort()) {
  add(3, `correct-horse\0${cert(f)}`);
}
add(3, '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n');
// 4: patterns, "<pattern>\n<value>"
for (const t of texts) {
  for (const m of JSON.parse(t).authMethods) {
    for (const v of m.variables ?? []) if (v.pattern) add(4, `${v.pattern}\n${v.default ?? 'abc-123'}`);
  }
}
add(4, '(?:a|b)+?\\b\\u{1F600}[\\w\\s-]{0,3}$\nab\u{1F600}x');
// 5: catalogs
add(5, JSON.stringify(texts.slice(0, 2)));
add(5, JSON.stringify([JSON.parse(texts[0]), '{"id": 1}']));

for (const s of seeds) {
  const name = createHash('sha1').update(s).digest('hex');
  writeFileSync(join(out, name), s);
}
console.log(`${seeds.length} seeds written to ${out}`);
