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
  // what fetch resolves to: a Response, with .ok and .json()
  const ok: boolean = response.ok;
  const body: Promise<unknown> = response.json();
  const plain = m.createClient({ instance: { id: 'i1', rateLimit: rate } });
  const res: Response = await plain.fetch('https://example.com');
  // a custom fetch's answer type carries through
  const custom = m.createClient({ instance: { id: 'i2' }, fetch: async () => ({ status: 204, headers: new Headers(), extra: 1 }) });
  const extra: number = (await custom.fetch('x')).extra;
  void [ok, body, res, extra];
  const stats: LimitStats = client.stats();
  const wait: number | null = m.retryAfterMs('120');
  const err = new SchedulerError('pool_timeout', 'x');
  void [n, s, status, stats.nextStartAt, wait, err.code, scheduler.stats().queued];
}
void main;
