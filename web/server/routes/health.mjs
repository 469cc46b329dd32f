// Liveness and readiness for load balancers and scripts; both public, cheap, and never
// cached (every API answer is no-store).
//   GET /api/health  the process answers; no data is touched
//   GET /api/ready   200 when every readiness check passes (ops/readiness.mjs: the store
//                    answers and its migrations are current, ...); 503 naming the failing
//                    checks by name and code, or `shutting_down` once a stop has begun
import { PUBLIC } from '../http/access.mjs';

export default function healthRoutes(app, { readiness }) {
  app.get('/api/health', PUBLIC, () => ({ status: 'ok' }));

  app.get('/api/ready', PUBLIC, async (request, reply) => {
    const { ready, code, checks } = await readiness.evaluate();
    if (ready) return { status: 'ready', checks };
    const message = code === 'shutting_down'
      ? 'This server is shutting down.'
      : `Not ready: ${checks.filter((c) => c.status !== 'ok').map((c) => `${c.name} (${c.code})`).join(', ')}.`;
    return reply.code(503).send({ message, code, checks });
  });
}
