// The 503 answers of a request the gateway did not send because of its limits (docs/gateway.md
// "Rate limit, pool and queue"): the same codes, messages and Retry-After whichever limiter
// (in process or shared through Redis) refused it.
import { gatewayError } from './target.mjs';

/** Seconds until `atMs` (a Date.now()-like instant), at least 1; 1 when unknown. */
export const secondsUntil = (atMs, nowMs) => (atMs == null ? 1 : Math.max(1, Math.ceil((atMs - nowMs) / 1000)));

export const queueFull = (queueSize, retryAfterS) => gatewayError(503, 'queue_full',
  `More than ${queueSize} requests are waiting for this instance's rate limit; try again later.`,
  { 'retry-after': String(retryAfterS) });

export const queueTimeout = (queueTimeoutMs, retryAfterS) => gatewayError(503, 'queue_timeout',
  `The request waited ${Math.round(queueTimeoutMs / 1000)} s for this instance's rate limit and was not sent.`,
  { 'retry-after': String(retryAfterS) });

export const poolTimeout = (timeoutS) => gatewayError(503, 'pool_timeout',
  `No connection of the instance's pool became free within ${timeoutS} s; the request was not sent.`,
  { 'retry-after': '1' });

/** The shared limits could not be checked (Redis unreachable or too slow): nothing was sent. */
export const limitsUnavailable = (queueTimeoutMs, retryAfterS) => gatewayError(503, 'limits_unavailable',
  `The shared rate limits could not be checked for ${Math.round(queueTimeoutMs / 1000)} s; the request was not sent.`,
  { 'retry-after': String(retryAfterS) });

/** The process is stopping (a drain): the client sends the request again, to another node. */
export const shuttingDown = () => gatewayError(503, 'shutting_down',
  'This server is shutting down and did not send the request; send it again (another server will take it).', { 'retry-after': '1' });

