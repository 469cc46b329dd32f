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
  }

  async load(instanceId) {
    const row = await this.db.get('SELECT blob, wrapped_key AS "wrappedKey", key_version AS "keyVersion" FROM oauth_tokens WHERE instance_id = ?', [instanceId]);
    return row ? decryptSecrets(await this.keyring.get(row.keyVersion), owner(instanceId), row) : null;
  }

  /** The master key version is read in the same transaction as the write (keyring.mjs forWrite). */
  save(instanceId, token) {
    return this.db.transaction(async () => {
      const sealed = encryptSecrets(await this.keyring.forWrite(), owner(instanceId), {
        accessToken: token.accessToken, refreshToken: token.refreshToken ?? null, expiresAt: token.expiresAt ?? null, scope: token.scope ?? null,
      });
      await this.db.run(`INSERT INTO oauth_tokens (instance_id, blob, wrapped_key, key_version, expires_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(instance_id) DO UPDATE SET blob = excluded.blob, wrapped_key = excluded.wrapped_key,
          key_version = excluded.key_version, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      [instanceId, sealed.blob, sealed.wrappedKey, sealed.keyVersion, token.expiresAt ?? null, Date.now()]);
    });
  }

  async delete(instanceId) {
    return (await this.db.run('DELETE FROM oauth_tokens WHERE instance_id = ?', [instanceId])).changes === 1;
  }

  forInstance(instanceId) {
    return { load: () => this.load(instanceId), save: (token) => this.save(instanceId, token) };
  }
}
