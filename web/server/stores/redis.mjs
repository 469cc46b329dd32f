// The connection to Redis (REDIS_URL) for what several backend processes share. Commands fail
// at once while the connection is down and after `commandTimeoutMs` when Redis does not answer,
// so that callers can fail closed instead of waiting in a client queue; the client keeps
// reconnecting in the background. Errors are logged at most once per interval, without the
// URL (it may hold a password).
import { Redis } from 'ioredis';

const LOG_INTERVAL_MS = 10_000;

/**
 * @param {string} url  redis:// or rediss:// URL
 * @param {object} o
 * @param {{warn: Function, info: Function}} o.log
 * @param {number} [o.commandTimeoutMs]
 * @param {boolean} [o.subscriber]  a connection for SUBSCRIBE (its commands may wait for a reconnect)
 */
export function connectRedis(url, { log, commandTimeoutMs = 1000, subscriber = false }) {
  const redis = new Redis(url, {
    commandTimeout: subscriber ? undefined : commandTimeoutMs,
    connectTimeout: 2000,
    enableOfflineQueue: subscriber,
    maxRetriesPerRequest: subscriber ? null : 0,
    retryStrategy: (attempt) => Math.min(50 * attempt, 500),
    // a command whose connection broke failed for its caller, who decides what to do again;
    // sending it once more on the next connection would run it a second time, late
    autoResendUnfulfilledCommands: subscriber,
    lazyConnect: false,
  });
  let lastLog = 0;
  let down = false;
  redis.on('error', (e) => {
    const now = Date.now();
    if (now - lastLog < LOG_INTERVAL_MS) return;
    lastLog = now;
    log.warn({ err: { message: e.message, code: e.code } }, 'redis: connection failed; shared gateway limits fail closed until it is back');
  });
  redis.on('close', () => { down = true; });
  redis.on('ready', () => {
    if (down) log.info('redis: connected again');
    down = false;
  });
  return redis;
}
