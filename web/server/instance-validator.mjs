// Validation of an instance on the server (create, update, and the re-check that precedes
// a connection test): the WebAssembly module's validateInstance with the stored names and
// pools, as a 422 whose messages cannot quote a secret that was submitted.
import { unprocessable } from './http/errors.mjs';
import { secretScrubber, submittedSecretStrings } from './security/secrets.mjs';

/**
 * @returns {(input: object, connectorId: string, o?: {exceptId?: string, earlier?: object[]}) => object}
 *   the normalised instance, or throws a 422 (with `earlier` errors first)
 */
export function instanceValidator({ validation, instances, pools }) {
  return (input, connectorId, { exceptId, earlier = [] } = {}) => {
    const nameKey = typeof input.name === 'string' ? validation.nameKey(input.name) : null;
    const taken = nameKey === null ? undefined : instances.nameTaken(connectorId, nameKey, exceptId);
    const result = validation.validateInstance(input, {
      existingNames: taken === undefined ? [] : [taken],
      pools: pools.list(),
    });
    if (result.valid && earlier.length === 0) return result.instance;
    const spec = validation.secretSpec(connectorId, input.authMethodId);
    const scrub = secretScrubber(submittedSecretStrings(input, spec), spec.mask);
    const errors = [...earlier, ...result.errors].map((e) => ({ ...e, message: scrub(e.message) }));
    throw unprocessable(validation.toLaravel({ errors, omittedErrors: result.omittedErrors ?? 0 }));
  };
}
