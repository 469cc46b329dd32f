// Short-lived state that must outlive the request that made it and be readable by every node
// on the same database: the OAuth 2 "Connect" flows in progress (client credentials, PKCE
// verifier, who started it), and what the wizard tested or connected before the instance is
// saved. A callback may reach another node than the start did, and the save yet another.
//
// Rows live in the table `pending` (migration 005), sealed by crypto.mjs under their own
// owner id like instance secrets; the row id is the kind and a SHA-256 of the key, so the
// table holds no usable OAuth state and no caller's credentials fingerprint. A row past its
// expiry is never returned; expired rows are deleted on every write, and each kind holds at
// most `maxPerKind` rows (the soonest to expire go first), so that no caller can grow the
// table without bound.
import { createHash } from 'node:crypto';
import { decryptSecrets, encryptSecrets } from '../security/crypto.mjs';

export const MAX_PENDING_PER_KIND = 10_000;

const rowId = (kind, key) => `${kind}:${createHash('sha256').update(String(key)).digest('hex')}`;
const owner = (id) => `pending/${id}`;
const SEALED_COLUMNS = 'blob, wrapped_key AS "wrappedKey", key_version AS "keyVersion", expires_at AS "expiresAt"';

/** Where pending state is sealed (sealed-tables.mjs): key rotation re-seals it like the rest. */
export const SEALED_PENDING = Object.freeze({
  name: 'pending', label: 'pending wizard states', table: 'pending', id: 'id', blob: 'blob', owner,
});

export class PendingStore {
  /**
   * @param {object} db       stores/db.mjs
   * @param {object} keyring  security/keyring.mjs (opened)
   * @param {{now?: () => number, maxPerKind?: number}} [o]
   */
  constructor(db, keyring, { now = Date.now, maxPerKind = MAX_PENDING_PER_KIND } = {}) {
    this.db = db;
    this.keyring = keyring;
    this.now = now;
    this.maxPerKind = maxPerKind;
  }

  /**
   * Stores `value` (JSON) under `kind` and `key` for `ttlMs`, replacing what was there.
   * @param {{ttlMs: number, owner?: string|null}} o  `owner`: who made it, for countOwned()
   * @returns {Promise<number>} when it expires (ms since the epoch)
   */
  put(kind, key, value, { ttlMs, owner: madeBy = null }) {
    return this.db.transaction(async () => {
      const id = rowId(kind, key);
      const t = this.now();
      const expiresAt = t + ttlMs;
      const sealed = encryptSecrets(await this.keyring.forWrite(), owner(id), value);
      await this.db.run('DELETE FROM pending WHERE kind = ? AND expires_at <= ?', [kind, t]);
      await this.db.run(`INSERT INTO pending (id, kind, owner, blob, wrapped_key, key_version, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, blob = excluded.blob, wrapped_key = excluded.wrapped_key,
          key_version = excluded.key_version, expires_at = excluded.expires_at`,
      [id, kind, madeBy === null ? null : String(madeBy), sealed.blob, sealed.wrappedKey, sealed.keyVersion, expiresAt]);
      const { n } = await this.db.get('SELECT count(*) AS n FROM pending WHERE kind = ?', [kind]);
      if (n > this.maxPerKind) {
        await this.db.run(`DELETE FROM pending WHERE id IN (SELECT id FROM pending WHERE kind = ? AND id != ?
          ORDER BY expires_at LIMIT ?)`, [kind, id, n - this.maxPerKind]);
      }
      return expiresAt;
    });
  }

  /** The value under `kind` and `key`, or undefined (none, or expired). */
  async get(kind, key) {
    const id = rowId(kind, key);
    const row = await this.db.get(`SELECT ${SEALED_COLUMNS} FROM pending WHERE id = ?`, [id]);
    return row && row.expiresAt > this.now() ? this.#open(id, row) : undefined;
  }

  /**
   * Removes and returns the value (undefined: none, or expired). Of two nodes taking the
   * same key at once, exactly one gets it: what makes an OAuth state single use.
   */
  take(kind, key) {
    return this.db.transaction(async () => {
      const id = rowId(kind, key);
      const row = await this.db.get(`DELETE FROM pending WHERE id = ? RETURNING ${SEALED_COLUMNS}`, [id]);
      return row && row.expiresAt > this.now() ? this.#open(id, row) : undefined;
    });
  }

  /**
   * Runs `fn` in one transaction that holds the lock of `kind`: a decision over several rows
   * of a kind (count, then put) is taken by one request at a time across every node.
   */
  exclusive(kind, fn) {
    return this.db.transaction(async () => {
      await this.db.lockKey(`pending:${kind}`);
      return fn();
    });
  }

  /** Removes `kind`/`key` if present. */
  async delete(kind, key) {
    await this.db.run('DELETE FROM pending WHERE id = ?', [rowId(kind, key)]);
  }

  /**
   * How many unexpired rows of `kind` there are (only those of `owner` when given), and
   * when the soonest of them expires (null when none).
   * @returns {Promise<{count: number, firstExpiry: number|null}>}
   */
  async count(kind, { owner: madeBy } = {}) {
    const byOwner = madeBy !== undefined;
    const row = await this.db.get(`SELECT count(*) AS n, min(expires_at) AS "firstExpiry" FROM pending
      WHERE kind = ? AND expires_at > ?${byOwner ? ' AND owner = ?' : ''}`, byOwner ? [kind, this.now(), String(madeBy)] : [kind, this.now()]);
    return { count: Number(row.n), firstExpiry: row.firstExpiry ?? null };
  }

  async #open(id, row) {
    return decryptSecrets(await this.keyring.get(row.keyVersion), owner(id), row);
  }
}
