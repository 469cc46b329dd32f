// A real PostgreSQL 15 for tests, from the Debian package (/usr/lib/postgresql/15/bin):
// a new cluster in a temporary folder owned by the `postgres` user (the server refuses to
// run as root), listening on a free loopback port with its socket in that folder, password
// authentication over TCP. `startPostgres()` resolves to {url, createDatabase(), stop()};
// the cluster is also stopped and removed when the test process exits, whatever happened.
//
// fsync is off unless `durable`: the tests kill server processes, never PostgreSQL itself, and
// on a loaded machine flushing every commit of a throwaway cluster only costs time.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';
const USER = 'postgres';

/** Whether the package is installed (scripts/bootstrap.sh installs `postgresql`). */
export const postgresAvailable = () => existsSync(join(POSTGRES_BIN, 'postgres'));

function asPostgres(command, args) {
  const r = spawnSync('runuser', ['-u', USER, '--', join(POSTGRES_BIN, command), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

function userIds() {
  const r = spawnSync('id', ['-u', USER], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', USER], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) throw new Error(`no "${USER}" user: install the postgresql package (scripts/bootstrap.sh)`);
  return { uid: Number(r.stdout), gid: Number(g.stdout) };
}

/** A loopback port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const running = new Set();
process.on('exit', () => {
  for (const cluster of running) cluster.stopNow();
});

/**
 * @param {{durable?: boolean}} [o]  durable: PostgreSQL's own defaults (fsync, full page writes), for
 *   benchmarks that compare commits with SQLite's synchronous=FULL
 * @returns {Promise<{url: string, port: number, dir: string, createDatabase: (name?: string) => Promise<string>, stop: () => Promise<void>}>}
 *   `url` names the database `connectors`; `createDatabase` makes another one and returns its URL.
 */
export async function startPostgres({ durable = false } = {}) {
  if (!postgresAvailable()) throw new Error(`PostgreSQL 15 is not installed (${POSTGRES_BIN}): run scripts/bootstrap.sh`);
  const { uid, gid } = userIds();
  const dir = mkdtempSync(join(tmpdir(), 'ci-postgres-'));
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  chownSync(pwfile, uid, gid);
  const cluster = {
    stopped: false,
    stopNow() {
      if (this.stopped) return;
      this.stopped = true;
      running.delete(this);
      spawnSync('runuser', ['-u', USER, '--', join(POSTGRES_BIN, 'pg_ctl'), 'stop', '-D', data, '-m', 'immediate', '-w'], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(cluster);
  try {
    asPostgres('initdb', ['-D', data, '-U', USER, '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256',
      '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    rmSync(pwfile);
    // A port taken between freePort() and the start fails the start: try another one.
    let port;
    for (let attempt = 1; ; attempt += 1) {
      port = await freePort();
      const flushing = durable ? '' : ' -c fsync=off -c full_page_writes=off';
      const options = `-p ${port} -k ${dir} -h 127.0.0.1${flushing} -c max_connections=200`;
      try {
        asPostgres('pg_ctl', ['start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options]);
        break;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
    const base = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    const createDatabase = async (name = `db_${randomBytes(6).toString('hex')}`) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      return `${base}/${name}`;
    };
    const url = await createDatabase('connectors');
    return {
      url,
      port,
      dir,
      createDatabase,
      async stop() {
        await admin.end().catch(() => {});
        cluster.stopNow();
      },
    };
  } catch (e) {
    cluster.stopNow();
    throw e;
  }
}
