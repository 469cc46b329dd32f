// The add-instance wizard: the JS face of core/wizard. Every rule lives in the
// core; this file turns plain objects into JSON and back, and typed errors out of error
// answers. A wizard is a handle in the module: dispose() frees it (a forgotten one is
// freed when its JS object is collected).
import { ArgumentError, WizardError } from './errors.mjs';
import { toJson, unwrap } from './boundary.mjs';

const isWellFormed = typeof String.prototype.isWellFormed === 'function'
  ? (s) => s.isWellFormed()
  : (s) => !/[\uD800-\uDFFF]/u.test(s);

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// Error answers become WizardError, or ArgumentError for arguments of the wrong shape.
function decode(answer) {
  return unwrap(answer, WizardError);
}

// One random seed per wizard: the core has no randomness of its own in WebAssembly.
function randomKey() {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  if (typeof c?.getRandomValues !== 'function') {
    throw new ArgumentError('invalid_argument',
      'no crypto.getRandomValues here: pass options.idempotencyKey', { field: 'idempotencyKey' });
  }
  // randomUUID is missing on insecure origins: an RFC 9562 version 4 UUID by hand
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function nowOf(value) {
  if (value === undefined) return Date.now();
  if (value === null) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new ArgumentError('invalid_argument', 'now must be epoch milliseconds, a Date or null', { field: 'now' });
}

// A Catalog of loadCatalog() crosses as the connector's definition and the catalog's pools
// (the wizard needs one connector); arrays and {definitions, pools} cross as they are.
function catalogOf(catalog, connectorId) {
  if (catalog && typeof catalog.connector === 'function' && typeof catalog.pools === 'function') {
    const definition = typeof connectorId === 'string' ? catalog.connector(connectorId) : null;
    return { definitions: definition ? [definition] : [], pools: catalog.pools() };
  }
  if (Array.isArray(catalog) || isPlainObject(catalog)) return catalog;
  throw new ArgumentError('invalid_argument',
    'catalog must be a Catalog (loadCatalog), an array of definitions or {definitions, pools}',
    { field: 'catalog' });
}

function optionsJson(options, restoring) {
  if (!isPlainObject(options)) throw new ArgumentError('invalid_argument', 'options must be an object');
  const { catalog, connectorId, now, ...rest } = options;
  const out = { ...rest, catalog: catalogOf(catalog, connectorId), connectorId, now: nowOf(now) };
  if (!restoring && out.idempotencyKey === undefined) out.idempotencyKey = randomKey();
  return toJson(out, 'options');
}

function valueJson(field, value) {
  if (value === undefined) {
    throw new ArgumentError('invalid_value', `a value for ${field} is required (null clears it)`, { field });
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new ArgumentError('invalid_value', `${field}: ${value} is not a JSON number`, { field });
  }
  if (typeof value === 'string' && !isWellFormed(value)) {
    throw new ArgumentError('invalid_value', `${field}: the text holds a lone surrogate`, { field });
  }
  if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
    throw new ArgumentError('invalid_value', `${field}: an input holds a string, a number, a boolean or null`,
      { field });
  }
  return JSON.stringify(value);
}

/** @param raw the wizard's exports as functions (module-calls.mjs wizardCalls) */
export function wizardApi(raw) {
  const finalizer = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((session) => session.delete())
    : null;
  let zones = null;

  // The time zone choices are the same for every wizard: fetched once, shared, frozen.
  function timeZones() {
    if (!zones) zones = Object.freeze(decode(raw.wizardTimeZones()).map((c) => Object.freeze(c)));
    return zones;
  }

  function viewOf(answer) {
    const view = decode(answer);
    for (const f of view.fields) if (f.type === 'timezone') f.options = timeZones();
    return view;
  }

  class Wizard {
    static name = 'Wizard';  // its name in the minified bundles too
    #session;
    /** Set by restoreWizard when a draft of another connector version was migrated. */
    migration = null;

    constructor(session) {
      this.#session = session;
      finalizer?.register(this, session, this);
    }

    #live() {
      if (this.#session === null) throw new WizardError('wizard_disposed', 'this wizard was disposed');
      return this.#session;
    }

    get disposed() { return this.#session === null; }

    view() { return viewOf(this.#live().view()); }

    set(field, value) {
      if (typeof field !== 'string') throw new ArgumentError('invalid_argument', 'field must be a string');
      return viewOf(this.#live().set(field, valueJson(field, value)));
    }

    next() { return viewOf(this.#live().next()); }
    back() { return viewOf(this.#live().back()); }

    goTo(step) {
      if (typeof step !== 'string') throw new ArgumentError('invalid_argument', 'step must be a step id');
      return viewOf(this.#live().goTo(step));
    }

    cancel() { return viewOf(this.#live().cancel()); }
    reset() { return viewOf(this.#live().reset()); }

    submission() { return decode(this.#live().submission()); }

    /**
     * The instance the values entered so far make, secrets included (the payload's shape,
     * at any step): what a page sends to test the credentials before submitting.
     */
    currentInstance() { return decode(this.#live().instance()); }

    applyResponse(response) {
      if (!isPlainObject(response) || !Number.isInteger(response.status)) {
        throw new ArgumentError('invalid_argument', 'the response is {status, body} with an integer status');
      }
      const { status, body = null } = response;
      return viewOf(this.#live().applyResponse(toJson({ status, body }, 'response')));
    }

    applyNetworkError(error = '') {
      const message = typeof error === 'string' ? error : String(error?.message ?? error);
      return viewOf(this.#live().applyNetworkError(isWellFormed(message) ? message : ''));
    }

    save(options = {}) {
      if (!isPlainObject(options)) throw new ArgumentError('invalid_argument', 'options must be an object');
      const { includeSecrets = false } = options;
      if (typeof includeSecrets !== 'boolean') {
        throw new ArgumentError('invalid_argument', 'includeSecrets must be a boolean', { field: 'includeSecrets' });
      }
      return decode(this.#live().save(includeSecrets));
    }

    /**
     * What validation says now about the current step, or only about `field`, without
     * changing the wizard (no error is stored or shown in its view): {errors, warnings}.
     */
    check(field) {
      if (field !== undefined && typeof field !== 'string') throw new ArgumentError('invalid_argument', 'field must be a string', { field: 'field' });
      return decode(this.#live().check(field ?? ''));
    }

    /** Frees the wizard in the module; later calls throw `wizard_disposed`. */
    dispose() {
      if (this.#session === null) return;
      finalizer?.unregister(this);
      this.#session.delete();
      this.#session = null;
    }
  }
  if (typeof Symbol.dispose === 'symbol') Wizard.prototype[Symbol.dispose] = Wizard.prototype.dispose;

  function opened(run) {
    const session = new (raw.WizardSession)();
    try {
      return { session, answer: decode(run(session)) };
    } catch (e) {
      session.delete();
      throw e;
    }
  }

  function createWizard(options) {
    const { session } = opened((s) => s.open(optionsJson(options, false)));
    return new Wizard(session);
  }

  // The connector a draft names, to pick its definition out of a Catalog (the core checks
  // the draft and takes its connector when the options name none).
  function draftConnector(draft) {
    try {
      const id = (typeof draft === 'string' ? JSON.parse(draft) : draft)?.connector?.id;
      return typeof id === 'string' ? id : undefined;
    } catch {
      return undefined;
    }
  }

  function restoreWizard(draft, options) {
    if (!isPlainObject(options)) throw new ArgumentError('invalid_argument', 'options must be an object');
    const text = typeof draft === 'string' ? draft : draft === undefined ? 'null' : toJson(draft, 'draft');
    const catalog = catalogOf(options.catalog, options.connectorId ?? draftConnector(draft));
    const { session, answer } = opened((s) => s.restore(text, optionsJson({ ...options, catalog }, true)));
    const wizard = new Wizard(session);
    wizard.migration = answer.migration;
    return wizard;
  }

  // options for the functions that need a connector's form but no wizard
  function formOptionsJson(options) {
    if (!isPlainObject(options)) throw new ArgumentError('invalid_argument', 'options must be an object');
    const { catalog, connectorId, ...context } = options;
    const given = Object.fromEntries(['pools', 'instances', 'instanceId'].filter((k) => context[k] !== undefined).map((k) => [k, context[k]]));
    return toJson({ catalog: catalogOf(catalog, connectorId), connectorId, ...given }, 'options');
  }

  /**
   * Every input of every step for a connector, as a fresh wizard shows them (defaults as
   * values): {name, settings: [field], authMethod, methods: {id: [field]}}.
   */
  function describeForm(options) {
    const form = decode(raw.wizardForm(formOptionsJson(options)));
    const fill = (f) => { if (f.type === 'timezone') f.options = timeZones(); return f; };
    form.settings.forEach(fill);
    return form;
  }

  /**
   * The instance that field values ({"rateLimit.amount": 5, "credentials.token": ...}, as
   * set() takes them) make, by the wizard's payload rules: only the selected method's
   * credentials, no certificate for a method that takes none.
   */
  function buildInstance(options, values) {
    if (!isPlainObject(values)) throw new ArgumentError('invalid_argument', 'values must be an object of field path -> value');
    const parts = [];
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${valueJson(key, value)}`);
    }
    return decode(raw.wizardBuildInstance(formOptionsJson(options), `{${parts.join(',')}}`));
  }

  return { createWizard, restoreWizard, describeForm, buildInstance };
}
