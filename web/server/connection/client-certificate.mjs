// The client certificate of an instance (PEM certificate + key, or base64 PKCS#12 with a
// passphrase) made ready for mutual TLS, and checked first, so that a wrong passphrase, a
// key that is not the certificate's, or a certificate outside its validity is reported at
// the `certificate` field before anything is saved or sent. Uses OpenSSL through node:crypto
// and node:tls (the WebAssembly core checks only the structure).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import tls from 'node:tls';
import { ConnectionError } from './errors.mjs';

const FIELD = 'certificate';
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

function fail(code, message) {
  return new ConnectionError(code, message, { field: FIELD });
}

const day = (ms) => new Date(ms).toISOString().slice(0, 10);

function checkValidity(notBefore, notAfter, now) {
  if (notAfter < now) throw fail('certificate_expired', `The client certificate expired on ${day(notAfter)}: upload a current one.`);
  if (notBefore > now) throw fail('certificate_not_yet_valid', `The client certificate is valid only from ${day(notBefore)}.`);
}

function fromPem(text, passphrase, now) {
  const blocks = [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1], text: m[0] }));
  const certificates = blocks.filter((b) => /CERTIFICATE$/.test(b.label));
  const keys = blocks.filter((b) => /PRIVATE KEY$/.test(b.label));
  if (certificates.length === 0) throw fail('certificate_invalid', 'No certificate found: the PEM text needs a "BEGIN CERTIFICATE" block.');
  if (keys.length === 0) throw fail('certificate_key_missing', 'No private key found: add the "BEGIN PRIVATE KEY" block of the certificate\'s key, or upload a PKCS#12 file.');
  if (keys.length > 1) throw fail('certificate_invalid', 'More than one private key found: keep only the key of the client certificate.');
  let leaf;
  try {
    leaf = new X509Certificate(certificates[0].text);
  } catch {
    throw fail('certificate_invalid', 'The first certificate block could not be read.');
  }
  const keyText = keys[0].text;
  const encrypted = keys[0].label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(keyText);
  if (encrypted && !passphrase) throw fail('certificate_passphrase_required', 'The private key is encrypted: enter its passphrase.');
  let key;
  try {
    key = createPrivateKey(encrypted ? { key: keyText, format: 'pem', passphrase } : { key: keyText, format: 'pem' });
  } catch (e) {
    if (encrypted) throw fail('certificate_passphrase_wrong', 'The passphrase is wrong: the private key could not be decrypted with it.');
    throw fail('certificate_invalid', `The private key could not be read${e.code ? ` (${e.code})` : ''}.`);
  }
  if (!leaf.checkPrivateKey(key)) {
    throw fail('certificate_key_mismatch', 'The private key does not belong to the certificate: upload the key the certificate was issued for.');
  }
  checkValidity(Date.parse(leaf.validFrom), Date.parse(leaf.validTo), now);
  return {
    format: 'pem',
    tls: { cert: certificates.map((c) => c.text).join('\n'), key: key.export({ format: 'pem', type: 'pkcs8' }) },
    notAfter: Date.parse(leaf.validTo),
    subject: leaf.subject,
  };
}

function fromPkcs12(data, passphrase, now) {
  const compact = data.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw fail('certificate_invalid', 'The certificate is neither PEM text nor a base64-encoded PKCS#12 file.');
  }
  const pfx = Buffer.from(compact, 'base64');
  let context;
  try {
    context = tls.createSecureContext({ pfx, passphrase: passphrase ?? '' });
  } catch (e) {
    const text = `${e.code ?? ''} ${e.message}`;
    if (/mac verify|bad decrypt|BAD_DECRYPT|MAC_VERIFY/i.test(text)) {
      if (!passphrase) throw fail('certificate_passphrase_required', 'The PKCS#12 file is protected: enter its passphrase.');
      throw fail('certificate_passphrase_wrong', 'The passphrase is wrong: the PKCS#12 file could not be opened with it.');
    }
    if (/KEY_VALUES_MISMATCH|key values mismatch/i.test(text)) {
      throw fail('certificate_key_mismatch', 'The private key in the PKCS#12 file does not belong to its certificate.');
    }
    if (/Unable to load private key/i.test(text)) {
      throw fail('certificate_key_missing', 'The PKCS#12 file holds no private key: export it together with the certificate\'s key.');
    }
    if (/unsupported/i.test(text)) {
      throw fail('certificate_unsupported', 'The PKCS#12 file uses a legacy cipher this server does not support: export it again with AES-256 (openssl pkcs12 -export -keypbe AES-256-CBC -certpbe AES-256-CBC).');
    }
    throw fail('certificate_invalid', 'The PKCS#12 file could not be read.');
  }
  // The certificate the context will present, read back through a socket that never connects.
  const socket = new tls.TLSSocket(null, { secureContext: context });
  let certificate;
  try {
    certificate = socket.getCertificate();
  } finally {
    socket.destroy();
  }
  if (!certificate || !certificate.raw) throw fail('certificate_invalid', 'The PKCS#12 file holds no certificate with a private key.');
  const leaf = new X509Certificate(certificate.raw);
  checkValidity(Date.parse(leaf.validFrom), Date.parse(leaf.validTo), now);
  return {
    format: 'pkcs12', tls: { pfx, passphrase: passphrase ?? '' }, notAfter: Date.parse(leaf.validTo), subject: leaf.subject,
  };
}

/**
 * @param {{data: string, passphrase?: string|null}} certificate  as in an instance
 * @param {{now?: number}} [options]
 * @returns {{format: 'pem'|'pkcs12', tls: object, notAfter: number, subject: string}}
 */
export function loadClientCertificate(certificate, { now = Date.now() } = {}) {
  const data = certificate?.data;
  if (typeof data !== 'string' || data.trim() === '') throw fail('certificate_required', 'This connection needs a client certificate: upload one.');
  const passphrase = typeof certificate.passphrase === 'string' && certificate.passphrase !== '' ? certificate.passphrase : null;
  return data.includes('-----BEGIN') ? fromPem(data, passphrase, now) : fromPkcs12(data, passphrase, now);
}
