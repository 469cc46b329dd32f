// Sign-in throttling shared by every backend process with the same REDIS_URL: the failures and
// the lock of an address are counted in Redis by one Lua script per wrong token, with the rules
// of SignInThrottle (sign-in-throttle.mjs) on Redis's clock, so that spreading wrong tokens over
// several processes gains an attacker nothing. Held answers stay per process (the local
// SignInThrottle holds them, within its `maxHeld`). When Redis cannot be asked, the process
// counts on its own (the local throttle): throttling never stops, it only stops being shared.
import { SignInThrottle, addressKey } from './sign-in-throttle.mjs';

// KEYS: entries (hash address -> "failures:lockedUntil"), order (sorted set address -> last
// failure). ARGV: address, freeFailures, delayMs, maxDelayMs, forgetAfterMs, maxAddresses.
// Returns {throttled (0/1), failures, waitMs, delayMs, lockedUntil, now} in Redis ms.
const FAILED = `
local function S(x) return string.format('%.0f', x) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(ARGV[2])
local delayMs = tonumber(ARGV[3])
local maxDelayMs = tonumber(ARGV[4])
local forget = tonumber(ARGV[5])
local maxAddresses = tonumber(ARGV[6])
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', S(now - forget))
for _, a in ipairs(old) do redis.call('HDEL', KEYS[1], a) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', S(now - forget))
local failures, locked = 0, 0
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local sep = string.find(raw, ':', 1, true)
  failures = tonumber(string.sub(raw, 1, sep - 1))
  locked = tonumber(string.sub(raw, sep + 1))
elseif redis.call('ZCARD', KEYS[2]) >= maxAddresses then
  local oldest = redis.call('ZPOPMIN', KEYS[2])
  redis.call('HDEL', KEYS[1], oldest[1])
end
failures = failures + 1
local throttled, waitMs, delay = 0, 0, 0
if failures > free then
  throttled = 1
  waitMs = math.min(maxDelayMs, math.max(0, locked - now))
  delay = math.min(maxDelayMs, delayMs * 2 ^ math.min(failures - free - 1, 40))
  locked = now + waitMs + delay
end
redis.call('HSET', KEYS[1], ARGV[1], S(failures) .. ':' .. S(locked))
redis.call('ZADD', KEYS[2], S(now), ARGV[1])
redis.call('PEXPIRE', KEYS[1], S(forget))
redis.call('PEXPIRE', KEYS[2], S(forget))
return {throttled, failures, waitMs, delay, locked, now}
`;

const LOG_INTERVAL_MS = 60_000;

export class SharedSignInThrottle {
  /**
   * @param {object} o
   * @param {import('ioredis').Redis} o.redis
   * @param {string} o.prefix   Redis key prefix (REDIS_KEY_PREFIX + 'signin:')
   * @param {{warn: Function}} o.log
   * @param {object} [o.options]  as for SignInThrottle (SIGN_IN_DEFAULTS)
   */
  constructor({ redis, prefix, log, options = {} }) {
    this.local = new SignInThrottle(options);
    this.redis = redis;
    this.keys = [`${prefix}entries`, `${prefix}order`];
    this.log = log;
    this.lastLog = 0;
    if (!redis.signInFailed) redis.defineCommand('signInFailed', { numberOfKeys: 2, lua: FAILED });
  }

  /** As SignInThrottle.failed, counted across processes; `lockedUntil` on this process's clock. */
  async failed(ip) {
    const l = this.local;
    try {
      const [throttled, failures, waitMs, delayMs, lockedUntil, now] = await this.redis.signInFailed(
        ...this.keys, addressKey(ip), l.freeFailures, l.delayMs, l.maxDelayMs, l.forgetAfterMs, l.maxAddresses,
      );
      if (!throttled) return { throttled: false, failures };
      return { throttled: true, failures, waitMs, delayMs, lockedUntil: Date.now() + (lockedUntil - now) };
    } catch (e) {
      if (Date.now() - this.lastLog > LOG_INTERVAL_MS) {
        this.lastLog = Date.now();
        this.log.warn({ err: { message: e.message } }, 'redis: sign-in failures counted by this process alone until Redis answers');
      }
      return l.failed(ip);
    }
  }

  retryAfterSeconds(decision) {
    return this.local.retryAfterSeconds(decision);
  }

  hold(ms) {
    return this.local.hold(ms);
  }

  close() {
    this.local.close();
  }

  get held() {
    return this.local.held;
  }
}
