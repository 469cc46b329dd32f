// The request gateway (docs/gateway.md): a saved instance used for what it exists for.
//   ANY /api/instances/:id/proxy/*   the vendor's API below the instance's base URL, signed
//                                    with its credentials, under its rate limit and pool
//   GET /api/instances/:id/usage     queued, in flight, sent in the window, throttled, last error
// Both accept tokens of scope 'proxy' (security/auth.mjs), which reach nothing else; a
// token limited to some connectors sees other instances as missing.
import { GATEWAY, actorOf } from '../http/access.mjs';
import { HttpError, notFound } from '../http/errors.mjs';
import { recordAudit } from '../stores/audit.mjs';
import { ConnectionError } from '../connection/errors.mjs';
import { connectionConfig } from '../connection/config.mjs';
import { OutboundPolicy } from '../connection/outbound-policy.mjs';
import { GatewayLimits, CALLER_GONE, limitKeyOf } from '../gateway/limits.mjs';
import { forward, prepareRequest } from '../gateway/proxy.mjs';
import { gatewayError } from '../gateway/target.mjs';
import { InstanceAgents } from '../gateway/agents.mjs';
import { RedisLimits } from '../gateway/redis-limits.mjs';
import { connectRedis } from '../stores/redis.mjs';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
// how a ConnectionError of the upstream side is answered
const UPSTREAM_STATUS = { timeout: 504, no_base_url: 409, missing_value: 409, invalid_url_value: 409, invalid_url: 409, invalid_template: 409, insecure_url: 409, not_configured: 409, oauth_not_connected: 409 };
// failures of one kind on one instance go to the audit trail at most once per this interval
const AUDIT_INTERVAL_MS = 60_000;

export default function gatewayRoutes(app, { db, validation, instances, pools, config, connections, drain, metrics, redis }) {
  const settings = { ...config.gateway, ca: connectionConfig().ca, outbound: new OutboundPolicy(config.outboundNetworks) };
  // with REDIS_URL the limits are shared by every backend process using that Redis
  const limits = config.redis
    ? new RedisLimits({
      redis,
      subscriber: connectRedis(config.redis.url, { log: app.log, subscriber: true }),
      queueSize: settings.queueSize, leaseMs: settings.leaseMs, retryAfterMs: validation.retryAfterMs,
      prefix: `${config.redis.prefix}gw:`, log: app.log,
    })
    : new GatewayLimits({ scheduler: validation.createScheduler(), queueSize: settings.queueSize, retryAfterMs: validation.retryAfterMs });
  app.decorate('gatewayLimits', limits);
  // a stop answers the queued and new requests at once (the running ones finish: ops/drain.mjs)
  drain.onStart(() => limits.refuseUnsent());
  metrics.observeGateway(limits);
  const agents = new InstanceAgents();
  // before the server waits for requests in flight: those still waiting for a limit end now
  app.addHook('preClose', async () => limits.stopWaiting());
  app.addHook('onClose', async () => {
    await limits.close();
    agents.close();
  });

  /** The stored instance the caller may use, or 404. */
  const instanceFor = async (request) => {
    const row = await instances.getById(request.params.id);
    const allowed = request.principal.connectors;
    if (!row || (allowed && !allowed.includes(row.connectorId))) throw notFound('No such instance.');
    return row;
  };

  /**
   * The limit an instance's requests count against: its own, or that of the instance whose
   * limit it shares (validation keeps sharing one level deep; a chain that a race between
   * processes made anyway is refused rather than sent without a limit).
   */
  const limitOf = async (row) => {
    const ownerId = row.document.sharedLimitOf ?? null;
    if (ownerId === null) return { key: limitKeyOf(row.id), rateLimit: row.document.rateLimit ?? null, sharedLimitOf: null };
    const owner = await instances.getById(ownerId);
    if (!owner || owner.connectorId !== row.connectorId || owner.document.sharedLimitOf) {
      throw new HttpError(409, 'shared_limit_unavailable', 'The instance whose rate limit this instance shares no longer has a limit of its own; edit the instance.');
    }
    return { key: limitKeyOf(owner.id), rateLimit: owner.document.rateLimit ?? null, sharedLimitOf: owner.id };
  };

  const audited = new Map(); // `${instance}:${code}` -> {at, suppressed}
  const auditFailure = async (request, row, code, status) => {
    const key = `${row.id}:${code}`;
    const now = Date.now();
    const last = audited.get(key);
    if (last && now - last.at < AUDIT_INTERVAL_MS) {
      last.suppressed += 1;
      return;
    }
    audited.set(key, { at: now, suppressed: 0 });
    await recordAudit(db, {
      ...actorOf(request), action: 'instance.proxy_failed', subjectType: 'instance', subjectId: row.id, connectorId: row.connectorId,
      outcome: 'failed', details: { code, status, method: request.method, ...(last ? { alsoFailedSinceLastEntry: last.suppressed } : {}) },
    });
  };

  const queueTimeoutOf = (request) => {
    const raw = request.headers['x-queue-timeout'];
    if (raw === undefined) return settings.queueTimeoutMs;
    const seconds = typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isFinite(seconds)) throw gatewayError(400, 'invalid_queue_timeout', 'X-Queue-Timeout must be a number of seconds.');
    return Math.min(seconds * 1000, settings.queueTimeoutMs);
  };

  app.register(async (scope) => {
    // The body goes upstream as it came: any type, read whole up to the gateway's limit.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: settings.bodyLimit }, (request, body, done) => done(null, body));

    scope.route({
      method: METHODS,
      url: '/api/instances/:id/proxy/*',
      bodyLimit: settings.bodyLimit,
      exposeHeadRoute: false, // HEAD is in METHODS
      ...GATEWAY,
      handler: async (request, reply) => {
        const row = await instanceFor(request);
        const instance = await connections.storedInstance(row.connectorId, row.id);
        const method = connections.method(row.connectorId, instance.authMethodId);
        const limit = await limitOf(row);
        const { key } = limit;
        if (!method) {
          limits.recordError(key, { code: 'unknown_auth_method' });
          await auditFailure(request, row, 'unknown_auth_method', 409);
          throw new HttpError(409, 'unknown_auth_method', 'The instance\'s authentication method is no longer in its connector definition.');
        }
        const queueTimeoutMs = queueTimeoutOf(request);
        const pool = instance.poolId ? await pools.get(instance.poolId) : null;
        limits.prepare(key, limit.rateLimit, pool);
        const caller = new AbortController();
        // the response closing before it finished: the caller went away (the request's own
        // 'close' comes as soon as its body has been read, so it says nothing)
        const onGone = () => { if (!reply.raw.writableFinished) caller.abort(CALLER_GONE); };
        reply.raw.on('close', onGone);
        let hops = 0; // upstream requests of this request so far (redirects, a token retry)
        const rawUrl = request.raw.url;
        const q = rawUrl.indexOf('?');
        try {
          const prepared = prepareRequest({
            instance, method, path: request.params['*'], rawQuery: q < 0 ? '' : rawUrl.slice(q + 1),
            headers: request.headers, body: Buffer.isBuffer(request.body) ? request.body : undefined, time: validation.time,
          });
          await forward({
            prepared, httpMethod: request.method, method,
            certificate: instance.certificate?.data ? instance.certificate : null,
            tokenStore: connections.tokens.forInstance(row.id),
            schedule: (send) => limits.run({ key, poolId: pool?.id ?? null, queueTimeoutMs, signal: caller.signal, continuing: hops++ > 0 }, send),
            reply, proxyBase: `/api/instances/${row.id}/proxy`, settings, signal: caller.signal,
            agentFor: (url) => agents.for(row.id, row.revision, url),
            onAnswer: (status, headers) => {
              if (status === 429 || status >= 500) limits.recordError(key, { status });
              limits.honourRetryAfter(key, status, headers['retry-after'], settings.maxRetryAfterMs);
            },
          });
          return reply;
        } catch (e) {
          if (e === CALLER_GONE || caller.signal.aborted) return reply; // nobody to answer
          if (e instanceof ConnectionError) {
            const status = UPSTREAM_STATUS[e.code] ?? (e.code.startsWith('certificate_') ? 409 : 502);
            limits.recordError(key, { code: e.code });
            await auditFailure(request, row, e.code, status);
            throw new HttpError(status, e.code, e.message, { body: { ...e.toJSON(), message: e.message } });
          }
          if (e instanceof HttpError && e.status === 503) {
            // throttled here (queue_full, queue_timeout, pool_timeout): a gateway failure too
            limits.recordError(key, { code: e.code });
            await auditFailure(request, row, e.code, 503);
          }
          throw e;
        } finally {
          reply.raw.off('close', onGone);
        }
      },
    });
  });

  app.get('/api/instances/:id/usage', GATEWAY, async (request) => {
    const row = await instanceFor(request);
    const { key, rateLimit, sharedLimitOf } = await limitOf(row);
    const pool = row.poolId ? await pools.get(row.poolId) : null;
    limits.prepare(key, rateLimit, pool);
    return { instanceId: row.id, connectorId: row.connectorId, sharedLimitOf, ...(await limits.usageOf(key, pool?.id ?? null)) };
  });
}
