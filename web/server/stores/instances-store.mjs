// Persistence of instances: the public document in clear, the secrets as one sealed blob
// under a per-instance data key (crypto.mjs). Writes must run inside a transaction opened by
// the caller (routes/instances.mjs), so that the row, the idempotency record and the audit
// entry commit together; encryption happens there too, with the master key version that
// is current inside that transaction.
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
   * The connector's other instances as the validator's context needs them to decide which
   * rate limits may be shared: [{id, name, sharedLimitOf}].
   */
  async limitRefs(connectorId, exceptId = '') {
    return this.db.all(`SELECT id, name, shared_limit_of AS "sharedLimitOf" FROM instances
      WHERE connector_id = ? AND id != ? ORDER BY name_key, id`, [connectorId, exceptId ?? '']);
  }

  /** Names of the instances that use the rate limit of instance `id`. */
  async sharingLimitOf(id) {
    return (await this.db.all('SELECT name FROM instances WHERE shared_limit_of = ? ORDER BY name_key, id', [id])).map((r) => r.name);
  }

  async readSecrets(row) {
    if (!row.blob) return { credentials: {}, certificate: null };
    return decryptSecrets(await this.keyring.get(row.keyVersion), row.id, row);
  }

  /** Inside a transaction. `record`: {id, connectorId, name, nameKey, poolId, sharedLimitOf, document, paths, secrets}. */
  async insert(record) {
    const now = Date.now();
    const c = await this.#columns(record);
    await this.db.run(`INSERT INTO instances (id, connector_id, name, name_key, pool_id, shared_limit_of, document, secret_paths,
        secret_blob, wrapped_key, key_version, revision, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    [c.id, c.connectorId, c.name, c.nameKey, c.poolId, c.sharedLimitOf, c.document, c.secretPaths, c.blob, c.wrappedKey, c.keyVersion, now, now]);
    return now;
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

  async #columns({ id, connectorId, name, nameKey, poolId, sharedLimitOf, document, paths, secrets }) {
    const hasSecrets = paths.length > 0;
    const sealed = hasSecrets ? encryptSecrets(await this.keyring.forWrite(), id, secrets) : null;
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
