// What the wizard did before an instance exists, kept in memory for a while so that saving
// the instance can take it over: the last test result of a set of credentials, the OAuth 2
// tokens a "Connect" obtained, and the outcome of each Connect for the page to read. Keyed by
// the API caller (token id) and the credentials' fingerprint, so what one caller did never
// reaches another's instance. Bounded in size and age; nothing here is written to disk.
export const AWAITING_SAVE_TTL_MS = 30 * 60_000;
const MAX_ENTRIES = 1000;

class ExpiringMap {
  #map = new Map();

  constructor(ttlMs, now) {
    this.ttlMs = ttlMs;
    this.now = now;
  }

  set(key, value) {
    this.#sweep();
    this.#map.delete(key);
    if (this.#map.size >= MAX_ENTRIES) this.#map.delete(this.#map.keys().next().value); // oldest first
    this.#map.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  get(key) {
    const entry = this.#map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.#map.delete(key);
      return undefined;
    }
    return entry.value;
  }

  take(key) {
    const value = this.get(key);
    this.#map.delete(key);
    return value;
  }

  #sweep() {
    const t = this.now();
    for (const [k, e] of this.#map) if (e.expiresAt <= t) this.#map.delete(k);
  }
}

export class AwaitingSave {
  constructor({ ttlMs = AWAITING_SAVE_TTL_MS, now = Date.now } = {}) {
    this.results = new ExpiringMap(ttlMs, now);   // key -> test result
    this.grants = new ExpiringMap(ttlMs, now);    // key -> OAuth 2 token
    this.flows = new ExpiringMap(ttlMs, now);     // flow id -> {tokenId, status, result?, error?}
  }

  static key(tokenId, connectorId, fingerprint) {
    return `${tokenId}\u0000${connectorId}\u0000${fingerprint}`;
  }
}
