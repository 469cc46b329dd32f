// A node stopping under gateway load, and the gateway's metrics: the real backend as a child
// process with the fake vendor of helpers/gateway-stack.mjs. SIGTERM while a proxied request
// waits for a slow upstream answer and another one waits for its rate limit: the running one
// gets its upstream answer, the queued one a 503 shutting_down with Retry-After, new
// connections are refused, requests arriving on connections opened before the signal are
// served with Connection: close (readiness says 503 shutting_down; a new gateway request is
// refused like the queued one), and the process exits 0. With a short
// SHUTDOWN_TIMEOUT_MS a request that does not finish is cut and the process still exits 0.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { findLeaks, request, runCli, startServer } from './server-harness.mjs';
import { parseExposition, valueOf } from './helpers/prometheus.mjs';
import { VENDOR_TOKEN, sleep, startGatewayStack } from './helpers/gateway-stack.mjs';

const METRICS_TOKEN = randomBytes(32).toString('hex');

/** @type {Awaited<ReturnType<typeof startGatewayStack>>} */
let s;
const outputs = []; // of the servers started besides the stack's

before(async () => {
  s = await startGatewayStack({ env: { METRICS_TOKEN, SHUTDOWN_TIMEOUT_MS: '120000' } });
});

after(async () => {
  await s?.stop();
  s?.removeData();
});

const tokenInstance = (name, tenant, settings = {}) => s.createInstance('gw-token', {
  name, authMethodId: 'header', credentials: { tenant, access_token: VENDOR_TOKEN }, ...settings,
});

/** A promise with its resolve function. */
function deferred() {
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  return { promise, resolve };
}

async function scrape(base = s.server.url) {
  const res = await request(base, 'GET', '/metrics', { token: METRICS_TOKEN });
  assert.equal(res.status, 200, res.text);
  return { text: res.text, ...parseExposition(res.text) };
}

/** Polls until `fn()` is true (the gateway's counters change when its event loop gets there). */
async function until(fn, what) {
  for (let i = 0; i < 1000; i += 1) {
    if (await fn()) return;
    await sleep(10);
  }
  assert.fail(`never: ${what}`);
}

/**
 * A connection with a request whose head is sent but for its last line break: the server has
 * accepted it and is reading a request on it. `finish()` sends the rest; resolves with the
 * parsed answer (one answer: the server closes the connection after it while it drains).
 */
async function openPartialRequest(base, path, headers = {}) {
  const url = new URL(base);
  const socket = net.connect(Number(url.port), url.hostname);
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  const chunks = [];
  const ended = new Promise((resolve, reject) => {
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', resolve);
    socket.on('error', reject);
  });
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}`);
  return {
    async finish() {
      socket.write('\r\n');
      await ended;
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head, body] = raw.split('\r\n\r\n');
      const [statusLine, ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      return { status: Number(statusLine.split(' ')[1]), headers, json: JSON.parse(body) };
    },
  };
}

/** Resolves with the error code of a new connection to `base`, or 'connected'. */
function connectOutcome(base) {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.once('connect', () => { socket.destroy(); resolve('connected'); });
    socket.once('error', (e) => resolve(e.code));
  });
}

describe('gateway metrics', () => {
  test('queue depth, in flight, sent and throttled per limit key, read when scraped; no name, token or path in them', async () => {
    const name = `Metrics store ${randomBytes(4).toString('hex')}`;
    const id = await tokenInstance(name, 'metrics');
    const slowId = await tokenInstance(`${name} slow`, 'metricsslow', { rateLimit: { amount: 1, unit: 'hour' } });
    const key = `instance:${id}`;
    const slowKey = `instance:${slowId}`;
    const secretPath = `orders/ord-${randomBytes(6).toString('hex')}`;
    const secretQuery = `q${randomBytes(6).toString('hex')}`;
    const before = await scrape();
    for (let i = 0; i < 3; i += 1) {
      const r = await s.call('GET', s.proxy(id, `${secretPath}?page=${i}&search=${secretQuery}`));
      assert.equal(r.status, 200, r.text);
    }
    // the slow instance: one sent, then one throttled at once, then one left waiting
    assert.equal((await s.call('GET', s.proxy(slowId, 'first'))).status, 200);
    const refused = await s.call('GET', s.proxy(slowId, 'second'), { headers: { 'x-queue-timeout': '0' } });
    assert.equal(refused.status, 503, refused.text);
    const gone = new AbortController();
    const waiting = s.call('GET', s.proxy(slowId, 'third'), { signal: gone.signal }).catch((e) => e);
    await until(async () => (await s.usage(slowId)).queued === 1, 'the third request queued');
    const during = await scrape();
    gone.abort();
    await waiting;
    await until(async () => (await s.usage(slowId)).queued === 0, 'the third request left the queue');
    const after = await scrape();

    const proxyRoute = { method: 'GET', route: '/api/instances/:id/proxy/*', status_class: '2xx' };
    assert.equal(valueOf(after, 'http_requests_total', proxyRoute) - valueOf(before, 'http_requests_total', proxyRoute), 4);
    assert.equal(after.types.get('gateway_requests_sent_total'), 'counter');
    assert.equal(after.types.get('gateway_queue_depth'), 'gauge');
    assert.equal(valueOf(after, 'gateway_requests_sent_total', { limit_key: key }), 3);
    assert.equal(valueOf(after, 'gateway_requests_sent_total', { limit_key: slowKey }), 1);
    assert.equal(valueOf(after, 'gateway_requests_throttled_total', { limit_key: slowKey }), 1);
    assert.equal(valueOf(after, 'gateway_requests_throttled_total', { limit_key: key }), 0);
    assert.equal(valueOf(during, 'gateway_queue_depth', { limit_key: slowKey }), 1);
    assert.equal(valueOf(after, 'gateway_queue_depth', { limit_key: slowKey }), 0);
    assert.equal(valueOf(after, 'gateway_in_flight', { limit_key: key }), 0);
    // the same figures as the usage endpoint
    const usage = await s.usage(slowId);
    assert.equal(usage.sentTotal, 1);
    assert.equal(usage.throttled, 1);

    // ids only inside limit_key labels; no name, path, query, token
    const withoutKeys = after.text.replaceAll(`limit_key="${key}"`, '').replaceAll(`limit_key="${slowKey}"`, '');
    for (const secret of [id, slowId, name, 'Metrics store', secretPath, secretQuery, VENDOR_TOKEN, METRICS_TOKEN, s.adminToken, 'metricsslow']) {
      assert.ok(!withoutKeys.includes(secret), `the metrics contain ${secret}`);
    }
    for (const sample of after.samples.filter((x) => x.labels.limit_key)) assert.match(sample.labels.limit_key, /^instance:[0-9a-f-]{36}$/);
  });

  test('a proxy token reads no metrics', async () => {
    const made = runCli(['create-token', 'gw-ops-proxy', '--proxy'], { dataDir: s.dataDir, env: s.env });
    assert.equal(made.code, 0, made.stderr);
    const proxyToken = /(cit_[A-Za-z0-9_-]+)/.exec(made.stdout)[1];
    const res = await request(s.server.url, 'GET', '/metrics', { token: proxyToken });
    assert.equal(res.status, 403);
    assert.equal(res.json.code, 'token_scope');
    assert.equal((await request(s.server.url, 'GET', '/metrics')).status, 401);
  });
});

describe('a stop under load (SIGTERM)', () => {
  test('the running request gets its upstream answer, the queued one 503 shutting_down, new connections are refused, exit 0', async () => {
    const id = await tokenInstance('Drain store', 'drain', { rateLimit: { amount: 1, unit: 'hour' } });
    const arrived = deferred();
    const release = deferred();
    const off = s.vendor.use((e) => e.path === '/token/drain/slow', async ({ answer }) => {
      arrived.resolve();
      await release.promise;
      answer(202, { 'content-type': 'application/json' }, '{"slow":"done"}');
    });
    try {
      const base = s.server.url;
      assert.equal((await request(base, 'GET', '/api/ready')).status, 200);
      // requests that cross the signal: their connections are open, their heads not complete
      const auth = { authorization: `Bearer ${s.adminToken}` };
      const ready = await openPartialRequest(base, '/api/ready');
      const pools = await openPartialRequest(base, '/api/pools', auth);
      const lateProxy = await openPartialRequest(base, s.proxy(id, 'late'), auth);
      const running = s.call('GET', s.proxy(id, 'slow'));
      await arrived.promise;
      const queued = s.call('GET', s.proxy(id, 'queued'));
      await until(async () => (await s.usage(id)).queued === 1, 'the second request queued');
      assert.equal(s.vendor.of('drain').length, 1);

      s.server.child.kill('SIGTERM');
      const refused = await queued;
      assert.equal(refused.status, 503, refused.text);
      assert.equal(refused.json.code, 'shutting_down');
      assert.equal(refused.headers['retry-after'], '1');
      assert.equal(refused.headers.connection, 'close');
      // the listener closed before the queue was answered
      assert.equal(await connectOutcome(base), 'ECONNREFUSED');
      const readyAnswer = await ready.finish();
      assert.equal(readyAnswer.status, 503);
      assert.deepEqual(readyAnswer.json, { message: 'This server is shutting down.', code: 'shutting_down', checks: [] });
      assert.equal(readyAnswer.headers.connection, 'close');
      assert.equal(readyAnswer.headers['cache-control'], 'no-store');
      // served, and the connection closed after the answer
      const poolsAnswer = await pools.finish();
      assert.equal(poolsAnswer.status, 200);
      assert.ok(Array.isArray(poolsAnswer.json.data));
      assert.equal(poolsAnswer.headers.connection, 'close');
      const lateAnswer = await lateProxy.finish();
      assert.equal(lateAnswer.status, 503);
      assert.equal(lateAnswer.json.code, 'shutting_down');
      assert.equal(lateAnswer.headers['retry-after'], '1');
      assert.equal(lateAnswer.headers.connection, 'close');
      assert.ok(lateAnswer.headers['content-security-policy']);
      assert.equal(s.server.child.exitCode, null, 'still running while the upstream answer is pending');

      release.resolve();
      const answer = await running;
      assert.equal(answer.status, 202, answer.text);
      assert.deepEqual(answer.json, { slow: 'done' });
      const { code, signal } = await s.server.exited;
      assert.equal(signal, null);
      assert.equal(code, 0, s.server.output());
      assert.equal(s.vendor.of('drain').length, 1, 'the queued request was never sent');
      const out = s.server.output();
      assert.match(out, /"signal":"SIGTERM".*shutting down/);
      assert.match(out, /"msg":"drained: no request is running"/);
      assert.doesNotMatch(out, /shutdown timeout/);
    } finally {
      release.resolve();
      off();
    }
  });

  test('a request still running at SHUTDOWN_TIMEOUT_MS is cut; the process exits 0 and says how many', async () => {
    const server = await startServer({ dataDir: s.dataDir, env: { ...s.env, SHUTDOWN_TIMEOUT_MS: '1000', GATEWAY_TIMEOUT_MS: '120000' } });
    outputs.push(server.output);
    const created = await request(server.url, 'POST', '/api/connectors/gw-token/instances', {
      token: s.adminToken,
      body: {
        name: 'Cut store', timeZone: 'UTC', dateFormat: 'Y-m-d H:i:s', rateLimit: { amount: 1000, unit: 'second' }, poolId: null,
        authMethodId: 'header', credentials: { tenant: 'cut', access_token: VENDOR_TOKEN }, certificate: null,
      },
    });
    assert.equal(created.status, 201, created.text);
    const { id } = created.json;
    const arrived = deferred();
    const release = deferred();
    const off = s.vendor.use((e) => e.path === '/token/cut/never', async ({ answer }) => {
      arrived.resolve();
      await release.promise;
      answer(200, { 'content-type': 'text/plain' }, 'too late');
    });
    try {
      const running = request(server.url, 'GET', s.proxy(id, 'never'), { token: s.adminToken }).then((r) => r, (e) => e);
      await arrived.promise;
      server.child.kill('SIGTERM');
      const { code, signal } = await server.exited;
      assert.equal(signal, null);
      assert.equal(code, 0, server.output());
      const outcome = await running;
      assert.ok(outcome instanceof Error, `the cut request got an answer: ${outcome.status}`);
      assert.match(outcome.code, /^(ECONNRESET|ERR_STREAM_PREMATURE_CLOSE)$|socket hang up/, String(outcome.code));
      assert.match(server.output(), /"cut":1,"timeoutMs":1000,"msg":"shutdown timeout: requests still running were cut/);
    } finally {
      release.resolve();
      off();
      await server.stop();
    }
  });

  test('no secret in the outputs of these servers', () => {
    assert.deepEqual(findLeaks([VENDOR_TOKEN, METRICS_TOKEN], { outputs: [...s.outputs(), ...outputs.map((o) => o())] }), []);
  });
});
