// Throttling of sign-in (POST /api/session), per client address. docs/http-api.md
// ("Sign-in throttling") has the rules and why they are these.
//
// - The token is always checked first, and a valid one is always accepted: otherwise whoever
//   shares an address with an attacker (everyone behind the same proxy or NAT) could be
//   locked out by the attacker's failures. So only the answers to wrong tokens are throttled.
// - After `freeFailures` wrong tokens from an address, each further one is answered 429 and
//   locks the address for a delay that doubles with each failure (`delayMs`, 2 x, 4 x, ... up
//   to `maxDelayMs`). A wrong token sent during a lock is answered only when the lock ends
//   (the answer is held), so a client that waits for its answers gets one per delay.
// - The state is bounded: at most `maxAddresses` addresses (the one whose last failure is
//   oldest is dropped first), each forgotten `forgetAfterMs` after its last failure, and at
//   most `maxHeld` answers held at once (beyond that a 429 is sent at once).
import net from 'node:net';
import { ipv6Groups } from '../connection/address-kind.mjs';

export const SIGN_IN_DEFAULTS = Object.freeze({
  freeFailures: 5,
  delayMs: 1000,
  maxDelayMs: 30_000,
  forgetAfterMs: 15 * 60_000,
  maxAddresses: 10_000,
  maxHeld: 1000,
});

/**
 * The address failures are counted against: an IPv4 address (also when written IPv4-mapped,
 * as a dual-stack socket reports it), or the /64 network of an IPv6 address (one host
 * usually has a whole /64 to pick addresses from). Anything else is its own key.
 */
export function addressKey(ip) {
  const bare = String(ip ?? '').replace(/%.*$/, '');
  if (net.isIPv4(bare)) return bare;
  if (!net.isIPv6(bare)) return bare;
  const g = ipv6Groups(bare);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join('.');
  }
  return `${g.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64`;
}

export class SignInThrottle {
  // key -> {failures, lockedUntil, lastFailureAt}; ordered by last failure, oldest first
  #entries = new Map();
  #held = new Set();

  /** @param {Partial<typeof SIGN_IN_DEFAULTS> & {now?: () => number}} [options] */
  constructor(options = {}) {
    const o = { ...SIGN_IN_DEFAULTS, ...options };
    this.freeFailures = o.freeFailures;
    this.delayMs = o.delayMs;
    this.maxDelayMs = Math.max(o.maxDelayMs, o.delayMs);
    // a lock is never forgotten while it lasts
    this.forgetAfterMs = Math.max(o.forgetAfterMs, 2 * this.maxDelayMs);
    this.maxAddresses = o.maxAddresses;
    this.maxHeld = o.maxHeld;
    this.now = o.now ?? Date.now;
  }

  /**
   * Records a wrong token from `ip` and says how to answer it: at once with 401
   * (`throttled: false`), or with 429 after `waitMs` (`throttled: true`; `lockedUntil` is
   * when the address's lock ends, `delayMs` the lock this failure added after the answer).
   */
  failed(ip) {
    const t = this.now();
    this.#sweep(t);
    const key = addressKey(ip);
    let entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key); // re-inserted below: the map stays ordered by last failure
    } else {
      if (this.#entries.size >= this.maxAddresses) this.#entries.delete(this.#entries.keys().next().value);
      entry = { failures: 0, lockedUntil: 0, lastFailureAt: t };
    }
    entry.failures += 1;
    entry.lastFailureAt = t;
    this.#entries.set(key, entry);
    if (entry.failures <= this.freeFailures) return { throttled: false, failures: entry.failures };
    const waitMs = Math.min(this.maxDelayMs, Math.max(0, entry.lockedUntil - t));
    const doublings = Math.min(entry.failures - this.freeFailures - 1, 40);
    const delayMs = Math.min(this.maxDelayMs, this.delayMs * 2 ** doublings);
    entry.lockedUntil = t + waitMs + delayMs;
    return { throttled: true, failures: entry.failures, waitMs, delayMs, lockedUntil: entry.lockedUntil };
  }

  /** Whole seconds from now until the lock of a `failed()` answer ends (at least 1). */
  retryAfterSeconds(decision) {
    return Math.max(1, Math.ceil((decision.lockedUntil - this.now()) / 1000));
  }

  /**
   * Resolves after `ms` (true), or at once (false) when `maxHeld` answers are already held;
   * close() resolves every held one.
   */
  hold(ms) {
    if (ms <= 0 || this.#held.size >= this.maxHeld) return Promise.resolve(false);
    return new Promise((resolve) => {
      const held = { resolve, timer: null };
      held.timer = setTimeout(() => {
        this.#held.delete(held);
        resolve(true);
      }, ms);
      this.#held.add(held);
    });
  }

  close() {
    for (const held of this.#held) {
      clearTimeout(held.timer);
      held.resolve(false);
    }
    this.#held.clear();
  }

  /** Addresses tracked now. */
  get size() {
    this.#sweep(this.now());
    return this.#entries.size;
  }

  get held() {
    return this.#held.size;
  }

  #sweep(t) {
    for (const [key, entry] of this.#entries) {
      if (t - entry.lastFailureAt < this.forgetAfterMs) break; // the rest failed later
      this.#entries.delete(key);
    }
  }
}

/**
 * At most `perWindow` log lines per `windowMs`; the lines not written are counted and
 * reported by one `onSummary(count, windowMs)` call at the end of the window.
 */
export class LogBudget {
  #used = 0;
  #suppressed = 0;
  #windowStart;
  #timer = null;

  constructor({ perWindow = 10, windowMs = 60_000, now = Date.now, onSummary }) {
    this.perWindow = perWindow;
    this.windowMs = windowMs;
    this.now = now;
    this.onSummary = onSummary;
    this.#windowStart = now();
  }

  /** True when this line may be written. */
  allow() {
    const t = this.now();
    if (t - this.#windowStart >= this.windowMs) this.#roll(t);
    if (this.#used < this.perWindow) {
      this.#used += 1;
      return true;
    }
    this.#suppressed += 1;
    if (!this.#timer) {
      this.#timer = setTimeout(() => this.#roll(this.now()), Math.max(0, this.#windowStart + this.windowMs - t));
      this.#timer.unref?.();
    }
    return false;
  }

  /** Ends the window now (reporting what it did not write). */
  close() {
    this.#roll(this.now());
  }

  #roll(t) {
    clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#suppressed > 0) this.onSummary(this.#suppressed, this.windowMs);
    this.#suppressed = 0;
    this.#used = 0;
    this.#windowStart = t;
  }
}
