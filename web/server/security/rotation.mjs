// Master key rotation. Afterwards nothing in the data directory opens with the old key:
//  1. a new key version is introduced (written in front of master.key, or the first key of
//     MASTER_KEY="new,old") and registered;
//  2. every sealed value (sealed-tables.mjs) is opened with its old key and sealed again under
//     a fresh data key wrapped by the new one, each row in its own short transaction, so
//     readers and writers keep going. A data key is never carried over: a copy of an old row
//     and the old master key must not open today's secrets;
//  3. the idempotency request HMACs keyed from the old key are erased, the old versions
//     retired (audited), and the old keys dropped from master.key;
//  4. the database is compacted (db.compact, sqlite-database.mjs): with secure_delete, what the
//     rewrite freed is zeroed, and VACUUM + a TRUNCATE checkpoint leave no old page in the
//     database file or the WAL.
import { randomBytes } from 'node:crypto';
import { KEY_BYTES, resealSecrets } from './crypto.mjs';
import { KeyError, Keyring } from './keyring.mjs';
import { recordAudit } from '../stores/audit.mjs';
import { eraseRequestMacs } from '../stores/idempotency.mjs';
import { SEALED_TABLES, countNotUnder } from '../stores/sealed-tables.mjs';

async function staleRows(db, version) {
  let n = 0;
  for (const sealed of SEALED_TABLES) n += await countNotUnder(db, sealed, version);
  return n;
}

/** Seals every row of `sealed` that is not under `target` again; returns how many. */
async function resealTable(db, keyring, target, sealed, { progress, fromVersions }) {
  const { table, id, blob, owner, label } = sealed;
  const pending = () => db.all(`SELECT ${id} AS id FROM ${table} WHERE key_version IS NOT NULL AND key_version != ? LIMIT 500`, [target.version]);
  let count = 0;
  for (let ids = await pending(); ids.length; ids = await pending()) {
    for (const { id: rowId } of ids) {
      await db.transaction(async () => {
        // re-read and locked: the server may have rewritten or deleted it
        const row = await db.get(`SELECT ${blob} AS blob, wrapped_key AS "wrappedKey", key_version AS "keyVersion" FROM ${table}
          WHERE ${id} = ?${db.forUpdate}`, [rowId]);
        if (!row || row.keyVersion === null || row.keyVersion === target.version) return;
        const resealed = resealSecrets(await keyring.get(row.keyVersion), target, owner(rowId), row);
        await db.run(`UPDATE ${table} SET ${blob} = ?, wrapped_key = ?, key_version = ? WHERE ${id} = ? AND key_version = ?`,
          [resealed.blob, resealed.wrappedKey, resealed.keyVersion, rowId, row.keyVersion]);
        fromVersions.add(row.keyVersion);
        count += 1;
      });
    }
    await progress(`${count} ${label} re-encrypted`);
  }
  return count;
}

/**
 * @param {object} o
 * @param {import('../stores/db.mjs').SqliteDatabase|import('../stores/db.mjs').PostgresDatabase} o.db
 * @param {object} o.source   a key source (keyring.mjs)
 * @param {boolean} [o.keepOld]  file source: keep retired keys in master.key
 * @param {(line: string) => void|Promise<void>} [o.progress]  awaited
 * @param {object} [o.compaction]  options of db.compact (sqlite-database.mjs)
 * @returns {Promise<{version: number, resealed: {[name: string]: number}, fromVersions: number[], retiredVersions: number[],
 *   erasedRequestMacs: number, pruned: number, compacted: boolean}>}
 *   `compacted` false: the rotation is complete, but the database stayed busy, so the files
 *   may still hold data sealed under the old key until `cli.mjs compact` succeeds.
 */
export async function rotateMasterKey({ db, source, keepOld = false, progress = () => {}, compaction }) {
  const before = await new Keyring(db, source).open();
  if (source.writable) {
    // New key first in the file, then registered as the next version by Keyring.open().
    source.write([randomBytes(KEY_BYTES), ...source.load()]);
  } else if (source.load().length < 2 && await staleRows(db, (await db.transaction(() => before.forWrite())).version) === 0) {
    throw new KeyError('MASTER_KEY holds only the current key: to rotate, restart the server with'
      + ' MASTER_KEY="<new key>,<current key>" (it then reads both and writes with the new one),'
      + ' run rotate-key with the same MASTER_KEY, then drop the old key at the next restart.');
  }
  const keyring = source.writable ? await new Keyring(db, source).open() : before;
  const target = await db.transaction(() => keyring.forWrite());
  const { newest } = await db.get('SELECT max(version) AS newest FROM master_keys');
  if (target.version !== newest) {
    throw new KeyError(`the newest master key version is ${newest} but ${source.describe} does not hold it`);
  }
  await progress(`re-encrypting secrets under new data keys, wrapped by master key version ${target.version}`);
  const resealed = {};
  const fromVersions = new Set();
  for (const sealed of SEALED_TABLES) resealed[sealed.name] = await resealTable(db, keyring, target, sealed, { progress, fromVersions });

  const { retired, erasedRequestMacs } = await db.transaction(async () => {
    // Locks the old versions' rows: a write that chose one of them (it holds a share lock,
    // keyring.mjs forWrite) commits before the count below, and none starts until this ends.
    const versions = (await db.all(`SELECT version FROM master_keys WHERE version != ? AND retired_at IS NULL${db.forUpdate}`,
      [target.version])).map((r) => r.version);
    for (const sealed of SEALED_TABLES) {
      const left = await countNotUnder(db, sealed, target.version);
      if (left !== 0) throw new KeyError(`${left} ${sealed.table} rows were written under an older key during the rotation; run rotate-key again`);
    }
    const erased = await eraseRequestMacs(db, target.version);
    await db.run('UPDATE master_keys SET retired_at = ? WHERE version != ? AND retired_at IS NULL', [Date.now(), target.version]);
    await recordAudit(db, {
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
  await progress(db.engine === 'postgres' ? 'compacting the tables (VACUUM FULL)' : 'compacting the database (VACUUM, WAL checkpoint)');
  const { compacted } = await db.compact(compaction);
  return {
    version: target.version, resealed, fromVersions: [...fromVersions].sort((a, b) => a - b), retiredVersions: retired,
    erasedRequestMacs, pruned, compacted,
  };
}
