// Assembles the HTTP application: fastify with the JSON body parser, security headers,
// access control, the API routes and the static folders. Everything it needs is passed
// in (database, keyring, validation), so main.mjs and the tests wire it the same way.
import Fastify from 'fastify';
import { Authenticator } from './security/auth.mjs';
import { registerJsonBody } from './http/body.mjs';
import { makeErrorHandler, makeFrameworkErrorHandler, notFoundHandler } from './http/errors.mjs';
import { registerSecurityHeaders } from './http/headers.mjs';
import { PUBLIC, createOriginPolicy, normaliseRequestTarget, registerAccessControl } from './http/access.mjs';
import { serveFolder } from './http/static.mjs';
import { timeoutOptions } from './http/client-timeouts.mjs';
import { InstanceStore } from './stores/instances-store.mjs';
import { InstanceConnections } from './connection/instance-connections.mjs';
import { PoolStore } from './stores/pools-store.mjs';
import { IdempotencyStore } from './stores/idempotency.mjs';
import healthRoutes from './routes/health.mjs';
import sessionRoutes from './routes/session.mjs';
import connectorRoutes from './routes/connectors.mjs';
import poolRoutes from './routes/pools.mjs';
import instanceRoutes from './routes/instances.mjs';
import auditRoutes from './routes/audit.mjs';
import connectionRoutes from './routes/connection.mjs';
import gatewayRoutes from './routes/gateway.mjs';
import metricsRoutes from './routes/metrics.mjs';
import { Readiness } from './ops/readiness.mjs';
import { Drain } from './ops/drain.mjs';
import { Metrics } from './ops/metrics.mjs';
import { connectRedis } from './stores/redis.mjs';

export function loggerOptions(level) {
  return {
    level,
    // Request logs carry method, URL, status and timing. Headers are not logged by
    // fastify's serializers; these paths are redacted in case a future log line adds them.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  };
}

/**
 * @param {object} o
 * @param {object} o.config       config.mjs
 * @param {object} o.db           stores/db.mjs (SQLite or PostgreSQL)
 * @param {import('./security/keyring.mjs').Keyring} o.keyring
 * @param {object} o.validation   package-adapter.mjs
 * @param {{name: string, check: () => Promise<void>}[]} [o.readinessChecks]  what GET /api/ready checks (ops/readiness.mjs)
 */
export async function buildApp({ config, db, keyring, validation, readinessChecks = [] }) {
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    bodyLimit: config.bodyLimit,
    trustProxy: false,
    return503OnClosing: true,
    // how long a client may take to send its headers and its request, and stay idle
    ...timeoutOptions(config.timeouts),
    // ids are generated here; a client-chosen request id is not echoed into the logs
    requestIdHeader: false,
    routerOptions: { maxParamLength: 256 },
    // absolute-form targets are reduced to their path here, before routing (access.mjs)
    rewriteUrl: normaliseRequestTarget,
    // a URL the router cannot decode is answered like every other error
    frameworkErrors: makeFrameworkErrorHandler(config),
  });
  const policy = createOriginPolicy(config, () => app.server.address()?.port ?? config.port);
  const authenticator = new Authenticator(db, config);
  const pools = new PoolStore(db);
  const instances = new InstanceStore(db, keyring);
  const deps = {
    app, config, db, keyring, validation, authenticator, pools,
    instances,
    connections: new InstanceConnections({ db, keyring, validation, instances }),
    idempotency: new IdempotencyStore(db, keyring),
    readiness: new Readiness({ checks: readinessChecks, log: app.log }),
    drain: new Drain(app),
    metrics: new Metrics(),
    // REDIS_URL: what the backend processes share (gateway limits, sign-in throttling)
    redis: config.redis ? connectRedis(config.redis.url, { log: app.log, commandTimeoutMs: config.redis.commandTimeoutMs }) : null,
  };
  app.decorate('readiness', deps.readiness);
  app.decorate('drain', deps.drain);
  deps.metrics.register(app);
  deps.metrics.observeStore(db);

  registerJsonBody(app);
  registerSecurityHeaders(app);
  const access = registerAccessControl(app, { policy, authenticator, metricsTokenHash: config.metricsTokenHash });
  app.decorate('routeTable', access.routes);
  app.setErrorHandler(makeErrorHandler(config));
  app.setNotFoundHandler(notFoundHandler);

  for (const routes of [healthRoutes, sessionRoutes, connectorRoutes, poolRoutes, connectionRoutes, instanceRoutes, auditRoutes, gatewayRoutes, metricsRoutes]) routes(app, deps);
  if (deps.redis) app.addHook('onClose', async () => { await deps.redis.quit().catch(() => deps.redis.disconnect()); });

  // Files. An /api path that names no route falls through to the page folder, which has no
  // api/ folder: 404.
  app.get('/pkg/*', PUBLIC, serveFolder(config.packageDir, '/pkg'));
  app.get('/*', PUBLIC, serveFolder(config.publicDir, ''));
  return app;
}
