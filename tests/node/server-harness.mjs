// Test harness for the backend: starts the real server (web/server/main.mjs) as a child
// process on a loopback port chosen by the OS, with a temporary data directory, and talks
// to it over HTTP. Records every response body so that a suite can check, at its end, that
// no plaintext secret was ever returned, logged or written to disk.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const created = [];
process.on('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory, removed when the test process exits. */
export function tempDir(prefix = 'ci-server-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/**
 * Starts the server; resolves once it prints its URL. Rejects (with its output) when it
 * exits first, e.g. on a startup error.
 */
export function startServer({ dataDir, env = {} }) {
  const child = spawn(process.execPath, ['web/server/main.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /Listening on (http:\/\/\S+)/.exec(stdout);
      if (!m) return;
      child.stdout.off('data', onData);
      const token = /Admin token[^:]*: (cit_[A-Za-z0-9_-]+)/.exec(stdout);
      resolve({
        url: m[1],
        adminToken: token ? token[1] : null,
        child,
        output: () => stdout + stderr,
        exited,
        /** SIGTERM and wait. */
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
        /** SIGKILL and wait: no shutdown code runs. */
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    exited.then(({ code, signal }) => reject(Object.assign(
      new Error(`server exited (${code ?? signal}) before listening:\n${stdout}${stderr}`),
      { code, stdout, stderr },
    )));
  });
}

/** Runs the server expecting it to fail at start; returns {code, stdout, stderr}. */
export async function startExpectingFailure(options) {
  try {
    const server = await startServer(options);
    await server.stop();
    throw new Error('the server started but was expected to fail');
  } catch (e) {
    if (e.code === undefined) throw e;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs `node web/server/cli.mjs ...args` synchronously. */
export function runCli(args, { dataDir, env = {} }) {
  const r = spawnSync(process.execPath, ['web/server/cli.mjs', ...args], {
    cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, ...env }, encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const responses = [];

/**
 * One HTTP request with node:http (so that Host, Origin and raw bytes can be set freely).
 * `body`: an object (sent as JSON), a string or a Buffer (sent as is). `localAddress`: the
 * client's address (any of 127.0.0.0/8 on loopback), on a connection of its own. `agent`:
 * an http.Agent whose open connections carry the request.
 */
export function request(baseUrl, method, path, { body, headers = {}, token, localAddress, agent } = {}) {
  const url = new URL(baseUrl);
  const h = { ...headers };
  let payload;
  if (body !== undefined) {
    payload = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
    h['content-length'] = String(payload.length);
  }
  if (token) h.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, method, path, headers: h, setHost: !Object.keys(h).some((k) => k.toLowerCase() === 'host'),
      ...(agent ? { agent } : {}),
      ...(localAddress ? { localAddress, agent: false } : {}),
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        responses.push(JSON.stringify(res.headers) + text);
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A client bound to a server and a bearer token: api.get(path), api.post(path, body, opts)... */
export function client(baseUrl, token) {
  const call = (method) => (path, body, opts = {}) => request(baseUrl, method, path, { token, body, ...opts });
  return { get: (path, opts = {}) => request(baseUrl, 'GET', path, { token, ...opts }), post: call('POST'), put: call('PUT'), delete: (path, opts = {}) => request(baseUrl, 'DELETE', path, { token, ...opts }) };
}

/** Every file of the data directory (database, WAL, key file...), as latin1 text. */
function dataFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out.push([name, readFileSync(path)]);
  }
  return out;
}

/**
 * Asserts that none of `secrets` appears in the data directory's files (as UTF-8 bytes),
 * in the server output, or in any response recorded so far.
 */
export function findLeaks(secrets, { dataDirs = [], outputs = [] }) {
  const leaks = [];
  for (const secret of secrets) {
    const needle = Buffer.from(secret, 'utf8');
    for (const dir of dataDirs) {
      for (const [name, bytes] of dataFiles(dir)) if (bytes.includes(needle)) leaks.push(`${secret} in ${name}`);
    }
    for (const [i, out] of outputs.entries()) if (out.includes(secret)) leaks.push(`${secret} in server output #${i}`);
    for (const r of responses) if (r.includes(secret)) leaks.push(`${secret} in a response: ${r.slice(0, 200)}`);
  }
  return leaks;
}

export const FIXTURE_CATALOG = join(ROOT, 'tests/node/fixtures/server-catalog');

/** A valid instance of the fixture catalog's `shop` connector, named `name`. */
export function shopInstanceBody(name, { token = `shpat_${'a'.repeat(32)}` } = {}) {
  return {
    name,
    timeZone: 'Europe/Berlin',
    dateFormat: 'Y-m-d H:i:s',
    rateLimit: { amount: 2, unit: 'second' },
    poolId: null,
    authMethodId: 'access_token',
    credentials: { store_name: 'acme', access_token: token },
    certificate: null,
  };
}

/** Reads an instance's stored secrets straight from the database (as the server would). */
export async function storedSecrets(dataDir, connectorId, id, env = {}) {
  const { openDatabase } = await import('../../web/server/stores/db.mjs');
  const { Keyring, envKeySource, fileKeySource } = await import('../../web/server/security/keyring.mjs');
  const { InstanceStore } = await import('../../web/server/stores/instances-store.mjs');
  const db = await openDatabase({ dataDir, databaseUrl: env.DATABASE_URL ?? null });
  try {
    const source = env.MASTER_KEY ? envKeySource(env.MASTER_KEY) : fileKeySource(dataDir);
    const store = new InstanceStore(db, await new Keyring(db, source).open());
    const row = await store.get(connectorId, id);
    return row ? { ...(await store.readSecrets(row)), keyVersion: row.keyVersion, paths: row.secretPaths } : null;
  } finally {
    await db.close();
  }
}

/**
 * A fresh self-signed certificate + private key (PEM, EC P-256) from the openssl CLI, valid
 * for `days` from now; with `passphrase` the key is encrypted (PKCS#8).
 */
export function makeCertificate(dir, { passphrase = null, days = 30, cn = 'client.test.example' } = {}) {
  const key = join(dir, `key-${Math.random().toString(36).slice(2)}.pem`);
  const cert = `${key}.crt`;
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-keyout', key, '-out', cert,
    '-days', String(days), '-subj', `/CN=${cn}`];
  args.push(...(passphrase ? ['-passout', `pass:${passphrase}`] : ['-nodes']));
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return readFileSync(cert, 'utf8') + readFileSync(key, 'utf8');
}

/** Runs `node web/server/cli.mjs ...args` without blocking the event loop. */
export function runCliAsync(args, { dataDir, env = {}, onLine } = {}) {
  const child = spawn(process.execPath, ['web/server/cli.mjs', ...args], {
    cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    stdout += d;
    if (onLine) for (const line of d.split('\n').filter(Boolean)) onLine(line, child);
  });
  child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  const done = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}
