// Master keys and rotation against a real database file (no HTTP): where keys come from,
// how a wrong or missing key is refused at start, and that rotation re-wraps every data key
// while another reader (the "server") keeps reading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, chmodSync, readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, inTransaction, DATABASE_FILE, dataDirWarning } from '../../web/server/db.mjs';
import { Keyring, KeyError, envKeySource, fileKeySource, KEY_FILE } from '../../web/server/keyring.mjs';
import { InstanceStore } from '../../web/server/instances-store.mjs';
import { rotateMasterKey } from '../../web/server/rotation.mjs';

function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'ci-keys-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function open(dir, source) {
  const { db } = openDatabase(dir);
  const keyring = new Keyring(db, source ?? fileKeySource(dir)).open();
  return { db, keyring, store: new InstanceStore(db, keyring) };
}

function addInstances({ db, store }, n, prefix = 'i') {
  const ids = [];
  for (let i = 0; i < n; i += 1) {
    const id = `${prefix}-${i}`;
    inTransaction(db, () => store.insert({
      id, connectorId: 'c', name: id, nameKey: id, poolId: null, document: { name: id },
      paths: ['credentials.token'], secrets: { credentials: { token: `tok-${id}` }, certificate: null },
    }));
    ids.push(id);
  }
  return ids;
}

const b64 = () => randomBytes(32).toString('base64');

test('first start generates master.key with mode 0600 and registers version 1', (t) => {
  const dir = tempDir(t);
  const { db, keyring } = open(dir);
  assert.equal(keyring.generated, true);
  assert.equal(statSync(join(dir, KEY_FILE)).mode & 0o777, 0o600);
  assert.deepEqual(keyring.versions(), [1]);
  assert.equal(db.prepare('SELECT count(*) FROM master_keys').pluck().get(), 1);
  db.close();
  const again = open(dir);
  assert.equal(again.keyring.generated, false);
  assert.deepEqual(again.keyring.versions(), [1]);
  again.db.close();
});

test('a missing key file with encrypted data is a startup error, not a new key', (t) => {
  const dir = tempDir(t);
  const first = open(dir);
  addInstances(first, 1);
  first.db.close();
  rmSync(join(dir, KEY_FILE));
  const { db } = openDatabase(dir);
  assert.throws(() => new Keyring(db, fileKeySource(dir)).open(), (e) => e instanceof KeyError && /master\.key is missing/.test(e.message));
  db.close();
  assert.ok(!readdirSync(dir).includes(KEY_FILE), 'no replacement key was generated');
});

test('a wrong key (file or MASTER_KEY) is refused with a clear message', (t) => {
  const dir = tempDir(t);
  const first = open(dir);
  addInstances(first, 1);
  first.db.close();
  const { db } = openDatabase(dir);
  assert.throws(() => new Keyring(db, envKeySource(b64())).open(), (e) => e instanceof KeyError && /wrong master key/.test(e.message));
  writeFileSync(join(dir, KEY_FILE), `${b64()}\n`, { mode: 0o600 });
  assert.throws(() => new Keyring(db, fileKeySource(dir)).open(), /wrong master key/);
  db.close();
});

test('malformed MASTER_KEY and a key file readable by others are refused', (t) => {
  const dir = tempDir(t);
  assert.throws(() => envKeySource('not-base64!'), /MASTER_KEY: entry 1 is not a base64-encoded 32-byte key/);
  assert.throws(() => envKeySource(randomBytes(16).toString('base64')), /32-byte key/);
  const { db } = open(dir);
  db.close();
  chmodSync(join(dir, KEY_FILE), 0o644);
  const again = openDatabase(dir);
  assert.throws(() => new Keyring(again.db, fileKeySource(dir)).open(), /readable by other users \(mode 644\)/);
  again.db.close();
});

test('MASTER_KEY from the environment: fresh database registers it; restart with it works', (t) => {
  const dir = tempDir(t);
  const key = b64();
  const first = open(dir, envKeySource(key));
  addInstances(first, 2);
  first.db.close();
  const again = open(dir, envKeySource(key));
  const row = again.store.get('c', 'i-1');
  assert.deepEqual(again.store.readSecrets(row).credentials, { token: 'tok-i-1' });
  assert.ok(!readdirSync(dir).includes(KEY_FILE), 'no key file when MASTER_KEY is used');
  again.db.close();
});

test('rotate-key (file): every data key re-wrapped, old key retired and pruned, nothing lost', (t) => {
  const dir = tempDir(t);
  const server = open(dir); // stands for the running server: holds version 1 in memory
  const ids = addInstances(server, 25);
  const oldFile = readFileSync(join(dir, KEY_FILE), 'utf8');
  const cli = openDatabase(dir);
  const result = rotateMasterKey({ db: cli.db, source: fileKeySource(dir) });
  cli.db.close();
  assert.equal(result.version, 2);
  assert.equal(result.rewrapped, 25);
  assert.deepEqual(result.retiredVersions, [1]);
  assert.equal(result.pruned, 1);
  assert.equal(server.db.prepare('SELECT count(*) FROM instances WHERE key_version != 2').pluck().get(), 0);
  const newFile = readFileSync(join(dir, KEY_FILE), 'utf8');
  assert.notEqual(newFile, oldFile);
  assert.equal(statSync(join(dir, KEY_FILE)).mode & 0o777, 0o600);
  // The running reader had only version 1; it picks up version 2 from the file by itself.
  for (const id of ids) assert.equal(server.store.readSecrets(server.store.get('c', id)).credentials.token, `tok-${id}`);
  // ... and its new writes use version 2.
  addInstances(server, 1, 'after');
  assert.equal(server.db.prepare("SELECT key_version FROM instances WHERE id = 'after-0'").pluck().get(), 2);
  server.db.close();
  // A restart with the old key alone is refused (retired), with the new one it works.
  const { db } = openDatabase(dir);
  assert.throws(() => new Keyring(db, envKeySource(oldFile.split('\n').find((l) => l && !l.startsWith('#')))).open(), /retired/);
  db.close();
  const restarted = open(dir);
  assert.equal(restarted.store.readSecrets(restarted.store.get('c', 'i-24')).credentials.token, 'tok-i-24');
  restarted.db.close();
});

test('rotate-key (file) while another connection keeps writing: no row is left behind', (t) => {
  const dir = tempDir(t);
  const server = open(dir);
  addInstances(server, 10);
  const cli = openDatabase(dir);
  let writes = 0;
  // progress() runs before and between batches: a write by "the server" at that point uses
  // the new key, because it reads the newest version inside its own transaction and then
  // re-reads master.key for it.
  const result = rotateMasterKey({
    db: cli.db, source: fileKeySource(dir), keepOld: true,
    progress: () => { addInstances(server, 1, `during-${writes}`); writes += 1; },
  });
  cli.db.close();
  assert.ok(writes >= 1);
  assert.equal(server.db.prepare('SELECT count(*) FROM instances WHERE key_version != ?').pluck().get(result.version), 0);
  assert.equal(result.pruned, 0);
  server.db.close();
});

test('rotate-key (MASTER_KEY="new,old"): re-wraps to the new key; the old one alone then fails', (t) => {
  const dir = tempDir(t);
  const oldKey = b64();
  const newKey = b64();
  const first = open(dir, envKeySource(oldKey));
  const ids = addInstances(first, 5);
  first.db.close();
  const cli = openDatabase(dir);
  assert.throws(() => rotateMasterKey({ db: cli.db, source: envKeySource(oldKey) }), /holds only the current key/);
  const result = rotateMasterKey({ db: cli.db, source: envKeySource(`${newKey},${oldKey}`) });
  cli.db.close();
  assert.equal(result.rewrapped, 5);
  const { db } = openDatabase(dir);
  assert.throws(() => new Keyring(db, envKeySource(oldKey)).open(), /retired/);
  db.close();
  const again = open(dir, envKeySource(newKey));
  for (const id of ids) assert.equal(again.store.readSecrets(again.store.get('c', id)).credentials.token, `tok-${id}`);
  again.db.close();
});

test('the database file holds no plaintext secret', (t) => {
  const dir = tempDir(t);
  const s = open(dir);
  addInstances(s, 3, 'plain');
  s.db.pragma('wal_checkpoint(TRUNCATE)');
  s.db.close();
  for (const f of readdirSync(dir)) {
    const bytes = readFileSync(join(dir, f)).toString('latin1');
    assert.ok(!bytes.includes('tok-plain'), `${f} contains a plaintext secret`);
  }
});

test('database files are created 0600 in a 0755 directory, an older 0644 database is tightened', (t) => {
  const parent = tempDir(t);
  const dir = join(parent, 'data');
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  assert.match(dataDirWarning(dir), /^the data directory .*\/data is accessible to other users \(mode 755\); run: chmod 700 .*\/data$/);
  const s = open(dir);
  addInstances(s, 2);
  const modes = () => Object.fromEntries(readdirSync(dir).map((f) => [f, (statSync(join(dir, f)).mode & 0o777).toString(8)]));
  assert.deepEqual(modes(), {
    [DATABASE_FILE]: '600', [`${DATABASE_FILE}-wal`]: '600', [`${DATABASE_FILE}-shm`]: '600', [KEY_FILE]: '600',
  });
  s.db.close();
  for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
  chmodSync(join(dir, KEY_FILE), 0o600);
  const again = open(dir);
  addInstances(again, 1, 'later');
  assert.ok(Object.values(modes()).every((m) => m === '600'), JSON.stringify(modes()));
  again.db.close();
  chmodSync(dir, 0o700);
  assert.equal(dataDirWarning(dir), null);
});
