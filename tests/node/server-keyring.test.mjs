// Master keys and rotation against a real database file (no HTTP): where keys come from,
// how a wrong or missing key is refused at start, that rotation re-encrypts every secret
// under new data keys while another connection (the "server") keeps reading and writing,
// and that afterwards no file of the data directory holds anything the old key opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, chmodSync, readFileSync, writeFileSync, readdirSync, cpSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, DATABASE_FILE, dataDirWarning } from '../../web/server/stores/db.mjs';
import { Keyring, KeyError, envKeySource, fileKeySource, parseKeys, KEY_FILE } from '../../web/server/security/keyring.mjs';
import { InstanceStore } from '../../web/server/stores/instances-store.mjs';
import { IdempotencyStore } from '../../web/server/stores/idempotency.mjs';
import { OAuthTokenStore } from '../../web/server/connection/token-store.mjs';
import { rotateMasterKey } from '../../web/server/security/rotation.mjs';
import {
  blobsOpenedBy, filesContaining, scanForSealed, storedBlobs, storedRequestMacs,
} from './helpers/sealed-scan.mjs';

function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'ci-keys-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const openDb = (dir) => openDatabase({ dataDir: dir });

async function open(dir, source) {
  const db = await openDb(dir);
  const keyring = await new Keyring(db, source ?? fileKeySource(dir)).open();
  return { db, keyring, store: new InstanceStore(db, keyring) };
}

/** A value read straight from the SQLite file (better-sqlite3), bypassing the stores. */
const pluck = (db, sql, ...args) => db.connection.prepare(sql).pluck().get(...args);

const tokenIn = async (s, id) => (await s.store.readSecrets(await s.store.get('c', id))).credentials.token;

const instanceRecord = (id, token) => ({
  id, connectorId: 'c', name: id, nameKey: id, poolId: null, document: { name: id },
  paths: ['credentials.token'], secrets: { credentials: { token }, certificate: null },
});

async function addInstances({ db, store }, n, prefix = 'i', tokenOf = (id) => `tok-${id}`) {
  const ids = [];
  for (let i = 0; i < n; i += 1) {
    const id = `${prefix}-${i}`;
    await db.transaction(() => store.insert(instanceRecord(id, tokenOf(id))));
    ids.push(id);
  }
  return ids;
}

const keyFileKeys = (dir) => parseKeys(readFileSync(join(dir, KEY_FILE), 'utf8'), KEY_FILE);

const b64 = () => randomBytes(32).toString('base64');

test('first start generates master.key with mode 0600 and registers version 1', async (t) => {
  const dir = tempDir(t);
  const { db, keyring } = await open(dir);
  assert.equal(keyring.generated, true);
  assert.equal(statSync(join(dir, KEY_FILE)).mode & 0o777, 0o600);
  assert.deepEqual(keyring.versions(), [1]);
  assert.equal(pluck(db, 'SELECT count(*) FROM master_keys'), 1);
  await db.close();
  const again = await open(dir);
  assert.equal(again.keyring.generated, false);
  assert.deepEqual(again.keyring.versions(), [1]);
  await again.db.close();
});

test('a missing key file with encrypted data is a startup error, not a new key', async (t) => {
  const dir = tempDir(t);
  const first = await open(dir);
  await addInstances(first, 1);
  await first.db.close();
  rmSync(join(dir, KEY_FILE));
  const db = await openDb(dir);
  await assert.rejects(() => new Keyring(db, fileKeySource(dir)).open(), (e) => e instanceof KeyError && /master\.key is missing/.test(e.message));
  await db.close();
  assert.ok(!readdirSync(dir).includes(KEY_FILE), 'no replacement key was generated');
});

test('a wrong key (file or MASTER_KEY) is refused with a clear message', async (t) => {
  const dir = tempDir(t);
  const first = await open(dir);
  await addInstances(first, 1);
  await first.db.close();
  const db = await openDb(dir);
  await assert.rejects(() => new Keyring(db, envKeySource(b64())).open(), (e) => e instanceof KeyError && /wrong master key/.test(e.message));
  writeFileSync(join(dir, KEY_FILE), `${b64()}\n`, { mode: 0o600 });
  await assert.rejects(() => new Keyring(db, fileKeySource(dir)).open(), /wrong master key/);
  await db.close();
});

test('malformed MASTER_KEY and a key file readable by others are refused', async (t) => {
  const dir = tempDir(t);
  assert.throws(() => envKeySource('not-base64!'), /MASTER_KEY: entry 1 is not a base64-encoded 32-byte key/);
  assert.throws(() => envKeySource(randomBytes(16).toString('base64')), /32-byte key/);
  const { db } = await open(dir);
  await db.close();
  chmodSync(join(dir, KEY_FILE), 0o644);
  const again = { db: await openDb(dir) };
  await assert.rejects(() => new Keyring(again.db, fileKeySource(dir)).open(), /readable by other users \(mode 644\)/);
  await again.db.close();
});

test('MASTER_KEY from the environment: fresh database registers it; restart with it works', async (t) => {
  const dir = tempDir(t);
  const key = b64();
  const first = await open(dir, envKeySource(key));
  await addInstances(first, 2);
  await first.db.close();
  const again = await open(dir, envKeySource(key));
  const row = await again.store.get('c', 'i-1');
  assert.deepEqual((await again.store.readSecrets(row)).credentials, { token: 'tok-i-1' });
  assert.ok(!readdirSync(dir).includes(KEY_FILE), 'no key file when MASTER_KEY is used');
  await again.db.close();
});

test('rotate-key (file): every secret re-encrypted, old key retired and pruned, nothing lost', async (t) => {
  const dir = tempDir(t);
  const server = await open(dir); // stands for the running server: holds version 1 in memory
  const ids = await addInstances(server, 25);
  const oldFile = readFileSync(join(dir, KEY_FILE), 'utf8');
  const cli = { db: await openDb(dir) };
  const result = await rotateMasterKey({ db: cli.db, source: fileKeySource(dir) });
  await cli.db.close();
  assert.equal(result.version, 2);
  assert.deepEqual(result.resealed, { instances: 25, oauthTokens: 0, pending: 0 });
  assert.deepEqual(result.retiredVersions, [1]);
  assert.equal(result.pruned, 1);
  assert.equal(pluck(server.db, 'SELECT count(*) FROM instances WHERE key_version != 2'), 0);
  const newFile = readFileSync(join(dir, KEY_FILE), 'utf8');
  assert.notEqual(newFile, oldFile);
  assert.equal(statSync(join(dir, KEY_FILE)).mode & 0o777, 0o600);
  // The running reader had only version 1; it picks up version 2 from the file by itself.
  for (const id of ids) assert.equal(await tokenIn(server, id), `tok-${id}`);
  // ... and its new writes use version 2.
  await addInstances(server, 1, 'after');
  assert.equal(pluck(server.db, "SELECT key_version FROM instances WHERE id = 'after-0'"), 2);
  await server.db.close();
  // A restart with the old key alone is refused (retired), with the new one it works.
  const db = await openDb(dir);
  await assert.rejects(() => new Keyring(db, envKeySource(oldFile.split('\n').find((l) => l && !l.startsWith('#')))).open(), /retired/);
  await db.close();
  const restarted = await open(dir);
  assert.equal(await tokenIn(restarted, 'i-24'), 'tok-i-24');
  await restarted.db.close();
});

test('rotate-key (file) while another connection keeps writing: no row is left behind', async (t) => {
  const dir = tempDir(t);
  const server = await open(dir);
  await addInstances(server, 10);
  const cli = { db: await openDb(dir) };
  let writes = 0;
  // progress() runs before and between batches: a write by "the server" at that point uses
  // the new key, because it reads the newest version inside its own transaction and then
  // re-reads master.key for it.
  const result = await rotateMasterKey({
    db: cli.db, source: fileKeySource(dir), keepOld: true,
    progress: async () => { await addInstances(server, 1, `during-${writes}`); writes += 1; },
  });
  await cli.db.close();
  assert.ok(writes >= 1);
  assert.equal(pluck(server.db, 'SELECT count(*) FROM instances WHERE key_version != ?', result.version), 0);
  assert.equal(result.pruned, 0);
  await server.db.close();
});

test('rotate-key (MASTER_KEY="new,old"): re-encrypts under the new key; the old one alone then fails', async (t) => {
  const dir = tempDir(t);
  const oldKey = b64();
  const newKey = b64();
  const first = await open(dir, envKeySource(oldKey));
  const ids = await addInstances(first, 5);
  await first.db.close();
  const cli = { db: await openDb(dir) };
  await assert.rejects(() => rotateMasterKey({ db: cli.db, source: envKeySource(oldKey) }), /holds only the current key/);
  const result = await rotateMasterKey({ db: cli.db, source: envKeySource(`${newKey},${oldKey}`) });
  await cli.db.close();
  assert.equal(result.resealed.instances, 5);
  const db = await openDb(dir);
  await assert.rejects(() => new Keyring(db, envKeySource(oldKey)).open(), /retired/);
  await db.close();
  const again = await open(dir, envKeySource(newKey));
  for (const id of ids) assert.equal(await tokenIn(again, id), `tok-${id}`);
  await again.db.close();
});

test('the database file holds no plaintext secret', async (t) => {
  const dir = tempDir(t);
  const s = await open(dir);
  await addInstances(s, 3, 'plain');
  s.db.connection.pragma('wal_checkpoint(TRUNCATE)');
  await s.db.close();
  for (const f of readdirSync(dir)) {
    const bytes = readFileSync(join(dir, f)).toString('latin1');
    assert.ok(!bytes.includes('tok-plain'), `${f} contains a plaintext secret`);
  }
});

test('after rotate-key no file of the data directory holds anything the old key opens; everything reads back with the new key', async (t) => {
  const dir = tempDir(t);
  const server = await open(dir); // the running server: it keeps its connection and writes during the rotation
  const tokens = new OAuthTokenStore(server.db, server.keyring);
  const idempotency = new IdempotencyStore(server.db, server.keyring);
  // Small secrets stay in their row; 5 KB ones spill to overflow pages.
  const tokenOf = (id) => `tok-${id}-${id.endsWith('7') ? 'x'.repeat(5000) : 'short'}`;
  const ids = await addInstances(server, 40, 'r', tokenOf);
  const expected = new Map(ids.map((id) => [id, tokenOf(id)]));
  for (const id of ids.slice(0, 10)) {
    await server.db.transaction(() => tokens.save(id, { accessToken: `at-${id}`, refreshToken: `rt-${id}`, expiresAt: 1 }));
  }
  for (const [i, id] of ids.slice(0, 5).entries()) {
    await server.db.transaction(() => idempotency.save(1, 'instances:create:c', `key-${i}`, { name: id, secret: tokenOf(id) }, 201, { id }));
  }
  // Freed space: deleted rows and replaced secrets (all under the old key).
  for (const id of ids.slice(30, 35)) { await server.db.transaction(() => server.store.delete('c', id)); expected.delete(id); }
  for (const id of ids.slice(20, 25)) {
    await server.db.transaction(() => server.store.update(instanceRecord(id, `${tokenOf(id)}-v2`)));
    expected.set(id, `${tokenOf(id)}-v2`);
  }
  const [oldKey] = keyFileKeys(dir);
  const backup = join(tempDir(t), 'backup');
  cpSync(dir, backup, { recursive: true }); // a backup taken before the rotation

  let during = 0;
  const cli = { db: await openDb(dir) };
  const result = await rotateMasterKey({
    db: cli.db, source: fileKeySource(dir),
    progress: async () => {
      const [id] = await addInstances(server, 1, `during-${during}`, tokenOf);
      expected.set(id, tokenOf(id));
      during += 1;
    },
  });
  await cli.db.close();
  assert.ok(during >= 1);
  assert.equal(result.resealed.instances, 40 - 5); // those added during the rotation were written under the new key
  assert.equal(result.resealed.oauthTokens, 10);
  assert.equal(result.erasedRequestMacs, 5);
  assert.equal(result.compacted, true);

  const owners = [...ids, ...[...expected.keys()].filter((id) => id.startsWith('during'))];
  const found = (scan) => scan.opened.map((o) => `${o.owner} in ${o.file}@${o.offset}`);
  // The backup shows what the scan finds when there is something to find.
  const before = scanForSealed(backup, oldKey, { owners });
  assert.ok(new Set(before.opened.map((o) => o.owner)).size >= 45, `${before.opened.length} found in the backup`);
  // Right after the rotation, the server still running (its WAL and shared memory in place) ...
  const running = scanForSealed(dir, oldKey, { owners });
  assert.deepEqual(found(running), []);
  await server.db.close();
  // ... and after it stopped.
  const after = scanForSealed(dir, oldKey, { owners });
  assert.ok(after.candidates > 100, `${after.candidates} candidates`);
  assert.deepEqual(found(after), []);
  t.diagnostic(`old key: ${before.opened.length} opened of ${before.candidates} candidates in the backup,`
    + ` ${running.opened.length} of ${running.candidates} with the server running, ${after.opened.length} of ${after.candidates} after it stopped`);
  // Data keys the old master key unwraps from the backup do not open today's secrets.
  const current = storedBlobs(dir);
  assert.equal(current.length, expected.size + 10);
  assert.deepEqual(blobsOpenedBy(before.opened, current), []);
  // The request HMACs made with a key derived from the old master key are gone.
  const oldMacs = storedRequestMacs(backup);
  assert.equal(oldMacs.length, 5);
  assert.deepEqual(filesContaining(dir, oldMacs), []);

  const again = await open(dir);
  for (const [id, token] of expected) assert.equal(await tokenIn(again, id), token);
  const reread = new OAuthTokenStore(again.db, again.keyring);
  for (const id of ids.slice(0, 10)) assert.equal((await reread.load(id)).refreshToken, `rt-${id}`);
  // An idempotent create from before the rotation is still replayed (its body can no longer be compared).
  const prior = await again.db.transaction(() => new IdempotencyStore(again.db, again.keyring).find(1, 'instances:create:c', 'key-0', { name: ids[0], secret: 'other' }));
  assert.deepEqual(prior, { status: 201, response: { id: ids[0] }, sameRequest: null });
  await again.db.close();
});

test('MASTER_KEY with several processes: each restarted with "old,new" reads and writes with the new key once rotate-key registers it', async (t) => {
  const dir = tempDir(t);
  const oldKey = b64();
  const newKey = b64();
  const first = await open(dir, envKeySource(oldKey));
  await addInstances(first, 3);
  await first.db.close();
  const a = await open(dir, envKeySource(`${oldKey},${newKey}`)); // already restarted: nothing changes yet
  const b = await open(dir, envKeySource(`${oldKey},${newKey}`));
  assert.deepEqual(a.keyring.versions(), [1]);
  const cli = { db: await openDb(dir) };
  const result = await rotateMasterKey({ db: cli.db, source: envKeySource(`${newKey},${oldKey}`) });
  await cli.db.close();
  assert.equal(result.version, 2);
  for (const id of ['i-0', 'i-1', 'i-2']) assert.equal(await tokenIn(a, id), `tok-${id}`);
  await addInstances(b, 1, 'after');
  assert.equal(pluck(b.db, "SELECT key_version FROM instances WHERE id = 'after-0'"), 2);
  assert.equal(await tokenIn(a, 'after-0'), 'tok-after-0');
  await a.db.close();
  await b.db.close();
  const last = await open(dir, envKeySource(newKey));
  assert.equal(await tokenIn(last, 'i-2'), 'tok-i-2');
  await last.db.close();
});

test('database files are created 0600 in a 0755 directory, an older 0644 database is tightened, secure_delete is on', async (t) => {
  const parent = tempDir(t);
  const dir = join(parent, 'data');
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  assert.match(dataDirWarning(dir), /^the data directory .*\/data is accessible to other users \(mode 755\); run: chmod 700 .*\/data$/);
  const s = await open(dir);
  await addInstances(s, 2);
  assert.equal(s.db.connection.pragma('secure_delete', { simple: true }), 1);
  const modes = () => Object.fromEntries(readdirSync(dir).map((f) => [f, (statSync(join(dir, f)).mode & 0o777).toString(8)]));
  assert.deepEqual(modes(), {
    [DATABASE_FILE]: '600', [`${DATABASE_FILE}-wal`]: '600', [`${DATABASE_FILE}-shm`]: '600', [KEY_FILE]: '600',
  });
  await s.db.close();
  for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
  chmodSync(join(dir, KEY_FILE), 0o600);
  const again = await open(dir);
  await addInstances(again, 1, 'later');
  assert.ok(Object.values(modes()).every((m) => m === '600'), JSON.stringify(modes()));
  await again.db.close();
  chmodSync(dir, 0o700);
  assert.equal(dataDirWarning(dir), null);
});

test('secure_delete: a deleted or replaced secret leaves no byte of its blob or wrapped key in the database file', async (t) => {
  const dir = tempDir(t);
  const s = await open(dir);
  const ids = await addInstances(s, 30, 'sd', (id) => `tok-${id}-${'y'.repeat(id.endsWith('3') ? 6000 : 20)}`);
  const sealedOf = (id) => s.db.connection.prepare('SELECT secret_blob AS blob, wrapped_key AS wrappedKey FROM instances WHERE id = ?').get(id);
  const gone = [...ids.slice(0, 10), ...ids.slice(20, 30)].map(sealedOf);
  s.db.connection.pragma('wal_checkpoint(TRUNCATE)');
  for (const id of ids.slice(0, 10)) await s.db.transaction(() => s.store.delete('c', id));
  for (const id of ids.slice(20, 30)) await s.db.transaction(() => s.store.update(instanceRecord(id, `replaced-${id}`)));
  s.db.connection.pragma('wal_checkpoint(TRUNCATE)'); // no VACUUM: what is left is what secure_delete did not erase
  const bytes = readFileSync(join(dir, DATABASE_FILE));
  const left = gone.flatMap(({ blob, wrappedKey }, i) => [[`blob ${i}`, blob], [`wrapped key ${i}`, wrappedKey]])
    .filter(([, value]) => bytes.includes(value.subarray(0, 48)));
  assert.deepEqual(left.map(([what]) => what), []);
  await s.db.close();
});

test('a rotation that cannot compact (a long read elsewhere) says so; compact then finishes the job', async (t) => {
  const dir = tempDir(t);
  const server = await open(dir);
  const ids = await addInstances(server, 20, 'busy');
  const [oldKey] = keyFileKeys(dir);
  const reader = server.db.connection.prepare('SELECT id FROM instances').iterate();
  reader.next(); // a read transaction that stays open through the rotation
  const cli = { db: await openDb(dir) };
  const result = await rotateMasterKey({ db: cli.db, source: fileKeySource(dir), compaction: { attempts: 3, busyMs: 20, pauseMs: 10 } });
  assert.equal(result.resealed.instances, 20);
  assert.equal(result.compacted, false);
  // What the reader's snapshot still needs is still in the WAL: the reason to compact.
  assert.ok(scanForSealed(dir, oldKey, { owners: ids }).opened.length > 0);
  reader.return();
  assert.equal((await cli.db.compact()).compacted, true);
  assert.deepEqual(scanForSealed(dir, oldKey, { owners: ids }).opened, []);
  await cli.db.close();
  assert.equal(await tokenIn(server, 'busy-7'), 'tok-busy-7');
  await server.db.close();
});
