// The admission of proxied requests against limits shared through Redis (docs/gateway.md
// "Several backend processes"): one Lua script per attempt decides atomically, on Redis's own
// clock (TIME), whether a request may start now under its key's exact sliding window, the
// key's pause and its pool's leases, and records the start and the lease if so; otherwise it
// says when to try again. Times in Redis are microseconds of Redis's clock; this module hands
// out milliseconds.
//
// Keys (all below the prefix):
//   w:<limit key>      sorted set: the starts of the last window (member: request id, score: µs)
//   p:<limit key>      string: µs until which nothing starts (an upstream Retry-After)
//   l:<pool id>        sorted set: the pool's leases (member: lease id, score: expiry in µs)
//   epoch              string: µs at which this Redis data set was first used
//   released           pub/sub channel: a pool id whose lease was given back

// The clock and the epoch: an epoch younger than a key's window means that the starts of part
// of that window are unknown (a Redis restarted without its data, or a new one), so that part
// counts as full and the key's first start waits until the epoch is one window old. An
// operator who knows there was no earlier traffic may set the epoch to 0.
const CLOCK = `
local function S(x) return string.format('%.0f', x) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local epoch = tonumber(redis.call('GET', KEYS[4]))
if not epoch then
  epoch = now
  redis.call('SET', KEYS[4], S(now))
end
`;

// KEYS: window, pause, leases, epoch. ARGV: amount (0: no rate), window µs, pool limit (0: no
// pool), lease µs, then the ids of the requests waiting on one node for this key, in their
// order. Starts as many of them as the window, the pause and the pool allow, in that order, all
// at `now`. Returns {started, now, why, wait µs}: why 1: all started; 0: the next one waits for
// the window, a pause or unknown history; 2: the next one waits for a pool slot (wait: until
// the earliest lease expiry; a release is announced sooner).
const ADMIT = `${CLOCK}
local amount = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local poolLimit = tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
local hold = tonumber(redis.call('GET', KEYS[2]) or '0')
if amount > 0 and epoch + window > hold then hold = epoch + window end
if hold > now then return {0, now, 0, hold - now} end
local n = 0
if amount > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', S(now - window))
  n = redis.call('ZCARD', KEYS[1])
end
local m = 0
if poolLimit > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', S(now))
  m = redis.call('ZCARD', KEYS[3])
end
local started = 0
for i = 5, #ARGV do
  if amount > 0 and n >= amount then
    local oldest = redis.call('ZRANGE', KEYS[1], n - amount, n - amount, 'WITHSCORES')
    return {started, now, 0, tonumber(oldest[2]) + window - now}
  end
  if poolLimit > 0 and m >= poolLimit then
    local first = redis.call('ZRANGE', KEYS[3], m - poolLimit, m - poolLimit, 'WITHSCORES')
    return {started, now, 2, tonumber(first[2]) - now}
  end
  if poolLimit > 0 then
    redis.call('ZADD', KEYS[3], S(now + lease), ARGV[i])
    redis.call('PEXPIRE', KEYS[3], math.ceil(lease / 1000) + 1000)
    m = m + 1
  end
  if amount > 0 then
    redis.call('ZADD', KEYS[1], S(now), ARGV[i])
    redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1000)
    n = n + 1
  end
  started = started + 1
end
return {started, now, 1, 0}
`;

// KEYS: leases. ARGV: lease µs, id. Extends a lease still held; 0 when it is gone (expired).
const RENEW = `
local function S(x) return string.format('%.0f', x) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if not redis.call('ZSCORE', KEYS[1], ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], 'XX', S(now + tonumber(ARGV[1])), ARGV[2])
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
return 1
`;

// KEYS: leases, channel name in ARGV[2]. ARGV: id, pool id. Gives a lease back and says so.
const RELEASE = `
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[3], ARGV[2])
return removed
`;

// KEYS: window, leases. ARGV: pool id, channel, ids. Forgets attempts that were not sent
// (the caller left while it was admitted, or the attempt's answer was lost): their starts and
// leases, announcing a freed lease.
const FORGET = `
local freed = 0
for i = 3, #ARGV do
  redis.call('ZREM', KEYS[1], ARGV[i])
  freed = freed + redis.call('ZREM', KEYS[2], ARGV[i])
end
if freed > 0 then redis.call('PUBLISH', ARGV[2], ARGV[1]) end
return freed
`;

// KEYS: pause. ARGV: µs from now. Moves the pause later, never earlier.
const PAUSE = `
local function S(x) return string.format('%.0f', x) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untilUs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilUs > current then
  redis.call('SET', KEYS[1], S(untilUs), 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
  return untilUs
end
return current
`;

// KEYS: window, pause, leases, epoch. ARGV: amount, window µs, '1' with a pool. Returns now, starts in the
// window, pause end (0: none), next start (0: now), leases held.
const USAGE = `
local function S(x) return string.format('%.0f', x) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local amount = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local inWindow = 0
local nextAt = 0
if amount > 0 then
  inWindow = redis.call('ZCOUNT', KEYS[1], '(' .. S(now - window), '+inf')
  if inWindow >= amount then
    local oldest = redis.call('ZREVRANGE', KEYS[1], amount - 1, amount - 1, 'WITHSCORES')
    nextAt = tonumber(oldest[2]) + window
  end
  local epoch = tonumber(redis.call('GET', KEYS[4]) or '0')
  if epoch > 0 and epoch + window > nextAt and epoch + window > now then nextAt = epoch + window end
end
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused <= now then paused = 0 end
if paused > nextAt then nextAt = paused end
local leases = 0
if ARGV[3] == '1' then leases = redis.call('ZCOUNT', KEYS[3], '(' .. S(now), '+inf') end
return {now, inWindow, paused, nextAt, leases}
`;

const US = 1000;
const toMs = (us) => Number(us) / US;

/** Redis commands of the shared admission, on an ioredis client (defined once per client). */
export class SharedAdmission {
  /**
   * @param {import('ioredis').Redis} redis
   * @param {string} prefix  the keys' prefix (REDIS_KEY_PREFIX)
   */
  constructor(redis, prefix = 'ci:gw:') {
    this.redis = redis;
    this.prefix = prefix;
    this.channel = `${prefix}released`;
    if (!redis.gwAdmit) {
      redis.defineCommand('gwAdmit', { numberOfKeys: 4, lua: ADMIT });
      redis.defineCommand('gwRenew', { numberOfKeys: 1, lua: RENEW });
      redis.defineCommand('gwRelease', { numberOfKeys: 1, lua: RELEASE });
      redis.defineCommand('gwForget', { numberOfKeys: 2, lua: FORGET });
      redis.defineCommand('gwPause', { numberOfKeys: 1, lua: PAUSE });
      redis.defineCommand('gwUsage', { numberOfKeys: 4, lua: USAGE });
    }
  }

  #keys(key, poolId) {
    const p = this.prefix;
    return [`${p}w:${key}`, `${p}p:${key}`, poolId ? `${p}l:${poolId}` : `${p}l:`, `${p}epoch`];
  }

  /**
   * One admission attempt for requests `ids` (waiting on one node for `key`, in their order).
   * @param {{key: string, rateLimit: {amount: number, windowMs: number}|null, pool: {id: string, limit: number}|null, leaseMs: number, ids: string[]}} o
   * @returns {Promise<{started: number, at: number, blocked: null|'rate'|'pool', waitMs: number}>}
   *   the first `started` ids started at `at`; the next one waits `waitMs` for `blocked`
   */
  async admit({ key, rateLimit, pool, leaseMs, ids }) {
    const [started, now, why, wait] = await this.redis.gwAdmit(
      ...this.#keys(key, pool?.id),
      rateLimit ? rateLimit.amount : 0, rateLimit ? Math.round(rateLimit.windowMs * US) : 0,
      pool ? pool.limit : 0, Math.round(leaseMs * US), ...ids,
    );
    return { started, at: toMs(now), blocked: why === 1 ? null : why === 2 ? 'pool' : 'rate', waitMs: toMs(wait) };
  }

  /** Extends lease `id` of `poolId` by `leaseMs` from now; false when it had expired. */
  async renew(poolId, id, leaseMs) {
    return (await this.redis.gwRenew(`${this.prefix}l:${poolId}`, Math.round(leaseMs * US), id)) === 1;
  }

  /** Gives lease `id` back and tells every node that `poolId` has a free slot. */
  async release(poolId, id) {
    return (await this.redis.gwRelease(`${this.prefix}l:${poolId}`, id, poolId, this.channel)) === 1;
  }

  /** Takes back the starts and leases of attempts `ids`, which were not sent (or may have been recorded without their node knowing). */
  async forget(key, poolId, ids) {
    const [window, , leases] = this.#keys(key, poolId);
    await this.redis.gwForget(window, leases, poolId ?? '', this.channel, ...ids);
  }

  /** Nothing starts on `key` for `ms` (never shortens a pause in force); the end in Redis ms. */
  async pause(key, ms) {
    return toMs(await this.redis.gwPause(`${this.prefix}p:${key}`, Math.round(ms * US)));
  }

  /** Starts in the window, pause, next start and leases held, as Redis sees them now (ms). */
  async usage({ key, rateLimit, poolId }) {
    const [now, inWindow, paused, nextAt, leases] = await this.redis.gwUsage(
      ...this.#keys(key, poolId), rateLimit ? rateLimit.amount : 0, rateLimit ? Math.round(rateLimit.windowMs * US) : 0, poolId ? '1' : '0',
    );
    return {
      now: toMs(now), sentInWindow: inWindow, pausedUntil: paused ? toMs(paused) : null,
      nextStartAt: nextAt > now ? toMs(nextAt) : null, poolInFlight: poolId ? leases : null,
    };
  }
}
