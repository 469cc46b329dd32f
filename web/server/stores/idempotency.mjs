// Idempotent creates: a request with `Idempotency-Key` stores its 201 answer; a retry with
// the same key (same caller, same endpoint) gets that answer back instead of creating a
// second object. The request body is remembered only as an HMAC (it may hold secrets), so a
// reuse of the key for a different body can be refused. Records expire after a day.
import { deriveKey, hmacHex } from '../security/crypto.mjs';
import { badRequest, HttpError } from '../http/errors.mjs';

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

/** Validates the header; undefined when absent. */
export function idempotencyKeyOf(request) {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters.', 'bad_idempotency_key');
  }
  return key;
}

/** JSON with sorted keys: the same body sent twice gives the same bytes. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export class IdempotencyStore {
  constructor(db, keyring) {
    this.db = db;
    this.keyring = keyring;
    this.macKeys = new Map();
  }

  async #mac(version, body) {
    let key = this.macKeys.get(version);
    if (!key) {
      key = deriveKey((await this.keyring.get(version)).key, 'idempotency-request/v1');
      this.macKeys.set(version, key);
    }
    return hmacHex(key, canonical(body));
  }

  /**
   * Inside the create's transaction: the stored answer for this key: {status, response,
   * sameRequest}; null if none. A concurrent transaction with the same key (this process or
   * another one on the same database) waits here until the first one has ended, and then
   * finds its record. `sameRequest` is null when the body can no longer be compared: the
   * record's HMAC was erased by a key rotation (empty), or its key version is no longer held.
   */
  async find(tokenId, scope, key, body) {
    await this.db.lockKey(`idempotency-key\n${tokenId}\n${scope}\n${key}`);
    const row = await this.db.get(`SELECT request_mac AS "requestMac", key_version AS "keyVersion", status, response FROM idempotency_keys
      WHERE token_id = ? AND scope = ? AND key = ? AND created_at > ?`, [tokenId, scope, key, Date.now() - IDEMPOTENCY_TTL_MS]);
    if (!row) return null;
    let sameRequest = null;
    if (row.requestMac !== '') {
      try {
        sameRequest = (await this.#mac(row.keyVersion, body)) === row.requestMac;
      } catch {
        sameRequest = null; // the key was rotated away: the record can still be replayed
      }
    }
    return { status: row.status, response: JSON.parse(row.response), sameRequest };
  }

  /** Inside the create's transaction. */
  async save(tokenId, scope, key, body, status, response) {
    const now = Date.now();
    const master = await this.keyring.forWrite();
    await this.db.run('DELETE FROM idempotency_keys WHERE created_at <= ?', [now - IDEMPOTENCY_TTL_MS]);
    await this.db.run(`INSERT INTO idempotency_keys (token_id, scope, key, request_mac, key_version, status, response, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [tokenId, scope, key, await this.#mac(master.version, body), master.version, status, JSON.stringify(response), now]);
  }
}

/**
 * Key rotation: erases the request HMACs made with a key derived from another master key
 * version than `version` (whoever holds that key could test guesses of a body, secrets
 * included, against them). The records keep their answers and are still replayed; a
 * reused key with another body can no longer be told apart. Returns how many were erased.
 */
export async function eraseRequestMacs(db, version) {
  return (await db.run("UPDATE idempotency_keys SET request_mac = '' WHERE key_version != ? AND request_mac != ''", [version])).changes;
}

/**
 * Sends a stored answer of an idempotent create, or refuses a key reused for another body.
 * When what the key created has been deleted since, the stored answer would name an object
 * that no longer exists: that is a 409 the client can act on (a new key creates it again).
 * @param {{exists: (response: object) => Promise<boolean>, present?: (response: object) => Promise<object>|object}} o
 *   `present` adds to the stored answer what changes after the create (an instance's last test)
 */
export async function replay(reply, prior, { exists, present = (response) => response }) {
  if (prior.sameRequest === false) {
    throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different request body.');
  }
  if (prior.status === 201 && !(await exists(prior.response))) {
    throw new HttpError(409, 'idempotent_target_deleted',
      'The object this Idempotency-Key created has been deleted since; send the request with a new key to create it again.');
  }
  return reply.code(prior.status).header('idempotent-replayed', 'true').send(await present(prior.response));
}
