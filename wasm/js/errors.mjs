// Typed errors of the package. Every error carries a stable `code` (the same codes the
// C++ core uses) and, where it concerns a field or a position, `details`.
// Each class states its name: the bundles are minified without keeping function names
// (scripts/assemble-dist.mjs says why), and `name` is what hosts and stack traces show.
export class ConnectorInstancesError extends Error {
  static name = 'ConnectorInstancesError';
  constructor(code, message, details = {}, cause = undefined) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}
/** The WebAssembly module could not be loaded or instantiated. */
export class ModuleLoadError extends ConnectorInstancesError { static name = 'ModuleLoadError'; }
/** An argument of the wrong type or shape was passed to the JS API. */
export class ArgumentError extends ConnectorInstancesError { static name = 'ArgumentError'; }
/** A connector definition or catalog was rejected; details.problems lists each one. */
export class CatalogError extends ConnectorInstancesError { static name = 'CatalogError'; }
/** Input that failed validation; details.errors lists the field errors. */
export class ValidationError extends ConnectorInstancesError { static name = 'ValidationError'; }
/** Unknown time zone, invalid date format, unparseable date, skipped local time. */
export class TimeError extends ConnectorInstancesError { static name = 'TimeError'; }
/** Wizard action not allowed now, or a draft that cannot be restored. */
export class WizardError extends ConnectorInstancesError { static name = 'WizardError'; }
/** Rate limit / pool scheduling failures (pool timeout, cancelled). */
export class SchedulerError extends ConnectorInstancesError { static name = 'SchedulerError'; }
/** A failure inside the core that is not the caller's fault. */
export class InternalError extends ConnectorInstancesError { static name = 'InternalError'; }
