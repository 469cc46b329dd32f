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

const COLUMNS = `id, connector_id AS connectorId, name, pool_id AS poolId, shared_limit_of AS sharedLimitOf, document, secret_paths AS secretPaths,
  secret_blob AS blob, wrapped_key AS wrappedKey, key_version AS keyVersion, revision,
  created_at AS createdAt, updated_at AS updatedAt`;

export class InstanceStore {
  constructor(db, keyring) {
    this.keyring = keyring;
    this.stmt = {
      list: db.prepare(`SELECT ${COLUMNS} FROM instances WHERE connector_id = ? ORDER BY name_key, id LIMIT ? OFFSET ?`),
      count: db.prepare('SELECT count(*) FROM instances WHERE connector_id = ?').pluck(),
      get: db.prepare(`SELECT ${COLUMNS} FROM instances WHERE connector_id = ? AND id = ?`),
      byId: db.prepare(`SELECT ${COLUMNS} FROM instances WHERE id = ?`),
      nameTaken: db.prepare('SELECT name FROM instances WHERE connector_id = ? AND name_key = ? AND id != ?').pluck(),
      limitRefs: db.prepare(`SELECT id, name, shared_limit_of AS sharedLimitOf FROM instances
        WHERE connector_id = ? AND id != ? ORDER BY name_key, id`),
      sharing: db.prepare('SELECT name FROM instances WHERE shared_limit_of = ? ORDER BY name_key, id').pluck(),
      insert: db.prepare(`INSERT INTO instances (id, connector_id, name, name_key, pool_id, shared_limit_of, document, secret_paths,
          secret_blob, wrapped_key, key_version, revision, created_at, updated_at)
        VALUES (@id, @connectorId, @name, @nameKey, @poolId, @sharedLimitOf, @document, @secretPaths, @blob, @wrappedKey, @keyVersion, 1, @now, @now)`),
      update: db.prepare(`UPDATE instances SET name = @name, name_key = @nameKey, pool_id = @poolId, shared_limit_of = @sharedLimitOf, document = @document,
          secret_paths = @secretPaths, secret_blob = @blob, wrapped_key = @wrappedKey, key_version = @keyVersion,
          revision = revision + 1, updated_at = @now
        WHERE id = @id AND connector_id = @connectorId`),
      delete: db.prepare('DELETE FROM instances WHERE connector_id = ? AND id = ?'),
    };
  }

  list(connectorId, { limit, offset }) {
    return { rows: this.stmt.list.all(connectorId, limit, offset).map(parseRow), total: this.stmt.count.get(connectorId) };
  }

  get(connectorId, id) {
    const row = this.stmt.get.get(connectorId, id);
    return row ? parseRow(row) : null;
  }

  /** An instance by its id alone (ids are unique across connectors), or null. */
  getById(id) {
    const row = typeof id === 'string' ? this.stmt.byId.get(id) : undefined;
    return row ? parseRow(row) : null;
  }

  /** The stored name that collides with `nameKey` (another instance), or undefined. */
  nameTaken(connectorId, nameKey, exceptId = '') {
    return this.stmt.nameTaken.get(connectorId, nameKey, exceptId);
  }

  /**
   * The connector's other instances as the validator's context needs them to decide which
   * rate limits may be shared: [{id, name, sharedLimitOf}].
   */
  limitRefs(connectorId, exceptId = '') {
    return this.stmt.limitRefs.all(connectorId, exceptId);
  }

  /** Names of the instances that use the rate limit of instance `id`. */
  sharingLimitOf(id) {
    return this.stmt.sharing.all(id);
  }

  readSecrets(row) {
    if (!row.blob) return { credentials: {}, certificate: null };
    return decryptSecrets(this.keyring.get(row.keyVersion), row.id, row);
  }

  /** Inside a transaction. `record`: {id, connectorId, name, nameKey, poolId, sharedLimitOf, document, paths, secrets}. */
  insert(record) {
    const now = Date.now();
    this.stmt.insert.run(this.#columns(record, now));
    return now;
  }

  /** Inside a transaction; false when the row is gone. */
  update(record) {
    const now = Date.now();
    return this.stmt.update.run(this.#columns(record, now)).changes === 1 ? now : false;
  }

  delete(connectorId, id) {
    return this.stmt.delete.run(connectorId, id).changes === 1;
  }

  #columns({ id, connectorId, name, nameKey, poolId, sharedLimitOf, document, paths, secrets }, now) {
    const hasSecrets = paths.length > 0;
    const sealed = hasSecrets ? encryptSecrets(this.keyring.forWrite(), id, secrets) : null;
    return {
      id, connectorId, name, nameKey, poolId: poolId ?? null, sharedLimitOf: sharedLimitOf ?? null, now,
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
