// npm run bench -- the cost of `PRAGMA secure_delete = ON` (sqlite-database.mjs sets it on every
// connection): instance-shaped rows (a 500-byte document, a sealed blob of `BLOB_BYTES`, a
// 61-byte wrapped key) written one transaction each, as the server does, through
// the SQLite store's own connection with secure_delete as shipped (ON) and switched OFF. Three loops: insert,
// update (new blob and wrapped key: the old ones are freed) and delete. Runs alternate
// OFF/ON `ROUNDS` times per setting; the median time is reported, and the WAL bytes each
// row wrote (exact, unlike times on a shared machine). Bounded: about 30 s.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listMigrations } from '../web/server/stores/db.mjs';
import { SqliteDatabase } from '../web/server/stores/sqlite-database.mjs';

// better-sqlite3's own transaction: the loop measures SQLite, not the async wrapper
const inTransaction = (db, fn) => db.transaction(fn).immediate();

const ROWS = { FULL: 300, NORMAL: 3000 };
const ROUNDS = 3;
const BLOB_BYTES = Number(process.env.BLOB_BYTES || 200);

function run(secureDelete, synchronous) {
  const dir = mkdtempSync(join(tmpdir(), 'ci-bench-sd-'));
  const store = new SqliteDatabase(dir, { synchronous, migrations: listMigrations() });
  const db = store.connection;
  db.pragma(`secure_delete = ${secureDelete}`);
  db.pragma('wal_autocheckpoint = 0'); // the WAL grows by what each loop writes
  const wal = join(dir, 'connectors.sqlite-wal');
  const insert = db.prepare(`INSERT INTO instances (id, connector_id, name, name_key, document, secret_paths, secret_blob,
    wrapped_key, key_version, created_at, updated_at) VALUES (?, 'c', ?, ?, ?, '[]', ?, ?, 1, 0, 0)`);
  const update = db.prepare('UPDATE instances SET secret_blob = ?, wrapped_key = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM instances WHERE id = ?');
  inTransaction(db, () => db.prepare("INSERT INTO master_keys (version, fingerprint, created_at) VALUES (1, 'x', 0)").run());
  const document = JSON.stringify({ text: 'd'.repeat(500) });
  const rows = ROWS[synchronous];
  const ids = Array.from({ length: rows }, (_, i) => `id-${i}`);
  const time = (fn) => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const start = process.hrtime.bigint();
    for (const id of ids) inTransaction(db, () => fn(id));
    return { ms: Number(process.hrtime.bigint() - start) / 1e6 / rows, walBytes: statSync(wal).size / rows };
  };
  const out = {
    insert: time((id) => insert.run(id, id, id, document, randomBytes(BLOB_BYTES), randomBytes(61))),
    update: time((id) => update.run(randomBytes(BLOB_BYTES), randomBytes(61), id)),
    delete: time((id) => remove.run(id)),
  };
  store.reader.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return out;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`One transaction per row, ${BLOB_BYTES}-byte blobs; per row: median time of ${ROUNDS} runs, WAL bytes written`);
console.log('synchronous  loop     ms OFF    ms ON   time   WAL OFF   WAL ON');
for (const synchronous of ['FULL', 'NORMAL']) {
  const runs = { OFF: [], ON: [] };
  for (let r = 0; r < ROUNDS; r += 1) for (const sd of ['OFF', 'ON']) runs[sd].push(run(sd, synchronous));
  for (const loop of ['insert', 'update', 'delete']) {
    const [off, on] = ['OFF', 'ON'].map((sd) => median(runs[sd].map((x) => x[loop].ms)));
    const [walOff, walOn] = ['OFF', 'ON'].map((sd) => median(runs[sd].map((x) => x[loop].walBytes)));
    console.log(`${synchronous.padEnd(12)} ${loop.padEnd(8)} ${off.toFixed(3).padStart(6)} ${on.toFixed(3).padStart(8)} `
      + `${`${((on / off - 1) * 100).toFixed(0)} %`.padStart(6)} ${walOff.toFixed(0).padStart(9)} ${walOn.toFixed(0).padStart(8)}`);
  }
}
