// Master key rotation: introduce a new key version, re-wrap every instance's data key under
// it (each row in its own short transaction, so readers and writers keep going), then
// retire the old versions. The secret blobs themselves are not touched: only the small
// wrapped data keys change, which is what envelope encryption is for.
import { randomBytes } from 'node:crypto';
import { KEY_BYTES, rewrapDataKey } from './crypto.mjs';
import { inTransaction } from './db.mjs';
import { KeyError, Keyring } from './keyring.mjs';
import { recordAudit } from './audit.mjs';

/**
 * @param {object} o
 * @param {import('better-sqlite3').Database} o.db
 * @param {object} o.source   a key source (keyring.mjs)
 * @param {boolean} [o.keepOld]  file source: keep retired keys in master.key
 * @param {(line: string) => void} [o.progress]
 */
export function rotateMasterKey({ db, source, keepOld = false, progress = () => {} }) {
  const before = new Keyring(db, source).open();
  if (source.writable) {
    // New key first in the file, then registered as the next version by Keyring.open().
    source.write([randomBytes(KEY_BYTES), ...source.load()]);
  } else if (source.load().length < 2) {
    const stale = db.prepare('SELECT count(*) FROM instances WHERE key_version IS NOT NULL AND key_version != ?').pluck()
      .get(before.forWrite().version);
    if (stale === 0) {
      throw new KeyError('MASTER_KEY holds only the current key: to rotate, restart the server with'
        + ' MASTER_KEY="<new key>,<current key>" (it then reads both and writes with the new one),'
        + ' run rotate-key with the same MASTER_KEY, then drop the old key at the next restart.');
    }
  }
  const keyring = source.writable ? new Keyring(db, source).open() : before;
  const target = keyring.forWrite();
  const newest = db.prepare('SELECT max(version) FROM master_keys').pluck().get();
  if (target.version !== newest) {
    throw new KeyError(`the newest master key version is ${newest} but ${source.describe} does not hold it`);
  }
  progress(`re-wrapping data keys under master key version ${target.version}`);

  const pending = db.prepare('SELECT id FROM instances WHERE key_version IS NOT NULL AND key_version != ? LIMIT 500').pluck();
  const readRow = db.prepare('SELECT wrapped_key AS wrappedKey, key_version AS keyVersion FROM instances WHERE id = ?');
  const writeRow = db.prepare('UPDATE instances SET wrapped_key = ?, key_version = ? WHERE id = ? AND key_version = ?');
  let rewrapped = 0;
  const fromVersions = new Set();
  for (let ids = pending.all(target.version); ids.length; ids = pending.all(target.version)) {
    for (const id of ids) {
      inTransaction(db, () => {
        const row = readRow.get(id); // re-read: the server may have rewritten or deleted it
        if (!row || row.keyVersion === target.version) return;
        const from = keyring.get(row.keyVersion);
        writeRow.run(rewrapDataKey(from, target, id, row.wrappedKey), target.version, id, row.keyVersion);
        fromVersions.add(row.keyVersion);
        rewrapped += 1;
      });
    }
    progress(`${rewrapped} re-wrapped`);
  }

  const retired = inTransaction(db, () => {
    const left = db.prepare('SELECT count(*) FROM instances WHERE key_version IS NOT NULL AND key_version != ?').pluck().get(target.version);
    if (left !== 0) throw new KeyError(`${left} instances were written under an older key during the rotation; run rotate-key again`);
    const versions = db.prepare('SELECT version FROM master_keys WHERE version != ? AND retired_at IS NULL').pluck().all(target.version);
    db.prepare('UPDATE master_keys SET retired_at = ? WHERE version != ? AND retired_at IS NULL').run(Date.now(), target.version);
    recordAudit(db, {
      actor: 'operator', via: 'cli', action: 'key.rotated', subjectType: 'master_key', subjectId: String(target.version),
      outcome: 'succeeded', details: { rewrapped, retiredVersions: versions },
    });
    return versions;
  });

  let pruned = 0;
  if (source.writable && !keepOld) {
    const keys = source.load();
    source.write([target.key]);
    pruned = keys.length - 1;
  }
  return { version: target.version, rewrapped, fromVersions: [...fromVersions].sort(), retiredVersions: retired, pruned };
}
