// Liveness for load balancers and scripts; says nothing about the data. A node that cannot
// reach its database answers 503 "degraded", so that a load balancer sends requests elsewhere.
import { PUBLIC } from '../http/access.mjs';

export default function healthRoutes(app, { db }) {
  app.get('/api/health', PUBLIC, async (request, reply) => {
    try {
      if ((await db.get('SELECT 1 AS one'))?.one === 1) return { status: 'ok' };
    } catch (e) {
      request.log.warn({ err: { type: e?.name, code: e?.code, message: e?.message } }, 'health: database not reachable');
    }
    return reply.code(503).send({ status: 'degraded' });
  });
}
