// GET /metrics: Prometheus text format (ops/metrics.mjs). Access METRICS: the METRICS_TOKEN
// bearer or a principal of scope 'all' (http/access.mjs), never the world.
import { METRICS } from '../http/access.mjs';

export default function metricsRoutes(app, { metrics }) {
  app.get('/metrics', METRICS, async (request, reply) => {
    const { contentType, body } = await metrics.text();
    return reply.type(contentType).send(body);
  });
}
