// The order of a graceful stop (SIGTERM or SIGINT; main.mjs): not ready first (GET /api/ready
// answers 503 from now on), then the drain (ops/drain.mjs: no new connections, queued gateway
// requests answered 503, running ones finish within `timeoutMs`), then the application closes
// (the gateway's scheduler and upstream connections). The caller closes the database.

/**
 * @param {import('fastify').FastifyInstance} app  built by app.mjs (app.readiness, app.drain)
 * @param {number} timeoutMs  SHUTDOWN_TIMEOUT_MS
 */
export async function drainAndClose(app, timeoutMs) {
  app.readiness.stop();
  const { drained, cut } = await app.drain.start(timeoutMs);
  if (drained) app.log.info('drained: no request is running');
  else app.log.warn({ cut, timeoutMs }, 'shutdown timeout: requests still running were cut (SHUTDOWN_TIMEOUT_MS)');
  await app.close();
}
