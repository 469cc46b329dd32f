// Instances and pools through the real server: CRUD, server-side validation (422 in
// Laravel's shape), secrets masked on read and kept on update, duplicate names under a
// race (one process and two), idempotent retries, the audit trail, certificates, and a
// bad-input suite. At the end: no plaintext secret in the database files, the server
// output or any response.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FIXTURE_CATALOG, ROOT, client, findLeaks, makeCertificate, request, runCli, startServer, storedSecrets, tempDir,
} from './server-harness.mjs';

const MASK = '••••••••';
const SECRETS = [];
const secret = (make) => { const s = make(); SECRETS.push(s); return s; };
const shopToken = () => secret(() => `shpat_${randomBytes(16).toString('hex')}`);
const password = () => secret(() => `pw-${randomBytes(9).toString('base64url')}`);

let server;
let api;
let dataDir;
let workDir;
let second; // a second server process on the same data directory (race test)

before(async () => {
  dataDir = tempDir('ci-inst-data-');
  workDir = tempDir('ci-inst-work-');
  server = await startServer({ dataDir, env: { CATALOG_DIR: FIXTURE_CATALOG } });
  api = client(server.url, server.adminToken);
});

after(async () => {
  await second?.stop();
  await server?.stop();
  const leaks = findLeaks(SECRETS, { dataDirs: [dataDir], outputs: [server.output(), second?.output() ?? ''] });
  assert.deepEqual(leaks, [], 'plaintext secrets leaked');
});

const base = (connector) => `/api/connectors/${connector}/instances`;
let counter = 0;
const uniqueName = (prefix = 'Store') => `${prefix} ${++counter} ${randomBytes(3).toString('hex')}`;

function shopInstance(overrides = {}) {
  return {
    name: uniqueName(),
    timeZone: 'Europe/Berlin',
    dateFormat: 'Y-m-d H:i:s',
    rateLimit: { amount: 2, unit: 'second' },
    poolId: null,
    authMethodId: 'access_token',
    credentials: { store_name: 'acme', access_token: shopToken() },
    certificate: null,
    ...overrides,
  };
}

async function create(connector, body, opts) {
  const res = await api.post(base(connector), body, opts);
  return res;
}

describe('connectors', () => {
  test('lists the catalog and returns one definition; unknown: 404', async () => {
    const list = await api.get('/api/connectors');
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.data.map((c) => c.id).sort(), ['bank', 'erp', 'shop']);
    const shop = await api.get('/api/connectors/shop');
    assert.equal(shop.status, 200);
    assert.equal(shop.json.id, 'shop');
    assert.ok(shop.json.authMethods[0].variables.some((v) => v.key === 'access_token' && v.secret === true));
    assert.equal((await api.get('/api/connectors/nope')).status, 404);
  });
});

describe('create and read', () => {
  test('201 with the normalised instance, secrets masked; GET and list return the same', async () => {
    const body = shopInstance({ name: '  EU store  ', timeZone: 'europe/berlin', rateLimit: undefined });
    delete body.rateLimit;
    const res = await create('shop', body);
    assert.equal(res.status, 201, res.text);
    const inst = res.json;
    assert.match(inst.id, /^[0-9a-f-]{36}$/);
    assert.equal(res.headers.location, `/api/connectors/shop/instances/${inst.id}`);
    assert.equal(inst.name, 'EU store', 'trimmed');
    assert.equal(inst.timeZone, 'Europe/Berlin', 'canonical zone name');
    assert.deepEqual(inst.rateLimit, { amount: 2, unit: 'second' }, 'connector default');
    assert.equal(inst.connectorId, 'shop');
    assert.equal(inst.credentials.store_name, 'acme');
    assert.equal(inst.credentials.access_token, MASK);
    assert.equal(inst.credentials.api_version, '2024-07', 'default applied');
    assert.deepEqual(inst.secrets, {
      'credentials.access_token': { secretSet: true },
      'credentials.webhook_secret': { secretSet: false },
    });
    assert.equal(inst.certificate, null);
    assert.equal(inst.revision, 1);
    assert.equal(typeof inst.createdAt, 'number');

    const read = await api.get(`${base('shop')}/${inst.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.json, inst);
    const list = await api.get(`${base('shop')}?limit=500`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.data.find((i) => i.id === inst.id), inst);
    assert.equal(typeof list.json.total, 'number');
    assert.deepEqual((await storedSecrets(dataDir, 'shop', inst.id)).credentials, { access_token: body.credentials.access_token });
  });

  test('an alias is stored under the variable key', async () => {
    const body = shopInstance();
    body.credentials = { shop: 'aliased', access_token: body.credentials.access_token };
    const res = await create('shop', body);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.credentials.store_name, 'aliased');
  });

  test('list pages with limit and offset', async () => {
    for (let i = 0; i < 3; i += 1) assert.equal((await create('shop', shopInstance({ name: `Paging ${i}` }))).status, 201);
    const all = await api.get(`${base('shop')}?limit=500`);
    const page = await api.get(`${base('shop')}?limit=2&offset=1`);
    assert.equal(page.json.data.length, 2);
    assert.deepEqual(page.json.data.map((i) => i.id), all.json.data.slice(1, 3).map((i) => i.id));
    assert.equal(page.json.total, all.json.total);
  });

  test('unknown instance or connector: 404', async () => {
    assert.equal((await api.get(`${base('shop')}/00000000-0000-0000-0000-000000000000`)).status, 404);
    assert.equal((await api.get(`${base('nope')}/x`)).status, 404);
    assert.equal((await create('nope', shopInstance())).status, 404);
  });
});

describe('validation (422, Laravel body)', () => {
  test('every failing field is reported with its path', async () => {
    const res = await create('shop', shopInstance({
      name: '', timeZone: 'Mars/Olympus', rateLimit: { amount: 0, unit: 'week' },
      credentials: { store_name: 'Not Valid!', access_token: 'shpat_short' },
    }));
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(Object.keys(res.json).sort(), ['errors', 'message']);
    for (const field of ['name', 'timeZone', 'rateLimit.amount', 'rateLimit.unit', 'credentials.store_name', 'credentials.access_token']) {
      assert.ok(Array.isArray(res.json.errors[field]) && res.json.errors[field].length > 0, `${field}: ${res.text}`);
    }
    assert.match(res.json.message, /\(and \d+ more errors?\)$/);
  });

  test('a missing required secret and an unknown credential', async () => {
    const res = await create('shop', shopInstance({ credentials: { store_name: 'acme', extra: 'x' } }));
    assert.equal(res.status, 422);
    assert.ok(res.json.errors['credentials.access_token']);
    assert.ok(res.json.errors['credentials.extra']);
  });

  test('unknown top-level fields are refused, read-only ones ignored', async () => {
    const res = await create('shop', shopInstance({ timezone: 'UTC', constructor: { prototype: {} } }));
    assert.equal(res.status, 422);
    assert.ok(res.json.errors.timezone);
    assert.ok(res.json.errors.constructor);
    const ok = await create('shop', shopInstance({ id: 'mine', revision: 7, createdAt: 1, secrets: {} }));
    assert.equal(ok.status, 201, ok.text);
    assert.notEqual(ok.json.id, 'mine');
    assert.equal(ok.json.revision, 1);
  });

  test('a connectorId that is not the one in the URL', async () => {
    const res = await create('shop', shopInstance({ connectorId: 'erp' }));
    assert.equal(res.status, 422);
    assert.ok(res.json.errors.connectorId);
  });

  test('the mask sent on create counts as no value (it is never stored as a secret)', async () => {
    const res = await create('shop', shopInstance({ credentials: { store_name: 'acme', access_token: MASK } }));
    assert.equal(res.status, 422);
    assert.ok(res.json.errors['credentials.access_token']);
  });

  test('messages do not echo a rejected secret', async () => {
    const bad = secret(() => `not-a-token-${randomBytes(6).toString('hex')}`);
    const res = await create('shop', shopInstance({ credentials: { store_name: 'acme', access_token: bad } }));
    assert.equal(res.status, 422);
    assert.ok(!res.text.includes(bad));
  });
});

describe('update', () => {
  test('the mask or an omitted secret keeps the stored value; null removes; a value replaces', async () => {
    const body = shopInstance();
    const hook = secret(() => `whsec_${randomBytes(8).toString('hex')}`);
    body.credentials.webhook_secret = hook;
    const created = (await create('shop', body)).json;
    assert.deepEqual(created.secrets['credentials.webhook_secret'], { secretSet: true });
    const url = `${base('shop')}/${created.id}`;

    // Send back what was read, renamed: masks everywhere.
    const renamed = await api.put(url, { ...created, name: `${created.name} (renamed)` });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.json.revision, 2);
    assert.equal(renamed.json.credentials.access_token, MASK);
    let stored = await storedSecrets(dataDir, 'shop', created.id);
    assert.deepEqual(stored.credentials, { access_token: body.credentials.access_token, webhook_secret: hook });

    // Omit both secrets: kept.
    const omitted = await api.put(url, { ...shopInstance({ name: created.name }), credentials: { store_name: 'acme' } });
    assert.equal(omitted.status, 200, omitted.text);
    stored = await storedSecrets(dataDir, 'shop', created.id);
    assert.deepEqual(stored.credentials, { access_token: body.credentials.access_token, webhook_secret: hook });

    // null removes the optional secret; a new token replaces the old one.
    const fresh = shopToken();
    const replaced = await api.put(url, { ...created, credentials: { store_name: 'acme', access_token: fresh, webhook_secret: null } });
    assert.equal(replaced.status, 200, replaced.text);
    assert.deepEqual(replaced.json.secrets['credentials.webhook_secret'], { secretSet: false });
    assert.equal(replaced.json.credentials.webhook_secret, undefined);
    stored = await storedSecrets(dataDir, 'shop', created.id);
    assert.deepEqual(stored.credentials, { access_token: fresh });

    // The mask where nothing is stored stays "no value".
    const masked = await api.put(url, { ...created, credentials: { store_name: 'acme', access_token: MASK, webhook_secret: MASK } });
    assert.equal(masked.status, 200);
    assert.deepEqual(masked.json.secrets['credentials.webhook_secret'], { secretSet: false });
    assert.deepEqual((await storedSecrets(dataDir, 'shop', created.id)).credentials, { access_token: fresh });

    // null on a required secret: 422, and the stored one is untouched.
    const cleared = await api.put(url, { ...created, credentials: { store_name: 'acme', access_token: null } });
    assert.equal(cleared.status, 422);
    assert.ok(cleared.json.errors['credentials.access_token']);
    assert.deepEqual((await storedSecrets(dataDir, 'shop', created.id)).credentials, { access_token: fresh });
  });

  test('changing the auth method drops the old method\'s secrets', async () => {
    const pw = password();
    const created = await create('erp', { name: uniqueName('ERP'), authMethodId: 'basic', credentials: { username: 'svc', password: pw } });
    assert.equal(created.status, 201, created.text);
    const url = `${base('erp')}/${created.json.id}`;
    const masked = await api.put(url, { ...created.json, authMethodId: 'api_key', credentials: { api_key: MASK } });
    assert.equal(masked.status, 422, 'the mask of another method is no value');
    const key = secret(() => `k-${randomBytes(12).toString('hex')}`);
    const switched = await api.put(url, { ...created.json, authMethodId: 'api_key', credentials: { api_key: key } });
    assert.equal(switched.status, 200, switched.text);
    assert.deepEqual(switched.json.credentials, { api_key: MASK });
    assert.deepEqual((await storedSecrets(dataDir, 'erp', created.json.id)).credentials, { api_key: key });
  });

  test('validation applies to updates; unknown instance: 404', async () => {
    const created = (await create('shop', shopInstance())).json;
    const res = await api.put(`${base('shop')}/${created.id}`, { ...created, dateFormat: '' });
    assert.equal(res.status, 422);
    assert.ok(res.json.errors.dateFormat);
    assert.equal((await api.put(`${base('shop')}/00000000-0000-0000-0000-000000000000`, created)).status, 404);
  });
});

describe('delete', () => {
  test('204, then 404', async () => {
    const created = (await create('shop', shopInstance())).json;
    const url = `${base('shop')}/${created.id}`;
    assert.equal((await api.delete(url)).status, 204);
    assert.equal((await api.get(url)).status, 404);
    assert.equal((await api.delete(url)).status, 404);
    assert.equal(await storedSecrets(dataDir, 'shop', created.id), null);
  });
});

describe('duplicate names', () => {
  test('refused case-insensitively and after trimming, on create and on rename', async () => {
    const name = uniqueName('Dup');
    assert.equal((await create('shop', shopInstance({ name }))).status, 201);
    for (const variant of [name, name.toUpperCase(), `  ${name.toLowerCase()} `]) {
      const res = await create('shop', shopInstance({ name: variant }));
      assert.equal(res.status, 422, variant);
      assert.ok(res.json.errors.name, res.text);
    }
    const other = (await create('shop', shopInstance())).json;
    const rename = await api.put(`${base('shop')}/${other.id}`, { ...other, name });
    assert.equal(rename.status, 422);
    assert.ok(rename.json.errors.name);
    // The same name under another connector is fine.
    assert.equal((await create('erp', { name, authMethodId: 'basic', credentials: { username: 'u', password: password() } })).status, 201);
    // Renaming an instance to its own name (other case) is fine.
    const self = await api.put(`${base('shop')}/${other.id}`, { ...other, name: other.name.toUpperCase() });
    assert.equal(self.status, 200, self.text);
  });

  test('20 concurrent creates of one name: exactly one wins, the others get 422 on name', async () => {
    const name = uniqueName('Race');
    const results = await Promise.all(Array.from({ length: 20 }, () => create('shop', shopInstance({ name }))));
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
    for (const r of results.filter((x) => x.status !== 201)) {
      assert.equal(r.status, 422);
      assert.ok(r.json.errors.name);
    }
  });

  test('two server processes on one database: the UNIQUE constraint settles the race', async () => {
    second = await startServer({ dataDir, env: { CATALOG_DIR: FIXTURE_CATALOG } });
    const other = client(second.url, server.adminToken);
    let wins = 0;
    for (let round = 0; round < 15; round += 1) {
      const name = uniqueName('Cross');
      const results = await Promise.all([
        ...Array.from({ length: 3 }, () => api.post(base('shop'), shopInstance({ name }))),
        ...Array.from({ length: 3 }, () => other.post(base('shop'), shopInstance({ name }))),
      ]);
      const created = results.filter((r) => r.status === 201);
      assert.equal(created.length, 1, results.map((r) => `${r.status} ${r.text.slice(0, 80)}`).join('\n'));
      for (const r of results.filter((x) => x.status !== 201)) {
        assert.equal(r.status, 422);
        assert.ok(r.json.errors.name);
      }
      wins += created.length;
    }
    assert.equal(wins, 15);
  });

  test('two server processes, 50 concurrent creates with one Idempotency-Key: one instance, every answer the same 201', async () => {
    const other = client(second.url, server.adminToken);
    for (let round = 0; round < 4; round += 1) {
      const body = shopInstance({ name: uniqueName('Idem') });
      const key = `cross-${round}-${randomBytes(6).toString('hex')}`;
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? other : api).post(base('shop'), body, { headers: { 'idempotency-key': key } })));
      assert.deepEqual([...new Set(results.map((r) => r.status))], [201], results.map((r) => `${r.status} ${r.text.slice(0, 80)}`).join('\n'));
      assert.equal(new Set(results.map((r) => r.json.id)).size, 1);
      assert.equal(results.filter((r) => r.headers['idempotent-replayed'] !== 'true').length, 1);
      const list = await api.get(`${base('shop')}?limit=500`);
      assert.equal(list.json.data.filter((i) => i.name === body.name).length, 1);
    }
    await second.stop();
  });
});

describe('Idempotency-Key', () => {
  test('a retried create returns the first result; no second instance', async () => {
    const body = shopInstance();
    const key = `retry-${randomBytes(6).toString('hex')}`;
    const first = await create('shop', body, { headers: { 'idempotency-key': key } });
    assert.equal(first.status, 201);
    const retry = await create('shop', body, { headers: { 'idempotency-key': key } });
    assert.equal(retry.status, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.json, first.json);
    const list = await api.get(`${base('shop')}?limit=500`);
    assert.equal(list.json.data.filter((i) => i.name === body.name).length, 1);
  });

  test('concurrent retries with one key all get the same instance', async () => {
    const body = shopInstance();
    const key = `burst-${randomBytes(6).toString('hex')}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => create('shop', body, { headers: { 'idempotency-key': key } })));
    assert.ok(results.every((r) => r.status === 201), results.map((r) => r.status).join(','));
    assert.equal(new Set(results.map((r) => r.json.id)).size, 1);
  });

  test('a key replayed after its instance was deleted: 409, and a new key creates it again', async () => {
    const body = shopInstance();
    const key = `deleted-${randomBytes(6).toString('hex')}`;
    const first = await create('shop', body, { headers: { 'idempotency-key': key } });
    assert.equal(first.status, 201);
    assert.equal((await api.delete(`${base('shop')}/${first.json.id}`)).status, 204);
    const replayed = await create('shop', body, { headers: { 'idempotency-key': key } });
    assert.equal(replayed.status, 409);
    assert.equal(replayed.json.code, 'idempotent_target_deleted');
    const again = await create('shop', body, { headers: { 'idempotency-key': `${key}-2` } });
    assert.equal(again.status, 201);
    assert.notEqual(again.json.id, first.json.id);
  });

  test('a pool key replayed after the pool was deleted: 409', async () => {
    const key = `pool-deleted-${randomBytes(6).toString('hex')}`;
    const body = { name: 'Short-lived', limit: 1, timeout: 5 };
    const first = await api.post('/api/pools', body, { headers: { 'idempotency-key': key } });
    assert.equal(first.status, 201);
    assert.equal((await api.delete(`/api/pools/${first.json.id}`)).status, 204);
    const replayed = await api.post('/api/pools', body, { headers: { 'idempotency-key': key } });
    assert.equal(replayed.status, 409);
    assert.equal(replayed.json.code, 'idempotent_target_deleted');
  });

  test('the same key with another body: 422 idempotency_key_reused', async () => {
    const key = `reuse-${randomBytes(6).toString('hex')}`;
    assert.equal((await create('shop', shopInstance(), { headers: { 'idempotency-key': key } })).status, 201);
    const res = await create('shop', shopInstance(), { headers: { 'idempotency-key': key } });
    assert.equal(res.status, 422);
    assert.equal(res.json.code, 'idempotency_key_reused');
  });

  test('a failed create is not remembered: the corrected retry may reuse the key', async () => {
    const key = `fix-${randomBytes(6).toString('hex')}`;
    const body = shopInstance({ timeZone: 'Nowhere/Nothing' });
    assert.equal((await create('shop', body, { headers: { 'idempotency-key': key } })).status, 422);
    assert.equal((await create('shop', { ...body, timeZone: 'UTC' }, { headers: { 'idempotency-key': key } })).status, 201);
  });

  test('keys are per token: another token with the same key creates its own instance', async () => {
    const made = runCli(['create-token', `ci-${randomBytes(3).toString('hex')}`], { dataDir });
    assert.equal(made.code, 0, made.stderr);
    const token = /: (cit_\S+)/.exec(made.stdout)[1];
    const key = `shared-${randomBytes(6).toString('hex')}`;
    const a = await create('shop', shopInstance(), { headers: { 'idempotency-key': key } });
    const b = await client(server.url, token).post(base('shop'), shopInstance(), { headers: { 'idempotency-key': key } });
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.notEqual(a.json.id, b.json.id);
  });
});

describe('pools', () => {
  test('CRUD, validation, use by an instance, 409 while in use', async () => {
    const created = await api.post('/api/pools', { id: 'erp-prod', name: 'ERP production', limit: 10, timeout: 30 });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.headers.location, '/api/pools/erp-prod');
    assert.deepEqual({ ...created.json, createdAt: 0, updatedAt: 0 }, { id: 'erp-prod', name: 'ERP production', limit: 10, timeout: 30, createdAt: 0, updatedAt: 0 });
    const generated = await api.post('/api/pools', { name: 'Sandbox', limit: 2, timeout: null });
    assert.equal(generated.status, 201, generated.text);
    assert.ok(generated.json.id);

    assert.equal((await api.post('/api/pools', { id: 'erp-prod', name: 'again', limit: 1, timeout: null })).status, 422);
    const invalid = await api.post('/api/pools', { name: '', limit: 0, timeout: -1 });
    assert.equal(invalid.status, 422);
    assert.ok(Object.keys(invalid.json.errors).length >= 2, invalid.text);

    const list = await api.get('/api/pools');
    assert.ok(list.json.data.some((p) => p.id === 'erp-prod'));
    assert.equal((await api.get('/api/pools/erp-prod')).json.name, 'ERP production');
    const updated = await api.put('/api/pools/erp-prod', { name: 'ERP prod', limit: 12, timeout: null });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.json.limit, 12);
    assert.equal((await api.put('/api/pools/erp-prod', { id: 'other', name: 'x', limit: 1, timeout: null })).status, 422);
    assert.equal((await api.put('/api/pools/missing', { name: 'x', limit: 1, timeout: null })).status, 404);

    const member = await create('erp', { name: uniqueName('Pooled'), poolId: 'erp-prod', authMethodId: 'basic', credentials: { username: 'u', password: password() } });
    assert.equal(member.status, 201, member.text);
    assert.equal(member.json.poolId, 'erp-prod');
    const unknownPool = await create('erp', { name: uniqueName('Pooled'), poolId: 'nope', authMethodId: 'basic', credentials: { username: 'u', password: password() } });
    assert.equal(unknownPool.status, 422);
    assert.ok(unknownPool.json.errors.poolId);
    const notAllowed = await create('shop', shopInstance({ poolId: 'erp-prod' }));
    assert.equal(notAllowed.status, 422, 'shop has no concurrency limit');
    assert.ok(notAllowed.json.errors.poolId);

    const busy = await api.delete('/api/pools/erp-prod');
    assert.equal(busy.status, 409);
    assert.equal(busy.json.code, 'pool_in_use');
    assert.equal((await api.delete(`${base('erp')}/${member.json.id}`)).status, 204);
    assert.equal((await api.delete('/api/pools/erp-prod')).status, 204);
    assert.equal((await api.get('/api/pools/erp-prod')).status, 404);
    assert.equal((await api.delete('/api/pools/erp-prod')).status, 404);
  });

  test('idempotent pool creation', async () => {
    const key = `pool-${randomBytes(4).toString('hex')}`;
    const body = { name: 'Idempotent pool', limit: 3, timeout: 10 };
    const a = await api.post('/api/pools', body, { headers: { 'idempotency-key': key } });
    const b = await api.post('/api/pools', body, { headers: { 'idempotency-key': key } });
    assert.equal(a.status, 201);
    assert.deepEqual(b.json, a.json);
  });
});

describe('certificates', () => {
  test('a passphrase that does not open the certificate is a field error at save time, nothing stored', async () => {
    const fixture = (name) => readFileSync(join(ROOT, 'tests/data/certificates', name), 'utf8');
    const cases = [
      // [what, data, passphrase, expected code] — the module decides the first ones; a PEM
      // key under DES-EDE3-CBC is one it cannot open, so the backend tries it with OpenSSL
      ['PKCS#12, wrong passphrase', fixture('client.p12.b64'), 'not-the-passphrase', 'passphrase_incorrect'],
      ['PKCS#12, none', fixture('client.p12.b64'), null, 'passphrase_required'],
      ['encrypted PEM key, wrong passphrase', fixture('client-encrypted-key.pem'), 'not-the-passphrase', 'passphrase_incorrect'],
      ['DES-EDE3-CBC PEM key, wrong passphrase', fixture('client-legacy-3des.pem'), 'not-the-passphrase', 'passphrase_incorrect'],
    ];
    const before = (await api.get(`${base('bank')}?limit=500`)).json.total;
    for (const [what, data, passphrase, code] of cases) {
      const res = await create('bank', { name: uniqueName('Pass'), credentials: { client_id: 'client-1234' }, certificate: { data, passphrase } });
      assert.equal(res.status, 422, `${what}: ${res.text}`);
      assert.ok(res.json.errors['certificate.passphrase'], `${what}: ${res.text}`);
      assert.ok(!res.text.includes('not-the-passphrase'), what);
    }
    assert.equal((await api.get(`${base('bank')}?limit=500`)).json.total, before);
    // the right passphrase: saved (the fixtures' certificates may have expired: `now` is the
    // server's, so only the passphrase is asserted here)
    for (const file of ['client.p12.b64', 'client-legacy-3des.pem']) {
      const res = await create('bank', { name: uniqueName('Pass'), credentials: { client_id: 'client-1234' }, certificate: { data: fixture(file), passphrase: 'correct-horse' } });
      assert.ok(res.status === 201 || !res.json.errors?.['certificate.passphrase'], `${file}: ${res.text}`);
      if (res.status === 201) assert.equal(res.json.certificate.passphraseChecked, true, file);
    }
  });

  test('stored encrypted; reads show what was read from it, masked data and passphrase', async () => {
    const passphrase = secret(() => `pp-${randomBytes(8).toString('hex')}`);
    const pem = makeCertificate(workDir, { passphrase });
    const keyBlock = /-----BEGIN ENCRYPTED PRIVATE KEY-----\n([^\n]+)/.exec(pem)[1];
    SECRETS.push(keyBlock);
    const body = { name: uniqueName('Bank'), credentials: { client_id: 'client-1234' }, certificate: { data: pem, passphrase } };
    const res = await create('bank', body);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.certificate.data, MASK);
    assert.equal(res.json.certificate.passphrase, MASK);
    assert.equal(res.json.certificate.format, 'pem');
    assert.equal(res.json.certificate.privateKeyEncrypted, true);
    assert.deepEqual(res.json.secrets, { 'certificate.data': { secretSet: true }, 'certificate.passphrase': { secretSet: true } });
    const url = `${base('bank')}/${res.json.id}`;

    // Sent back as read: kept.
    const kept = await api.put(url, { ...res.json, name: `${body.name} 2` });
    assert.equal(kept.status, 200, kept.text);
    assert.deepEqual((await storedSecrets(dataDir, 'bank', res.json.id)).certificate, { data: pem, passphrase });
    assert.equal((await api.post(`${url}/test`, {})).json.code, 'not_configured', 'still valid; the fixture defines no check request');

    // The key is encrypted: removing the passphrase is refused.
    const removed = await api.put(url, { ...res.json, certificate: { data: MASK, passphrase: null } });
    assert.equal(removed.status, 422, removed.text);
    assert.ok(removed.json.errors['certificate.passphrase'], removed.text);
    // A rejected passphrase is not echoed.
    const long = secret(() => `long-${randomBytes(600).toString('hex')}`);
    const bad = await api.put(url, { ...res.json, certificate: { data: MASK, passphrase: long } });
    assert.equal(bad.status, 422);
    assert.ok(bad.json.errors['certificate.passphrase'], bad.text);
    assert.ok(!bad.text.includes(long.slice(0, 40)));
    assert.deepEqual((await storedSecrets(dataDir, 'bank', res.json.id)).certificate, { data: pem, passphrase });

    // Required: null is refused.
    const none = await api.put(url, { ...res.json, certificate: null });
    assert.equal(none.status, 422);
    assert.ok(none.json.errors.certificate);
  });

  test('garbage certificate data is refused without being echoed', async () => {
    const junk = secret(() => `-----BEGIN CERTIFICATE-----\n${randomBytes(30).toString('base64')}\n-----END CERTIFICATE-----\n`);
    const res = await create('bank', { name: uniqueName('Bank'), credentials: { client_id: 'client-1234' }, certificate: { data: junk } });
    assert.equal(res.status, 422);
    assert.ok(res.json.errors.certificate);
    assert.ok(!res.text.includes(junk.split('\n')[1]));
  });
});

describe('test endpoint and audit trail', () => {
  test('created, updated, tested and deleted are recorded with actor, field names and no values', async () => {
    const body = shopInstance();
    const created = (await create('shop', body)).json;
    const url = `${base('shop')}/${created.id}`;
    assert.equal((await api.put(url, { ...created, credentials: { store_name: 'acme2', access_token: shopToken() } })).status, 200);
    const tested = await api.post(`${url}/test`, {});
    assert.equal(tested.status, 200);
    assert.equal(tested.json.code, 'not_configured', tested.text);
    assert.equal((await api.get(url)).json.connection.status, 'untested', 'nothing could be tested');
    assert.equal((await api.delete(url)).status, 204);
    assert.equal((await api.post(`${url}/test`, {})).status, 404);

    const audit = await api.get(`/api/audit?subjectId=${created.id}`);
    assert.equal(audit.status, 200);
    const entries = audit.json.data.reverse();
    assert.deepEqual(entries.map((e) => e.action), ['instance.created', 'instance.updated', 'instance.tested', 'instance.deleted']);
    for (const e of entries) {
      assert.equal(e.actor, 'admin');
      assert.equal(e.via, 'bearer');
      assert.equal(e.connectorId, 'shop');
      assert.equal(typeof e.at, 'number');
    }
    assert.deepEqual(entries[0].details.fields, ['authMethodId', 'connectorId', 'credentials.access_token', 'credentials.api_version',
      'credentials.store_name', 'dateFormat', 'name', 'poolId', 'rateLimit', 'sharedLimitOf', 'timeZone'], 'every field a create set');
    assert.deepEqual(entries[1].details.fields, ['credentials.access_token', 'credentials.store_name']);
    assert.equal(entries[2].outcome, 'failed', 'no check request: nothing passed');
    assert.deepEqual(entries[2].details, { code: 'not_configured' });
    assert.ok(!JSON.stringify(audit.json).includes(body.credentials.access_token));
  });
});

describe('bad input', () => {
  test('wrong types: 422 on each field, not 500', async () => {
    const res = await create('shop', {
      name: 123, timeZone: ['UTC'], dateFormat: {}, rateLimit: 'fast', poolId: 5, authMethodId: true,
      credentials: [], certificate: 'pem',
    });
    assert.equal(res.status, 422, res.text);
    for (const f of ['name', 'timeZone', 'dateFormat', 'rateLimit', 'poolId', 'authMethodId']) assert.ok(res.json.errors[f], `${f}: ${res.text}`);
    const creds = await create('shop', shopInstance({ credentials: { store_name: 42, access_token: { nested: true } } }));
    assert.equal(creds.status, 422);
    assert.ok(creds.json.errors['credentials.store_name']);
    assert.ok(creds.json.errors['credentials.access_token']);
    const amounts = await create('shop', shopInstance({ rateLimit: { amount: 1e400, unit: 'second' } }));
    assert.equal(amounts.status, 422);
  });

  test('huge strings: 422 (too long), and the body limit still applies', async () => {
    const long = await create('shop', shopInstance({ name: 'n'.repeat(200_000) }));
    assert.equal(long.status, 422);
    assert.ok(long.json.errors.name);
    assert.ok(long.text.length < 2000, 'the answer does not echo the value');
    const longSecret = await create('erp', { name: uniqueName('Long'), authMethodId: 'basic', credentials: { username: 'u', password: 'p'.repeat(100_000) } });
    assert.equal(longSecret.status, 422);
    assert.ok(longSecret.json.errors['credentials.password']);
    assert.equal((await create('shop', shopInstance({ name: 'n'.repeat(300_000) }))).status, 413);
  });

  test('ill-formed UTF-16 in JSON escapes (lone surrogates): 422 invalid text, not a crash', async () => {
    const raw = JSON.stringify(shopInstance({ name: 'PLACEHOLDER' })).replace('PLACEHOLDER', 'bad \\ud800 name');
    const res = await api.post(base('shop'), raw);
    assert.equal(res.status, 422, res.text);
    assert.ok(res.json.errors.name);
  });

  test('SQL-looking and HTML-looking values are stored and returned verbatim', async () => {
    const names = [
      "Robert'); DROP TABLE instances;--",
      '" OR 1=1 --',
      '<script>alert(1)</script><img src=x onerror=alert(2)>',
      '{{7*7}} ${7*7} %s %n \\u0000',
      'Ünïcödé 名前 🚀',
    ];
    for (const name of names) {
      const res = await create('shop', shopInstance({ name }));
      assert.equal(res.status, 201, `${name}: ${res.text}`);
      assert.equal(res.json.name, name);
      assert.match(res.headers['content-type'], /^application\/json/);
      const read = await api.get(`${base('shop')}/${res.json.id}`);
      assert.equal(read.json.name, name);
    }
    const list = await api.get(`${base('shop')}?limit=500`);
    assert.equal(list.status, 200, 'the table is still there');
    for (const name of names) assert.equal(list.json.data.filter((i) => i.name === name).length, 1);
  });

  test('unknown connector ids that look like paths or SQL: 404', async () => {
    for (const id of ["shop'--", '..%2f..%2fetc', '%3Cscript%3E']) {
      const res = await request(server.url, 'GET', `/api/connectors/${id}/instances`, { token: server.adminToken });
      assert.equal(res.status, 404, id);
    }
  });
});
