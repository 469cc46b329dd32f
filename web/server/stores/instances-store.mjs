// Persistence of instances: the public document in clear, the secrets as one sealed blob
// under a per-instance data key (crypto.mjs). Writes must run inside a transaction opened by
// the caller (routes/instances.mjs), so that the row, the idempotency record and the audit
// entry commit together. Secrets are stored under the master key version that is current
// inside that transaction: a create seals them beforehand (`seal`, outside the write lock)
// and the insert seals them again only if a key rotation changed that version meanwhile.
import { decryptSecrets, encryptSecrets } from '../security/crypto.mjs';

/** Where instance secrets are sealed (sealed-tables.mjs): the owner of a row's blob is its id. */
export const SEALED_INSTANCE_SECRETS = Object.freeze({
  name: 'instances', label: 'instances', table: 'instances', id: 'id', blob: 'secret_blob', owner: (id) => id,
});

const COLUMNS = `id, connector_id AS "connectorId", name, pool_id AS "poolId", shared_limit_of AS "sharedLimitOf", document, secret_paths AS "secretPaths",
  secret_blob AS blob, wrapped_key AS "wrappedKey", key_version AS "keyVersion", revision,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export class InstanceStore {
  constructor(db, keyring) {
    this.db = db;
    this.keyring = keyring;
  }

  async list(connectorId, { limit, offset }) {
    const rows = await this.db.all(`SELECT ${COLUMNS} FROM instances WHERE connector_id = ? ORDER BY name_key, id LIMIT ? OFFSET ?`,
      [connectorId, limit, offset]);
    const { total } = await this.db.get('SELECT count(*) AS total FROM instances WHERE connector_id = ?', [connectorId]);
    return { rows: rows.map(parseRow), total };
  }

  async get(connectorId, id) {
    const row = await this.db.get(`SELECT ${COLUMNS} FROM instances WHERE connector_id = ? AND id = ?`, [connectorId, id]);
    return row ? parseRow(row) : null;
  }

  /** An instance by its id alone (ids are unique across connectors), or null. */
  async getById(id) {
    const row = typeof id === 'string' ? await this.db.get(`SELECT ${COLUMNS} FROM instances WHERE id = ?`, [id]) : undefined;
    return row ? parseRow(row) : null;
  }

  /** The stored name that collides with `nameKey` (another instance), or undefined. */
  async nameTaken(connectorId, nameKey, exceptId = '') {
    const row = await this.db.get('SELECT name FROM instances WHERE connector_id = ? AND name_key = ? AND id != ?', [connectorId, nameKey, exceptId]);
    return row?.name;
  }

  /**
   * The connector's other instances that the validator's context needs to decide whether
   * this one may share a rate limit, [{id, name, sharedLimitOf}]: the instance whose limit
   * it names (`sharedLimitOf`, when a string) and, for a stored instance (`exceptId`), those
   * that share its limit. The module decides from these as from the whole list; the others
   * of a connector with thousands of instances need not cross into it.
   */
  async limitRefs(connectorId, exceptId = '', sharedLimitOf = null) {
    const columns = 'id, name, shared_limit_of AS "sharedLimitOf"';
    const owner = typeof sharedLimitOf === 'string' && sharedLimitOf !== exceptId
      ? await this.db.all(`SELECT ${columns} FROM instances WHERE id = ? AND connector_id = ?`, [sharedLimitOf, connectorId]) : [];
    const sharing = exceptId
      ? await this.db.all(`SELECT ${columns} FROM instances WHERE shared_limit_of = ? AND connector_id = ? AND id != ?`, [exceptId, connectorId, exceptId]) : [];
    return [...owner, ...sharing.filter((r) => r.id !== sharedLimitOf)];
  }

  /** Names of the instances that use the rate limit of instance `id`. */
  async sharingLimitOf(id) {
    return (await this.db.all('SELECT name FROM instances WHERE shared_limit_of = ? ORDER BY name_key, id', [id])).map((r) => r.name);
  }

  async readSecrets(row) {
    if (!row.blob) return { credentials: {}, certificate: null };
    return decryptSecrets(await this.keyring.get(row.keyVersion), row.id, row);
  }

  /**
   * Before the transaction: `record` with its secrets sealed under the newest master key
   * version this process holds (`sealed`), which `insert` keeps if that version is still
   * current inside its transaction.
   */
  async seal(record) {
    if (record.paths.length === 0) return record;
    return { ...record, sealed: encryptSecrets(await this.keyring.forWrite(), record.id, record.secrets) };
  }

  /**
   * Inside a transaction. `record`: {id, connectorId, name, nameKey, poolId, sharedLimitOf,
   * document, paths, secrets, sealed?}. Returns the row as `get` reads it back.
   */
  async insert(record) {
    const now = Date.now();
    const c = await this.#columns(record);
    await this.db.run(`INSERT INTO instances (id, connector_id, name, name_key, pool_id, shared_limit_of, document, secret_paths,
        secret_blob, wrapped_key, key_version, revision, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    [c.id, c.connectorId, c.name, c.nameKey, c.poolId, c.sharedLimitOf, c.document, c.secretPaths, c.blob, c.wrappedKey, c.keyVersion, now, now]);
    return parseRow({
      id: c.id, connectorId: c.connectorId, name: c.name, poolId: c.poolId, sharedLimitOf: c.sharedLimitOf, document: c.document,
      secretPaths: c.secretPaths, blob: c.blob, wrappedKey: c.wrappedKey, keyVersion: c.keyVersion, revision: 1, createdAt: now, updatedAt: now,
    });
  }

  /** Inside a transaction; false when the row is gone. */
  async update(record) {
    const now = Date.now();
    const c = await this.#columns(record);
    const { changes } = await this.db.run(`UPDATE instances SET name = ?, name_key = ?, pool_id = ?, shared_limit_of = ?, document = ?,
        secret_paths = ?, secret_blob = ?, wrapped_key = ?, key_version = ?, revision = revision + 1, updated_at = ?
      WHERE id = ? AND connector_id = ?`,
    [c.name, c.nameKey, c.poolId, c.sharedLimitOf, c.document, c.secretPaths, c.blob, c.wrappedKey, c.keyVersion, now, c.id, c.connectorId]);
    return changes === 1 ? now : false;
  }

  async delete(connectorId, id) {
    return (await this.db.run('DELETE FROM instances WHERE connector_id = ? AND id = ?', [connectorId, id])).changes === 1;
  }

  async #columns({ id, connectorId, name, nameKey, poolId, sharedLimitOf, document, paths, secrets, sealed: early }) {
    let sealed = null;
    if (paths.length > 0) {
      const master = await this.keyring.forWrite();
      sealed = early?.keyVersion === master.version ? early : encryptSecrets(master, id, secrets);
    }
    return {
      id, connectorId, name, nameKey, poolId: poolId ?? null, sharedLimitOf: sharedLimitOf ?? null,
      document: JSON.stringify(document),
      secretPaths: JSON.stringify(paths),
      blob: sealed?.blob ?? null,
      wrappedKey: sealed?.wrappedKey ?? null,
      keyVersion: sealed?.keyVersion ?? null,
    };
  }
}

function parseRow(row) {
  return { ...row, document: JSON.parse(row.document), secretPaths: JSON.parse(row.secretPaths) };
}
