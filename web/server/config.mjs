// Server settings from the environment, checked once at start. Every knob is documented in
// docs/http-api.md ("Configuration"); a bad value stops the server with a message naming it.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultOutboundNetworks, parseOutboundNetworks } from './connection/outbound-policy.mjs';
import { SIGN_IN_DEFAULTS } from './security/sign-in-throttle.mjs';
import { hashSecretValue } from './security/auth.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export class ConfigError extends Error {}

const DEFAULT_BODY_LIMIT = 256 * 1024;

function integer(env, name, fallback, min, max) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function origins(env, name) {
  const raw = env[name];
  if (!raw) return [];
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    let url;
    try {
      url = new URL(s);
    } catch {
      throw new ConfigError(`${name}: "${s}" is not an origin such as https://connectors.example.com`);
    }
    if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash) {
      throw new ConfigError(`${name}: "${s}" is not an origin such as https://connectors.example.com`);
    }
    return url.origin;
  });
}

/**
 * How long a client may take (client-timeouts.mjs): the headers, the whole request, and the
 * idle time of a kept-alive connection. Headers are part of the request, so their limit
 * cannot be larger.
 */
function timeouts(env) {
  const requestMs = integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 1000, 600_000);
  const headersMs = integer(env, 'HEADERS_TIMEOUT_MS', Math.min(10_000, requestMs), 1000, 600_000);
  if (headersMs > requestMs) {
    throw new ConfigError(`HEADERS_TIMEOUT_MS (${headersMs}) must not be larger than REQUEST_TIMEOUT_MS (${requestMs})`);
  }
  return { requestMs, headersMs, keepAliveMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 5000, 1000, 600_000) };
}

/** Throttling of wrong tokens at sign-in (sign-in-throttle.mjs). */
function signIn(env) {
  const delayMs = integer(env, 'SIGN_IN_DELAY_MS', SIGN_IN_DEFAULTS.delayMs, 1, 60_000);
  return {
    freeFailures: integer(env, 'SIGN_IN_FREE_FAILURES', SIGN_IN_DEFAULTS.freeFailures, 0, 1000),
    delayMs,
    maxDelayMs: integer(env, 'SIGN_IN_MAX_DELAY_MS', Math.max(SIGN_IN_DEFAULTS.maxDelayMs, delayMs), delayMs, 60_000),
  };
}

/** The request gateway (docs/gateway.md). */
function gateway(env) {
  const queueTimeoutS = integer(env, 'GATEWAY_QUEUE_TIMEOUT_S', 60, 1, 86_400);
  return {
    // requests that may wait per rate-limit key before new ones are refused (503 queue_full)
    queueSize: integer(env, 'GATEWAY_QUEUE_SIZE', 1000, 1, 1_000_000),
    // how long a request waits for its rate limit and pool unless X-Queue-Timeout says less
    queueTimeoutMs: queueTimeoutS * 1000,
    // until the upstream answer's headers arrive, and then between two pieces of its body
    timeoutMs: integer(env, 'GATEWAY_TIMEOUT_MS', 30_000, 1000, 600_000),
    idleMs: integer(env, 'GATEWAY_IDLE_MS', 30_000, 1000, 600_000),
    // a request body is read whole (so it can be sent again after a redirect or a new token)
    bodyLimit: integer(env, 'GATEWAY_BODY_LIMIT', 10 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    // the longest pause an upstream Retry-After may impose
    maxRetryAfterMs: integer(env, 'GATEWAY_MAX_RETRY_AFTER_S', 3600, 1, 86_400) * 1000,
    // with REDIS_URL: how long a pool slot of a process that stopped renewing it stays taken
    leaseMs: integer(env, 'GATEWAY_LEASE_S', 30, 1, 3600) * 1000,
  };
}

/**
 * METRICS_TOKEN: the bearer a Prometheus scraper sends to GET /metrics. Kept only as its
 * SHA-256; never quoted in a message.
 */
function metricsTokenHash(env) {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return null;
  if (!/^[\x21-\x7e]{32,200}$/.test(raw)) {
    throw new ConfigError('METRICS_TOKEN must be 32 to 200 printable ASCII characters without spaces (e.g. the output of: openssl rand -hex 32)');
  }
  return hashSecretValue(raw);
}

/**
 * REDIS_URL: what several backend processes share (docs/gateway.md "Several backend
 * processes"); null keeps everything in the process.
 */
function redis(env) {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw.trim() === '') return null;
  let url;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError('REDIS_URL must be a URL such as redis://127.0.0.1:6379/0');
  }
  if (!/^rediss?:$/.test(url.protocol) || !url.hostname) throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL with a host');
  const prefix = env.REDIS_KEY_PREFIX ?? 'ci:';
  if (!/^[A-Za-z0-9:._-]{0,64}$/.test(prefix)) throw new ConfigError('REDIS_KEY_PREFIX may hold up to 64 letters, digits and ":._-"');
  return { url: url.href, prefix, commandTimeoutMs: integer(env, 'REDIS_TIMEOUT_MS', 1000, 50, 60_000) };
}

/** OUTBOUND_NETWORKS, or its default for how the server is reachable (outbound-policy.mjs). */
function outboundNetworks(env, server) {
  const raw = env.OUTBOUND_NETWORKS;
  if (raw === undefined || raw.trim() === '') return defaultOutboundNetworks(server);
  try {
    return parseOutboundNetworks(raw);
  } catch (e) {
    throw new ConfigError(e.message);
  }
}

/**
 * DATABASE_URL: where the store lives when it is not the SQLite file in DATA_DIR, as a
 * postgres:// URL (user, password, host, port, database; libpq's query options such as
 * sslmode). null: SQLite. The value is never quoted back: it may hold a password.
 */
function databaseUrl(env) {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw.trim() === '') return null;
  let url;
  try {
    url = new URL(raw.trim());
  } catch {
    url = null;
  }
  if (!url || !/^postgres(ql)?:$/.test(url.protocol) || (!url.hostname && !url.searchParams.get('host')) || url.pathname.length < 2) {
    throw new ConfigError('DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@db.example.com:5432/connectors'
      + ' (the value is not shown: it may hold a password)');
  }
  return raw.trim();
}

/**
 * Reads the configuration from `env` (process.env by default). Paths are resolved against
 * the current directory, like any command-line tool.
 */
export function loadConfig(env = process.env) {
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  }
  const synchronous = (env.SQLITE_SYNCHRONOUS || 'FULL').toUpperCase();
  if (!['FULL', 'NORMAL'].includes(synchronous)) {
    throw new ConfigError(`SQLITE_SYNCHRONOUS must be FULL or NORMAL, got "${env.SQLITE_SYNCHRONOUS}"`);
  }
  const host = env.HOST || '127.0.0.1';
  const allowedOrigins = origins(env, 'ALLOWED_ORIGINS');
  return Object.freeze({
    port: integer(env, 'PORT', 8080, 0, 65535),
    host,
    dataDir: resolve(env.DATA_DIR || './data'),
    // null: SQLite in dataDir; else PostgreSQL, shared by every node that names it
    databaseUrl: databaseUrl(env),
    catalogDir: resolve(env.CATALOG_DIR || resolve(REPO_ROOT, 'web/catalog')),
    publicDir: resolve(REPO_ROOT, 'web/public'),
    packageDir: resolve(REPO_ROOT, 'dist'),
    // MASTER_KEY: base64 of 32 bytes; a comma-separated list (newest first) during rotation.
    masterKeyEnv: env.MASTER_KEY || null,
    bodyLimit: integer(env, 'BODY_LIMIT', DEFAULT_BODY_LIMIT, 1024, 64 * 1024 * 1024),
    timeouts: Object.freeze(timeouts(env)),
    signIn: Object.freeze(signIn(env)),
    allowedOrigins,
    // the kinds of address connection tests and OAuth requests may reach
    outboundNetworks: Object.freeze(outboundNetworks(env, { host, allowedOrigins })),
    cookieSecure: flag(env, 'COOKIE_SECURE', false),
    sessionHours: integer(env, 'SESSION_HOURS', 12, 1, 24 * 30),
    gateway: Object.freeze(gateway(env)),
    // how long a stop (SIGTERM, SIGINT) lets running requests finish (ops/shutdown.mjs)
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 30_000, 1000, 600_000),
    metricsTokenHash: metricsTokenHash(env),
    redis: redis(env),
    logLevel,
    sqliteSynchronous: synchronous,
    // on: creates waiting together share one commit (stores/sqlite-database.mjs)
    sqliteGroupCommit: flag(env, 'SQLITE_GROUP_COMMIT', true),
  });
}
