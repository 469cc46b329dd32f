// Validation of an instance on the server (create, update, and the re-check that precedes
// a connection test): the WebAssembly module's validateInstance with the stored names and
// pools, as a 422 whose messages cannot quote a secret that was submitted. Where the module
// could neither confirm nor refuse a certificate's passphrase (a cipher it does not
// implement: `passphraseChecked: false`), OpenSSL tries it here before anything is stored.
import { unprocessable } from './http/errors.mjs';
import { secretScrubber, submittedSecretStrings } from './security/secrets.mjs';
import { loadClientCertificate } from './connection/client-certificate.mjs';
import { ConnectionError } from './connection/errors.mjs';

// What OpenSSL's answer means for the passphrase, as the module's codes.
const PASSPHRASE_REFUSED = { certificate_passphrase_wrong: 'passphrase_incorrect', certificate_passphrase_required: 'passphrase_required' };

/**
 * The module's error for a passphrase OpenSSL refuses, or null; `passphraseChecked` becomes
 * true when OpenSSL opened the certificate with it. Other findings (a key that is not the
 * certificate's, a cipher OpenSSL lacks too) are the connection test's to report.
 */
function hostPassphraseError(validation, certificate, normalised) {
  if (normalised?.passphraseChecked !== false) return null;
  try {
    loadClientCertificate(certificate);
    normalised.passphraseChecked = true;
  } catch (e) {
    const code = e instanceof ConnectionError ? PASSPHRASE_REFUSED[e.code] : undefined;
    if (code) return validation.fieldError('certificate.passphrase', code, { format: normalised.format });
  }
  return null;
}

/**
 * @returns {(input: object, connectorId: string, o?: {exceptId?: string, earlier?: object[]}) => Promise<object>}
 *   the normalised instance, or rejects with a 422 (with `earlier` errors first)
 */
export function instanceValidator({ validation, instances, pools }) {
  return async (input, connectorId, { exceptId, earlier = [] } = {}) => {
    const nameKey = typeof input.name === 'string' ? validation.nameKey(input.name) : null;
    const taken = nameKey === null ? undefined : await instances.nameTaken(connectorId, nameKey, exceptId);
    const result = validation.validateInstance(input, {
      existingNames: taken === undefined ? [] : [taken],
      pools: await pools.list(),
      instances: await instances.limitRefs(connectorId, exceptId, input.sharedLimitOf),
      instanceId: exceptId ?? null,
    });
    const refused = result.valid ? hostPassphraseError(validation, input.certificate, result.instance.certificate) : null;
    if (result.valid && !refused && earlier.length === 0) return result.instance;
    if (refused) result.errors.push(refused);
    const spec = validation.secretSpec(connectorId, input.authMethodId);
    const scrub = secretScrubber(submittedSecretStrings(input, spec), spec.mask);
    const errors = [...earlier, ...result.errors].map((e) => ({ ...e, message: scrub(e.message) }));
    throw unprocessable(validation.toLaravel({ errors, omittedErrors: result.omittedErrors ?? 0 }));
  };
}
