// Mutual TLS against a real HTTPS server on 127.0.0.1 that requires a client certificate
// issued by a test CA. Certificates are made with the openssl CLI when the suite starts.
// Covers: PEM certificate+key, encrypted PEM key, PKCS#12 with passphrase, and each failure
// reported at the `certificate` field before anything is sent (wrong passphrase, key that
// is not the certificate's, expired certificate), plus the server-side TLS failures (no
// client certificate, untrusted self-signed server).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck } from '../../web/server/connection/check.mjs';
import { loadClientCertificate } from '../../web/server/connection/client-certificate.mjs';
import { makePki, P12_PASSPHRASE, PEM_PASSPHRASE } from './helpers/connect-pki.mjs';
import { json, startServer } from './helpers/connect-servers.mjs';

let pki;
let bank;        // requires a client certificate from the test CA
let selfSigned;  // a server whose certificate nobody trusts

before(async () => {
  pki = makePki();
  const handler = (req, res) => {
    const peer = req.socket.getPeerCertificate();
    if (!req.socket.authorized) return json(res, 403, { error: 'client certificate not authorised' });
    return req.headers.authorization === 'Bearer static-token-1' ? json(res, 200, { cn: peer.subject.CN }) : json(res, 401, {});
  };
  bank = await startServer(handler, { tls: { ...pki.server, ca: pki.ca, requestCert: true, rejectUnauthorized: true } });
  selfSigned = await startServer(handler, { tls: { ...pki.selfSigned } });
});
after(async () => {
  await Promise.all([bank?.close(), selfSigned?.close()]);
  pki?.cleanup();
});

const method = (url) => ({
  id: 'mtls', type: 'token', certificate: 'required',
  variables: [{ key: 'access_token', secret: true }],
  token: { value: '{{access_token}}', header: 'Authorization', scheme: 'Bearer' },
  check: { url: `${url}/accounts` },
});
const credentials = { access_token: 'static-token-1' };
const pem = (cert, key) => `${cert}\n${key}`;
const check = (certificate, url = bank.url) => runCheck({ method: method(url), credentials, certificate, ca: pki.ca });

function assertCertificateError(result, code, pattern) {
  assert.equal(result.status, 'failed');
  assert.equal(result.code, code, result.message);
  assert.equal(result.field, 'certificate');
  assert.match(result.message, pattern);
}

describe('client certificate accepted', () => {
  test('PEM certificate and key', async () => {
    const r = await check({ data: pem(pki.client.cert, pki.client.key) });
    assert.equal(r.status, 'ok', r.message);
    assert.equal(bank.requests.at(-1).peerCertificate.subject.CN, 'connect-test-client');
  });

  test('PEM with an encrypted key and its passphrase', async () => {
    const r = await check({ data: pem(pki.client.cert, pki.client.encryptedKey), passphrase: PEM_PASSPHRASE });
    assert.equal(r.status, 'ok', r.message);
  });

  test('PKCS#12 (base64) with its passphrase', async () => {
    const r = await check({ data: pki.clientP12Base64, passphrase: P12_PASSPHRASE });
    assert.equal(r.status, 'ok', r.message);
    assert.equal(bank.requests.at(-1).peerCertificate.subject.CN, 'connect-test-client');
  });
});

describe('certificate problems, reported at the certificate field before sending', () => {
  test('wrong PKCS#12 passphrase', async () => {
    const before = bank.requests.length;
    const r = await check({ data: pki.clientP12Base64, passphrase: 'not-the-passphrase' });
    assertCertificateError(r, 'certificate_passphrase_wrong', /passphrase is wrong/);
    assert.ok(!JSON.stringify(r).includes('not-the-passphrase'));
    assert.equal(bank.requests.length, before);
  });

  test('PKCS#12 without a passphrase', async () => {
    assertCertificateError(await check({ data: pki.clientP12Base64 }), 'certificate_passphrase_required', /enter its passphrase/);
  });

  test('wrong passphrase of an encrypted PEM key', async () => {
    assertCertificateError(await check({ data: pem(pki.client.cert, pki.client.encryptedKey), passphrase: 'wrong' }), 'certificate_passphrase_wrong', /passphrase is wrong/);
  });

  test('a key that does not match the certificate', async () => {
    assertCertificateError(await check({ data: pem(pki.client.cert, pki.strayKey) }), 'certificate_key_mismatch', /does not belong to the certificate/);
  });

  test('an expired certificate', async () => {
    assertCertificateError(await check({ data: pem(pki.expired.cert, pki.expired.key) }), 'certificate_expired', /expired on 2020-01-02/);
  });

  test('a certificate without its key, and none at all for a method that requires one', async () => {
    assertCertificateError(await check({ data: pki.client.cert }), 'certificate_key_missing', /No private key/);
    assertCertificateError(await check(null), 'certificate_required', /needs a client certificate/);
  });

  test('the same checks are available on their own (for validation before saving)', () => {
    const ok = loadClientCertificate({ data: pki.clientP12Base64, passphrase: P12_PASSPHRASE });
    assert.equal(ok.format, 'pkcs12');
    assert.match(ok.subject, /CN=connect-test-client/);
    // validity is judged at the given time: the expired certificate was valid on 2020-01-01
    const then = loadClientCertificate({ data: pem(pki.expired.cert, pki.expired.key) }, { now: Date.UTC(2020, 0, 1, 12) });
    assert.equal(then.notAfter, Date.UTC(2020, 0, 2));
  });
});

describe('TLS failures at the server', () => {
  test('no client certificate: the server ends the handshake, reported as a TLS error', async () => {
    const r = await runCheck({ method: { ...method(bank.url), certificate: 'optional' }, credentials, ca: pki.ca });
    assert.equal(r.status, 'failed');
    assert.ok(['tls_error', 'connection_reset'].includes(r.code), `${r.code}: ${r.message}`);
    assert.match(r.message, /client certificate/);
  });

  test('a self-signed server certificate is not trusted', async () => {
    const r = await check({ data: pem(pki.client.cert, pki.client.key) }, selfSigned.url);
    assert.equal(r.code, 'tls_error');
    assert.match(r.message, /^TLS error: the certificate of 127\.0\.0\.1:\d+ is not trusted because it is self-signed\.$/);
    assert.equal(selfSigned.requests.length, 0);
  });
});
