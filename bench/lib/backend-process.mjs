// What the backend benches share: a server process (web/server/main.mjs) on a loopback port,
// autocannon runs against one or several of them at once, and one printed row per run.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts a backend and resolves once it listens. `first`: wait for the admin token line too
 * (the process that creates the database prints it; the others print none).
 * @returns {Promise<{url: string, token?: string, stop: () => Promise<void>}>}
 */
export function startBackend({ dataDir, catalogDir, env = {}, first = false }) {
  const child = spawn(process.execPath, ['web/server/main.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CATALOG_DIR: catalogDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d) => {
      if (out === null) return; // keep draining, unread
      out += d;
      const m = /Listening on (\S+)\n(?:Admin token[^:]*: (\S+)\n)?/.exec(out);
      if (m && (m[2] || !first)) {
        out = null;
        resolve({ url: m[1], token: m[2], stop: () => new Promise((r) => { child.on('exit', r); child.kill('SIGTERM'); }) });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** One autocannon run (`duration` s). */
export function run(url, { connections, duration, headers = {}, requests }) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, headers, requests }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/**
 * autocannon against several servers at once, `connections` spread evenly over them: the
 * summed throughput, and the worst of their latency percentiles (an upper bound of the
 * cluster's: autocannon reports percentiles, not histograms, per run).
 * @returns {Promise<{rps: number, p50: number, p99: number, ok: number, failed: number}>}
 */
export async function runSpread(urls, { connections, duration, headers, requests }) {
  const each = Math.max(1, Math.floor(connections / urls.length));
  const results = await Promise.all(urls.map((url) => run(url, { connections: each, duration, headers, requests })));
  const ok = results.reduce((n, r) => n + r['2xx'], 0);
  return {
    rps: results.reduce((n, r) => n + r['2xx'] / r.duration, 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    ok,
    failed: results.reduce((n, r) => n + r.non2xx + r.errors, 0),
  };
}

/** Prints one row; a run with failed requests stops the bench (its figures would flatter). */
export function row(label, r, { width = 44 } = {}) {
  if (r.failed) throw new Error(`${label}: ${r.failed} requests failed`);
  console.log(`  ${label.padEnd(width)} ${String(Math.round(r.rps)).padStart(6)} req/s   p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(4)} ms`);
  return r;
}
