// Liveness for load balancers and scripts; says nothing about the data.
export default function healthRoutes(app, { db }) {
  const ping = db.prepare('SELECT 1').pluck();
  app.get('/api/health', { config: { public: true } }, () => ({ status: ping.get() === 1 ? 'ok' : 'degraded' }));
}
