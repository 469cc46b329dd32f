// The module's exports as functions of JS values. Every export is a plain C function of
// numbers (wasm/bindings/*.cpp); a text argument crosses through the module's input area and
// a text answer through its output area (wasm/bindings/text_calls.h). Each domain's calls
// below keep the names the facade uses, one line per export.
import { InternalError } from './errors.mjs';
import { ERROR_CODE } from './constants.mjs';

/**
 * @param memory the module's memory: memory.bytes() (runtime.mjs)
 * @param exports the WebAssembly instance's exports
 */
export function textCalls(memory, exports) {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const inputArea = exports.core_json_input_area;
  const outputArea = exports.core_json_output_area;

  /**
   * Writes the texts one after the other into the input area; returns their sizes in bytes.
   * A lone surrogate is written as U+FFFD, as TextEncoder writes it.
   */
  function write(texts) {
    let bound = 0;
    for (const t of texts) bound += t.length * 3;  // UTF-8 takes at most 3 bytes per UTF-16 unit
    const at = inputArea(Math.max(bound, 1));
    if (at === 0) {
      throw new InternalError(ERROR_CODE.outOfMemory, `the module has no memory left for ${bound} bytes of arguments`);
    }
    // after asking for the area: growing it may have moved the memory
    const heap = memory.bytes();
    let offset = at;
    return texts.map((t) => {
      const { written } = encoder.encodeInto(t, heap.subarray(offset, at + bound));
      offset += written;
      return written;
    });
  }

  /** The output area's first `bytes` bytes, as text. */
  function read(bytes) {
    const at = outputArea();
    return decoder.decode(memory.bytes().subarray(at, at + bytes));
  }

  // `fn` called with `args`: numbers as they are, each string replaced by its size once
  // all of them are written.
  function call(fn, args) {
    let texts = null;
    for (const a of args) if (typeof a === 'string') (texts ??= []).push(a);
    if (texts === null) return fn(...args);
    const sizes = write(texts);
    let k = 0;
    return fn(...args.map((a) => (typeof a === 'string' ? sizes[k++] : a)));
  }

  // An export the entry calls; a binary without it is another entry's (connector-time.wasm
  // given to the package entry) and fails load() here, not a later call.
  function exported(name) {
    const fn = exports[name];
    if (typeof fn !== 'function') throw new Error(`the binary has no export ${name}: it is not this entry's .wasm`);
    return fn;
  }

  return {
    write,
    read,
    /** The export `name` that answers text, as a function of JS values that returns the text. */
    text(name) {
      const fn = exported(name);
      return (...args) => read(call(fn, args));
    },
    /** The export `name` that answers a number, as a function of JS values that returns it. */
    value(name) {
      const fn = exported(name);
      return (...args) => call(fn, args);
    },
  };
}

/** The catalog and validation exports (wasm/bindings/catalog.cpp). */
export function catalogCalls({ text, value }) {
  return {
    catalogLoad: text('core_catalog_load'),
    catalogDispose: value('core_catalog_dispose'),
    catalogConnectors: text('core_catalog_connectors'),
    catalogConnector: text('core_catalog_connector'),
    catalogAuthMethods: text('core_catalog_auth_methods'),
    catalogPools: text('core_catalog_pools'),
    catalogProblems: text('core_catalog_problems'),
    validateConnectorDefinition: text('core_validate_connector_definition'),
    validatePool: text('core_validate_pool'),
    templateParts: text('core_template_parts'),
    toLaravel: text('core_to_laravel'),
    instanceNameKey: text('core_instance_name_key'),
    catalogDefaultAuthMethod: text('core_catalog_default_auth_method'),
    catalogSecretFields: text('core_catalog_secret_fields'),
    fieldError: text('core_field_error'),
  };
}

/** The time exports that take or give text (wasm/bindings/time.cpp); the hot paths are called directly. */
export function timeCalls({ text, value }) {
  return {
    timeDatabaseVersion: text('core_time_database_version'),
    timeCanonicalZone: text('core_time_canonical_zone'),
    timeOpenZone: value('core_time_open_zone'),
    timeCompilePattern: value('core_time_compile_pattern'),
    timeParseReport: text('core_time_parse_report'),
    timeLastError: text('core_time_last_error'),
    timeCheckFormat: text('core_time_check_format'),
    timeFilterWindow: text('core_time_filter_window'),
    timePreview: text('core_time_preview'),
  };
}

/** The wizard's exports (wasm/bindings/wizard.cpp); a WizardSession is freed by delete(). */
export function wizardCalls({ text }, x) {
  const session = {
    open: text('core_wizard_open'),
    restore: text('core_wizard_restore'),
    view: text('core_wizard_view'),
    set: text('core_wizard_set'),
    next: text('core_wizard_next'),
    back: text('core_wizard_back'),
    goTo: text('core_wizard_go_to'),
    cancel: text('core_wizard_cancel'),
    reset: text('core_wizard_reset'),
    submission: text('core_wizard_submission'),
    instance: text('core_wizard_instance'),
    applyResponse: text('core_wizard_apply_response'),
    applyNetworkError: text('core_wizard_apply_network_error'),
    save: text('core_wizard_save'),
    check: text('core_wizard_check'),
  };
  class WizardSession {
    #at = x.core_wizard_new();
    open(options) { return session.open(this.#at, options); }
    restore(draft, options) { return session.restore(this.#at, draft, options); }
    view() { return session.view(this.#at); }
    set(field, value) { return session.set(this.#at, field, value); }
    next() { return session.next(this.#at); }
    back() { return session.back(this.#at); }
    goTo(step) { return session.goTo(this.#at, step); }
    cancel() { return session.cancel(this.#at); }
    reset() { return session.reset(this.#at); }
    submission() { return session.submission(this.#at); }
    instance() { return session.instance(this.#at); }
    applyResponse(response) { return session.applyResponse(this.#at, response); }
    applyNetworkError(message) { return session.applyNetworkError(this.#at, message); }
    save(includeSecrets) { return session.save(this.#at, includeSecrets ? 1 : 0); }
    check(field) { return session.check(this.#at, field); }
    delete() { x.core_wizard_delete(this.#at); }
  }
  return {
    WizardSession,
    wizardTimeZones: text('core_wizard_time_zones'),
    wizardForm: text('core_wizard_form'),
    wizardBuildInstance: text('core_wizard_build_instance'),
  };
}

/** The scheduler's exports (wasm/bindings/schedule.cpp); a Scheduler is freed by delete(). */
export function scheduleCalls(memory, { text, value }, x) {
  const ids = (at, count) => new Float64Array(memory.bytes().buffer, at, count);
  const addLimit = value('core_scheduler_add_limit');
  const setLimit = value('core_scheduler_set_limit');
  class Scheduler {
    #at = x.core_scheduler_new();
    addLimit(amount, unit) { return addLimit(this.#at, amount, unit); }
    addUnlimited() { return x.core_scheduler_add_unlimited(this.#at); }
    setLimit(limit, amount, unit) { return setLimit(this.#at, limit, amount, unit) !== 0; }
    setUnlimited(limit) { return x.core_scheduler_set_unlimited(this.#at, limit) !== 0; }
    addPool(size, timeoutMs) { return x.core_scheduler_add_pool(this.#at, size, timeoutMs); }
    setPool(pool, size, timeoutMs) { return x.core_scheduler_set_pool(this.#at, pool, size, timeoutMs) !== 0; }
    enqueue(limit, pool, now) { return x.core_scheduler_enqueue(this.#at, limit, pool, now); }
    poll(now) { return x.core_scheduler_poll(this.#at, now); }
    startedIds() { return ids(x.core_scheduler_started(this.#at), x.core_scheduler_started_count(this.#at)); }
    timedOutIds() { return ids(x.core_scheduler_timed_out(this.#at), x.core_scheduler_timed_out_count(this.#at)); }
    nextWakeup() { return x.core_scheduler_next_wakeup(this.#at); }
    complete(id) { return x.core_scheduler_complete(this.#at, id) !== 0; }
    cancel(id) { return x.core_scheduler_cancel(this.#at, id) !== 0; }
    pause(limit, until) { return x.core_scheduler_pause(this.#at, limit, until) !== 0; }
    queued() { return x.core_scheduler_queued(this.#at); }
    inFlight() { return x.core_scheduler_in_flight(this.#at); }
    limitQueued(limit) { return x.core_scheduler_limit_queued(this.#at, limit); }
    limitInWindow(limit, now) { return x.core_scheduler_limit_in_window(this.#at, limit, now); }
    limitPausedUntil(limit) { return x.core_scheduler_limit_paused_until(this.#at, limit); }
    limitNextStart(limit, now) { return x.core_scheduler_limit_next_start(this.#at, limit, now); }
    poolInFlight(pool) { return x.core_scheduler_pool_in_flight(this.#at, pool); }
    poolWaiting(pool) { return x.core_scheduler_pool_waiting(this.#at, pool); }
    delete() { x.core_scheduler_delete(this.#at); }
  }
  return {
    Scheduler,
    retryAfterMs: value('core_retry_after_ms'),
    scheduleRateLimit: text('core_schedule_rate_limit'),
    schedulePool: text('core_schedule_pool'),
    instanceNameKey: text('core_instance_name_key'),
  };
}
