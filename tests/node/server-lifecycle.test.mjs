// The backend across restarts and operator actions, each with a real server process:
// data intact after a restart, wrong or missing keys refused at start, master key rotation
// while the server keeps answering (and nothing left that the old key opens), file modes,
// token commands, and a catalog with broken definitions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  FIXTURE_CATALOG, client, findLeaks, request, runCli, runCliAsync, startExpectingFailure, startServer, storedSecrets, tempDir,
} from './server-harness.mjs';
import {
  blobsOpenedBy, filesContaining, scanForSealed, storedBlobs, storedRequestMacs,
} from './helpers/sealed-scan.mjs';
import { parseKeys } from '../../web/server/security/keyring.mjs';

const env = { CATALOG_DIR: FIXTURE_CATALOG };
const SECRETS = [];
const token = () => { const s = `shpat_${randomBytes(16).toString('hex')}`; SECRETS.push(s); return s; };
const shop = (name) => ({ name, authMethodId: 'access_token', credentials: { store_name: 'acme', access_token: token() } });
const base = '/api/connectors/shop/instances';

async function createMany(api, n, prefix) {
  const out = [];
  for (let i = 0; i < n; i += 1) {
    const body = shop(`${prefix} ${i}`);
    const res = await api.post(base, body);
    assert.equal(res.status, 201, res.text);
    out.push({ id: res.json.id, name: body.name, secret: body.credentials.access_token });
  }
  return out;
}

async function assertIntact(dataDir, api, instances, keyEnv = {}) {
  for (const inst of instances) {
    const read = await api.get(`${base}/${inst.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.json.name, inst.name);
    assert.equal((await storedSecrets(dataDir, 'shop', inst.id, keyEnv)).credentials.access_token, inst.secret);
  }
}

describe('restart', () => {
  test('data, token and secrets survive a restart; the token is not printed again', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir, env });
    const instances = await createMany(client(first.url, first.adminToken), 5, 'Restart');
    await first.stop();
    const again = await startServer({ dataDir, env });
    try {
      assert.equal(again.adminToken, null);
      assert.doesNotMatch(again.output(), /Admin token/);
      const api = client(again.url, first.adminToken);
      await assertIntact(dataDir, api, instances);
      assert.equal((await api.post(`${base}/${instances[0].id}/test`, {})).json.code, 'not_configured');
      assert.equal((await api.get(`${base}?limit=500`)).json.total, 5);
    } finally {
      await again.stop();
    }
    assert.deepEqual(findLeaks(SECRETS, { dataDirs: [dataDir], outputs: [first.output(), again.output()] }), []);
  });
});

describe('startup errors', () => {
  test('wrong MASTER_KEY, missing key file, key file readable by others, malformed key, bad PORT', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir, env });
    await createMany(client(first.url, first.adminToken), 1, 'Keyed');
    await first.stop();

    const wrong = await startExpectingFailure({ dataDir, env: { ...env, MASTER_KEY: randomBytes(32).toString('base64') } });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^Startup error: wrong master key/m);

    const malformed = await startExpectingFailure({ dataDir, env: { ...env, MASTER_KEY: 'short' } });
    assert.match(malformed.stderr, /Startup error: MASTER_KEY: entry 1 is not a base64-encoded 32-byte key/);

    chmodSync(join(dataDir, 'master.key'), 0o644);
    const open = await startExpectingFailure({ dataDir, env });
    assert.match(open.stderr, /readable by other users \(mode 644\); run: chmod 600/);
    chmodSync(join(dataDir, 'master.key'), 0o600);

    const saved = readFileSync(join(dataDir, 'master.key'));
    rmSync(join(dataDir, 'master.key'));
    const missing = await startExpectingFailure({ dataDir, env });
    assert.match(missing.stderr, /no master key: .*master\.key is missing but the database holds data encrypted/);
    assert.ok(!existsSync(join(dataDir, 'master.key')), 'no new key was generated');
    writeFileSync(join(dataDir, 'master.key'), saved, { mode: 0o600 });

    const port = await startExpectingFailure({ dataDir, env: { ...env, PORT: 'eighty' } });
    assert.match(port.stderr, /Startup error: PORT must be a whole number/);

    const ok = await startServer({ dataDir, env });
    await ok.stop();
  });
});

describe('master key rotation', () => {
  test('rotate-key while the server serves reads and writes: no failed request, nothing lost, nothing the old key opens', async (t) => {
    const dataDir = tempDir();
    const server = await startServer({ dataDir, env });
    const api = client(server.url, server.adminToken);
    try {
      const instances = await createMany(api, 40, 'Rotating');
      // Idempotent creates (their request HMACs are keyed from the master key) and deletes
      // (freed space) before the rotation.
      const idempotent = [];
      for (let i = 0; i < 5; i += 1) {
        const body = shop(`Idempotent ${i}`);
        const res = await api.post(base, body, { headers: { 'idempotency-key': `rotation-${i}` } });
        assert.equal(res.status, 201, res.text);
        idempotent.push({ body, id: res.json.id });
      }
      const deleted = instances.splice(30, 5);
      for (const inst of deleted) assert.equal((await api.delete(`${base}/${inst.id}`)).status, 204);
      const keyBefore = readFileSync(join(dataDir, 'master.key'), 'utf8');
      const [oldKey] = parseKeys(keyBefore, 'master.key');
      const backup = tempDir('ci-backup-');
      cpSync(dataDir, backup, { recursive: true }); // a backup taken before the rotation
      let stop = false;
      const failures = [];
      let requests = 0;
      const created = [];
      // Readers decrypt (test endpoint, update with masks); a writer keeps creating.
      const worker = async (w) => {
        for (let i = 0; !stop; i += 1) {
          const inst = instances[(i * 7 + w) % instances.length];
          const tested = await api.post(`${base}/${inst.id}/test`, {});
          if (tested.status !== 200 || tested.json.code !== 'not_configured') failures.push(`test ${tested.status} ${tested.text}`);
          const read = await api.get(`${base}/${inst.id}`);
          const updated = await api.put(`${base}/${inst.id}`, read.json);
          if (updated.status !== 200) failures.push(`put ${updated.status} ${updated.text}`);
          if (w === 0) {
            const body = shop(`During ${i} ${randomBytes(2).toString('hex')}`);
            const res = await api.post(base, body);
            if (res.status !== 201) failures.push(`create ${res.status} ${res.text}`);
            else created.push({ id: res.json.id, name: body.name, secret: body.credentials.access_token });
          }
          requests += 3;
        }
      };
      const workers = [0, 1, 2].map(worker);
      await new Promise((r) => setTimeout(r, 150));
      const rotation = await runCliAsync(['rotate-key'], { dataDir }).done;
      await new Promise((r) => setTimeout(r, 150));
      stop = true;
      await Promise.all(workers);
      assert.equal(rotation.code, 0, rotation.stderr);
      assert.match(rotation.stdout, /Master key rotated to version 2: \d+ instances, 0 OAuth tokens and 0 pending wizard states re-encrypted under new data keys, version 1 retired, 1 old key\(s\) removed from master\.key, database compacted\./);
      assert.deepEqual(failures, []);
      assert.ok(requests > 30, `${requests} requests during the rotation`);
      assert.notEqual(readFileSync(join(dataDir, 'master.key'), 'utf8'), keyBefore);

      // Nothing in any file of the data directory opens with the old key, the server still
      // running (WAL and shared memory in place) ...
      const owners = deleted.map((inst) => inst.id);
      const found = (scan) => scan.opened.map((o) => `${o.owner} in ${o.file}@${o.offset}`);
      const running = scanForSealed(dataDir, oldKey, { owners });
      assert.deepEqual(found(running), []);
      for (const inst of [...instances, ...created]) assert.equal((await storedSecrets(dataDir, 'shop', inst.id)).keyVersion, 2);
      await assertIntact(dataDir, api, [...instances, ...created]);
      const audit = await api.get('/api/audit?action=key.rotated');
      assert.equal(audit.json.data.length, 1);
      assert.equal(audit.json.data[0].actor, 'operator');
      // A retry of an idempotent create from before the rotation is still answered from its record.
      const retry = await api.post(base, idempotent[0].body, { headers: { 'idempotency-key': 'rotation-0' } });
      assert.equal(retry.status, 201);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(retry.json.id, idempotent[0].id);
      const compact = runCli(['compact'], { dataDir }); // the step alone, as after a busy rotation
      assert.equal(compact.code, 0, compact.stderr);
      assert.match(compact.stdout, /^Database compacted: no free pages, WAL emptied\.$/m);
      await server.stop();

      // ... nor after it stopped; the backup shows the scan finds what is there.
      const before = scanForSealed(backup, oldKey, { owners });
      const live = instances.length + idempotent.length;
      assert.ok(new Set(before.opened.map((o) => o.owner)).size >= live, `${before.opened.length} found in the backup`);
      const after = scanForSealed(dataDir, oldKey, { owners });
      assert.ok(after.candidates > 100, `${after.candidates} candidates`);
      assert.deepEqual(found(after), []);
      t.diagnostic(`old key: ${before.opened.length} opened of ${before.candidates} candidates in the backup,`
        + ` ${running.opened.length} of ${running.candidates} with the server running, ${after.opened.length} of ${after.candidates} after it stopped`);
      // Data keys the old master key unwraps from the backup open none of today's secrets,
      // and the request HMACs keyed from the old key are gone.
      assert.deepEqual(blobsOpenedBy(before.opened, storedBlobs(dataDir)), []);
      const oldMacs = storedRequestMacs(backup);
      assert.equal(oldMacs.length, 5);
      assert.deepEqual(filesContaining(dataDir, oldMacs), []);

      const again = await startServer({ dataDir, env });
      await assertIntact(dataDir, client(again.url, server.adminToken), [...instances, ...created, ...idempotent.map(({ id, body }) => (
        { id, name: body.name, secret: body.credentials.access_token }))]);
      await again.stop();
    } finally {
      await server.stop();
    }
  });

  test('a rotation killed half-way loses nothing; running it again completes', async () => {
    const dataDir = tempDir();
    const server = await startServer({ dataDir, env: { ...env, SQLITE_SYNCHRONOUS: 'FULL' } });
    const api = client(server.url, server.adminToken);
    const instances = await createMany(api, 150, 'Interrupted');
    await server.stop();
    const killed = await runCliAsync(['rotate-key'], {
      dataDir, onLine: (line, child) => { if (/re-encrypting/.test(line)) child.kill('SIGKILL'); },
    }).done;
    assert.equal(killed.signal, 'SIGKILL');
    const restarted = await startServer({ dataDir, env });
    const api2 = client(restarted.url, server.adminToken);
    await assertIntact(dataDir, api2, instances);
    const finish = await runCliAsync(['rotate-key'], { dataDir }).done;
    assert.equal(finish.code, 0, finish.stderr);
    await assertIntact(dataDir, api2, instances);
    await restarted.stop();
  });

  test('MASTER_KEY deployments: "new,old" at restart, rotate-key, then the new key alone', async () => {
    const dataDir = tempDir();
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const first = await startServer({ dataDir, env: { ...env, MASTER_KEY: oldKey } });
    assert.ok(!existsSync(join(dataDir, 'master.key')));
    const instances = await createMany(client(first.url, first.adminToken), 5, 'Env');
    await first.stop();

    const both = await startServer({ dataDir, env: { ...env, MASTER_KEY: `${newKey},${oldKey}` } });
    const api = client(both.url, first.adminToken);
    await assertIntact(dataDir, api, instances, { MASTER_KEY: `${newKey},${oldKey}` });
    const rotated = runCli(['rotate-key'], { dataDir, env: { MASTER_KEY: `${newKey},${oldKey}` } });
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stdout, /Restart the server with MASTER_KEY set to the new key alone/);
    await both.stop();

    const oldOnly = await startExpectingFailure({ dataDir, env: { ...env, MASTER_KEY: oldKey } });
    assert.match(oldOnly.stderr, /retired by a key rotation/);
    const newOnly = await startServer({ dataDir, env: { ...env, MASTER_KEY: newKey } });
    await assertIntact(dataDir, client(newOnly.url, first.adminToken), instances, { MASTER_KEY: newKey });
    await newOnly.stop();
    assert.deepEqual(findLeaks([oldKey, newKey], { dataDirs: [dataDir], outputs: [first.output(), both.output(), newOnly.output()] }), []);
  });
});

describe('file modes', () => {
  test('in a pre-created 0755 DATA_DIR every data file is 0600, and the start warns about the directory', async () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const modes = () => Object.fromEntries(readdirSync(dataDir).map((f) => [f, (statSync(join(dataDir, f)).mode & 0o777).toString(8)]));
    const server = await startServer({ dataDir, env });
    try {
      await createMany(client(server.url, server.adminToken), 1, 'Modes');
      assert.deepEqual(modes(), {
        'connectors.sqlite': '600', 'connectors.sqlite-wal': '600', 'connectors.sqlite-shm': '600', 'master.key': '600',
      });
      const warnings = server.output().split('\n').filter((l) => l.includes('accessible to other users')).map((l) => JSON.parse(l));
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0].level, 40);
      assert.equal(warnings[0].dataDir, dataDir);
      assert.equal(warnings[0].msg, `the data directory ${dataDir} is accessible to other users (mode 755); run: chmod 700 ${dataDir}`);
    } finally {
      await server.stop();
    }
    assert.ok(Object.values(modes()).every((m) => m === '600'), JSON.stringify(modes()));
    chmodSync(dataDir, 0o700);
    const quiet = await startServer({ dataDir, env });
    await quiet.stop();
    assert.doesNotMatch(quiet.output(), /accessible to other users/);
  });
});

describe('tokens', () => {
  test('reset-admin-token ends the old token and its sessions; create-token and revoke-token', async () => {
    const dataDir = tempDir();
    const server = await startServer({ dataDir, env });
    try {
      const signIn = await request(server.url, 'POST', '/api/session', { body: { token: server.adminToken } });
      const jar = signIn.headers['set-cookie'][0].split(';')[0];
      const reset = runCli(['reset-admin-token'], { dataDir });
      assert.equal(reset.code, 0, reset.stderr);
      const fresh = /: (cit_\S+)/.exec(reset.stdout)[1];
      assert.equal((await client(server.url, server.adminToken).get('/api/connectors')).status, 401);
      assert.equal((await request(server.url, 'GET', '/api/session', { headers: { cookie: jar } })).status, 401);
      assert.equal((await client(server.url, fresh).get('/api/connectors')).status, 200);

      const made = runCli(['create-token', 'ci'], { dataDir });
      const ci = /: (cit_\S+)/.exec(made.stdout)[1];
      assert.equal((await client(server.url, ci).get('/api/connectors')).status, 200);
      assert.equal(runCli(['create-token', 'ci'], { dataDir }).code, 1, 'names are unique');
      assert.match(runCli(['list-tokens'], { dataDir }).stdout, /^admin\t.*\nci\t/m);
      assert.equal(runCli(['revoke-token', 'ci'], { dataDir }).code, 0);
      assert.equal((await client(server.url, ci).get('/api/connectors')).status, 401);
      assert.equal(runCli(['bogus'], { dataDir }).code, 2);
      const actions = (await client(server.url, fresh).get('/api/audit?limit=10')).json.data.map((e) => e.action);
      assert.deepEqual(actions.slice(0, 3), ['token.revoked', 'token.created', 'token.reset']);
    } finally {
      await server.stop();
    }
  });
});

describe('catalog', () => {
  test('broken definitions are reported with their errors and skipped; the others are served', async () => {
    const dataDir = tempDir();
    const catalogDir = tempDir('ci-catalog-');
    cpSync(FIXTURE_CATALOG, catalogDir, { recursive: true });
    writeFileSync(join(catalogDir, 'broken.json'), JSON.stringify({ id: 'broken', name: 'Broken', authMethods: [] }));
    writeFileSync(join(catalogDir, 'not-json.json'), '{ "id": "half", ');
    writeFileSync(join(catalogDir, 'duplicate-keys.json'), readFileSync(join(FIXTURE_CATALOG, 'shop.json'), 'utf8').replace('"id": "shop",', '"id": "shop2", "id": "shop3",'));
    const server = await startServer({ dataDir, env: { CATALOG_DIR: catalogDir } });
    try {
      const ids = (await client(server.url, server.adminToken).get('/api/connectors')).json.data.map((c) => c.id).sort();
      assert.deepEqual(ids, ['bank', 'erp', 'shop']);
      const skipped = server.output().split('\n').filter((l) => l.includes('connector definition skipped')).map((l) => JSON.parse(l));
      assert.deepEqual(skipped.map((l) => l.file).sort(), ['broken.json', 'duplicate-keys.json', 'not-json.json']);
      for (const l of skipped) assert.ok(l.errors.length > 0 && l.errors.every((e) => typeof e === 'string'), JSON.stringify(l));
      assert.match(server.output(), /"connectors":3,"skipped":3/);
    } finally {
      await server.stop();
    }
  });

  test('a catalog change shows up in the test endpoint; stored data stays readable', async () => {
    const dataDir = tempDir();
    const catalogDir = tempDir('ci-catalog-');
    cpSync(FIXTURE_CATALOG, catalogDir, { recursive: true });
    const first = await startServer({ dataDir, env: { CATALOG_DIR: catalogDir } });
    const [inst] = await createMany(client(first.url, first.adminToken), 1, 'Catalog');
    await first.stop();
    const shopFile = join(catalogDir, 'shop.json');
    writeFileSync(shopFile, readFileSync(shopFile, 'utf8').replace('shpat_[0-9a-f]{32}', 'shpca_[0-9a-f]{32}'));
    const second = await startServer({ dataDir, env: { CATALOG_DIR: catalogDir } });
    try {
      const api = client(second.url, first.adminToken);
      const tested = await api.post(`${base}/${inst.id}/test`, {});
      assert.equal(tested.status, 200);
      assert.equal(tested.json.status, 'failed');
      assert.equal(tested.json.code, 'invalid_instance');
      assert.equal(tested.json.field, 'credentials.access_token');
      assert.ok(tested.json.errors['credentials.access_token']);
      const read = await api.get(`${base}/${inst.id}`);
      assert.equal(read.json.connection.status, 'failed');
      assert.match(read.json.connection.message, /no longer valid/);
      assert.ok(!tested.text.includes(inst.secret));
      const [entry] = (await api.get(`/api/audit?subjectId=${inst.id}&action=instance.tested`)).json.data;
      assert.equal(entry.outcome, 'failed');
      assert.deepEqual(entry.details, { code: 'invalid_instance' });
    } finally {
      await second.stop();
    }
  });
});
