// A keyed hash of the credentials a test used (auth method, credential values with defaults,
// certificate), to recognise the same credentials later without keeping them: a test run in
// the wizard applies to the instance saved with exactly those values; a stored result stops
// applying when they change. The key is derived from the master key (instance-connections.mjs),
// so every node of a cluster computes the same fingerprint, and a fingerprint (stored only
// hashed again, as part of a pending row's id) is useless to whoever lacks that key.
import { createHmac } from 'node:crypto';
import { blank, credentialValues } from './values.mjs';

/** The purpose the fingerprint key is derived for (crypto.mjs deriveKey). */
export const FINGERPRINT_KEY_PURPOSE = 'credentials-fingerprint/v1';

export function credentialsFingerprint(key, method, instance) {
  const values = credentialValues(method, instance?.credentials ?? {});
  // a blank value is no value (validation stores none): {x: null} and {} are the same credentials
  const canonical = Object.keys(values).sort().filter((k) => !blank(values[k])).map((k) => [k, String(values[k])]);
  const certificate = instance?.certificate?.data ? [instance.certificate.data, instance.certificate.passphrase ?? ''] : null;
  return createHmac('sha256', key).update(JSON.stringify([method.id, canonical, certificate])).digest('hex');
}
