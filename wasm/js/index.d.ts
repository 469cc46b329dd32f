// Types of the package entry. Each domain's types live in their own file next to this one.
// '.js' specifiers: under NodeNext resolution TypeScript maps them to the sibling .d.ts
import type { HostUrl, HostWasmModule } from './host.js';
export type * from './host.js';
import type { CatalogApi, CatalogProblem, FieldError, LaravelErrorBody, TemplateFlaw } from './catalog.js';
export * from './catalog.js';
import type { ScheduleApi } from './schedule.js';
export * from './schedule.js';
import type { FormatWarning, TimeApi } from './time.js';
export * from './time.js';
import type { WizardApi } from './wizard.js';
export type * from './wizard.js';

/** The documented members of an error's details, and whatever else the core adds. */
export type ErrorDetails<Known> = Readonly<Known> & { readonly [member: string]: unknown };

export declare class ConnectorInstancesError extends Error {
  readonly code: string;
  readonly details: ErrorDetails<{}>;
  constructor(code: string, message: string, details?: Record<string, unknown>, cause?: unknown);
}
export declare class ModuleLoadError extends ConnectorInstancesError {
  /** url: what was read or fetched; status and contentType: the HTTP answer, when fetched */
  readonly details: ErrorDetails<{ url?: string; status?: number; contentType?: string }>;
}
export declare class ArgumentError extends ConnectorInstancesError {
  /** the argument or option concerned */
  readonly details: ErrorDetails<{ field?: string }>;
}
export declare class CatalogError extends ConnectorInstancesError {
  readonly details: ErrorDetails<{ problems?: CatalogProblem[]; reason?: TemplateFlaw; position?: number }>;
}
export declare class ValidationError extends ConnectorInstancesError {
  readonly details: ErrorDetails<{ errors?: FieldError[]; body?: LaravelErrorBody }>;
}
export declare class TimeError extends ConnectorInstancesError {
  /**
   * position: UTF-16 index in the text or pattern; patternPosition: in the pattern, for
   * unreadable_character; index: the batch entry; field: the option; max: for too_long
   */
  readonly details: ErrorDetails<{
    position?: number; patternPosition?: number; index?: number; field?: string; max?: number; warnings?: FormatWarning[];
  }>;
}
export declare class WizardError extends ConnectorInstancesError {
  /** pointer: the draft member concerned; expected and found: connector versions */
  readonly details: ErrorDetails<{ pointer?: string; expected?: string; found?: string }>;
}
export declare class SchedulerError extends ConnectorInstancesError {}
export declare class InternalError extends ConnectorInstancesError {}

export interface ErrorClasses {
  ConnectorInstancesError: typeof ConnectorInstancesError;
  ModuleLoadError: typeof ModuleLoadError;
  ArgumentError: typeof ArgumentError;
  CatalogError: typeof CatalogError;
  ValidationError: typeof ValidationError;
  TimeError: typeof TimeError;
  WizardError: typeof WizardError;
  SchedulerError: typeof SchedulerError;
  InternalError: typeof InternalError;
}

export interface ConnectorModule extends CatalogApi, ScheduleApi, WizardApi {
  /** Version of the library (same as the npm package). */
  readonly version: string;
  /** The error classes, also reachable from CommonJS. */
  readonly errors: ErrorClasses;
  /** Time zones and PHP date formats. */
  readonly time: TimeApi;
}

/**
 * Where the WebAssembly binary comes from (one of them). Default: connector.wasm next to the
 * package's code (import.meta.url), read from disk in Node and fetched in browsers.
 */
export type LoadOptions =
  | { wasmUrl: string | HostUrl; wasmBinary?: undefined; wasmModule?: undefined }
  | { wasmBinary: ArrayBuffer | ArrayBufferView; wasmUrl?: undefined; wasmModule?: undefined }
  | { wasmModule: HostWasmModule; wasmUrl?: undefined; wasmBinary?: undefined };

/**
 * Instantiates the WebAssembly module once; later calls return the same object (their
 * options are not used). Rejects with ModuleLoadError (url, status, contentType in details)
 * or, for bad options, ArgumentError.
 */
export declare function load(options?: LoadOptions): Promise<ConnectorModule>;
