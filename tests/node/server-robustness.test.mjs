// Bodies of the wrong shape against the real application on loopback: a seeded fuzzer sends
// mutations of valid bodies (values replaced by objects with a `toString`, arrays, numbers,
// NUL and control characters, long strings; members added and removed) to every route that
// takes a body. None may answer 5xx. Also: a body with thousands of unknown credential keys
// gets a small answer, and a control character in a credential is a field error.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_CATALOG, ROOT, client, shopInstanceBody, tempDir } from './server-harness.mjs';
import { seededRandom } from './helpers/schedule-clock.mjs';
import { loadConfig } from '../../web/server/config.mjs';
import { openServer } from '../../web/server/server.mjs';

const FUZZ_BODIES = Number(process.env.FUZZ_BODIES ?? 40_000);

let server;
let api;
let base;
let instanceId;

before(async () => {
  // the fixture catalog plus a connector with OAuth 2 authorisation code
  const catalogDir = tempDir('ci-robust-catalog-');
  for (const f of readdirSync(FIXTURE_CATALOG)) cpSync(join(FIXTURE_CATALOG, f), join(catalogDir, f));
  cpSync(join(ROOT, 'web/catalog/salesforce.json'), join(catalogDir, 'salesforce.json'));
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir('ci-robust-'), CATALOG_DIR: catalogDir, LOG_LEVEL: 'silent', OUTBOUND_NETWORKS: 'loopback',
    // wrong sign-in tokens are part of the mix: answered at once (429) rather than held
    SIGN_IN_DELAY_MS: '1', SIGN_IN_MAX_DELAY_MS: '1',
  });
  server = await openServer(config);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${server.app.server.address().port}`;
  api = client(base, server.adminToken);
  const made = await api.post('/api/connectors/shop/instances', shopInstance('Robust store'));
  assert.equal(made.status, 201, made.text);
  instanceId = made.json.id;
});

after(async () => {
  await server?.app.close();
  await server?.db.close();
});

const shopInstance = (name) => shopInstanceBody(name, { token: `shpat_${'b'.repeat(32)}` });


const HOSTILE = [
  { toString: 1 }, { valueOf: {} }, { toString: 'x', valueOf: 'y' }, { toJSON: 1 }, [], [1, 'a'], [[{}]], {},
  null, true, false, 0, -1, 1.5, 1e308, -0, 2 ** 53 + 1,
  '', ' ', '\u0000', 'a\u0000b', 'tok\r\nX-Injected: 1', '\t', '\u007f', '\u2028', '\ud800', '\u{1F600}',
  'x'.repeat(3000), '••••••••', 'constructor', 'prototype', 'toString', 'https://127.0.0.1:1/', '../../etc/passwd',
  { constructor: { prototype: { polluted: 1 } } }, { length: -1 }, { data: { toString: 1 }, passphrase: [] },
];

function seeds() {
  return [
    ['POST', '/api/connectors/shop/instances', () => shopInstance(`F ${Math.random()}`)],
    ['PUT', `/api/connectors/shop/instances/${instanceId}`, () => ({ ...shopInstance('Robust store'), credentials: { store_name: 'acme', access_token: '••••••••' } })],
    ['POST', '/api/connectors/shop/connection-test', () => ({ authMethodId: 'access_token', credentials: { store_name: 'acme', access_token: `shpat_${'c'.repeat(32)}` }, certificate: null })],
    ['POST', '/api/connectors/erp/connection-test', () => ({ authMethodId: 'basic', credentials: { username: 'u', password: 'p' } })],
    ['POST', '/api/connectors/salesforce/connection-test', () => ({ authMethodId: 'web_server', credentials: {} })],
    ['POST', `/api/connectors/shop/instances/${instanceId}/test`, () => ({})],
    ['POST', '/api/oauth/start', () => ({ connectorId: 'salesforce', authMethodId: 'web_server', credentials: { client_id: 'id', client_secret: 'secret' } })],
    ['POST', '/api/oauth/start', () => ({ connectorId: 'shop', instanceId })],
    ['POST', '/api/pools', () => ({ name: 'Fuzz', limit: 2, timeout: 10 })],
    ['PUT', '/api/pools/fuzz-pool', () => ({ id: 'fuzz-pool', name: 'Fuzz', limit: 2, timeout: 10 })],
    ['POST', '/api/session', () => ({ token: 'cit_x' })],
  ];
}

/** Every [parent, key] of a value, the root's members included. */
function slots(value, out = []) {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      out.push([value, key]);
      slots(value[key], out);
    }
  }
  return out;
}

function mutate(body, next) {
  const pick = (list) => list[Math.floor(next() * list.length)];
  const copy = structuredClone(body);
  const steps = 1 + Math.floor(next() * 3);
  let root = copy;
  for (let s = 0; s < steps; s += 1) {
    const all = slots(root);
    const r = next();
    if (r < 0.08) {
      root = structuredClone(pick(HOSTILE)); // the whole body
      if (root === null || typeof root !== 'object') break;
    } else if (all.length === 0 || r < 0.25) {
      const target = all.length && next() < 0.5 ? pick(all) : null;
      const holder = target && target[0][target[1]] !== null && typeof target[0][target[1]] === 'object' ? target[0][target[1]] : root;
      if (holder !== null && typeof holder === 'object' && !Array.isArray(holder)) holder[pick(['extra', 'toString', 'constructor', 'data', 'passphrase', 'id', 'instanceId', `k${s}`])] = structuredClone(pick(HOSTILE));
    } else if (r < 0.35) {
      const [parent, key] = pick(all);
      if (Array.isArray(parent)) parent.splice(Number(key), 1); else delete parent[key];
    } else {
      const [parent, key] = pick(all);
      parent[key] = structuredClone(pick(HOSTILE));
    }
  }
  return root;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function send(method, path, body) {
  const url = new URL(base);
  const payload = Buffer.from(JSON.stringify(body) ?? 'null');
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, method, path, agent,
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json', 'content-length': payload.length },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('bodies of the wrong shape', () => {
  test(`${FUZZ_BODIES} mutated bodies: no 5xx`, async () => {
    const next = seededRandom(0xC0FFEE);
    const routes = seeds();
    const statuses = new Map();
    const failures = [];
    let sent = 0;
    const worker = async () => {
      while (sent < FUZZ_BODIES) {
        sent += 1;
        const [method, path, seed] = routes[Math.floor(next() * routes.length)];
        const body = mutate(seed(), next);
        const res = await send(method, path, body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500 && failures.length < 20) failures.push(`${method} ${path} ${JSON.stringify(body).slice(0, 300)} -> ${res.status} ${res.text.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    process.stdout.write(`# fuzz: ${sent} bodies, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`);
    assert.deepEqual(failures, []);
    assert.ok(![...statuses.keys()].some((s) => s >= 500));
  });

  test('an object or array where the auth method or a credential goes is a 422 at that field', async () => {
    const cases = [
      ['POST', '/api/connectors/shop/instances', { ...shopInstance('Typed'), authMethodId: { toString: 1 } }, 'authMethodId'],
      ['POST', '/api/connectors/shop/instances', { ...shopInstance('Typed'), credentials: { store_name: ['acme'], access_token: `shpat_${'d'.repeat(32)}` } }, 'credentials.store_name'],
      ['PUT', `/api/connectors/shop/instances/${instanceId}`, { ...shopInstance('Robust store'), authMethodId: ['access_token'] }, 'authMethodId'],
      ['POST', '/api/connectors/shop/connection-test', { authMethodId: 'access_token', credentials: { store_name: { toString: 1 }, access_token: 'x' } }, 'credentials.store_name'],
      ['POST', '/api/connectors/shop/connection-test', { authMethodId: { toString: 1 }, credentials: {} }, 'authMethodId'],
      ['POST', '/api/oauth/start', { connectorId: 'shop', instanceId: { toString: 1 } }, 'instanceId'],
      ['POST', '/api/oauth/start', { connectorId: 'salesforce', authMethodId: 'web_server', credentials: { client_id: { toString: 1 } } }, 'credentials.client_id'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await send(method, path, body);
      assert.equal(res.status, 422, `${method} ${path}: ${res.text}`);
      assert.ok(JSON.parse(res.text).errors[field], `${path}: no error at ${field}: ${res.text}`);
    }
  });

  test('a NUL or line break in a credential sent in a header is a field error, not an internal error', async () => {
    for (const value of [`shpat_${'e'.repeat(31)}\u0000`, 'a\u0000b', 'tok\r\nX-Injected: 1']) {
      for (const path of ['/api/connectors/shop/connection-test', '/api/connectors/shop/instances']) {
        const body = path.endsWith('connection-test')
          ? { authMethodId: 'access_token', credentials: { store_name: 'acme', access_token: value } }
          : { ...shopInstance(`Nul ${Math.random()}`), credentials: { store_name: 'acme', access_token: value } };
        const res = await send('POST', path, body);
        assert.equal(res.status, 422, `${path} ${JSON.stringify(value)}: ${res.text}`);
        assert.ok(JSON.parse(res.text).errors['credentials.access_token'], res.text);
      }
    }
  });
});

describe('answers stay small', () => {
  test('12,000 unknown credential keys: 100 errors listed, the rest counted', async () => {
    const body = shopInstance('Many keys');
    for (let i = 0; i < 12_000; i += 1) body.credentials[`u${i}`] = `v${i}`;
    const res = await send('POST', '/api/connectors/shop/instances', body);
    assert.equal(res.status, 422);
    const answer = JSON.parse(res.text);
    assert.equal(Object.keys(answer.errors).length, 100);
    assert.match(answer.message, /\(and 11999 more errors\)$/);
    assert.ok(res.text.length < 20_000, `${res.text.length} bytes`);
  });

  test('10,000 unknown members of the instance: 100 errors listed', async () => {
    const body = shopInstance('Many members');
    for (let i = 0; i < 10_000; i += 1) body[`m${i}`] = i;
    const res = await send('POST', '/api/connectors/shop/instances', body);
    assert.equal(res.status, 422);
    const answer = JSON.parse(res.text);
    assert.equal(Object.keys(answer.errors).length, 100);
    assert.match(answer.message, /\(and 9999 more errors\)$/);
  });
});
