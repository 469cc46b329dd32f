// What the wizard did before an instance exists, kept for a while so that saving the instance
// can take it over: the last test result of a set of credentials, the OAuth 2 tokens a
// "Connect" obtained, and the outcome of each Connect for the page to read. Keyed by the API
// caller (token id) and the credentials' fingerprint, so what one caller did never reaches
// another's instance. Kept sealed in the store (stores/pending-store.mjs), bounded in age and
// number, so that a test on one node and the save on another see the same thing.
export const AWAITING_SAVE_TTL_MS = 30 * 60_000;

/** One kind of pending value: get, set (for the TTL) and take (get and remove at once). */
class PendingKind {
  constructor(pending, kind, ttlMs) {
    this.pending = pending;
    this.kind = kind;
    this.ttlMs = ttlMs;
  }

  get(key) {
    return this.pending.get(this.kind, key);
  }

  async set(key, value) {
    await this.pending.put(this.kind, key, value, { ttlMs: this.ttlMs });
  }

  take(key) {
    return this.pending.take(this.kind, key);
  }
}

export class AwaitingSave {
  /** @param {{pending: import('../stores/pending-store.mjs').PendingStore, ttlMs?: number}} o */
  constructor({ pending, ttlMs = AWAITING_SAVE_TTL_MS }) {
    this.results = new PendingKind(pending, 'awaiting-result', ttlMs); // key -> test result
    this.grants = new PendingKind(pending, 'awaiting-grant', ttlMs);   // key -> OAuth 2 token
    this.flows = new PendingKind(pending, 'oauth-outcome', ttlMs);     // flow id -> {tokenId, status, result?, error?}
  }

  static key(tokenId, connectorId, fingerprint) {
    return `${tokenId}\u0000${connectorId}\u0000${fingerprint}`;
  }
}
