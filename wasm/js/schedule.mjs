// Rate limits and connection pools for outgoing requests (docs/api-schedule.md).
// The core (core/schedule/scheduler.h) decides which request starts when; this file only
// waits: one timer at a time, set to the core's next wakeup, plus a microtask poll after
// anything that can let a request start (enqueue, completion, cancel, pause).
import { ArgumentError, SchedulerError } from './errors.mjs';
import { toJson, unwrap } from './boundary.mjs';
import { instanceNameKey } from './catalog.mjs';
import { SCHEDULER } from './constants.mjs';

const DAY_MS = 86_400_000;
// Hosts fire a setTimeout longer than this at once (a 32-bit overflow): wait in steps.
const MAX_TIMER_MS = 2_147_483_647;

/** The real clock: monotonic epoch milliseconds and the host's timers. */
const realClock = Object.freeze({
  now: () => performance.timeOrigin + performance.now(),
  // wrapped: browsers refuse a setTimeout called with another `this`
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle),
});

function checkClock(clock) {
  if (clock === undefined) return realClock;
  if (clock === null || typeof clock !== 'object' || typeof clock.now !== 'function'
      || typeof clock.setTimeout !== 'function' || typeof clock.clearTimeout !== 'function') {
    throw new ArgumentError('invalid_argument',
      'clock must be an object with now(), setTimeout(fn, ms) and clearTimeout(handle)',
      { field: 'clock' });
  }
  return clock;
}

// The settings of a limit or a pool, read by the core with the catalog's rules
// (core/api/schedule_api.h): a refusal is an ArgumentError with the core's code
// ("too_small", "not_integer", ...) and details {field, params}.
function checkRate(raw, rate) {
  return unwrap(raw.scheduleRateLimit(toJson(rate ?? null, 'rateLimit')), ArgumentError).rateLimit;
}

function checkPool(raw, settings) {
  return unwrap(raw.schedulePool(toJson(settings ?? null, 'pool')), ArgumentError);
}

function checkKey(key, field) {
  if (typeof key !== 'string' && typeof key !== 'number') {
    throw new ArgumentError('invalid_argument', `${field} must be a string or a number`, { field });
  }
  return key;
}

// A request whose signal was aborted before it started: always SchedulerError "aborted",
// the signal's reason (a DOMException AbortError by default) as its cause.
function abortError(signal) {
  return new SchedulerError('aborted', 'the request was aborted before it started', {}, signal.reason);
}

const orNull = (v) => (Number.isFinite(v) ? v : null);

class Scheduler {
  static name = 'Scheduler';  // its name in the minified bundles too
  #raw;
  #core;
  #clock;
  #limits = new Map();  // key -> { index, rate }
  #pools = new Map();   // id -> { index, limit, timeout }
  #waiting = new Map(); // id -> entry, not started yet
  #pollQueued = false;
  #timer = null;
  #timerAt = Infinity;
  #disposed = false;

  constructor(raw, options = {}) {
    if (options === null || typeof options !== 'object') {
      throw new ArgumentError('invalid_argument', 'options must be an object', { field: 'options' });
    }
    this.#clock = checkClock(options.clock);
    this.#raw = raw;
    this.#core = new raw.Scheduler();
  }

  /** Defines or redefines the limit `key`: {amount, unit}, or null for no rate. */
  defineLimit(key, rate) {
    this.#alive();
    checkKey(key, 'limitKey');
    const checked = checkRate(this.#raw, rate);
    const known = this.#limits.get(key);
    if (known) {
      const ok = checked ? this.#core.setLimit(known.index, checked.amount, checked.unit)
        : this.#core.setUnlimited(known.index);
      if (!ok) throw new SchedulerError('internal', 'the core refused a checked limit');
      known.rate = checked;
    } else {
      const index = checked ? this.#core.addLimit(checked.amount, checked.unit)
        : this.#core.addUnlimited();
      if (index < 0) throw new SchedulerError('internal', 'the core refused a checked limit');
      this.#limits.set(key, { index, rate: checked });
    }
    this.#requestPoll();
  }

  /** The scheduler clock's current instant (epoch milliseconds). */
  now() {
    return this.#clock.now();
  }

  /** The settings of limit `key` ({amount, unit} or null), or undefined if not defined. */
  limit(key) {
    const known = this.#limits.get(key);
    return known ? (known.rate && { ...known.rate }) : undefined;
  }

  /** Defines or redefines pool `id`: {limit, timeout} (timeout in seconds, or null). */
  definePool(id, settings) {
    this.#alive();
    checkKey(id, 'poolId');
    const { limit, timeout } = checkPool(this.#raw, settings);
    const timeoutMs = timeout === null ? Infinity : timeout * 1000;
    const known = this.#pools.get(id);
    if (known) {
      if (!this.#core.setPool(known.index, limit, timeoutMs)) throw new SchedulerError('internal', 'the core refused a checked pool');
      Object.assign(known, { limit, timeout });
    } else {
      const index = this.#core.addPool(limit, timeoutMs);
      if (index < 0) throw new SchedulerError('internal', 'the core refused a checked pool');
      this.#pools.set(id, { index, limit, timeout });
    }
    this.#requestPoll();
  }

  /** The settings of pool `id` ({limit, timeout}), or undefined if not defined. */
  pool(id) {
    const known = this.#pools.get(id);
    return known ? { limit: known.limit, timeout: known.timeout } : undefined;
  }

  /**
   * Runs `fn` once the limit and the pool let it start; resolves or rejects with fn's
   * outcome. fn receives {startedAt} (the scheduler clock's instant of the start).
   */
  schedule(options, fn) {
    if (typeof options === 'function' && fn === undefined) {
      fn = options;
      options = {};
    }
    try {
      this.#alive();
      if (options === null || typeof options !== 'object') {
        throw new ArgumentError('invalid_argument', 'options must be an object', { field: 'options' });
      }
      if (typeof fn !== 'function') {
        throw new ArgumentError('invalid_argument', 'schedule(options, fn) needs a function', { field: 'fn' });
      }
      const { limitKey = null, poolId = null, signal = null } = options;
      let limitIndex = SCHEDULER.unlimitedLimit;
      if (limitKey !== null) {
        const known = this.#limits.get(limitKey);
        if (!known) throw new ArgumentError('unknown_limit', `no limit is defined for key ${JSON.stringify(limitKey)}`, { field: 'limitKey' });
        limitIndex = known.index;
      }
      let pool = null;
      if (poolId !== null) {
        pool = this.#pools.get(poolId);
        if (!pool) throw new ArgumentError('unknown_pool', `no pool is defined with id ${JSON.stringify(poolId)}`, { field: 'poolId' });
      }
      if (signal !== null && (typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
        throw new ArgumentError('invalid_argument', 'signal must be an AbortSignal', { field: 'signal' });
      }
      if (signal?.aborted) return Promise.reject(abortError(signal));

      return new Promise((resolve, reject) => {
        const enqueuedAt = this.#clock.now();
        const id = this.#core.enqueue(limitIndex, pool ? pool.index : SCHEDULER.noPool, enqueuedAt);
        const entry = { fn, resolve, reject, signal, onAbort: null, poolId, pool, enqueuedAt };
        if (signal) {
          entry.onAbort = () => this.#abort(id);
          signal.addEventListener('abort', entry.onAbort, { once: true });
        }
        this.#waiting.set(id, entry);
        this.#requestPoll();
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Starts nothing on limit `key` before `untilMs` (scheduler clock), e.g. Retry-After. */
  pause(key, untilMs) {
    this.#alive();
    const known = this.#limits.get(key);
    if (!known) throw new ArgumentError('unknown_limit', `no limit is defined for key ${JSON.stringify(key)}`, { field: 'limitKey' });
    if (typeof untilMs !== 'number' || Number.isNaN(untilMs)) {
      throw new ArgumentError('invalid_argument', 'untilMs must be a number', { field: 'untilMs' });
    }
    this.#core.pause(known.index, untilMs);
    this.#requestPoll();
  }

  /** Whole-scheduler figures; nextWakeupAt is when it will next look again (or null). */
  stats() {
    this.#alive();
    return {
      queued: this.#core.queued(),
      inFlight: this.#core.inFlight(),
      nextWakeupAt: orNull(this.#core.nextWakeup()),
    };
  }

  /** Figures of limit `key`: queued requests, starts in the current window, pause, next start. */
  limitStats(key) {
    this.#alive();
    const known = this.#limits.get(key);
    if (!known) throw new ArgumentError('unknown_limit', `no limit is defined for key ${JSON.stringify(key)}`, { field: 'limitKey' });
    const now = this.#clock.now();
    const pausedUntil = this.#core.limitPausedUntil(known.index);
    return {
      queued: this.#core.limitQueued(known.index),
      inWindow: this.#core.limitInWindow(known.index, now),
      pausedUntil: pausedUntil > now ? pausedUntil : null,
      nextStartAt: orNull(this.#core.limitNextStart(known.index, now)),
    };
  }

  /** Figures of pool `id`: requests waiting for a connection and requests holding one. */
  poolStats(id) {
    this.#alive();
    const known = this.#pools.get(id);
    if (!known) throw new ArgumentError('unknown_pool', `no pool is defined with id ${JSON.stringify(id)}`, { field: 'poolId' });
    return {
      waiting: this.#core.poolWaiting(known.index),
      inFlight: this.#core.poolInFlight(known.index),
      limit: known.limit,
    };
  }

  /** Rejects every request that has not started (code "disposed") and frees the core. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    this.#core.delete();
    for (const entry of waiting) {
      entry.signal?.removeEventListener('abort', entry.onAbort);
      entry.reject(new SchedulerError('disposed', 'the scheduler was disposed before the request started'));
    }
  }

  #alive() {
    if (this.#disposed) throw new SchedulerError('disposed', 'the scheduler was disposed');
  }

  #requestPoll() {
    if (this.#pollQueued || this.#disposed) return;
    this.#pollQueued = true;
    queueMicrotask(() => {
      this.#pollQueued = false;
      if (!this.#disposed) this.#poll();
    });
  }

  #poll() {
    const now = this.#clock.now();
    const startedCount = this.#core.poll(now);
    // Copies: a view into wasm memory dies when memory grows, and fn may enqueue more.
    const started = startedCount ? this.#core.startedIds().slice() : null;
    const timedOut = this.#core.timedOutIds();
    const failed = timedOut.length ? timedOut.slice() : null;
    this.#arm(this.#core.nextWakeup(), now);
    if (failed) for (const id of failed) this.#timeOut(id, now);
    // fn may call dispose(): later ids are then already rejected
    if (started) for (const id of started) if (!this.#disposed) this.#start(id, now);
  }

  #arm(wake, now) {
    if (wake === Infinity) {
      if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
      this.#timer = null;
      this.#timerAt = Infinity;
      return;
    }
    if (this.#timer !== null) {
      if (this.#timerAt <= wake) return; // fires early enough; the poll then re-arms
      this.#clock.clearTimeout(this.#timer);
    }
    this.#timerAt = wake;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#timerAt = Infinity;
      if (!this.#disposed) this.#poll();
    }, Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(wake - now))));
  }

  #start(id, now) {
    const entry = this.#waiting.get(id);
    this.#waiting.delete(id);
    entry.signal?.removeEventListener('abort', entry.onAbort);
    let result;
    try {
      result = entry.fn({ startedAt: now });
    } catch (error) {
      this.#finish(id, entry);
      entry.reject(error);
      return;
    }
    if (result === null || (typeof result !== 'object' && typeof result !== 'function')
        || typeof result.then !== 'function') {
      this.#finish(id, entry);
      entry.resolve(result);
      return;
    }
    Promise.resolve(result).then(
      (value) => { this.#finish(id, entry); entry.resolve(value); },
      (error) => { this.#finish(id, entry); entry.reject(error); },
    );
  }

  #finish(id, entry) {
    if (this.#disposed) return;
    this.#core.complete(id);
    // Only a pool connection coming back can let another request start.
    if (entry.pool) this.#requestPoll();
  }

  #timeOut(id, now) {
    const entry = this.#waiting.get(id);
    this.#waiting.delete(id);
    entry.signal?.removeEventListener('abort', entry.onAbort);
    const timeout = entry.pool.timeout;
    entry.reject(new SchedulerError('pool_timeout',
      `no connection of pool ${JSON.stringify(entry.poolId)} became free within ${timeout} s`,
      { poolId: entry.poolId, timeout, waitedMs: now - entry.enqueuedAt }));
  }

  #abort(id) {
    const entry = this.#waiting.get(id);
    if (!entry || this.#disposed) return;
    if (!this.#core.cancel(id)) return; // already started: the abort is fn's business
    this.#waiting.delete(id);
    entry.reject(abortError(entry.signal));
    this.#requestPoll(); // its admission may go to the next request
  }
}

/** Retry-After of a 429/503 answer -> milliseconds to wait, or null when absent/invalid. */
function retryAfterDelay(raw, response, maxMs) {
  if (response.status !== 429 && response.status !== 503) return null;
  const header = response.headers && typeof response.headers.get === 'function'
    ? response.headers.get('retry-after') : null;
  if (header === null || header === undefined) return null;
  const ms = raw.retryAfterMs(String(header), Date.now());
  return Number.isNaN(ms) ? null : Math.min(ms, maxMs);
}

// By the instance's id, else by its connector and name key: names validation takes for one
// name ("EU store", "eu store ") share one limit, as they name one instance.
function defaultLimitKey(raw, instance) {
  if (instance.id !== undefined && instance.id !== null) return `instance:${instance.id}`;
  const nameKey = typeof instance.name === 'string' ? instanceNameKey(raw, instance.name) : null;
  if (nameKey) return `instance:${instance.connectorId ?? ''}/${nameKey}`;
  throw new ArgumentError('invalid_argument',
    'createClient needs limitKey, or an instance with an id or a name', { field: 'limitKey' });
}

const sameRate = (a, b) => (a === null ? b === null : b !== null && a.amount === b.amount && a.unit === b.unit);

function createClient(raw, options, defaultScheduler) {
  if (options === null || typeof options !== 'object') {
    throw new ArgumentError('invalid_argument', 'createClient needs an options object', { field: 'options' });
  }
  const { instance, pool = null, maxRetries = 0, maxRetryAfter = DAY_MS / 1000 } = options;
  if (instance === null || typeof instance !== 'object') {
    throw new ArgumentError('invalid_argument', 'createClient needs the instance settings', { field: 'instance' });
  }
  const scheduler = options.scheduler ?? defaultScheduler();
  if (!(scheduler instanceof Scheduler)) {
    throw new ArgumentError('invalid_argument', 'scheduler must come from createScheduler()', { field: 'scheduler' });
  }
  const fetchImpl = options.fetch ?? (typeof globalThis.fetch === 'function'
    ? (url, init) => globalThis.fetch(url, init) : null);
  if (typeof fetchImpl !== 'function') {
    throw new ArgumentError('invalid_argument', 'no fetch: pass options.fetch', { field: 'fetch' });
  }
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new ArgumentError('invalid_argument', 'maxRetries must be an integer >= 0', { field: 'maxRetries' });
  }
  if (typeof maxRetryAfter !== 'number' || !(maxRetryAfter >= 0)) {
    throw new ArgumentError('invalid_argument', 'maxRetryAfter must be a number of seconds >= 0', { field: 'maxRetryAfter' });
  }

  const limitKey = options.limitKey ?? defaultLimitKey(raw, instance);
  checkKey(limitKey, 'limitKey');
  const rate = checkRate(raw, instance.rateLimit);
  const existing = scheduler.limit(limitKey);
  if (existing === undefined) {
    scheduler.defineLimit(limitKey, rate);
  } else if (!sameRate(existing, rate)) {
    throw new ArgumentError('limit_conflict',
      `limit ${JSON.stringify(limitKey)} is already defined with other settings; use scheduler.defineLimit to change it`,
      { field: 'rateLimit' });
  }

  const poolId = instance.poolId ?? null;
  if (pool !== null) {
    if (typeof pool !== 'object' || pool.id !== poolId) {
      throw new ArgumentError('invalid_argument', 'options.pool must be the pool the instance names in poolId', { field: 'pool' });
    }
    const known = scheduler.pool(pool.id);
    if (!known || known.limit !== pool.limit || known.timeout !== (pool.timeout ?? null)) {
      scheduler.definePool(pool.id, pool);
    }
  }
  if (poolId !== null && scheduler.pool(poolId) === undefined) {
    throw new ArgumentError('unknown_pool',
      `pool ${JSON.stringify(poolId)} is not defined: pass options.pool or call scheduler.definePool`,
      { field: 'poolId' });
  }

  const maxWaitMs = maxRetryAfter * 1000;
  return Object.freeze({
    limitKey,
    poolId,
    scheduler,
    /** fetch(url, init) through the limit and the pool; honours Retry-After on 429/503. */
    async fetch(url, init = undefined) {
      const signal = init?.signal ?? null;
      for (let attempt = 0; ; attempt += 1) {
        const response = await scheduler.schedule({ limitKey, poolId, signal },
          () => fetchImpl(url, init));
        const delay = retryAfterDelay(raw, response, maxWaitMs);
        if (delay === null) return response;
        scheduler.pause(limitKey, scheduler.now() + delay);
        if (attempt >= maxRetries) return response;
        await response.body?.cancel?.();
      }
    },
    stats: () => scheduler.limitStats(limitKey),
  });
}

/** @param raw the scheduler's exports as functions (module-calls.mjs scheduleCalls) */
export function scheduleApi(raw) {
  let shared = null;
  const defaultScheduler = () => {
    shared ??= new Scheduler(raw);
    return shared;
  };
  return {
    createScheduler: (options = {}) => new Scheduler(raw, options),
    createClient: (options) => createClient(raw, options, defaultScheduler),
    retryAfterMs(value, nowMs = Date.now()) {
      if (typeof value !== 'string') {
        throw new ArgumentError('invalid_argument', 'Retry-After must be a string', { field: 'value' });
      }
      const ms = raw.retryAfterMs(value, nowMs);
      return Number.isNaN(ms) ? null : ms;
    },
  };
}
