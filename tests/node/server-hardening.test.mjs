// Limits that keep one client from wearing the server down, against the real server
// (web/server/main.mjs as a child process) started with small limits:
//  - connection time limits: a client that sends nothing, sends its headers or its body
//    slowly, or idles on a kept-alive connection is disconnected (408 where nothing was
//    written yet), seen from raw sockets.
// No assertion is about how long something took: the limits are small and every wait has a
// generous outer bound.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { client, findLeaks, startServer, tempDir } from './server-harness.mjs';
import { ConfigError, loadConfig } from '../../web/server/config.mjs';

const LIMITS = {
  HEADERS_TIMEOUT_MS: '1000',
  REQUEST_TIMEOUT_MS: '2000',
  KEEP_ALIVE_TIMEOUT_MS: '1000',
};
// Far above the limits (1-2 s, checked every second), far below the 30-60 s of before.
const OUTER_LIMIT_MS = 12_000;

let server;
let api;
let dataDir;

before(async () => {
  dataDir = tempDir('ci-hardening-');
  server = await startServer({ dataDir, env: LIMITS });
  api = client(server.url, server.adminToken);
});

after(async () => {
  await server?.stop();
  // the admin token is printed once, at the first start; never after that
  const logs = server?.output().replace(`Admin token (shown only this once; only its hash is stored): ${server.adminToken}`, '') ?? '';
  const leaks = findLeaks([server.adminToken], { outputs: [logs] });
  assert.deepEqual(leaks, [], 'a token showed up in the server output');
});

// --- connection time limits, with raw sockets ------------------------------------------------

/**
 * Opens a raw connection to the server, lets `drive(socket)` write (it may return a stop
 * function), and resolves with everything the server sent once it closes the connection.
 * Fails when the connection is still open after OUTER_LIMIT_MS.
 */
function rawConnection(drive) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    let received = '';
    let stop = () => {};
    const limit = setTimeout(() => {
      stop();
      socket.destroy();
      reject(new Error(`the connection was still open after ${OUTER_LIMIT_MS} ms; received: ${JSON.stringify(received.slice(0, 300))}`));
    }, OUTER_LIMIT_MS);
    socket.setEncoding('utf8');
    socket.on('data', (d) => { received += d; });
    socket.on('error', () => {}); // writing after the server closed: EPIPE
    socket.on('close', () => {
      clearTimeout(limit);
      stop();
      resolve(received);
    });
    socket.on('connect', () => { stop = drive(socket) ?? stop; });
  });
}

/** Writes `text` one character every `everyMs`; `done()` tells whether all of it was sent. */
function trickle(socket, text, everyMs = 100) {
  let i = 0;
  const timer = setInterval(() => {
    if (i >= text.length || socket.destroyed) {
      clearInterval(timer);
      return;
    }
    socket.write(text[i]);
    i += 1;
  }, everyMs);
  const stop = () => clearInterval(timer);
  stop.done = () => i >= text.length;
  return stop;
}

/** The answers in what a socket received: [{status, headers, body}]. */
function answers(received) {
  const out = [];
  let rest = received;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length'] ?? 0);
    const body = rest.slice(end + 4, end + 4 + length);
    out.push({ status: Number(statusLine.split(' ')[1]), headers, body });
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

const host = () => new URL(server.url).host;

function assertTimeoutAnswer(received, what) {
  const [answer, ...more] = answers(received);
  assert.ok(answer, `${what}: no answer before the close (${JSON.stringify(received)})`);
  assert.equal(more.length, 0);
  assert.equal(answer.status, 408, what);
  assert.deepEqual(JSON.parse(answer.body), { message: 'The request did not arrive in time.', code: 'request_timeout' });
  assert.equal(answer.headers.connection, 'close');
  assert.equal(answer.headers['cache-control'], 'no-store');
  assert.equal(answer.headers['x-content-type-options'], 'nosniff');
  assert.match(answer.headers['content-security-policy'], /default-src 'none'/);
}

describe('connection time limits (headers 1 s, request 2 s, keep-alive 1 s)', () => {
  test('a connection that sends nothing is closed with 408', async () => {
    assertTimeoutAnswer(await rawConnection(() => {}), 'idle');
  });

  test('headers sent byte by byte: closed with 408 before they are complete', async () => {
    let sender;
    const received = await rawConnection((socket) => {
      sender = trickle(socket, `GET /api/health HTTP/1.1\r\nHost: ${host()}\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`);
      return sender;
    });
    assert.equal(sender.done(), false, 'the server did not wait for the whole headers');
    assertTimeoutAnswer(received, 'slow headers');
  });

  test('a body sent slowly: closed with 408 before it is complete', async () => {
    let sender;
    const body = JSON.stringify({ name: 'slow', pad: 'x'.repeat(300) });
    const received = await rawConnection((socket) => {
      socket.write(`POST /api/pools HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${server.adminToken}\r\n`
        + `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
      sender = trickle(socket, body);
      return sender;
    });
    assert.equal(sender.done(), false, 'the server did not wait for the whole body');
    assertTimeoutAnswer(received, 'slow body');
    assert.equal((await api.get('/api/pools')).json.data.some((p) => p.name === 'slow'), false);
  });

  test('a kept-alive connection is closed once idle, and a slow second request closes it without a 408', async () => {
    const idle = await rawConnection((socket) => {
      socket.write(`GET /api/health HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
    });
    const [answer, ...more] = answers(idle);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['keep-alive'], 'timeout=1');
    assert.equal(more.length, 0);

    let sender;
    const slowSecond = await rawConnection((socket) => {
      socket.write(`GET /api/health HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
      socket.once('data', () => {
        sender = trickle(socket, `GET /api/health HTTP/1.1\r\nHost: ${host()}\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`);
      });
      return () => sender?.();
    });
    assert.equal(sender.done(), false);
    assert.deepEqual(answers(slowSecond).map((a) => a.status), [200], 'the first answer only: Node sends no 408 on a used connection');
  });

  test('a request within the limits is answered as before; the limits are checked at start', async () => {
    assert.equal((await api.get('/api/health')).status, 200);
    assert.deepEqual(loadConfig({}).timeouts, { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 5000 });
    assert.equal(loadConfig({ REQUEST_TIMEOUT_MS: '5000' }).timeouts.headersMs, 5000, 'headers default to at most the request limit');
    for (const [env, message] of [
      [{ HEADERS_TIMEOUT_MS: '40000' }, /^HEADERS_TIMEOUT_MS \(40000\) must not be larger than REQUEST_TIMEOUT_MS \(30000\)$/],
      [{ REQUEST_TIMEOUT_MS: '500' }, /REQUEST_TIMEOUT_MS must be between 1000 and 600000/],
      [{ KEEP_ALIVE_TIMEOUT_MS: 'soon' }, /KEEP_ALIVE_TIMEOUT_MS must be a whole number/],
    ]) assert.throws(() => loadConfig(env), (e) => e instanceof ConfigError && message.test(e.message), JSON.stringify(env));
  });
});
