// Certificates for the connection tests, made at test time with the openssl CLI in a
// temporary folder: a test CA, a server certificate for 127.0.0.1/localhost, client
// certificates (valid, expired, in an encrypted PEM and in a PKCS#12 with a passphrase), a
// key that belongs to no certificate, and a self-signed server certificate nobody trusts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function openssl(args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export const P12_PASSPHRASE = 'p12-pass-Xq7!';
export const PEM_PASSPHRASE = 'pem-pass-Zr4#';

/** Makes everything in a fresh temp folder; `cleanup()` removes it. */
export function makePki() {
  const dir = mkdtempSync(join(tmpdir(), 'connect-pki-'));
  const file = (name) => join(dir, name);
  const read = (name) => readFileSync(file(name), 'utf8');

  // CA
  openssl(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3', '-subj', '/CN=Connect Test CA'], dir);
  // server certificate for the loopback names
  writeFileSync(file('server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl(['req', ...EC, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server.pem'], dir);
  // client certificate
  writeFileSync(file('client.ext'), 'extendedKeyUsage=clientAuth\n');
  openssl(['req', ...EC, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=connect-test-client'], dir);
  openssl(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'client.ext', '-out', 'client.pem'], dir);
  // the same key, encrypted with a passphrase
  openssl(['pkey', '-in', 'client.key', '-aes256', '-passout', `pass:${PEM_PASSPHRASE}`, '-out', 'client-encrypted.key'], dir);
  // PKCS#12 with a passphrase (OpenSSL 3 default: AES-256-CBC, PBKDF2)
  openssl(['pkcs12', '-export', '-in', 'client.pem', '-inkey', 'client.key', '-passout', `pass:${P12_PASSPHRASE}`, '-out', 'client.p12'], dir);
  // a key that belongs to no certificate here
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', 'stray.key'], dir);
  // an expired client certificate, signed by the CA (openssl ca takes explicit dates)
  mkdirSync(file('newcerts'));
  writeFileSync(file('index.txt'), '');
  writeFileSync(file('serial.txt'), '1000\n');
  writeFileSync(file('ca.cnf'), [
    '[ca]', 'default_ca = test_ca', '[test_ca]', `dir = ${dir}`, 'database = $dir/index.txt',
    'new_certs_dir = $dir/newcerts', 'serial = $dir/serial.txt', 'default_md = sha256',
    'policy = any', 'unique_subject = no', '[any]', 'commonName = supplied', '',
  ].join('\n'));
  openssl(['req', ...EC, '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=connect-expired-client'], dir);
  openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'expired.csr', '-out', 'expired.pem',
    '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-notext'], dir);
  // a self-signed server certificate that no test trusts
  openssl(['req', '-x509', ...EC, '-keyout', 'selfsigned.key', '-out', 'selfsigned.pem', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], dir);

  return {
    dir,
    ca: read('ca.pem'),
    server: { cert: read('server.pem'), key: read('server.key') },
    selfSigned: { cert: read('selfsigned.pem'), key: read('selfsigned.key') },
    client: { cert: read('client.pem'), key: read('client.key'), encryptedKey: read('client-encrypted.key') },
    clientP12Base64: readFileSync(file('client.p12')).toString('base64'),
    strayKey: read('stray.key'),
    expired: { cert: read('expired.pem'), key: read('expired.key') },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
