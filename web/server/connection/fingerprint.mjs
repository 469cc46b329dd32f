// A keyed hash of the credentials a test used (auth method, credential values with defaults,
// certificate), to recognise the same credentials later without keeping them: a test run in
// the wizard applies to the instance saved with exactly those values; a stored result stops
// applying when they change. The key is random per process and never leaves memory, so the
// hashes are useless anywhere else (and they are never written to disk).
import { createHmac, randomBytes } from 'node:crypto';
import { blank, credentialValues } from './values.mjs';

const KEY = randomBytes(32);

export function credentialsFingerprint(method, instance) {
  const values = credentialValues(method, instance?.credentials ?? {});
  // a blank value is no value (validation stores none): {x: null} and {} are the same credentials
  const canonical = Object.keys(values).sort().filter((k) => !blank(values[k])).map((k) => [k, String(values[k])]);
  const certificate = instance?.certificate?.data ? [instance.certificate.data, instance.certificate.passphrase ?? ''] : null;
  return createHmac('sha256', KEY).update(JSON.stringify([method.id, canonical, certificate])).digest('hex');
}
