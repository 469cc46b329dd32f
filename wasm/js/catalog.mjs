// The catalog and validation facade: load connector definitions and pools, list
// them, validate instances, render errors as Laravel's 422 body. Plain objects in and out;
// failures are typed errors with a stable `code`.
import { ArgumentError, CatalogError, ValidationError } from './errors.mjs';
import { toJson, unwrap } from './boundary.mjs';
import { ILL_FORMED_MARKER, SECRET_MASK } from './constants.mjs';
import { catalogCalls } from './module-calls.mjs';

// A JS string with a lone surrogate cannot cross as JSON text (the core would reject the
// whole document); it crosses as the core's marker {[ILL_FORMED_MARKER]: true} and the
// core reports `invalid_utf8` for that one field (core/values/text_input.h).
const MAX_DEPTH = 32;

const isWellFormed = typeof String.prototype.isWellFormed === 'function'
  ? (s) => s.isWellFormed()
  : (s) => !/[\uD800-\uDFFF]/u.test(s);
const toWellFormed = typeof String.prototype.toWellFormed === 'function'
  ? (s) => s.toWellFormed()
  : (s) => s.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// A copy of user input where ill-formed strings become markers (keys: made well-formed).
function markIllFormed(value, depth = 0) {
  if (typeof value === 'string') return isWellFormed(value) ? value : { [ILL_FORMED_MARKER]: true };
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (typeof value.toJSON === 'function') return value;  // Date & co: as JSON.stringify would
  if (Array.isArray(value)) return value.map((v) => markIllFormed(v, depth + 1));
  const out = {};
  for (const [k, v] of Object.entries(value)) out[toWellFormed(k)] = markIllFormed(v, depth + 1);
  return out;
}

// The JSON text of user input, with markIllFormed's markers where it has lone surrogates.
// JSON.stringify writes a lone surrogate, and nothing else, as a \udXXX escape (a pair is
// written as is, a backslash as \\): text without such an escape needs no copy, which is
// the usual case. A false alarm (a user's literal "\ud800") only takes the copying path.
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f]/i;
function markedJson(value, what) {
  if (typeof value === 'string') return toJson(markIllFormed(value), what);
  const text = toJson(value, what);
  // a plain search first (JSON.stringify writes every escape as a lowercase \u): most texts end there
  return text.includes('\\u') && LONE_SURROGATE_ESCAPE.test(text) ? toJson(markIllFormed(value), what) : text;
}

// Definitions/pools given as JSON text stay text (the core then also finds duplicate keys).
function definitionsJson(definitions) {
  if (typeof definitions === 'string') return definitions;
  if (Array.isArray(definitions) || isPlainObject(definitions)) {
    return markedJson(definitions, 'definitions');
  }
  throw new ArgumentError('invalid_argument',
    'definitions must be an array (of definition objects or JSON texts), one object, or JSON text');
}

function nowOf(value) {
  if (value === undefined) return Date.now();
  if (value === null) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new ArgumentError('invalid_argument', 'now must be epoch milliseconds, a Date or null');
}

/**
 * The key two instance names of one connector collide on: the core's (trimmed, case-folded
 * exactly as validation compares them, core/validation/name_key.h); null for a string that
 * is not well-formed UTF-16. Also the name part of a client's default limit key.
 */
export function instanceNameKey(raw, name) {
  if (typeof name !== 'string') throw new ArgumentError('invalid_argument', 'the name must be a string', { field: 'name' });
  if (toWellFormed(name) !== name) return null;
  return raw.instanceNameKey(name);
}

/**
 * @param calls the module's text calls (module-calls.mjs)
 * @param exports the instance's exports
 */
export function catalogApi(calls, exports) {
  const raw = catalogCalls(calls);
  const validateInMemory = exports.core_validate_instance;
  // A forgotten catalog is freed when its JS object is collected; dispose() frees it now.
  const finalizer = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((handle) => raw.catalogDispose(handle))
    : null;

  class Catalog {
    static name = 'Catalog';  // its name in the minified bundles too
    #handle;
    /** Problems of definitions and pools that were skipped ({source, index, id, pointer, code, message}). */
    problems;

    constructor(handle, problems) {
      this.#handle = handle;
      this.problems = problems;
      finalizer?.register(this, handle, this);
    }

    #live() {
      if (this.#handle === null) throw new ArgumentError('catalog_disposed', 'this catalog was disposed');
      return this.#handle;
    }

    /** @internal the handle for validateInstance */
    static handleOf(catalog) {
      if (!(catalog instanceof Catalog)) {
        throw new ArgumentError('invalid_argument', 'expected a Catalog from loadCatalog()');
      }
      return catalog.#live();
    }

    get disposed() { return this.#handle === null; }

    /** Connector summaries (auth methods without their variables). */
    connectors() { return unwrap(raw.catalogConnectors(this.#live())); }

    /** The full definition, or null. */
    connector(id) { return unwrap(raw.catalogConnector(this.#live(), idArgument(id, 'connector id'))); }

    /** The connector's auth methods with their variables, or null for an unknown connector. */
    authMethods(connectorId) {
      return unwrap(raw.catalogAuthMethods(this.#live(), idArgument(connectorId, 'connector id')));
    }

    pools() { return unwrap(raw.catalogPools(this.#live())); }

    /**
     * The method an instance of this connector uses when it names none (its only method),
     * or null (several methods, or an unknown connector).
     */
    defaultAuthMethod(connectorId) {
      return unwrap(raw.catalogDefaultAuthMethod(this.#live(), idArgument(connectorId, 'connector id')));
    }

    /**
     * Which values are secret for `authMethodId` (undefined or null: the default method;
     * anything but a method id names none): {authMethodId, credentials: [{key, alias}],
     * paths, secretPaths}, or null for an unknown connector. A key secret in any method is
     * secret in every method; aliases name their key; the certificate and its passphrase are
     * secret.
     */
    secretFields(connectorId, authMethodId = null) {
      let id = authMethodId ?? null;
      // a value that is not a well-formed string names no method (bodies are not trusted)
      if (id !== null && (typeof id !== 'string' || !isWellFormed(id))) id = false;
      return unwrap(raw.catalogSecretFields(this.#live(), idArgument(connectorId, 'connector id'), JSON.stringify(id)));
    }

    /** Frees the catalog's memory in the module; later calls throw `catalog_disposed`. */
    dispose() {
      if (this.#handle === null) return;
      raw.catalogDispose(this.#handle);
      finalizer?.unregister(this);
      this.#handle = null;
    }
  }
  if (typeof Symbol.dispose === 'symbol') Catalog.prototype[Symbol.dispose] = Catalog.prototype.dispose;

  function idArgument(id, what) {
    if (typeof id !== 'string') throw new ArgumentError('invalid_argument', `${what} must be a string`);
    return id;
  }

  function loadCatalog(definitions, options = {}) {
    if (!isPlainObject(options)) throw new ArgumentError('invalid_argument', 'options must be an object');
    const pools = options.pools ?? null;
    if (pools !== null && !Array.isArray(pools)) {
      throw new ArgumentError('invalid_argument', 'options.pools must be an array');
    }
    const answer = unwrap(
      raw.catalogLoad(definitionsJson(definitions), markedJson({ pools }, 'options')),
      CatalogError,
    );
    return new Catalog(answer.handle, answer.problems);
  }

  function validateInstance(catalog, instance, context = {}) {
    const handle = Catalog.handleOf(catalog);
    if (!isPlainObject(instance)) {
      throw new ArgumentError('invalid_argument', 'the instance must be a plain object');
    }
    if (!isPlainObject(context)) throw new ArgumentError('invalid_argument', 'context must be an object');
    const { existingNames = [], pools = null } = context;
    if (!Array.isArray(existingNames)) {
      throw new ArgumentError('invalid_argument', 'existingNames must be an array of strings');
    }
    // Members left at their defaults stay out of the text (JSON.stringify drops undefined):
    // the module then has less to read.
    const ctx = {
      existingNames: existingNames.length ? existingNames : undefined,
      pools: pools ?? undefined,
      instances: context.instances ?? undefined,
      instanceId: context.instanceId ?? undefined,
      now: nowOf(context.now),
    };
    const [instanceBytes, contextBytes] = calls.write([markedJson(instance, 'instance'), markedJson(ctx, 'context')]);
    return unwrap(calls.read(validateInMemory(handle, instanceBytes, contextBytes)));
  }

  /** Throws ValidationError (details.errors, details.body) when the instance is invalid. */
  function assertValidInstance(catalog, instance, context = {}) {
    const result = validateInstance(catalog, instance, context);
    if (!result.valid) {
      const body = toLaravel(result.errors);
      throw new ValidationError('invalid_instance', body.message, { errors: result.errors, body });
    }
    return result;
  }

  function toLaravel(errors) {
    const result = isPlainObject(errors) && Array.isArray(errors.errors) ? errors : null;
    const list = result ? result.errors : errors;
    if (!Array.isArray(list)) {
      throw new ArgumentError('invalid_argument', 'expected an array of field errors or a validation result');
    }
    const argument = result ? { errors: list, omittedErrors: result.omittedErrors ?? 0 } : list;
    return unwrap(raw.toLaravel(markedJson(argument, 'errors')));
  }

  function validateConnectorDefinition(definition) {
    if (typeof definition !== 'string' && !isPlainObject(definition)) {
      throw new ArgumentError('invalid_argument', 'the definition must be an object or JSON text');
    }
    const text = typeof definition === 'string' ? definition : markedJson(definition, 'definition');
    return unwrap(raw.validateConnectorDefinition(text));
  }

  function validatePool(pool) {
    if (typeof pool !== 'string' && !isPlainObject(pool)) {
      throw new ArgumentError('invalid_argument', 'the pool must be an object or JSON text');
    }
    const text = typeof pool === 'string' ? pool : markedJson(pool, 'pool');
    return unwrap(raw.validatePool(text));
  }

  /**
   * A template of a connector definition split by the core's grammar:
   * [{literal: text} | {variable: key}]. Throws CatalogError `invalid_template`
   * (details.reason: 'unclosed' | 'unopened' | 'invalid_key') for a malformed template.
   */
  function templateParts(text) {
    if (typeof text !== 'string') throw new ArgumentError('invalid_argument', 'the template must be a string');
    if (!isWellFormed(text)) throw new ArgumentError('invalid_argument', 'the template must be well-formed text (no lone surrogate)');
    return unwrap(raw.templateParts(text), CatalogError);
  }

  /**
   * A field error with the core's message for `code` ({field, code, message, params}): the
   * same wording validation uses, for errors a host finds itself (a name taken in a race,
   * a member the body should not have).
   */
  function fieldError(field, code, params = {}) {
    if (typeof field !== 'string' || typeof code !== 'string') {
      throw new ArgumentError('invalid_argument', 'field and code must be strings');
    }
    if (!isPlainObject(params)) throw new ArgumentError('invalid_argument', 'params must be an object');
    return unwrap(raw.fieldError(toWellFormed(field), toWellFormed(code), markedJson(params, 'params')));
  }

  return {
    /** What is shown in place of a secret that has a value, and taken back as "keep it". */
    secretMask: SECRET_MASK,
    fieldError,
    loadCatalog,
    validateInstance,
    instanceNameKey: (name) => instanceNameKey(raw, name),
    assertValidInstance,
    toLaravel,
    validateConnectorDefinition,
    validatePool,
    templateParts,
  };
}
