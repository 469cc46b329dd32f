// Prometheus metrics of this process (GET /metrics, routes/metrics.mjs), with prom-client:
//  - http_requests_total and http_request_duration_seconds by method, route and status
//    class. The route is the pattern the router matched (`/api/instances/:id/usage`), never
//    the URL: no id, name or secret becomes a label, and the number of series is bounded by
//    the route table. A request that matched no route is `route="unmatched"`.
//  - the gateway's queue depth, requests in flight, sent and throttled per limit key
//    (`instance:<id>`: made of the instance id only), read from the gateway limits' counters
//    when scraped;
//  - the store's group commit (SQLite): transactions that committed grouped writes, the
//    writes in them, the largest group, the syncs of the WAL the server made;
//  - prom-client's default process metrics (CPU, memory, event loop lag, handles, GC).
// The figures are this process's own: with several nodes, scrape each.
import client from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const HTTP_LABELS = ['method', 'route', 'status_class'];

export class Metrics {
  #gateways = [];

  constructor() {
    const registers = [this.registry = new client.Registry()];
    client.collectDefaultMetrics({ register: this.registry });
    this.requests = new client.Counter({
      name: 'http_requests_total', help: 'HTTP requests answered, by route pattern, method and status class.', labelNames: HTTP_LABELS, registers,
    });
    this.latency = new client.Histogram({
      name: 'http_request_duration_seconds', help: 'Time from a request\'s arrival to the end of its answer.', labelNames: HTTP_LABELS, buckets: LATENCY_BUCKETS, registers,
    });
    const gateways = this.#gateways;
    /** A metric of each limit key, set from the limits' counters at scrape time. */
    const perKey = (Type, name, help, field) => new Type({
      name, help, labelNames: ['limit_key'], registers,
      collect() {
        this.reset();
        for (const limits of gateways) {
          for (const [key, counters] of limits.usageCounters()) this[Type === client.Gauge ? 'set' : 'inc']({ limit_key: key }, counters[field]);
        }
      },
    });
    perKey(client.Gauge, 'gateway_queue_depth', 'Gateway requests waiting for their rate limit or pool.', 'queued');
    perKey(client.Gauge, 'gateway_in_flight', 'Gateway requests sent upstream and not yet answered.', 'inFlight');
    perKey(client.Counter, 'gateway_requests_sent_total', 'Upstream requests the gateway started.', 'sent');
    perKey(client.Counter, 'gateway_requests_throttled_total', 'Gateway requests refused for a full queue or after waiting too long.', 'throttled');
  }

  /** Counts every answered request; call before the routes are registered. */
  register(app) {
    app.addHook('onResponse', (request, reply, done) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_class: `${Math.floor(reply.statusCode / 100)}xx`,
      };
      this.requests.inc(labels);
      this.latency.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  }

  /** The gateway limits whose counters are shown (gateway/limits.mjs, `usageCounters()`). */
  observeGateway(limits) {
    this.#gateways.push(limits);
  }

  /** The group commit counters of `db` (`groupCounters`, SQLite only) are shown when scraped. */
  observeStore(db) {
    const counters = db.groupCounters;
    if (!counters) return;
    const registers = [this.registry];
    const shown = (Type, name, help, field) => new Type({
      name, help, registers,
      collect() {
        if (Type === client.Gauge) this.set(counters[field]);
        else {
          this.reset();
          this.inc(counters[field]);
        }
      },
    });
    shown(client.Counter, 'store_commit_groups_total', 'Transactions that committed grouped writes (creates); one WAL sync may cover several.', 'groups');
    shown(client.Counter, 'store_grouped_writes_total', 'Grouped writes committed or refused in those transactions.', 'writes');
    shown(client.Gauge, 'store_commit_group_largest', 'The most writes one transaction has grouped.', 'largest');
    shown(client.Counter, 'store_wal_syncs_total', 'Syncs of the WAL made by the server after commits (synchronous=FULL with group commit); 0 when SQLite syncs itself.', 'walSyncs');
  }

  /** The text exposition format. */
  async text() {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
