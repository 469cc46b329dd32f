// Master key rotation. Afterwards nothing in the data directory opens with the old key:
//  1. a new key version is introduced (written in front of master.key, or the first key of
//     MASTER_KEY="new,old") and registered;
//  2. every sealed value (sealed-tables.mjs) is opened with its old key and sealed again under
//     a fresh data key wrapped by the new one, each row in its own short transaction, so
//     readers and writers keep going. A data key is never carried over: a copy of an old row
//     and the old master key must not open today's secrets;
//  3. the idempotency request HMACs keyed from the old key are erased, the old versions
//     retired (audited), and the old keys dropped from master.key;
//  4. the database is compacted (db.mjs compactDatabase): with secure_delete, what the
//     rewrite freed is zeroed, and VACUUM + a TRUNCATE checkpoint leave no old page in the
//     database file or the WAL.
import { randomBytes } from 'node:crypto';
import { KEY_BYTES, resealSecrets } from './crypto.mjs';
import { compactDatabase, inTransaction } from '../stores/db.mjs';
import { KeyError, Keyring } from './keyring.mjs';
import { recordAudit } from '../stores/audit.mjs';
import { eraseRequestMacs } from '../stores/idempotency.mjs';
import { SEALED_TABLES, countNotUnder } from '../stores/sealed-tables.mjs';

const staleRows = (db, version) => SEALED_TABLES.reduce((n, sealed) => n + countNotUnder(db, sealed, version), 0);

/** Seals every row of `sealed` that is not under `target` again; returns how many. */
function resealTable(db, keyring, target, sealed, { progress, fromVersions }) {
  const { table, id, blob, owner, label } = sealed;
  const pending = db.prepare(`SELECT ${id} FROM ${table} WHERE key_version IS NOT NULL AND key_version != ? LIMIT 500`).pluck();
  const read = db.prepare(`SELECT ${blob} AS blob, wrapped_key AS wrappedKey, key_version AS keyVersion FROM ${table} WHERE ${id} = ?`);
  const write = db.prepare(`UPDATE ${table} SET ${blob} = @blob, wrapped_key = @wrappedKey, key_version = @keyVersion
    WHERE ${id} = @id AND key_version = @from`);
  let count = 0;
  for (let ids = pending.all(target.version); ids.length; ids = pending.all(target.version)) {
    for (const rowId of ids) {
      inTransaction(db, () => {
        const row = read.get(rowId); // re-read: the server may have rewritten or deleted it
        if (!row || row.keyVersion === null || row.keyVersion === target.version) return;
        const resealed = resealSecrets(keyring.get(row.keyVersion), target, owner(rowId), row);
        write.run({ ...resealed, id: rowId, from: row.keyVersion });
        fromVersions.add(row.keyVersion);
        count += 1;
      });
    }
    progress(`${count} ${label} re-encrypted`);
  }
  return count;
}

/**
 * @param {object} o
 * @param {import('better-sqlite3').Database} o.db
 * @param {object} o.source   a key source (keyring.mjs)
 * @param {boolean} [o.keepOld]  file source: keep retired keys in master.key
 * @param {(line: string) => void} [o.progress]
 * @param {object} [o.compaction]  options of compactDatabase (db.mjs)
 * @returns {{version: number, resealed: {[name: string]: number}, fromVersions: number[], retiredVersions: number[],
 *   erasedRequestMacs: number, pruned: number, compacted: boolean}}
 *   `compacted` false: the rotation is complete, but the database stayed busy, so the files
 *   may still hold data sealed under the old key until `cli.mjs compact` succeeds.
 */
export function rotateMasterKey({ db, source, keepOld = false, progress = () => {}, compaction }) {
  const before = new Keyring(db, source).open();
  if (source.writable) {
    // New key first in the file, then registered as the next version by Keyring.open().
    source.write([randomBytes(KEY_BYTES), ...source.load()]);
  } else if (source.load().length < 2 && staleRows(db, before.forWrite().version) === 0) {
    throw new KeyError('MASTER_KEY holds only the current key: to rotate, restart the server with'
      + ' MASTER_KEY="<new key>,<current key>" (it then reads both and writes with the new one),'
      + ' run rotate-key with the same MASTER_KEY, then drop the old key at the next restart.');
  }
  const keyring = source.writable ? new Keyring(db, source).open() : before;
  const target = keyring.forWrite();
  const newest = db.prepare('SELECT max(version) FROM master_keys').pluck().get();
  if (target.version !== newest) {
    throw new KeyError(`the newest master key version is ${newest} but ${source.describe} does not hold it`);
  }
  progress(`re-encrypting secrets under new data keys, wrapped by master key version ${target.version}`);
  const resealed = {};
  const fromVersions = new Set();
  for (const sealed of SEALED_TABLES) resealed[sealed.name] = resealTable(db, keyring, target, sealed, { progress, fromVersions });

  const { retired, erasedRequestMacs } = inTransaction(db, () => {
    for (const sealed of SEALED_TABLES) {
      const left = countNotUnder(db, sealed, target.version);
      if (left !== 0) throw new KeyError(`${left} ${sealed.table} rows were written under an older key during the rotation; run rotate-key again`);
    }
    const erased = eraseRequestMacs(db, target.version);
    const versions = db.prepare('SELECT version FROM master_keys WHERE version != ? AND retired_at IS NULL').pluck().all(target.version);
    db.prepare('UPDATE master_keys SET retired_at = ? WHERE version != ? AND retired_at IS NULL').run(Date.now(), target.version);
    recordAudit(db, {
      actor: 'operator', via: 'cli', action: 'key.rotated', subjectType: 'master_key', subjectId: String(target.version),
      outcome: 'succeeded', details: { resealed, retiredVersions: versions, erasedRequestMacs: erased },
    });
    return { retired: versions, erasedRequestMacs: erased };
  });

  let pruned = 0;
  if (source.writable && !keepOld) {
    const keys = source.load();
    source.write([target.key]);
    pruned = keys.length - 1;
  }
  progress('compacting the database (VACUUM, WAL checkpoint)');
  const { compacted } = compactDatabase(db, compaction);
  return {
    version: target.version, resealed, fromVersions: [...fromVersions].sort((a, b) => a - b), retiredVersions: retired,
    erasedRequestMacs, pruned, compacted,
  };
}
