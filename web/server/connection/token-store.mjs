// OAuth 2 tokens of saved instances, in the table oauth_tokens, sealed with the envelope
// encryption of crypto.mjs under their own owner id ("oauth-token/<instance id>"), so a
// token blob cannot be opened as another row's. `forInstance(id)` gives the {load, save}
// store that oauth2-session.mjs uses.
import { decryptSecrets, encryptSecrets } from '../security/crypto.mjs';

const owner = (instanceId) => `oauth-token/${instanceId}`;

/** Where the tokens are sealed (sealed-tables.mjs). */
export const SEALED_OAUTH_TOKENS = Object.freeze({
  name: 'oauthTokens', label: 'OAuth tokens', table: 'oauth_tokens', id: 'instance_id', blob: 'blob', owner,
});

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
