// Types of the scheduler: rate limits and connection pools (docs/api-schedule.md).
import type { FetchResponseLike, HostAbortSignal, HostResponse } from './host.js';

/** A rate limit: at most `amount` starts in any window of one `unit`. */
export interface RateLimit {
  /** an integer from 1 to 1000000 */
  amount: number;
  unit: 'second' | 'minute' | 'hour' | 'day';
}

/** A connection pool: at most `limit` requests in flight; `timeout` in seconds or null. */
export interface PoolSettings {
  /** an integer from 1 to 4294967295 */
  limit: number;
  /** whole seconds from 1; null or absent: wait forever */
  timeout?: number | null;
}

/** Time source and timers of a scheduler; pass a virtual one in tests. */
export interface SchedulerClock {
  /** Epoch milliseconds; may be fractional. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerOptions {
  /** Defaults to performance.timeOrigin + performance.now() and the host's timers. */
  clock?: SchedulerClock;
}

export interface ScheduleOptions {
  /** A key defined with defineLimit; omitted: no rate limit. */
  limitKey?: string | number | null;
  /** A pool defined with definePool; omitted: no pool. */
  poolId?: string | number | null;
  /** Aborting removes a queued request; it rejects with SchedulerError "aborted" (cause: signal.reason). */
  signal?: HostAbortSignal | null;
}

export interface StartInfo {
  /** The scheduler clock's instant at which the request started. */
  startedAt: number;
}

export interface SchedulerStats {
  /** Requests not started yet (waiting for a limit or a pool). */
  queued: number;
  /** Requests started and not finished. */
  inFlight: number;
  /** When the scheduler will next look at its queues by itself, or null. */
  nextWakeupAt: number | null;
}

export interface LimitStats {
  /** Requests of this limit not started yet. */
  queued: number;
  /** Starts inside the current window (now - unit, now]. */
  inWindow: number;
  /** End of a Retry-After pause in force, or null. */
  pausedUntil: number | null;
  /** Earliest instant the limit lets its next request start (a pool may delay it), or null. */
  nextStartAt: number | null;
}

export interface PoolStats {
  /** Requests the rate limit let through that wait for a connection. */
  waiting: number;
  inFlight: number;
  limit: number;
}

export interface Scheduler {
  /** Defines or redefines a limit; null means no rate (still FIFO and pausable). */
  defineLimit(key: string | number, rate: RateLimit | null): void;
  limit(key: string | number): RateLimit | null | undefined;
  /** Defines or redefines a pool. */
  definePool(id: string | number, settings: PoolSettings): void;
  pool(id: string | number): { limit: number; timeout: number | null } | undefined;
  /**
   * Runs fn when its limit and pool allow; settles with fn's outcome. Rejects with
   * SchedulerError "pool_timeout" when a pool connection did not free in time,
   * "aborted" (cause: signal.reason) when aborted before starting, "disposed" on dispose().
   */
  schedule<T>(options: ScheduleOptions, fn: (info: StartInfo) => T | PromiseLike<T>): Promise<T>;
  schedule<T>(fn: (info: StartInfo) => T | PromiseLike<T>): Promise<T>;
  /** Starts nothing on the limit before untilMs (scheduler clock). */
  pause(key: string | number, untilMs: number): void;
  now(): number;
  stats(): SchedulerStats;
  limitStats(key: string | number): LimitStats;
  poolStats(id: string | number): PoolStats;
  /** Rejects every request not started yet and frees the WebAssembly object. */
  dispose(): void;
}

/** What createClient reads of an instance (the wizard's instance shape). */
export interface ClientInstance {
  id?: string | number | null;
  connectorId?: string;
  name?: string;
  rateLimit?: RateLimit | null;
  poolId?: string | number | null;
  [other: string]: unknown;
}

/** A fetch function; the client's fetch resolves to what it resolves to. */
export type FetchLike<R extends FetchResponseLike = FetchResponseLike> = (input: any, init?: any) => Promise<R>;

export interface ClientOptions<R extends FetchResponseLike = HostResponse & FetchResponseLike> {
  instance: ClientInstance;
  /** Defaults to globalThis.fetch. */
  fetch?: FetchLike<R>;
  /** Defaults to one scheduler shared by every client created without one. */
  scheduler?: Scheduler;
  /** Shared key for instances on one provider account; default from the instance id, or connectorId and the name key (instanceNameKey). */
  limitKey?: string | number;
  /** The pool instance.poolId names, defined on the scheduler if needed. */
  pool?: (PoolSettings & { id: string | number }) | null;
  /** Retries of a 429/503 that carried Retry-After, each after the pause; default 0. */
  maxRetries?: number;
  /** Longest pause a Retry-After may impose, in seconds; default 86400. */
  maxRetryAfter?: number;
}

export interface Client<R extends FetchResponseLike = HostResponse & FetchResponseLike> {
  readonly limitKey: string | number;
  readonly poolId: string | number | null;
  readonly scheduler: Scheduler;
  /** fetch through the limit and the pool; a 429/503 Retry-After pauses the limit. */
  fetch(input: any, init?: any): Promise<R>;
  stats(): LimitStats;
}

export interface ScheduleApi {
  createScheduler(options?: SchedulerOptions): Scheduler;
  createClient<R extends FetchResponseLike = HostResponse & FetchResponseLike>(options: ClientOptions<R>): Client<R>;
  /** Retry-After (seconds or HTTP-date) -> milliseconds to wait, or null if invalid. */
  retryAfterMs(value: string, nowMs?: number): number | null;
}
