// GET /metrics: Prometheus text format (ops/metrics.mjs). Access METRICS: the METRICS_TOKEN
// bearer or a principal of scope 'all' (http/access.mjs), never the world. It keeps answering
// while the server drains, so a last scrape sees the end.
import { METRICS } from '../http/access.mjs';
import { whileDraining } from '../ops/drain.mjs';

export default function metricsRoutes(app, { metrics }) {
  app.get('/metrics', whileDraining(METRICS), async (request, reply) => {
    const { contentType, body } = await metrics.text();
    return reply.type(contentType).send(body);
  });
}
