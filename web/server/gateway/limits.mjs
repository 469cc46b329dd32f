// The rate limits and connection pools of proxied requests, on the package's scheduler (the
// core decides what starts when: exact sliding window per limit, FIFO, pool slots). This file
// keeps the scheduler's limits and pools equal to the stored settings, bounds each limit's
// queue, turns waiting too long into a 503 the caller can act on, and counts what the usage
// endpoint shows. One scheduler per process: with several processes each keeps its own.
import { SchedulerError } from '../../../dist/index.mjs';
import { KeyCounters } from './key-counters.mjs';
import { poolTimeout, queueFull, queueTimeout, shuttingDown } from './throttled.mjs';

const sameRate = (a, b) => (a ?? null) === null ? (b ?? null) === null
  : b != null && a.amount === b.amount && a.unit === b.unit;

/** The limit key of the instance whose rate limit is used (its own, or the one it shares). */
export const limitKeyOf = (ownerId) => `instance:${ownerId}`;

const QUEUE_TIMEOUT = Symbol('queue timeout');
const CALLER_GONE = Symbol('caller gone');
const SHUTTING_DOWN = Symbol('shutting down');

export class GatewayLimits {
  #waiting = new Set(); // the abort controllers of requests waiting to start (not continuing)
  #refusing = false; // the process is stopping (refuseUnsent)

  /**
   * @param {object} o
   * @param {object} o.scheduler       the package's createScheduler()
   * @param {number} o.queueSize       requests that may wait per limit key
   * @param {(value: string) => number|null} o.retryAfterMs  the package's Retry-After parser
   */
  constructor({ scheduler, queueSize, retryAfterMs }) {
    this.scheduler = scheduler;
    this.queueSize = queueSize;
    this.retryAfterMs = retryAfterMs;
    this.usage = new KeyCounters();
  }

  /** [limit key, {queued, inFlight, sent, throttled}] of every key used so far (the metrics). */
  usageCounters() {
    return this.usage.forMetrics();
  }

  /**
   * The process is stopping: every request waiting now, and every new one, is answered 503
   * `shutting_down` without being sent, so that its client sends it again to another node.
   * Requests already sent finish, with their further upstream requests (`continuing`: a
   * redirect hop, the retry after a refused token).
   */
  refuseUnsent() {
    this.#refusing = true;
    for (const abort of this.#waiting) abort.abort(SHUTTING_DOWN);
  }

  /** Counters of a limit key (created on first use). */
  counters(key) {
    return this.usage.of(key);
  }

  /** Makes the scheduler's limit and pool match the stored settings. */
  prepare(key, rateLimit, pool) {
    const known = this.scheduler.limit(key);
    if (known === undefined || !sameRate(known, rateLimit ?? null)) this.scheduler.defineLimit(key, rateLimit ?? null);
    if (pool) {
      const p = this.scheduler.pool(pool.id);
      if (!p || p.limit !== pool.limit || p.timeout !== (pool.timeout ?? null)) {
        this.scheduler.definePool(pool.id, { limit: pool.limit, timeout: pool.timeout ?? null });
      }
    }
  }

  /**
   * Runs `send` once the limit and the pool let it start. Refuses at once when the key's
   * queue is full; gives up after `queueTimeoutMs` of waiting (the pool's own timeout may end
   * the wait sooner). `signal`: the caller went away. `continuing`: a further upstream
   * request (a redirect hop, a token retry) of a proxied request already sent.
   */
  async run({ key, poolId, queueTimeoutMs, signal, continuing = false }, send) {
    const c = this.counters(key);
    if (this.#refusing && !continuing) throw shuttingDown();
    if (c.waiting >= this.queueSize) {
      c.throttled += 1;
      throw queueFull(this.queueSize, this.#retryAfterSeconds(key));
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(QUEUE_TIMEOUT), queueTimeoutMs);
    const onGone = () => abort.abort(CALLER_GONE);
    signal?.addEventListener('abort', onGone, { once: true });
    c.waiting += 1;
    if (!continuing) this.#waiting.add(abort);
    let started = false;
    try {
      return await this.scheduler.schedule({ limitKey: key, poolId: poolId ?? null, signal: abort.signal }, async () => {
        started = true;
        c.waiting -= 1;
        this.#waiting.delete(abort);
        clearTimeout(timer);
        c.inFlight += 1;
        c.sent += 1;
        try {
          return await send();
        } finally {
          c.inFlight -= 1;
        }
      });
    } catch (thrown) {
      if (started) throw thrown;
      // a request aborted in the queue rejects with SchedulerError "aborted", the reason as its cause
      const e = thrown instanceof SchedulerError && thrown.code === 'aborted' ? thrown.cause : thrown;
      if (e === QUEUE_TIMEOUT) {
        c.throttled += 1;
        throw queueTimeout(queueTimeoutMs, this.#retryAfterSeconds(key));
      }
      if (e === SHUTTING_DOWN) throw shuttingDown();
      if (e?.code === 'pool_timeout') {
        c.throttled += 1;
        throw poolTimeout(e.details?.timeout);
      }
      throw e;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onGone);
      if (!started) {
        c.waiting -= 1;
        this.#waiting.delete(abort);
      }
    }
  }

  /** An upstream 429/503 with Retry-After: nothing more starts on the key until then. */
  honourRetryAfter(key, status, value, maxMs) {
    if ((status !== 429 && status !== 503) || typeof value !== 'string') return;
    const ms = this.retryAfterMs(value);
    if (ms === null) return;
    this.scheduler.pause(key, this.scheduler.now() + Math.min(ms, maxMs));
  }

  /** Records the last upstream failure of a key (code or status, never a body). */
  recordError(key, error) {
    this.counters(key).lastError = { ...error, at: Date.now() };
  }

  /** What the usage endpoint shows for a key and its pool. */
  usageOf(key, poolId) {
    const c = this.counters(key);
    const known = this.scheduler.limit(key);
    const stats = known === undefined ? null : this.scheduler.limitStats(key);
    const pool = poolId && this.scheduler.pool(poolId) ? this.scheduler.poolStats(poolId) : null;
    return {
      limitKey: key,
      rateLimit: known ?? null,
      queued: c.waiting,
      inFlight: c.inFlight,
      sentInWindow: stats ? stats.inWindow : 0,
      sentTotal: c.sent,
      throttled: c.throttled,
      pausedUntil: stats?.pausedUntil ?? null,
      nextStartAt: stats?.nextStartAt ?? null,
      pool: pool ? { id: poolId, limit: pool.limit, inFlight: pool.inFlight, waiting: pool.waiting } : null,
      lastError: c.lastError,
    };
  }

  /** The server is closing: nothing to do here (close() disposes the scheduler, which rejects what still waits). */
  stopWaiting() {}

  /** Ends the scheduler's timers (the server is closing). */
  close() {
    this.scheduler.dispose();
  }

  #retryAfterSeconds(key) {
    const stats = this.scheduler.limit(key) === undefined ? null : this.scheduler.limitStats(key);
    const next = stats?.nextStartAt ?? stats?.pausedUntil ?? null;
    if (next === null) return 1;
    return Math.max(1, Math.ceil((next - this.scheduler.now()) / 1000));
  }
}

export { CALLER_GONE };
