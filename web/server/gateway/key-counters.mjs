// What one process counts per limit key, whichever limiter it runs (in process or shared
// through Redis): requests waiting, in flight, sent, throttled here, and the last upstream
// failure. The usage endpoint and the metrics read them.
export class KeyCounters {
  #byKey = new Map(); // limit key -> counters

  /** The counters of `key` (created on first use). */
  of(key) {
    let c = this.#byKey.get(key);
    if (!c) {
      c = { waiting: 0, inFlight: 0, sent: 0, throttled: 0, lastError: null };
      this.#byKey.set(key, c);
    }
    return c;
  }

  /** [limit key, {queued, inFlight, sent, throttled}] of every key used so far (the metrics). */
  *forMetrics() {
    for (const [key, c] of this.#byKey) yield [key, { queued: c.waiting, inFlight: c.inFlight, sent: c.sent, throttled: c.throttled }];
  }
}
