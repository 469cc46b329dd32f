// A real redis-server (Debian package) for tests: on a free loopback port, its files in a
// mkdtemp folder, no persistence unless asked. `stop()` kills it, `restart()` starts it again on
// the same port (with persistence off, the data are gone: a restart as after a crash);
// `kill()` and `start()` do the same in two steps; `freeze()`/`thaw()` make it hang. Every
// server this module started is killed when the test process exits, whatever happened.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = '/usr/bin/redis-server';

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A port the OS just handed out on 127.0.0.1 (closed again). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function launch(port, dir, persist) {
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no',
    '--appendonly', persist ? 'yes' : 'no', ...(persist ? ['--appendfsync', 'always'] : []),
    '--protected-mode', 'yes', '--loglevel', 'warning', '--maxmemory-policy', 'noeviction',
  ];
  const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d) => { output += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { output += d; });
  running.add(child);
  const exited = new Promise((resolve) => child.on('exit', () => { running.delete(child); resolve(); }));
  return { child, exited, output: () => output };
}

/** Resolves once the server answers PING on `port`; rejects after `ms`. */
async function answering(port, proc, ms = 10_000) {
  const until = Date.now() + ms;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`redis-server exited: ${proc.output()}`);
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let got = '';
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (d) => { got += d; if (got.includes('\r\n')) { socket.destroy(); resolve(got.startsWith('+PONG')); } });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis-server did not answer on ${port}: ${proc.output()}`);
    await new Promise((resolve) => { setTimeout(resolve, 20); });
  }
}

/**
 * Starts redis-server. `persist`: an append-only file fsynced on every write, so a restart
 * keeps the data.
 * @returns {Promise<{url: string, port: number, stop: () => Promise<void>, restart: () => Promise<void>,
 *   kill: () => Promise<void>, start: () => Promise<void>, freeze: () => void, thaw: () => void}>}
 */
export async function startRedis({ persist = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ci-redis-'));
  const port = await freePort();
  let proc = launch(port, dir, persist);
  await answering(port, proc);
  const kill = async () => {
    proc.child.kill('SIGCONT');
    if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
    await proc.exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    /** Kills the server (no shutdown save) and removes its folder. */
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
    /** Kills it and starts it again on the same port and folder. */
    async restart() {
      await kill();
      proc = launch(port, dir, persist);
      await answering(port, proc);
    },
    /** Stops the process (SIGSTOP): connections stay open, nothing is answered. */
    freeze: () => { proc.child.kill('SIGSTOP'); },
    /** Lets a frozen process go on (SIGCONT). */
    thaw: () => { proc.child.kill('SIGCONT'); },
    /** Kills it without starting it again (`start()` does). */
    kill,
    async start() {
      proc = launch(port, dir, persist);
      await answering(port, proc);
    },
  };
}
