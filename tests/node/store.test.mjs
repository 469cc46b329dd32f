// The store's guarantees, the same cases on both engines: SQLite (a real file in a temporary
// data directory) and PostgreSQL 15 (a real server from the Debian package, started by
// helpers/postgres-server.mjs). No HTTP: the stores, the keyring and rotation directly,
// including what only concurrency shows (racing names, replayed Idempotency-Keys, two
// connections standing for two nodes).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { latestMigration, listMigrations, openDatabase, isForeignKeyViolation, isUniqueViolation } from '../../web/server/stores/db.mjs';
import { DatabaseFailed, SqliteDatabase } from '../../web/server/stores/sqlite-database.mjs';
import { Keyring, envKeySource } from '../../web/server/security/keyring.mjs';
import { InstanceStore } from '../../web/server/stores/instances-store.mjs';
import { PendingStore } from '../../web/server/stores/pending-store.mjs';
import { PoolStore } from '../../web/server/stores/pools-store.mjs';
import { IdempotencyStore } from '../../web/server/stores/idempotency.mjs';
import { OAuthTokenStore } from '../../web/server/connection/token-store.mjs';
import { listAudit, recordAudit } from '../../web/server/stores/audit.mjs';
import {
  ADMIN_TOKEN_NAME, Authenticator, TOKEN_SCOPE, createToken, ensureAdminToken, listTokens, resetToken, revokeToken,
} from '../../web/server/security/auth.mjs';
import { rotateMasterKey } from '../../web/server/security/rotation.mjs';
import { createValidation } from '../../web/server/package-adapter.mjs';
import { ConfigError, loadConfig } from '../../web/server/config.mjs';
import { tempDir } from './server-harness.mjs';
import { startPostgres } from './helpers/postgres-server.mjs';

const b64 = () => randomBytes(32).toString('base64');

let postgres;
let validation;
before(async () => {
  validation = await createValidation({ files: [] });
  postgres = await startPostgres();
});
after(() => postgres?.stop());

test('DATABASE_URL selects the engine: unset keeps SQLite in DATA_DIR; a postgres URL PostgreSQL; anything else is refused without echoing it', async () => {
  assert.equal(loadConfig({}).databaseUrl, null);
  assert.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, null);
  const sqlite = await openDatabase(loadConfig({ DATA_DIR: tempDir('ci-store-') }));
  assert.equal(sqlite.engine, 'sqlite');
  await sqlite.close();
  for (const url of ['postgres://u:p@db.example.com:5432/connectors', 'postgresql://db/connectors?sslmode=require', 'postgres:///connectors?host=/run/postgresql']) {
    assert.equal(loadConfig({ DATABASE_URL: url }).databaseUrl, url);
  }
  const pgConfig = loadConfig({ DATA_DIR: tempDir('ci-store-'), DATABASE_URL: await postgres.createDatabase() });
  const pgDb = await openDatabase(pgConfig);
  assert.equal(pgDb.engine, 'postgres');
  await pgDb.close();
  for (const url of ['mysql://u:hunter2@h/db', 'postgres://u:hunter2@h/', 'hunter2', 'postgres://u:hunter2@/db']) {
    assert.throws(() => loadConfig({ DATABASE_URL: url }), (e) => e instanceof ConfigError && /DATABASE_URL must be a PostgreSQL URL/.test(e.message)
      && !e.message.includes('hunter2'), url);
  }
});

test('SQLITE_GROUP_COMMIT: on unless set false; off, each grouped write is a transaction of its own', async (t) => {
  assert.equal(loadConfig({}).sqliteGroupCommit, true);
  assert.equal(loadConfig({ SQLITE_GROUP_COMMIT: 'false' }).sqliteGroupCommit, false);
  assert.throws(() => loadConfig({ SQLITE_GROUP_COMMIT: 'sometimes' }), (e) => e instanceof ConfigError && /SQLITE_GROUP_COMMIT/.test(e.message));
  const db = await openDatabase(loadConfig({ DATA_DIR: tempDir('ci-store-'), SQLITE_GROUP_COMMIT: 'false' }));
  t.after(() => db.close());
  await db.exec('CREATE TABLE grouped (name TEXT UNIQUE)');
  const results = await Promise.allSettled(['a', 'b', 'a'].map((name) => db.groupedTransaction(() => db.run('INSERT INTO grouped VALUES (?)', [name]))));
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected']);
  assert.deepEqual(db.groupCounters, { groups: 0, writes: 0, largest: 0, walSyncs: 0 }, 'no group formed, SQLite syncs its own commits');
  assert.equal(db.connection.pragma('synchronous', { simple: true }), 2, 'FULL');
  assert.deepEqual((await db.all('SELECT name FROM grouped ORDER BY name')).map((r) => r.name), ['a', 'b']);
});

test('synchronous=FULL with group commit: SQLite writes, the server syncs the WAL off the event loop; no write is answered and no read released before its sync; a failed sync stops the database', async (t) => {
  const dataDir = tempDir('ci-store-');
  const held = []; // syncs asked for and not yet let through: {file, resolve, reject}
  let holding = true;
  const db = new SqliteDatabase(dataDir, {
    migrations: listMigrations(),
    syncFile: (file) => (holding ? new Promise((resolve, reject) => { held.push({ file, resolve, reject }); }) : file.datasync()),
  });
  // after a failed assertion no sync stays held (close() waits for the one running)
  t.after(() => {
    holding = false;
    for (const h of held.splice(0)) h.resolve();
    return db.close();
  });
  const turns = async (n = 5) => { for (let i = 0; i < n; i += 1) await new Promise((resolve) => { setImmediate(resolve); }); };
  const nextSync = async () => {
    while (held.length === 0) await turns(1);
    return held.shift();
  };
  const settled = (promise) => {
    const state = { done: false };
    promise.then(() => { state.done = true; }, () => { state.done = true; });
    return state;
  };
  // what another connection (a process that did not wait) finds in the file
  const outside = new Database(join(dataDir, 'connectors.sqlite'), { readonly: true });
  t.after(() => outside.close());
  const onFile = () => outside.prepare('SELECT name FROM durable ORDER BY name').pluck().all();

  assert.equal(db.connection.pragma('synchronous', { simple: true }), 1, 'SQLite itself at NORMAL');
  const created = db.exec('CREATE TABLE durable (name TEXT UNIQUE)');
  const first = await nextSync();
  assert.match(first.file.constructor.name, /FileHandle/);
  first.resolve();
  await created;

  const writes = ['a', 'b', 'a'].map((name) => db.groupedTransaction(() => db.run('INSERT INTO durable VALUES (?)', [name])));
  const states = writes.map(settled);
  const sync = await nextSync();
  assert.deepEqual(onFile(), ['a', 'b'], 'committed to the WAL');
  const read = db.all('SELECT name FROM durable ORDER BY name');
  const readState = settled(read);
  const later = db.groupedTransaction(() => db.run('INSERT INTO durable VALUES (?)', ['c']));
  await turns();
  assert.deepEqual(states.map((s) => s.done), [false, false, false], 'no answer before the sync, not even the refusal');
  assert.equal(readState.done, false, 'a read that saw unsynced rows waits for the sync');
  assert.deepEqual(onFile(), ['a', 'b'], 'the next write waits for the sync too (the write lock is held)');
  assert.equal(held.length, 0, 'one sync at a time');
  sync.resolve();
  const results = await Promise.allSettled(writes);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected']);
  assert.ok(isUniqueViolation(results[2].reason));
  assert.deepEqual((await read).map((r) => r.name), ['a', 'b']);
  (await nextSync()).resolve(); // the one for 'c'
  await later;
  assert.equal(db.groupCounters.walSyncs, 3);

  // a failed sync: its writers hear of it, and the database refuses everything after it
  const doomed = db.groupedTransaction(() => db.run('INSERT INTO durable VALUES (?)', ['d']));
  (await nextSync()).reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
  await assert.rejects(doomed, (e) => e instanceof DatabaseFailed && e.code === 'database_failed' && e.cause.code === 'EIO');
  await assert.rejects(db.get('SELECT 1'), DatabaseFailed);
  await assert.rejects(db.transaction(() => db.run('INSERT INTO durable VALUES (?)', ['e'])), DatabaseFailed);
  await assert.rejects(db.groupedTransaction(() => db.run('INSERT INTO durable VALUES (?)', ['f'])), DatabaseFailed);
  await assert.rejects(db.schemaVersion(), DatabaseFailed);
  assert.deepEqual(onFile(), ['a', 'b', 'c', 'd'], 'what reached the file is unknown to the server; nothing after it was written');
});

test('synchronous=FULL with group commit, real syncs: every commit is covered by a sync of the WAL file', async (t) => {
  const db = await openDatabase(loadConfig({ DATA_DIR: tempDir('ci-store-') }));
  t.after(() => db.close());
  await db.exec('CREATE TABLE durable (name TEXT UNIQUE)');
  await Promise.all(Array.from({ length: 40 }, (_, i) => db.groupedTransaction(() => db.run('INSERT INTO durable VALUES (?)', [`n${i}`]))));
  assert.ok(db.groupCounters.walSyncs >= 1 && db.groupCounters.walSyncs <= db.groupCounters.groups + 1, JSON.stringify(db.groupCounters));
  assert.equal((await db.get('SELECT count(*) AS n FROM durable')).n, 40);
});

/** Each case gets a database of its own; `config()` names it (a second open is a second node). */
const ENGINES = [
  { name: 'SQLite', fresh: async () => ({ dataDir: tempDir('ci-store-') }) },
  { name: 'PostgreSQL', fresh: async () => ({ dataDir: tempDir('ci-store-'), databaseUrl: await postgres.createDatabase() }) },
];

/** Opens the database of `config` with a keyring on `key`; closed after the test. */
async function openStore(t, config, key) {
  const db = await openDatabase(config);
  t.after(() => db.close());
  const keyring = await new Keyring(db, envKeySource(key)).open();
  return { db, keyring, instances: new InstanceStore(db, keyring) };
}

const record = (id, { connectorId = 'shop', name = id, nameKey = name, token = `tok-${id}`, poolId = null } = {}) => ({
  id, connectorId, name, nameKey, poolId, document: { name, authMethodId: 'access_token' },
  paths: ['credentials.access_token'], secrets: { credentials: { access_token: token }, certificate: null },
});

const tokenOf = async (s, connectorId, id) => (await s.instances.readSecrets(await s.instances.get(connectorId, id))).credentials.access_token;

const settled = async (promises) => {
  const results = await Promise.allSettled(promises);
  return { ok: results.filter((r) => r.status === 'fulfilled').map((r) => r.value), failed: results.filter((r) => r.status === 'rejected').map((r) => r.reason) };
};

for (const engine of ENGINES) {
  describe(engine.name, () => {
    test('instances: create, read, list, update, delete; secrets sealed; times are numbers', async (t) => {
      const s = await openStore(t, await engine.fresh(), b64());
      const started = Date.now();
      for (const name of ['b', 'a', 'c']) await s.db.transaction(() => s.instances.insert(record(`id-${name}`, { name })));
      const { rows, total } = await s.instances.list('shop', { limit: 2, offset: 0 });
      assert.equal(total, 3);
      assert.deepEqual(rows.map((r) => r.name), ['a', 'b']);
      assert.deepEqual((await s.instances.list('shop', { limit: 2, offset: 2 })).rows.map((r) => r.name), ['c']);
      const row = await s.instances.get('shop', 'id-a');
      assert.equal(typeof row.createdAt, 'number');
      assert.ok(row.createdAt >= started && row.createdAt <= Date.now());
      assert.equal(row.revision, 1);
      assert.deepEqual(row.document, { name: 'a', authMethodId: 'access_token' });
      assert.deepEqual(row.secretPaths, ['credentials.access_token']);
      assert.ok(Buffer.isBuffer(row.blob) && !row.blob.includes(Buffer.from('tok-id-a')), 'the secret is sealed');
      assert.equal(row.keyVersion, 1);
      assert.equal(await tokenOf(s, 'shop', 'id-a'), 'tok-id-a');
      assert.equal((await s.instances.getById('id-a')).connectorId, 'shop');
      assert.equal(await s.instances.get('other', 'id-a'), null);

      const updatedAt = await s.db.transaction(() => s.instances.update(record('id-a', { name: 'a2', token: 'tok-new' })));
      assert.equal(typeof updatedAt, 'number');
      const updated = await s.instances.get('shop', 'id-a');
      assert.equal(updated.revision, 2);
      assert.equal(updated.name, 'a2');
      assert.equal(await tokenOf(s, 'shop', 'id-a'), 'tok-new');
      assert.equal(await s.db.transaction(() => s.instances.update(record('missing'))), false);

      assert.equal(await s.db.transaction(() => s.instances.delete('shop', 'id-b')), true);
      assert.equal(await s.db.transaction(() => s.instances.delete('shop', 'id-b')), false);
      assert.equal((await s.instances.list('shop', { limit: 10, offset: 0 })).total, 2);

      // a pool in use cannot be deleted; an instance cannot name a pool that does not exist
      const pools = new PoolStore(s.db);
      await pools.insert({ id: 'p1', name: 'Pool', limit: 5, timeout: null });
      await s.db.transaction(() => s.instances.insert(record('id-p', { poolId: 'p1' })));
      assert.equal(await pools.usedBy('p1'), 1);
      await assert.rejects(() => s.db.transaction(() => pools.delete('p1')), (e) => isForeignKeyViolation(e));
      await assert.rejects(() => s.db.transaction(() => s.instances.insert(record('id-q', { poolId: 'nope' }))), (e) => isForeignKeyViolation(e));
      const pool = await pools.get('p1');
      assert.deepEqual([pool.name, pool.limit, pool.timeout, typeof pool.createdAt], ['Pool', 5, null, 'number']);
    });

    test('unique names by the core\'s name key: case, spacing and Unicode variants collide; of 20 racing inserts one wins', async (t) => {
      const s = await openStore(t, await engine.fresh(), b64());
      const insert = (id, name, connectorId = 'shop') => s.db.transaction(() => s.instances.insert(record(id, { connectorId, name, nameKey: validation.nameKey(name) })));
      const variants = [['EU Store', ' eu store ', 'EU STORE'], ['Ærø Shop', 'ÆRØ SHOP', 'ærø shop'], ['ΣΊΣΥΦΟΣ', 'σίσυφος']];
      for (const [first, ...others] of variants) {
        await insert(randomUUID(), first);
        for (const other of others) {
          await assert.rejects(() => insert(randomUUID(), other), (e) => isUniqueViolation(e, 'name_key'), `${other} collides with ${first}`);
        }
        await insert(randomUUID(), first, 'other-connector'); // names are unique per connector
      }
      // the core keeps these apart, and so does the store
      await insert(randomUUID(), 'Straße');
      await insert(randomUUID(), 'STRASSE');
      const { ok, failed } = await settled(Array.from({ length: 20 }, (_, i) => insert(`race-${i}`, i % 2 ? 'Race' : ' RACE')));
      assert.equal(ok.length, 1);
      assert.equal(failed.length, 19);
      assert.ok(failed.every((e) => isUniqueViolation(e, 'name_key')), failed.map((e) => e.message).join('; '));
      assert.equal((await s.instances.list('shop', { limit: 100, offset: 0 })).total, 3 + 2 + 1);
    });

    test('text with U+0000 and U+FFFF (which PostgreSQL text cannot hold as such) is stored, found and compared exactly', async (t) => {
      const s = await openStore(t, await engine.fresh(), b64());
      const names = ['a\u0000b', 'a\uffff0b', 'a\uffffb', '\u0000', '\uffff\uffff0\u00000'];
      for (const [i, name] of names.entries()) await s.db.transaction(() => s.instances.insert(record(`nul-${i}`, { name })));
      for (const [i, name] of names.entries()) {
        assert.equal((await s.instances.get('shop', `nul-${i}`)).name, name);
        assert.equal(await s.instances.nameTaken('shop', name), name);
      }
      await assert.rejects(() => s.db.transaction(() => s.instances.insert(record('nul-again', { name: 'a\u0000b' }))), (e) => isUniqueViolation(e, 'name_key'));
      assert.equal(await s.instances.get('shop', '\u0000'), null);
      assert.equal(await s.instances.getById('nul-0\u0000'), null);
      await recordAudit(s.db, { actor: 'x\u0000', via: 'bearer', action: 'instance.created', subjectType: 'instance', subjectId: '\u0000', outcome: 'succeeded' });
      assert.equal((await listAudit(s.db, { subjectId: '\u0000' }))[0].actor, 'x\u0000');
    });

    test('idempotency: 20 concurrent creates with one key make one instance; the others get its stored answer', async (t) => {
      const s = await openStore(t, await engine.fresh(), b64());
      const idempotency = new IdempotencyStore(s.db, s.keyring);
      const body = { name: 'EU store', credentials: { access_token: 'shpat_secret' } };
      // what routes/instances.mjs does: the lookup, the insert and the record in one transaction
      const create = (key, requestBody) => s.db.transaction(async () => {
        const prior = await idempotency.find(7, 'instances:create:shop', key, requestBody);
        if (prior) return { replayed: prior };
        const id = randomUUID();
        await s.instances.insert(record(id)); // a name of its own: only the key can stop a second instance
        await idempotency.save(7, 'instances:create:shop', key, requestBody, 201, { id });
        await recordAudit(s.db, { actor: 'admin', via: 'bearer', action: 'instance.created', subjectType: 'instance', subjectId: id, outcome: 'succeeded' });
        return { created: id };
      });
      const { ok, failed } = await settled(Array.from({ length: 20 }, () => create('key-1', body)));
      assert.deepEqual(failed, []);
      const created = ok.filter((r) => r.created).map((r) => r.created);
      assert.equal(created.length, 1);
      assert.equal((await s.instances.list('shop', { limit: 100, offset: 0 })).total, 1);
      for (const r of ok.filter((x) => x.replayed)) assert.deepEqual(r.replayed, { status: 201, response: { id: created[0] }, sameRequest: true });
      assert.equal((await create('key-1', { ...body, name: 'other' })).replayed.sameRequest, false);
      assert.ok((await create('key-2', body)).created, 'another key creates again');
      assert.equal((await listAudit(s.db, { action: 'instance.created' })).length, 2);
      assert.ok(!JSON.stringify(await s.db.all('SELECT * FROM idempotency_keys')).includes('shpat_secret'), 'the body is kept only as an HMAC');
    });

    test('grouped writes started together (group commit): each keeps its own outcome, answered after the commit', async (t) => {
      const s = await openStore(t, await engine.fresh(), b64());
      const idempotency = new IdempotencyStore(s.db, s.keyring);
      const committed = [];
      const body = { name: 'keyed' };
      // what the create route does in its grouped transaction: replay decision, insert, record
      const create = (id, name, key) => s.db.groupedTransaction(async () => {
        const prior = key ? await idempotency.find(7, 'instances:create:shop', key, body) : null;
        if (prior) return { replayed: prior.response.id };
        await s.instances.insert(record(id, { name }));
        if (key) await idempotency.save(7, 'instances:create:shop', key, body, 201, { id });
        s.db.afterCommit(() => committed.push(id));
        return { created: id };
      });
      const before = s.db.groupCounters && { ...s.db.groupCounters };
      const results = await Promise.allSettled([
        create('g1', 'one'),
        create('g2', 'two'),
        create('g3', 'one'), // the name g1 takes in the same group
        create('g4', 'keyed', 'key-1'),
        create('g5', 'keyed-again', 'key-1'), // the key g4 records in the same group
        s.db.groupedTransaction(async () => {
          await s.instances.insert(record('g6', { name: 'six' }));
          s.db.afterCommit(() => committed.push('g6'));
          throw new Error('refused after its insert');
        }),
        create('g7', 'seven'),
      ]);
      const value = (i) => (results[i].status === 'fulfilled' ? results[i].value : results[i].reason);
      // of two writes racing for one name or one key, the first wins: on SQLite the first
      // started (one group, run in order); on PostgreSQL whichever transaction got there first
      const named = results[0].status === 'fulfilled' ? [0, 2] : [2, 0];
      const keyed = value(3).created ? [3, 4] : [4, 3];
      if (engine.name === 'SQLite') assert.deepEqual([named, keyed], [[0, 2], [3, 4]]);
      assert.deepEqual(value(named[0]), { created: ['g1', 'g2', 'g3'][named[0]] });
      assert.ok(isUniqueViolation(value(named[1]), 'name_key'), 'the second of one name fails alone');
      const keyedId = ['g4', 'g5'][keyed[0] - 3];
      assert.deepEqual([value(keyed[0]), value(keyed[1])], [{ created: keyedId }, { replayed: keyedId }], 'the second with the key replays the first');
      assert.match(value(5).message, /refused after its insert/);
      assert.deepEqual([value(1), value(6)], [{ created: 'g2' }, { created: 'g7' }]);
      const expected = [['g1', 'g2', 'g3'][named[0]], 'g2', keyedId, 'g7'].sort();
      assert.deepEqual(committed.sort(), expected, 'after the commit, only for the writes that committed');
      const { rows } = await s.instances.list('shop', { limit: 100, offset: 0 });
      assert.deepEqual(rows.map((r) => r.id).sort(), expected, 'what failed left nothing; the others are committed');
      if (engine.name === 'SQLite') {
        // started in one turn of the event loop: one transaction, one commit
        assert.deepEqual({ groups: s.db.groupCounters.groups - before.groups, writes: s.db.groupCounters.writes - before.writes }, { groups: 1, writes: 7 });
      }
      // a grouped write inside an open transaction is part of it
      await assert.rejects(() => s.db.transaction(async () => {
        await s.db.groupedTransaction(() => s.instances.insert(record('g8', { name: 'eight' })));
        throw new Error('the outer one rolls back');
      }));
      assert.equal(await s.instances.get('shop', 'g8'), null);
    });

    test('a transaction is atomic, isolated until it commits, and its row locks serialise read-modify-write', async (t) => {
      const s = await openStore(t, await engine.fresh(), b64());
      await assert.rejects(() => s.db.transaction(async () => {
        await s.instances.insert(record('doomed'));
        await recordAudit(s.db, { actor: 'admin', via: 'bearer', action: 'instance.created', subjectType: 'instance', subjectId: 'doomed', outcome: 'succeeded' });
        throw new Error('validation failed after the insert');
      }), /validation failed/);
      assert.equal(await s.instances.get('shop', 'doomed'), null);
      assert.deepEqual(await listAudit(s.db, {}), []);
      // what must change only with the data runs after the commit, never after a rollback
      const done = [];
      await assert.rejects(() => s.db.transaction(async () => { s.db.afterCommit(() => done.push('rolled back')); throw new Error('no'); }));
      await s.db.transaction(async () => {
        s.db.afterCommit(() => done.push('committed'));
        assert.deepEqual(done, [], 'not before the commit');
      });
      assert.deepEqual(done, ['committed']);

      // uncommitted: invisible outside the transaction; committed: visible
      let inserted;
      let release;
      const insertedNow = new Promise((resolve) => { inserted = resolve; });
      const gate = new Promise((resolve) => { release = resolve; });
      const pending = s.db.transaction(async () => {
        await s.instances.insert(record('pending'));
        assert.notEqual(await s.instances.get('shop', 'pending'), null, 'the transaction sees its own write');
        inserted();
        await gate;
      });
      await insertedNow;
      assert.equal(await s.instances.get('shop', 'pending'), null);
      release();
      await pending;
      assert.notEqual(await s.instances.get('shop', 'pending'), null);

      // 10 transactions each read the revision (locking the row), pause, write it + 1
      const bump = () => s.db.transaction(async () => {
        const { revision } = await s.db.get(`SELECT revision FROM instances WHERE id = ?${s.db.forUpdate}`, ['pending']);
        await new Promise((resolve) => { setImmediate(resolve); });
        await s.db.run('UPDATE instances SET revision = ? WHERE id = ?', [revision + 1, 'pending']);
      });
      await Promise.all(Array.from({ length: 10 }, bump));
      assert.equal((await s.instances.get('shop', 'pending')).revision, 11);
    });

    test('tokens and sessions: one admin token when several start at once; a session made on one node works on another, and sign-out ends it there', async (t) => {
      const config = await engine.fresh();
      const key = b64();
      const a = await openStore(t, config, key);
      const b = await openStore(t, config, key); // a second process on the same store
      const admin = (await Promise.all([ensureAdminToken(a.db), ensureAdminToken(b.db), ensureAdminToken(a.db), ensureAdminToken(b.db)])).filter(Boolean);
      assert.equal(admin.length, 1);
      assert.match(admin[0], /^cit_/);
      const onA = new Authenticator(a.db, { sessionHours: 1 });
      const onB = new Authenticator(b.db, { sessionHours: 1 });
      assert.equal((await onB.fromAuthorization(`Bearer ${admin[0]}`)).name, ADMIN_TOKEN_NAME);
      assert.equal(await onB.fromAuthorization('Bearer cit_wrong'), null);

      const session = await onA.startSession(admin[0]);
      assert.equal(typeof session.expiresAt, 'number');
      assert.deepEqual(await onB.fromSession(session.sessionId), { ...session.principal });
      assert.ok(!JSON.stringify(await a.db.all('SELECT * FROM sessions')).includes(session.sessionId), 'only a hash is stored');
      await onA.endSession(session.sessionId);
      assert.equal(await onB.fromSession(session.sessionId), null);

      const proxy = await createToken(a.db, 'ci', { scope: TOKEN_SCOPE.PROXY, connectors: ['shop'] });
      const { name, scope, connectors, via } = await onB.fromToken(proxy);
      assert.deepEqual({ name, scope, connectors, via }, { name: 'ci', scope: 'proxy', connectors: ['shop'], via: 'bearer' });
      assert.equal(await onB.startSession(proxy), null, 'a proxy token cannot sign in');
      await assert.rejects(() => createToken(b.db, 'ci'), (e) => isUniqueViolation(e));
      assert.deepEqual((await listTokens(b.db)).map((x) => [x.name, x.scope, typeof x.createdAt]), [['admin', 'all', 'number'], ['ci', 'proxy', 'number']]);

      const second = await onB.startSession(admin[0]);
      const renewed = await resetToken(b.db, ADMIN_TOKEN_NAME);
      assert.equal(await onA.fromToken(admin[0]), null);
      assert.equal(await onA.fromSession(second.sessionId), null, 'a reset ends the sessions');
      assert.equal((await onA.fromToken(renewed)).name, ADMIN_TOKEN_NAME);
      assert.equal(await revokeToken(a.db, 'ci'), true);
      assert.equal(await revokeToken(a.db, 'ci'), false);
      assert.equal(await onB.fromToken(proxy), null);
    });

    test('audit: newest first, filters, paging, details as JSON', async (t) => {
      const s = await openStore(t, await engine.fresh(), b64());
      for (let i = 1; i <= 5; i += 1) {
        await recordAudit(s.db, {
          actor: 'admin', via: 'bearer', ip: '127.0.0.1', action: i % 2 ? 'instance.created' : 'instance.updated', subjectType: 'instance',
          subjectId: `s${i % 2}`, connectorId: 'shop', outcome: 'succeeded', details: { fields: [`f${i}`] },
        });
      }
      const all = await listAudit(s.db, {});
      assert.equal(all.length, 5);
      assert.deepEqual(all.map((e) => e.details.fields[0]), ['f5', 'f4', 'f3', 'f2', 'f1']);
      assert.equal(typeof all[0].id, 'number');
      assert.equal(typeof all[0].at, 'number');
      assert.deepEqual(Object.keys(all[0]).sort(), ['action', 'actor', 'at', 'connectorId', 'details', 'id', 'ip', 'outcome', 'subjectId', 'subjectType', 'via']);
      assert.equal((await listAudit(s.db, { subjectId: 's0' })).length, 2);
      assert.equal((await listAudit(s.db, { action: 'instance.created' })).length, 3);
      const page = await listAudit(s.db, { limit: 2 });
      const next = await listAudit(s.db, { limit: 2, beforeId: page[1].id });
      assert.deepEqual(next.map((e) => e.details.fields[0]), ['f3', 'f2']);
    });

    test('key rotation: every sealed value under a new data key and master key, old version retired, request HMACs erased', async (t) => {
      const config = await engine.fresh();
      const oldKey = b64();
      const newKey = b64();
      const s = await openStore(t, config, oldKey);
      const tokens = new OAuthTokenStore(s.db, s.keyring);
      const idempotency = new IdempotencyStore(s.db, s.keyring);
      for (let i = 0; i < 6; i += 1) await s.db.transaction(() => s.instances.insert(record(`r${i}`)));
      for (let i = 0; i < 3; i += 1) await tokens.save(`r${i}`, { accessToken: `at-${i}`, refreshToken: `rt-${i}`, expiresAt: 1_800_000_000_000 + i });
      for (let i = 0; i < 2; i += 1) await s.db.transaction(() => idempotency.save(1, 'instances:create:shop', `k${i}`, { n: i }, 201, { id: `r${i}` }));
      const pending = new PendingStore(s.db, s.keyring);
      for (let i = 0; i < 2; i += 1) await pending.put('oauth-flow', `state-${i}`, { verifier: `v-${i}` }, { ttlMs: 600_000 });
      const before = await s.db.all('SELECT id, wrapped_key AS "wrappedKey" FROM instances ORDER BY id');

      const lines = [];
      const result = await rotateMasterKey({ db: s.db, source: envKeySource(`${newKey},${oldKey}`), progress: (line) => { lines.push(line); } });
      assert.equal(result.version, 2);
      assert.deepEqual(result.resealed, { instances: 6, oauthTokens: 3, pending: 2 });
      assert.deepEqual(result.fromVersions, [1]);
      assert.deepEqual(result.retiredVersions, [1]);
      assert.equal(result.erasedRequestMacs, 2);
      assert.equal(result.compacted, true);
      assert.ok(lines.length >= 2);
      const afterRows = await s.db.all('SELECT id, wrapped_key AS "wrappedKey", key_version AS "keyVersion" FROM instances ORDER BY id');
      assert.ok(afterRows.every((r, i) => r.keyVersion === 2 && !r.wrappedKey.equals(before[i].wrappedKey)), 'new data keys, wrapped by version 2');
      assert.deepEqual((await s.db.all('SELECT DISTINCT key_version AS v FROM oauth_tokens')).map((r) => r.v), [2]);
      assert.deepEqual((await s.db.all('SELECT request_mac AS m FROM idempotency_keys')).map((r) => r.m), ['', '']);
      assert.equal((await listAudit(s.db, { action: 'key.rotated' })).length, 1);

      // another node restarted with the new key alone reads everything; the old key alone is refused
      const next = await openStore(t, config, newKey);
      for (let i = 0; i < 6; i += 1) assert.equal(await tokenOf(next, 'shop', `r${i}`), `tok-r${i}`);
      const reread = new OAuthTokenStore(next.db, next.keyring);
      assert.deepEqual(await reread.load('r2'), { accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: 1_800_000_000_002, scope: null });
      assert.deepEqual(await new PendingStore(next.db, next.keyring).take('oauth-flow', 'state-1'), { verifier: 'v-1' });
      const stale = await openDatabase(config);
      t.after(() => stale.close());
      await assert.rejects(() => new Keyring(stale, envKeySource(oldKey)).open(), /retired by a key rotation/);
      await assert.rejects(() => new Keyring(stale, envKeySource(b64())).open(), /wrong master key/);
    });

    test('pending state: sealed, read by any opener, taken once under concurrency, expired rows never read, capped per kind', async (t) => {
      const config = await engine.fresh();
      const key = b64();
      let clock = 1_000_000;
      const now = () => clock;
      const a = await openStore(t, config, key);
      const b = await openStore(t, config, key);
      const onA = new PendingStore(a.db, a.keyring, { now, maxPerKind: 5 });
      const onB = new PendingStore(b.db, b.keyring, { now, maxPerKind: 5 });
      assert.equal(await onA.put('oauth-flow', 'the-state', { verifier: 'secret-verifier' }, { ttlMs: 1000, owner: 7 }), 1_001_000);
      assert.deepEqual(await onB.get('oauth-flow', 'the-state'), { verifier: 'secret-verifier' });
      assert.equal(await onB.get('awaiting-result', 'the-state'), undefined, 'kinds are apart');
      const rows = await a.db.all('SELECT id, owner, blob FROM pending');
      assert.equal(rows.length, 1);
      assert.ok(!rows[0].id.includes('the-state') && !rows[0].blob.includes(Buffer.from('secret-verifier')), 'neither key nor value in clear');
      assert.equal(rows[0].owner, '7');
      assert.deepEqual(await onA.count('oauth-flow', { owner: 7 }), { count: 1, firstExpiry: 1_001_000 });
      assert.deepEqual(await onA.count('oauth-flow', { owner: 8 }), { count: 0, firstExpiry: null });

      const takes = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? onA : onB).take('oauth-flow', 'the-state')));
      assert.equal(takes.filter((v) => v !== undefined).length, 1, 'exactly one taker');

      await onA.put('awaiting-result', 'k', { status: 'ok' }, { ttlMs: 1000 });
      clock += 1000;
      assert.equal(await onB.get('awaiting-result', 'k'), undefined, 'expired at its expiry');
      assert.equal(await onB.take('awaiting-result', 'k'), undefined);
      for (let i = 0; i < 7; i += 1) {
        clock += 1;
        await onA.put('awaiting-grant', `g${i}`, { i }, { ttlMs: 1000 });
      }
      assert.equal((await onA.count('awaiting-grant')).count, 5, 'at most maxPerKind');
      assert.equal(await onB.get('awaiting-grant', 'g0'), undefined, 'the soonest to expire went first');
      assert.deepEqual(await onB.get('awaiting-grant', 'g6'), { i: 6 });
      const other = await openStore(t, config, b64()).catch((e) => e);
      assert.match(String(other.message), /wrong master key/, 'another master key opens nothing');
    });

    test('migrations: recorded once, also when three processes open a new database at once', async () => {
      const config = await engine.fresh();
      const opened = await Promise.all([openDatabase(config), openDatabase(config), openDatabase(config)]);
      try {
        const all = Array.from({ length: latestMigration(opened[0]) }, (_, i) => i + 1);
        assert.ok(all.length >= 4);
        assert.deepEqual(opened.map((db) => db.applied).sort((x, y) => y.length - x.length), [all, [], []]);
        const db = opened[0];
        const version = db.engine === 'postgres'
          ? (await db.all('SELECT version FROM schema_version ORDER BY version')).map((r) => r.version)
          : db.connection.pragma('user_version', { simple: true });
        assert.deepEqual(version, db.engine === 'postgres' ? all : all.length);
      } finally {
        await Promise.all(opened.map((db) => db.close()));
      }
    });
  });
}
