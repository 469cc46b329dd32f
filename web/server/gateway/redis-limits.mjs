// The rate limits and connection pools of proxied requests shared by every backend process
// with the same REDIS_URL (docs/gateway.md "Several backend processes"): the same interface as
// GatewayLimits (limits.mjs), with the decisions in Redis (shared-admission.mjs). On each node
// the requests of one limit key wait in a bounded FIFO queue; its head, with the waiters right
// behind it, asks Redis in one script run (which starts as many of them, in order, as the
// limits allow), and asks again when Redis said the next start is possible, when a pool slot
// is given back (a message on the `released` channel, or a short poll should one be missed),
// or when the head leaves. A request that Redis cannot admit because Redis is down or slow keeps waiting (fail
// closed) until its queue timeout: then 503 limits_unavailable.
import { KeyCounters } from './key-counters.mjs';
import { randomUUID } from 'node:crypto';
import { CALLER_GONE } from './limits.mjs';
import { SharedAdmission } from './shared-admission.mjs';
import { limitsUnavailable, poolTimeout, queueFull, queueTimeout, secondsUntil, shuttingDown } from './throttled.mjs';

const UNIT_MS = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };
// a missed `released` message costs at most this long
const POOL_POLL_MS = 250;
// after a failed Redis command, the next attempt; doubled up to the maximum
const RETRY_MS = 50;
const MAX_RETRY_MS = 1000;
// waiting requests of one key asked for in one script run
const BATCH = 32;
// Retry-After of limits_unavailable
const UNAVAILABLE_RETRY_S = 5;

export class RedisLimits {
  /**
   * @param {object} o
   * @param {import('ioredis').Redis} o.redis        commands (connectRedis; the caller closes it)
   * @param {import('ioredis').Redis} o.subscriber   a second connection for the `released` channel
   * @param {number} o.queueSize       requests that may wait per limit key on this node
   * @param {number} o.leaseMs         how long a pool slot stays taken without renewal
   * @param {(value: string) => number|null} o.retryAfterMs  the package's Retry-After parser
   * @param {string} [o.prefix]        Redis key prefix
   * @param {{warn: Function}} o.log
   */
  constructor({ redis, subscriber, queueSize, leaseMs, retryAfterMs, prefix, log }) {
    this.admission = new SharedAdmission(redis, prefix);
    this.redis = redis;
    this.subscriber = subscriber;
    this.queueSize = queueSize;
    this.leaseMs = leaseMs;
    this.retryAfterMs = retryAfterMs;
    this.log = log;
    this.node = randomUUID();
    this.seq = 0;
    this.limits = new Map(); // limit key -> {amount, windowMs, rateLimit} | null
    this.pools = new Map(); // pool id -> {id, limit, timeout}
    this.queues = new Map(); // limit key -> queue
    this.usage = new KeyCounters();
    this.closed = false;
    subscriber.on('message', (channel, poolId) => {
      if (channel === this.admission.channel) this.#poolReleased(poolId);
    });
    subscriber.subscribe(this.admission.channel).catch((e) => log.warn({ err: { message: e.message } }, 'redis: could not subscribe to pool releases; polling'));
  }

  /** Counters of a limit key (created on first use). */
  counters(key) {
    return this.usage.of(key);
  }

  /** Remembers the stored settings of a key and its pool (Redis gets them with every attempt). */
  prepare(key, rateLimit, pool) {
    this.limits.set(key, rateLimit ? { amount: rateLimit.amount, windowMs: UNIT_MS[rateLimit.unit], rateLimit } : null);
    if (pool) this.pools.set(pool.id, { id: pool.id, limit: pool.limit, timeout: pool.timeout ?? null });
  }

  #queue(key) {
    let q = this.queues.get(key);
    if (!q) {
      q = { key, waiters: [], pumping: false, wake: null, nextAt: null, localPauseUntil: 0, failing: false };
      this.queues.set(key, q);
    }
    return q;
  }

  /**
   * Runs `send` once the shared limit and pool let it start; same refusals as GatewayLimits,
   * plus 503 limits_unavailable when Redis could not be asked in time.
   */
  async run({ key, poolId, queueTimeoutMs, signal, continuing = false }, send) {
    if (this.closed) throw shuttingDown();
    if (this.refusing && !continuing) throw shuttingDown();
    const c = this.counters(key);
    const q = this.#queue(key);
    if (q.waiters.length >= this.queueSize) {
      c.throttled += 1;
      throw queueFull(this.queueSize, secondsUntil(q.nextAt, Date.now()));
    }
    // every attempt for a waiter records under an id of its own (`id.n`): an attempt that Redis
    // runs late can only add a start nobody sent, never take away one that was sent
    const waiter = { poolId: poolId ?? null, id: `${this.node}:${this.seq += 1}`, tries: 0, current: null, unsure: [], poolBlockedSince: null, settled: false };
    const admitted = new Promise((resolve, reject) => { waiter.resolve = resolve; waiter.reject = reject; });
    const leave = (error) => {
      if (waiter.settled) return;
      waiter.settled = true;
      // attempts whose answers were lost may still have recorded starts and leases
      this.#forget(key, waiter.poolId, waiter.unsure.splice(0));
      const head = q.waiters[0] === waiter;
      q.waiters.splice(q.waiters.indexOf(waiter), 1);
      if (head) this.#wake(q);
      waiter.reject(error);
    };
    const timer = setTimeout(() => {
      c.throttled += 1;
      leave(q.failing ? limitsUnavailable(queueTimeoutMs, UNAVAILABLE_RETRY_S) : queueTimeout(queueTimeoutMs, secondsUntil(q.nextAt, Date.now())));
    }, queueTimeoutMs);
    waiter.leave = leave;
    const onGone = () => leave(CALLER_GONE);
    signal?.addEventListener('abort', onGone, { once: true });
    q.waiters.push(waiter);
    c.waiting += 1;
    this.#pump(q);
    let lease;
    try {
      lease = await admitted;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onGone);
      c.waiting -= 1;
    }
    c.inFlight += 1;
    c.sent += 1;
    const renewal = lease.poolId ? setInterval(() => this.#renew(lease), Math.max(100, this.leaseMs / 3)) : null;
    renewal?.unref();
    try {
      return await send();
    } finally {
      c.inFlight -= 1;
      if (renewal) clearInterval(renewal);
      if (lease.poolId) this.#release(lease);
    }
  }

  /** Asks Redis for the head of `q` until the queue is empty; one loop per key at a time. */
  async #pump(q) {
    if (q.pumping) return;
    q.pumping = true;
    let retryMs = RETRY_MS;
    try {
      while (q.waiters.length && !this.closed) {
        const localPause = q.localPauseUntil - Date.now();
        if (localPause > 0) {
          await this.#sleep(q, localPause);
          continue;
        }
        // the head and the waiters right behind it with the same pool, asked for in one go
        const head = q.waiters[0];
        const batch = [];
        for (const w of q.waiters) {
          if (batch.length === BATCH || w.poolId !== head.poolId) break;
          batch.push(w);
        }
        const pool = head.poolId ? this.pools.get(head.poolId) ?? null : null;
        let r;
        try {
          const ids = batch.map((w) => { w.current = `${w.id}.${w.tries += 1}`; return w.current; });
          r = await this.admission.admit({ key: q.key, rateLimit: this.limits.get(q.key) ?? null, pool, leaseMs: this.leaseMs, ids });
          q.failing = false;
          // Redis answers again: what earlier attempts of these waiters may have recorded goes
          // (on this connection after them, so after any of them that still runs)
          for (const w of batch) this.#forget(q.key, w.poolId, w.unsure.splice(0));
          retryMs = RETRY_MS;
        } catch {
          for (const w of batch) w.unsure.push(w.current);
          q.failing = true;
          await this.#sleep(q, retryMs);
          retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
          continue;
        }
        for (const w of batch.slice(0, r.started)) {
          if (w.settled) {
            // the caller left while Redis started it: nothing goes out, so its start and slot go back
            this.#forget(q.key, pool?.id ?? null, [w.current]);
          } else {
            w.settled = true;
            q.waiters.splice(q.waiters.indexOf(w), 1);
            w.resolve({ poolId: pool?.id ?? null, id: w.current });
          }
        }
        if (r.blocked === null) {
          q.nextAt = null;
          continue;
        }
        let waitMs = Math.max(1, Math.ceil(r.waitMs));
        const w = batch[r.started];
        if (r.blocked === 'pool') {
          const now = Date.now();
          w.poolBlockedSince ??= now;
          if (pool?.timeout != null) {
            const left = w.poolBlockedSince + pool.timeout * 1000 - now;
            if (left <= 0) {
              this.counters(q.key).throttled += 1;
              w.leave(poolTimeout(pool.timeout));
              continue;
            }
            waitMs = Math.min(waitMs, left);
          }
          waitMs = Math.min(waitMs, POOL_POLL_MS);
        } else {
          q.nextAt = Date.now() + waitMs;
        }
        // (a waiter that left meanwhile woke nobody if it was not the head then: look again)
        if (w.settled) continue;
        await this.#sleep(q, waitMs);
      }
    } finally {
      q.pumping = false;
    }
    // (a queue keeps its local pause)
    if (q.waiters.length === 0 && !this.closed && q.localPauseUntil <= Date.now()) this.queues.delete(q.key);
  }

  /** Waits `ms` or until woken (the head left, a pool slot was released). */
  #sleep(q, ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { q.wake = null; resolve(); }, ms);
      q.wake = () => { clearTimeout(timer); q.wake = null; resolve(); };
    });
  }

  #wake(q) {
    q.wake?.();
  }

  #poolReleased(poolId) {
    for (const q of this.queues.values()) if (q.waiters[0]?.poolId === poolId) this.#wake(q);
  }

  #forget(key, poolId, ids) {
    if (ids.length) this.admission.forget(key, poolId, ids).catch(() => {});
  }

  #renew(lease) {
    this.admission.renew(lease.poolId, lease.id, this.leaseMs).then((held) => {
      if (!held) this.log.warn({ poolId: lease.poolId }, 'gateway: a pool lease expired while its request was running (Redis unreachable for longer than GATEWAY_LEASE_S?)');
    }, () => {});
  }

  #release(lease) {
    // a lease that cannot be given back expires after the lease time
    this.admission.release(lease.poolId, lease.id).catch(() => {});
  }

  /** An upstream 429/503 with Retry-After: nothing more starts on the key, on any node, until then. */
  honourRetryAfter(key, status, value, maxMs) {
    if ((status !== 429 && status !== 503) || typeof value !== 'string') return;
    const ms = this.retryAfterMs(value);
    if (ms === null) return;
    const pause = Math.min(ms, maxMs);
    const q = this.#queue(key);
    // this node pauses at once even if Redis cannot be told
    q.localPauseUntil = Math.max(q.localPauseUntil, Date.now() + pause);
    this.admission.pause(key, pause).catch((e) => this.log.warn({ err: { message: e.message } }, 'redis: could not share an upstream Retry-After'));
  }

  recordError(key, error) {
    this.counters(key).lastError = { ...error, at: Date.now() };
  }

  /**
   * What the usage endpoint shows: sentInWindow, pausedUntil, nextStartAt and the pool's
   * inFlight from Redis (all nodes; null while Redis cannot be asked); queued, inFlight,
   * sentTotal, throttled and pool.waiting are this node's.
   */
  async usageOf(key, poolId) {
    const c = this.counters(key);
    const limit = this.limits.get(key) ?? null;
    const pool = poolId ? this.pools.get(poolId) ?? null : null;
    let shared = null;
    try {
      shared = await this.admission.usage({ key, rateLimit: limit, poolId: pool?.id ?? null });
    } catch {
      shared = null;
    }
    const q = this.queues.get(key);
    let poolWaiting = 0;
    if (pool) for (const other of this.queues.values()) poolWaiting += other.waiters.filter((w) => w.poolId === pool.id).length;
    const localPause = q && q.localPauseUntil > Date.now() ? q.localPauseUntil : null;
    return {
      limitKey: key,
      rateLimit: limit?.rateLimit ?? null,
      queued: c.waiting,
      inFlight: c.inFlight,
      sentInWindow: shared ? shared.sentInWindow : null,
      sentTotal: c.sent,
      throttled: c.throttled,
      pausedUntil: shared ? shared.pausedUntil ?? localPause : localPause,
      nextStartAt: shared ? shared.nextStartAt : null,
      pool: pool ? { id: pool.id, limit: pool.limit, inFlight: shared ? shared.poolInFlight : null, waiting: poolWaiting } : null,
      lastError: c.lastError,
      shared: { available: shared !== null },
    };
  }

  /** [limit key, {queued, inFlight, sent, throttled}] of every key used so far (the metrics). */
  usageCounters() {
    return this.usage.forMetrics();
  }

  /**
   * The process is stopping (a drain): requests waiting now, and new ones that are not a
   * further hop of a request already sent, get 503 shutting_down so their clients send them
   * to another node.
   */
  refuseUnsent() {
    this.refusing = true;
    for (const q of this.queues.values()) {
      for (const w of [...q.waiters]) w.leave(shuttingDown());
      this.#wake(q);
    }
  }

  /** The server is closing: requests still waiting get 503 shutting_down, so it need not wait for them. */
  stopWaiting() {
    this.closed = true;
    for (const q of this.queues.values()) {
      for (const w of [...q.waiters]) w.leave(shuttingDown());
      this.#wake(q);
    }
  }

  /** Stops asking Redis and closes the subscription (the command connection is the server's). */
  async close() {
    this.stopWaiting();
    this.subscriber.disconnect();
  }
}
