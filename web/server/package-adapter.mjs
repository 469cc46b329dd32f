// The one adapter between the backend and the WebAssembly package (dist/): the catalog,
// instance and pool validation, Laravel rendering of errors, field errors with the module's
// messages, the facts the backend needs from connector definitions (which credentials are
// secret, the mask, how names compare) and the parts of their templates; time zones and the
// scheduler for the request gateway.
// Nothing else in web/server imports the package.
import { load } from '../../dist/index.mjs';

// Loaded once, when this file is first imported: everything on it is synchronous after that.
const module = await load();
for (const fn of ['loadCatalog', 'validateInstance', 'validatePool', 'toLaravel', 'fieldError', 'templateParts']) {
  if (typeof module[fn] !== 'function') {
    throw new Error(`the WebAssembly package in dist/ has no ${fn}(): rebuild it (bash scripts/build.sh)`);
  }
}

/**
 * A template of a connector definition split by the module's grammar:
 * [{literal} | {variable}]; throws the module's CatalogError `invalid_template` when malformed.
 * @param {string} text
 * @returns {({literal: string} | {variable: string})[]}
 */
export const templateParts = (text) => module.templateParts(text);

const poolOf = ({ id, name, limit, timeout }) => ({ id, name, limit, timeout });

// Validator codes that say a value has the wrong type or unusable characters, or that a
// credential is not one of the method's.
const SHAPE_CODES = new Set(['invalid_type', 'invalid_utf8', 'invalid_characters', 'unknown_auth_method', 'unknown_field', 'duplicate_field']);

/** A definition/pool problem ({pointer, code, message, params}) as a field error. */
function problemToFieldError(problem, fallbackField) {
  const field = problem.pointer ? problem.pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.') : fallbackField;
  return { field: field || fallbackField, code: problem.code, message: problem.message, params: problem.params ?? {} };
}

/**
 * @param {{files: {file: string, text: string}[]}} o  from catalog-loader.mjs
 */
export async function createValidation({ files }) {
  const m = module;

  // Load; bad definitions are skipped by the module. If none loads, serve an empty catalog
  // (and report why) rather than refuse to start.
  let catalog;
  let rawProblems;
  try {
    catalog = m.loadCatalog(files.map((f) => f.text));
    rawProblems = catalog.problems;
  } catch (e) {
    if (e.code !== 'invalid_catalog') throw e;
    catalog = m.loadCatalog([]);
    rawProblems = e.details?.problems ?? [];
  }
  const byIndex = new Map();
  for (const p of rawProblems) {
    const entry = byIndex.get(p.index) ?? { file: files[p.index]?.file, connectorId: p.id ?? undefined, errors: [] };
    entry.errors.push(`${p.pointer || '/'}: ${p.message}`);
    byIndex.set(p.index, entry);
  }
  const problems = [...byIndex.values()];

  const connectors = catalog.connectors();
  const known = new Set(connectors.map((c) => c.id));
  const definitions = new Map();

  // Secret credentials per (connector, auth method): the module's rule (a key secret in any
  // method is secret in all; no method named: the connector's default method).
  const specs = new Map();
  const secretSpec = (connectorId, authMethodId) => {
    const cacheKey = typeof authMethodId === 'string' || authMethodId === undefined || authMethodId === null
      ? `${typeof connectorId === 'string' ? connectorId : ''}\u0000${authMethodId ?? ''}` : null;
    let spec = cacheKey === null ? undefined : specs.get(cacheKey);
    if (spec) return spec;
    const fields = known.has(connectorId) ? catalog.secretFields(connectorId, authMethodId) : null;
    const variables = fields?.credentials ?? [];
    const secretPaths = new Set(fields?.secretPaths ?? []);
    const canonical = new Map(variables.filter((v) => v.alias).map((v) => [v.alias, v.key]));
    spec = {
      mask: m.secretMask,
      declared: variables.map((v) => v.key),
      variables,
      isSecret: (name) => secretPaths.has(`credentials.${name}`),
      canonical: (name) => canonical.get(name) ?? name,
    };
    if (cacheKey !== null && typeof connectorId === 'string' && connectorId.length <= 256 && (authMethodId ?? '').length <= 256) specs.set(cacheKey, spec);
    return spec;
  };

  const validateInstance = (instance, { existingNames = [], pools = [], instances = [], instanceId = null } = {}) => m.validateInstance(catalog, instance, {
    existingNames, pools: pools.map(poolOf), instances, instanceId, now: Date.now(),
  });

  /** The validator's own error for `field` when the context is set up to produce it. */
  const errorFrom = (instance, context, field, fallback) => validateInstance(instance, context).errors.find((e) => e.field === field) ?? fallback;

  return {
    problems,
    connectors: () => connectors,
    /** The full definition (cached: the catalog does not change while the server runs). */
    connector(id) {
      if (!known.has(id)) return null;
      if (!definitions.has(id)) definitions.set(id, catalog.connector(id));
      return definitions.get(id);
    },
    validateInstance,
    validatePool(pool) {
      const result = m.validatePool(pool);
      return { valid: result.valid, pool: result.pool, errors: (result.problems ?? []).map((p) => problemToFieldError(p, 'pool')) };
    },
    /** Field errors (or `{errors, omittedErrors}`) as Laravel's 422 body. */
    toLaravel: (errors) => m.toLaravel(errors),
    /**
     * The validator's errors about the types of unsaved credentials: the method, credentials
     * and certificate of a connection test or a "Connect" must still be the method's
     * credentials, text where text goes, without control characters. Other rules are the
     * instance's, at save time.
     */
    unsavedShapeErrors(connectorId, unsaved) {
      const result = validateInstance({ connectorId, ...unsaved });
      return result.errors.filter((e) => SHAPE_CODES.has(e.code) && /^(authMethodId|credentials|certificate)(\.|$)/.test(e.field));
    },
    secretSpec,
    /**
     * The name as stored for the UNIQUE constraint: the module's own key (trimmed and
     * case-folded exactly as the validator compares names), so the database and the
     * validator always agree on which names collide.
     */
    nameKey: (name) => m.instanceNameKey(name) ?? name,
    /** The method an instance naming none uses (the connector's only one), or null. */
    defaultAuthMethod: (connectorId) => (known.has(connectorId) ? catalog.defaultAuthMethod(connectorId) : null),
    /** A field error with the module's message for `code`. */
    fieldError: (field, code, params = {}) => m.fieldError(field, code, params),
    /** What reads show in place of a stored secret (and updates take back as "keep it"). */
    mask: m.secretMask,
    nameTakenError: (instance) => errorFrom(instance, { existingNames: [instance.name] }, 'name', m.fieldError('name', 'taken')),
    poolMissingError: (instance) => errorFrom(instance, { pools: [] }, 'poolId', m.fieldError('poolId', 'unknown_pool')),
    limitOwnerMissingError: (instance) => m.fieldError('sharedLimitOf', 'unknown_instance', { value: instance?.sharedLimitOf ?? '' }),
    connectorMismatchError: (connectorId) => m.fieldError('connectorId', 'connector_mismatch', { connectorId }),
    poolIdTakenError: (id) => m.fieldError('id', 'taken', { id }),
    poolIdChangedError: () => m.fieldError('id', 'immutable', { of: 'a pool' }),
    /** Time zones and date formats (filter windows of the gateway). */
    time: m.time,
    /** A scheduler of rate limits and pools (the gateway keeps one). */
    createScheduler: () => m.createScheduler(),
    /** Retry-After (seconds or an HTTP date) -> milliseconds, or null. */
    retryAfterMs: (value) => m.retryAfterMs(value),
  };
}
