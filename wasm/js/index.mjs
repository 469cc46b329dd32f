// The package entry (ES module). `await load()` instantiates the WebAssembly module once
// per realm; everything on the returned object is synchronous after that.
import createConnectorModule from './connector.mjs';
import * as errors from './errors.mjs';
import { catalogApi } from './catalog.mjs';
import { scheduleApi } from './schedule.mjs';
import { timeApi } from './time.mjs';
import { wizardApi } from './wizard.mjs';
import { moduleLoader, onFirstUse } from './loader.mjs';

export * from './errors.mjs';

/**
 * Loads the module (memoised: later calls return the same instance, whatever their options).
 * @type {(options?: import('./index').LoadOptions) => Promise<import('./index').ConnectorModule>}
 */
export const load = moduleLoader(createConnectorModule,
  { name: 'connector.wasm', located: () => new URL('./connector.wasm', import.meta.url) },
  (raw, exports) => ({
    version: raw.libraryVersion(),
    errors,
    ...catalogApi(onFirstUse(raw, exports.bindings_register_catalog), exports),
    // the scheduler's clients key limits by the catalog's instance name key
    ...scheduleApi(onFirstUse(raw, () => {
      exports.bindings_register_schedule();
      exports.bindings_register_catalog();
    })),
    ...timeApi(raw, exports),
    ...wizardApi(onFirstUse(raw, exports.bindings_register_wizard)),
  }));
