// OAuth 2 tokens of saved instances, in the table oauth_tokens, sealed with the envelope
// encryption of crypto.mjs under their own owner id ("oauth-token/<instance id>"), so a
// token blob cannot be opened as another row's. `forInstance(id)` gives the {load, save}
// store that oauth2-session.mjs uses.
import { decryptSecrets, encryptSecrets, rewrapDataKey } from '../crypto.mjs';
import { inTransaction } from '../db.mjs';

const owner = (instanceId) => `oauth-token/${instanceId}`;

export class OAuthTokenStore {
  constructor(db, keyring) {
    this.db = db;
    this.keyring = keyring;
    this.stmt = {
      get: db.prepare('SELECT blob, wrapped_key AS wrappedKey, key_version AS keyVersion FROM oauth_tokens WHERE instance_id = ?'),
      upsert: db.prepare(`INSERT INTO oauth_tokens (instance_id, blob, wrapped_key, key_version, expires_at, updated_at)
        VALUES (@id, @blob, @wrappedKey, @keyVersion, @expiresAt, @now)
        ON CONFLICT(instance_id) DO UPDATE SET blob = excluded.blob, wrapped_key = excluded.wrapped_key,
          key_version = excluded.key_version, expires_at = excluded.expires_at, updated_at = excluded.updated_at`),
      delete: db.prepare('DELETE FROM oauth_tokens WHERE instance_id = ?'),
    };
  }

  load(instanceId) {
    const row = this.stmt.get.get(instanceId);
    return row ? decryptSecrets(this.keyring.get(row.keyVersion), owner(instanceId), row) : null;
  }

  save(instanceId, token) {
    const sealed = encryptSecrets(this.keyring.forWrite(), owner(instanceId), {
      accessToken: token.accessToken, refreshToken: token.refreshToken ?? null, expiresAt: token.expiresAt ?? null, scope: token.scope ?? null,
    });
    this.stmt.upsert.run({ id: instanceId, ...sealed, expiresAt: token.expiresAt ?? null, now: Date.now() });
  }

  delete(instanceId) {
    return this.stmt.delete.run(instanceId).changes === 1;
  }

  forInstance(instanceId) {
    return { load: () => this.load(instanceId), save: (token) => this.save(instanceId, token) };
  }
}

/**
 * Master key rotation (rotation.mjs): re-wraps every token's data key under `target`.
 * Returns how many were re-wrapped; throws if one is left under another version.
 */
export function rewrapOAuthTokens(db, keyring, target) {
  const pending = db.prepare('SELECT instance_id FROM oauth_tokens WHERE key_version != ? LIMIT 500').pluck();
  const read = db.prepare('SELECT wrapped_key AS wrappedKey, key_version AS keyVersion FROM oauth_tokens WHERE instance_id = ?');
  const write = db.prepare('UPDATE oauth_tokens SET wrapped_key = ?, key_version = ? WHERE instance_id = ? AND key_version = ?');
  let rewrapped = 0;
  for (let ids = pending.all(target.version); ids.length; ids = pending.all(target.version)) {
    for (const id of ids) {
      inTransaction(db, () => {
        const row = read.get(id);
        if (!row || row.keyVersion === target.version) return;
        write.run(rewrapDataKey(keyring.get(row.keyVersion), target, owner(id), row.wrappedKey), target.version, id, row.keyVersion);
        rewrapped += 1;
      });
    }
  }
  return rewrapped;
}

/** Tokens still under another master key version than `version` (rotation's final check). */
export function oauthTokensNotUnder(db, version) {
  return db.prepare('SELECT count(*) FROM oauth_tokens WHERE key_version != ?').pluck().get(version);
}
