// Types of the time-only entry (connector-instances/time): the package's time API over a
// module that holds only the time core and the tz database.
// '.js' specifiers: under NodeNext resolution TypeScript maps them to the sibling .d.ts
import type { ErrorClasses, LoadOptions } from './index.js';
export type { ErrorClasses, ErrorDetails, LoadOptions } from './index.js';
export {
  ConnectorInstancesError, ModuleLoadError, ArgumentError, CatalogError, ValidationError, TimeError,
  WizardError, SchedulerError, InternalError,
} from './index.js';
import type { TimeApi } from './time.js';
export * from './time.js';

export interface TimeModule {
  /** Version of the library (same as the npm package). */
  readonly version: string;
  /** This entry's error classes (its own: an error of the package entry is not an instance of them). */
  readonly errors: ErrorClasses;
  /** Time zones and PHP date formats: the same API as the package entry's `time`. */
  readonly time: TimeApi;
}

/**
 * Instantiates the time module (connector-time.wasm next to the entry by default) once;
 * later calls return the same object (their options are not used). Rejects with
 * ModuleLoadError or, for bad options, ArgumentError.
 */
export declare function load(options?: LoadOptions): Promise<TimeModule>;
