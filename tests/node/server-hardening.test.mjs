// Limits that keep one client from wearing the server down, against the real server
// (web/server/main.mjs as a child process) started with small limits, and the pieces
// themselves with a fake clock:
//  - sign-in throttling per client address: wrong tokens answered 401, then 429 with a
//    Retry-After that doubles up to a cap; a valid token always accepted (also from a
//    throttled address); bearer tokens not affected; refusals logged at a bounded rate;
//    the state bounded in addresses and age;
//  - connection time limits: a client that sends nothing, sends its headers or its body
//    slowly, or idles on a kept-alive connection is disconnected (408 where nothing was
//    written yet), seen from raw sockets;
//  - pending OAuth authorisations capped per API token, so that one token cannot block
//    Connect for the others; the global cap stays.
// No assertion is about how long something took: the limits are small and every wait has a
// generous outer bound.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { client, findLeaks, request, runCli, startServer, tempDir } from './server-harness.mjs';
import { LogBudget, SignInThrottle, addressKey } from '../../web/server/security/sign-in-throttle.mjs';
import { AuthorizationFlows } from '../../web/server/connection/authorization-flow.mjs';
import { openPendingStore } from './helpers/pending-store.mjs';
import { ConfigError, loadConfig } from '../../web/server/config.mjs';

const LIMITS = {
  SIGN_IN_FREE_FAILURES: '3',
  SIGN_IN_DELAY_MS: '20',
  SIGN_IN_MAX_DELAY_MS: '80',
  HEADERS_TIMEOUT_MS: '1000',
  REQUEST_TIMEOUT_MS: '2000',
  KEEP_ALIVE_TIMEOUT_MS: '1000',
};
// Far above the limits (1-2 s, checked every second), far below the 30-60 s of before.
const OUTER_LIMIT_MS = 12_000;

let server;
let api;
let dataDir;
let startedAt;
const wrongTokens = [];
const wrongToken = () => {
  const token = `cit_${randomBytes(32).toString('base64url')}`;
  wrongTokens.push(token);
  return token;
};

before(async () => {
  dataDir = tempDir('ci-hardening-');
  const catalogDir = join(tempDir('ci-hardening-catalog-'), 'catalog');
  mkdirSync(catalogDir);
  writeFileSync(join(catalogDir, 'loop-oauth.json'), JSON.stringify({
    id: 'loop-oauth', name: 'Loop OAuth', version: '1.0.0', systemType: 'test', protocol: 'rest',
    authMethods: [{
      id: 'web', name: 'Authorization code', type: 'oauth2_authorization_code',
      variables: [{ key: 'client_id', label: 'Client ID', required: true }, { key: 'client_secret', label: 'Client secret', type: 'secret', required: true }],
      // never contacted: these tests only start authorisations
      oauth2: { authorizeUrl: 'https://auth.example.com/authorize', tokenUrl: 'http://127.0.0.1:9/token' },
      check: { url: 'http://127.0.0.1:9/me' },
    }],
  }));
  startedAt = Date.now();
  server = await startServer({ dataDir, env: { CATALOG_DIR: catalogDir, ...LIMITS } });
  api = client(server.url, server.adminToken);
});

after(async () => {
  await server?.stop();
  // the admin token is printed once, at the first start; never after that
  const logs = server?.output().replace(`Admin token (shown only this once; only its hash is stored): ${server.adminToken}`, '') ?? '';
  const leaks = findLeaks([server.adminToken, ...wrongTokens], { outputs: [logs] });
  assert.deepEqual(leaks, [], 'a token showed up in the server output');
});

const signIn = (token, { localAddress, headers } = {}) => request(server.url, 'POST', '/api/session', { body: { token }, localAddress, headers });

// --- sign-in throttling: the rules, with a fake clock ---------------------------------------

function fakeClock(start = 1_000_000) {
  let t = start;
  const now = () => t;
  now.advance = (ms) => { t += ms; };
  return now;
}

describe('sign-in throttle (fake clock)', () => {
  test('after the free failures, each wrong token locks the address for a delay doubling up to the cap', () => {
    const now = fakeClock();
    const throttle = new SignInThrottle({ now }); // the documented defaults: 5 free, 1 s, cap 30 s
    for (let i = 1; i <= 5; i += 1) assert.deepEqual(throttle.failed('203.0.113.7'), { throttled: false, failures: i });
    // A client that sends its next wrong token as soon as it has the answer: each answer is
    // held until the lock of the one before ends.
    const waits = [];
    const retryAfter = [];
    for (let i = 0; i < 8; i += 1) {
      const d = throttle.failed('203.0.113.7');
      assert.equal(d.throttled, true);
      waits.push(d.waitMs);
      now.advance(d.waitMs);
      retryAfter.push(throttle.retryAfterSeconds(d));
    }
    assert.deepEqual(waits, [0, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    assert.deepEqual(retryAfter, [1, 2, 4, 8, 16, 30, 30, 30]);
  });

  test('a client that waits as Retry-After says is never held', () => {
    const now = fakeClock();
    const throttle = new SignInThrottle({ now, freeFailures: 1 });
    throttle.failed('198.51.100.1');
    const retryAfter = [];
    for (let i = 0; i < 6; i += 1) {
      const d = throttle.failed('198.51.100.1');
      assert.equal(d.waitMs, 0);
      retryAfter.push(throttle.retryAfterSeconds(d));
      now.advance(retryAfter.at(-1) * 1000);
    }
    assert.deepEqual(retryAfter, [1, 2, 4, 8, 16, 30]);
  });

  test('a burst of wrong tokens is held at most one cap each, and locks at most two caps ahead', () => {
    const now = fakeClock();
    const throttle = new SignInThrottle({ now, freeFailures: 0, delayMs: 1000, maxDelayMs: 30_000 });
    const decisions = Array.from({ length: 100 }, () => throttle.failed('192.0.2.9'));
    assert.ok(decisions.every((d) => d.throttled && d.waitMs <= 30_000 && d.lockedUntil <= now() + 60_000));
    assert.deepEqual(decisions.slice(0, 7).map((d) => d.waitMs), [0, 1000, 3000, 7000, 15000, 30000, 30000]);
  });

  test('addresses are counted apart; IPv4-mapped is IPv4; IPv6 counts per /64', () => {
    const throttle = new SignInThrottle({ now: fakeClock(), freeFailures: 2 });
    throttle.failed('192.0.2.1');
    throttle.failed('::ffff:192.0.2.1');
    assert.equal(throttle.failed('192.0.2.1').throttled, true);
    assert.equal(throttle.failed('192.0.2.2').throttled, false, 'another address has its own count');
    throttle.failed('2001:db8:1:2::1');
    throttle.failed('2001:db8:1:2:ffff::99');
    assert.equal(throttle.failed('2001:db8:1:2:aaaa:bbbb:cccc:dddd').throttled, true, 'same /64');
    assert.equal(throttle.failed('2001:db8:1:3::1').throttled, false, 'another /64');
    assert.equal(addressKey('::ffff:7f00:1'), '127.0.0.1');
    assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(addressKey('2001:DB8::1'), '2001:db8:0:0::/64');
  });

  test('the state is bounded: entries expire, the number of addresses is capped, held answers too', async () => {
    const now = fakeClock();
    const throttle = new SignInThrottle({ now, freeFailures: 1, maxAddresses: 50, forgetAfterMs: 60_000, maxHeld: 2 });
    for (let i = 0; i < 500; i += 1) throttle.failed(`10.0.${i >> 8}.${i & 255}`);
    assert.equal(throttle.size, 50);
    assert.equal(throttle.failed('10.0.1.243').throttled, true, 'the most recent addresses are kept');
    assert.equal(throttle.failed('10.0.0.0').throttled, false, 'the oldest were dropped');
    now.advance(60_000);
    assert.equal(throttle.size, 0, 'forgotten a while after the last failure');
    assert.equal(throttle.failed('10.0.1.243').throttled, false);

    const first = throttle.hold(60_000);
    const second = throttle.hold(60_000);
    assert.equal(await throttle.hold(60_000), false, 'beyond maxHeld: answered at once');
    assert.equal(throttle.held, 2);
    throttle.close();
    assert.deepEqual(await Promise.all([first, second]), [false, false], 'closing sends held answers');
    assert.equal(throttle.held, 0);
  });

  test('refusal log lines: a few per window, the rest counted in one summary', () => {
    const now = fakeClock();
    const summaries = [];
    const budget = new LogBudget({ perWindow: 3, windowMs: 60_000, now, onSummary: (count) => summaries.push(count) });
    const allowed = Array.from({ length: 1000 }, () => budget.allow()).filter(Boolean).length;
    assert.equal(allowed, 3);
    now.advance(60_000);
    assert.equal(budget.allow(), true, 'a new window');
    assert.deepEqual(summaries, [997]);
    budget.allow();
    budget.allow();
    budget.allow();
    budget.close();
    assert.deepEqual(summaries, [997, 1]);
  });

  test('the knobs are checked at start', () => {
    assert.deepEqual(loadConfig({}).signIn, { freeFailures: 5, delayMs: 1000, maxDelayMs: 30_000 });
    assert.equal(loadConfig({ SIGN_IN_DELAY_MS: '45000' }).signIn.maxDelayMs, 45_000, 'the cap is never below the delay');
    for (const [env, message] of [
      [{ SIGN_IN_FREE_FAILURES: '-1' }, /SIGN_IN_FREE_FAILURES must be a whole number/],
      [{ SIGN_IN_DELAY_MS: '0' }, /SIGN_IN_DELAY_MS must be between 1 and 60000/],
      [{ SIGN_IN_DELAY_MS: '5000', SIGN_IN_MAX_DELAY_MS: '1000' }, /SIGN_IN_MAX_DELAY_MS must be between 5000 and 60000/],
      [{ SIGN_IN_MAX_DELAY_MS: '600000' }, /SIGN_IN_MAX_DELAY_MS must be between 1000 and 60000/],
    ]) assert.throws(() => loadConfig(env), (e) => e instanceof ConfigError && message.test(e.message), JSON.stringify(env));
  });
});

// --- sign-in throttling through the server ---------------------------------------------------

describe('sign-in throttling (server)', () => {
  test('wrong tokens: 401, then 429 with Retry-After; a valid token is still accepted from that address', async () => {
    const from = '127.0.0.11';
    for (let i = 0; i < 3; i += 1) {
      const res = await signIn(wrongToken(), { localAddress: from });
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, { message: 'The token is not valid.', code: 'invalid_token' });
    }
    for (let i = 0; i < 4; i += 1) {
      const res = await signIn(wrongToken(), { localAddress: from });
      assert.equal(res.status, 429);
      assert.equal(res.json.code, 'sign_in_throttled');
      assert.match(res.json.message, /^The token is not valid, and too many wrong tokens came from this address: wait 1 s/);
      assert.equal(res.headers['retry-after'], '1');
      assert.equal(res.headers['set-cookie'], undefined);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.ok(res.headers['content-security-policy']);
    }
    assert.equal((await signIn(42, { localAddress: from })).status, 429, 'a token that is not a string is a wrong token too');

    const ok = await signIn(server.adminToken, { localAddress: from });
    assert.equal(ok.status, 200, 'a valid token is accepted during the lock');
    assert.match(ok.headers['set-cookie'][0], /^cis_session=[A-Za-z0-9_-]{43}; /);
    assert.equal((await signIn(wrongToken(), { localAddress: from })).status, 429, 'a success does not reset the count of the address');
  });

  test('another address has its own count; bearer tokens are not throttled', async () => {
    const attacker = '127.0.0.12';
    for (let i = 0; i < 5; i += 1) await signIn(wrongToken(), { localAddress: attacker });
    assert.equal((await signIn(wrongToken(), { localAddress: attacker })).status, 429);
    assert.equal((await signIn(wrongToken(), { localAddress: '127.0.0.13' })).status, 401);
    assert.equal((await signIn(server.adminToken, { localAddress: '127.0.0.13' })).status, 200);

    const bearer = await request(server.url, 'GET', '/api/session', { token: server.adminToken, localAddress: attacker });
    assert.equal(bearer.status, 200, 'an API call with a valid bearer token from the throttled address');
    const wrongBearer = await request(server.url, 'GET', '/api/session', { token: wrongToken(), localAddress: attacker });
    assert.equal(wrongBearer.status, 401);
    assert.equal(wrongBearer.json.code, 'unauthenticated');
  });

  test('a burst of wrong tokens: all answered, 401 then 429; a few log lines, never a token', async () => {
    const from = '127.0.0.14';
    const before = (server.output().match(/sign-in refused/g) ?? []).length;
    const answers = await Promise.all(Array.from({ length: 300 }, () => signIn(wrongToken(), { localAddress: from })));
    const count = (status) => answers.filter((r) => r.status === status).length;
    assert.equal(count(401), 3);
    assert.equal(count(429), 297);
    assert.ok(answers.filter((r) => r.status === 429).every((r) => Number(r.headers['retry-after']) >= 1));
    // A valid token in the middle of a burst goes through.
    const [, valid] = await Promise.all([
      Promise.all(Array.from({ length: 50 }, () => signIn(wrongToken(), { localAddress: from }))),
      signIn(server.adminToken, { localAddress: from }),
    ]);
    assert.equal(valid.status, 200);

    // At most 10 lines a minute, and one summary line a minute for the rest.
    const lines = (server.output().match(/sign-in refused/g) ?? []).length - before;
    const windows = Math.ceil((Date.now() - startedAt) / 60_000) + 1;
    assert.ok(lines <= 11 * windows, `${lines} log lines for 350 refusals`);
    assert.match(server.output(), /"ip":"127\.0\.0\.1[1-4]"/, 'refusals name the client address');
  });
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

// --- pending OAuth authorisations --------------------------------------------------------------

const connect = (caller, opts = {}) => caller.post('/api/oauth/start',
  { connectorId: 'loop-oauth', authMethodId: 'web', credentials: { client_id: 'c1', client_secret: 'hardening-client-secret' } }, opts);

describe('pending OAuth authorisations', () => {
  test('one token at its cap (20) gets 429 too_many_flows_for_token; another token can still Connect', async () => {
    const made = runCli(['create-token', 'second'], { dataDir });
    assert.equal(made.code, 0, made.stderr);
    const second = client(server.url, /: (cit_\S+)/.exec(made.stdout)[1]);

    for (let i = 0; i < 20; i += 1) {
      const res = await connect(api);
      assert.equal(res.status, 200, res.text);
    }
    const refused = await connect(api);
    assert.equal(refused.status, 429);
    assert.equal(refused.json.code, 'too_many_flows_for_token');
    assert.match(refused.json.message, /^This token has 20 authorisations in progress/);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 600, `Retry-After ${refused.headers['retry-after']}`);

    // The page's session counts as its token.
    const signedIn = await signIn(server.adminToken);
    const cookie = signedIn.headers['set-cookie'][0].split(';')[0];
    const viaSession = await request(server.url, 'POST', '/api/oauth/start', {
      body: { connectorId: 'loop-oauth', authMethodId: 'web', credentials: { client_id: 'c1', client_secret: 's' } }, headers: { cookie, origin: server.url },
    });
    assert.equal(viaSession.status, 429);

    const other = await connect(second);
    assert.equal(other.status, 200, other.text);
    assert.match(other.json.authorizeUrl, /^https:\/\/auth\.example\.com\/authorize\?/);
  });

  test('the caps, with a fake clock: per owner first, the global cap as the last resort, both freed by expiry', async (t) => {
    const now = fakeClock();
    const store = await openPendingStore({ now });
    t.after(() => store.close());
    const flows = new AuthorizationFlows({ pending: store.pending, ttlMs: 60_000, maxPending: 5, maxPendingPerOwner: 2 });
    const method = {
      id: 'web', type: 'oauth2_authorization_code', variables: [{ key: 'client_id', label: 'Client ID' }],
      oauth2: { authorizeUrl: 'https://auth.example.com/authorize', tokenUrl: 'https://auth.example.com/token' },
    };
    const start = (owner) => flows.start({ method, values: { client_id: 'c1' }, redirectUri: 'http://127.0.0.1:9/oauth/callback', owner });
    await start('a');
    now.advance(10_000);
    await start('a');
    await assert.rejects(start('a'), (e) => e.code === 'too_many_flows_for_token' && e.retryAfterMs === 50_000);
    await start('b');
    await start('b');
    await start('c');
    await assert.rejects(start('d'), (e) => e.code === 'too_many_flows' && e.retryAfterMs === 50_000, 'the global cap');
    await assert.rejects(start('c'), { code: 'too_many_flows' });
    now.advance(50_000);
    await start('a'); // a's first expired
    assert.equal(await flows.size(), 5);
  });
});
