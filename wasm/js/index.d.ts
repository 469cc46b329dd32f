// Types of the package entry. Each domain's types live in their own file next to this one.
// '.js' specifiers: under NodeNext resolution TypeScript maps them to the sibling .d.ts
import type { CatalogApi } from './catalog.js';
export * from './catalog.js';
import type { ScheduleApi } from './schedule.js';
export * from './schedule.js';
import type { TimeApi } from './time.js';
export * from './time.js';
import type { WizardApi } from './wizard.js';
export type * from './wizard.js';

export declare class ConnectorInstancesError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(code: string, message: string, details?: Record<string, unknown>);
}
export declare class ModuleLoadError extends ConnectorInstancesError {}
export declare class ArgumentError extends ConnectorInstancesError {}
export declare class CatalogError extends ConnectorInstancesError {}
export declare class ValidationError extends ConnectorInstancesError {}
export declare class TimeError extends ConnectorInstancesError {}
export declare class WizardError extends ConnectorInstancesError {}
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

/** Instantiates the WebAssembly module once; later calls return the same object. */
export declare function load(): Promise<ConnectorModule>;
