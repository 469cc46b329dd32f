// The connection side of saved instances, shared by the instance routes and the connection
// routes: the last test result (`connection` in every instance answer), the OAuth 2 tokens,
// the OAuth 2 Connect flows in progress (authorization-flow.mjs), and what a caller tested
// or connected before saving (awaiting-save.mjs), which a create or
// an update with exactly those credentials takes over. An update that changes the
// credentials drops the stored result and tokens: they belonged to the old ones.
import { AwaitingSave } from './awaiting-save.mjs';
import { AuthorizationFlows } from './authorization-flow.mjs';
import { FINGERPRINT_KEY_PURPOSE, credentialsFingerprint } from './fingerprint.mjs';
import { deriveKey } from '../security/crypto.mjs';
import { ConnectionResults } from './results-store.mjs';
import { OAuthTokenStore } from './token-store.mjs';
import { joinSecrets } from '../security/secrets.mjs';
import { PendingStore } from '../stores/pending-store.mjs';

export class InstanceConnections {
  constructor({ db, keyring, validation, instances }) {
    this.db = db;
    this.validation = validation;
    this.instances = instances;
    this.keyring = keyring;
    this.fingerprintKeys = new Map(); // master key version -> derived key
    this.tokens = new OAuthTokenStore(db, keyring);
    this.results = new ConnectionResults(db);
    const pending = new PendingStore(db, keyring);
    this.awaiting = new AwaitingSave({ pending });
    this.flows = new AuthorizationFlows({ pending });
  }

  /** A stored instance with its secrets (the input shape), or null. */
  async storedInstance(connectorId, id) {
    const row = await this.instances.get(connectorId, id);
    return row ? joinSecrets(row.document, await this.instances.readSecrets(row)) : null;
  }

  /** The auth method of a connector, or undefined. */
  method(connectorId, authMethodId) {
    return (this.validation.connector(connectorId)?.authMethods ?? []).find((m) => m.id === authMethodId);
  }

  /**
   * The fingerprint of `instance`'s credentials under a key derived from the current master
   * key: the same on every node (across a key rotation a wizard's unsaved test may simply not
   * be taken over).
   */
  async fingerprint(method, instance) {
    const master = await this.db.transaction(() => this.keyring.forWrite());
    let key = this.fingerprintKeys.get(master.version);
    if (!key) {
      key = deriveKey(master.key, FINGERPRINT_KEY_PURPOSE);
      this.fingerprintKeys.set(master.version, key);
    }
    return credentialsFingerprint(key, method, instance);
  }

  /** The key under which a caller's unsaved test result and tokens wait for a save. */
  async awaitingKey(tokenId, connectorId, method, instance) {
    return AwaitingSave.key(tokenId, connectorId, await this.fingerprint(method, instance));
  }

  /** The fingerprint of a stored instance's credentials, or null. */
  async fingerprintOf(connectorId, id) {
    const instance = await this.storedInstance(connectorId, id);
    const method = instance && this.method(connectorId, instance.authMethodId);
    return method ? this.fingerprint(method, instance) : null;
  }

  /**
   * Inside the transaction of a create or an update, after the write: drops the result and
   * tokens when the credentials changed (`before`: their fingerprint before an update), then
   * takes over what this caller tested or connected with exactly the stored credentials.
   * `stored`: the instance just written with its secrets (the input shape), when the caller
   * holds it; read back (and decrypted) otherwise. Returns the connection result it recorded
   * (as withStatus shows it), or null when it recorded none.
   */
  async afterWrite(tokenId, connectorId, id, { before, stored } = {}) {
    const instance = stored ?? await this.storedInstance(connectorId, id);
    const method = instance && this.method(connectorId, instance.authMethodId);
    if (!method) return null;
    const now = await this.fingerprint(method, instance);
    if (before !== undefined && before !== now) {
      await this.results.clear(id);
      await this.tokens.delete(id);
    }
    const key = AwaitingSave.key(tokenId, connectorId, now);
    // taken in the write's transaction: a rolled-back or retried write leaves them waiting
    const tested = await this.awaiting.results.take(key);
    if (tested) await this.results.record(id, tested);
    const grant = await this.awaiting.grants.take(key);
    if (grant) await this.tokens.save(id, grant);
    return tested ? ConnectionResults.answerOf(tested) : null;
  }

  /** An instance answer with its `connection` (the last test: untested, ok or failed). */
  async withStatus(answer) {
    return { ...answer, connection: await this.results.get(answer.id) };
  }
}
