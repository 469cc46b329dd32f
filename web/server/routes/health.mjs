// Liveness for load balancers and scripts; says nothing about the data.
import { PUBLIC } from '../http/access.mjs';

export default function healthRoutes(app, { db }) {
  const ping = db.prepare('SELECT 1').pluck();
  app.get('/api/health', PUBLIC, () => ({ status: ping.get() === 1 ? 'ok' : 'degraded' }));
}
