// Type-checks the scheduler's declarations (wasm/js/schedule.d.ts) as a consumer uses them.
import { load, SchedulerError } from 'connector-instances';
import type { Client, LimitStats, RateLimit, Scheduler, SchedulerClock } from 'connector-instances';

async function main(): Promise<void> {
  const m = await load();
  const clock: SchedulerClock = { now: () => 0, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) };
  const scheduler: Scheduler = m.createScheduler({ clock });
  const rate: RateLimit = { amount: 20, unit: 'second' };
  scheduler.defineLimit('acct', rate);
  scheduler.definePool('p1', { limit: 5, timeout: 30 });
  const n: number = await scheduler.schedule({ limitKey: 'acct', poolId: 'p1', signal: new AbortController().signal },
    ({ startedAt }) => startedAt + 1);
  const s: string = await scheduler.schedule(async () => 'x');
  const client: Client = m.createClient({
    instance: { connectorId: 'shopify', name: 'EU store', rateLimit: rate, poolId: 'p1' },
    pool: { id: 'p1', limit: 5, timeout: 30 },
    fetch: (input, init) => fetch(input, init),
    scheduler,
    maxRetries: 1,
  });
  const response = await client.fetch('https://example.com', { method: 'GET' });
  const status: number = response.status;
  const stats: LimitStats = client.stats();
  const wait: number | null = m.retryAfterMs('120');
  const err = new SchedulerError('pool_timeout', 'x');
  void [n, s, status, stats.nextStartAt, wait, err.code, scheduler.stats().queued];
}
void main;
