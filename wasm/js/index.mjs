// The package entry (ES module). `await load()` instantiates the WebAssembly module once
// per realm; everything on the returned object is synchronous after that.
import createConnectorModule from './connector.mjs';
import * as errors from './errors.mjs';
import { catalogApi } from './catalog.mjs';
import { scheduleApi } from './schedule.mjs';
import { timeApi } from './time.mjs';
import { wizardApi } from './wizard.mjs';

export * from './errors.mjs';

let loading = null;

/**
 * Loads the module (memoised: later calls return the same instance).
 * @returns {Promise<import('./index').ConnectorModule>}
 */
export function load() {
  if (!loading) {
    loading = createConnectorModule({
      // keep the core's diagnostics off the host's console unless asked for
      print: () => {},
      printErr: () => {},
    }).then(
      (raw) => Object.freeze(buildApi(raw)),
      (cause) => {
        loading = null;
        throw new errors.ModuleLoadError('module_load_failed',
          `could not instantiate the WebAssembly module: ${cause && cause.message}`, { cause });
      },
    );
  }
  return loading;
}

function buildApi(raw) {
  return {
    version: raw.libraryVersion(),
    errors,
    ...catalogApi(raw),
    ...scheduleApi(raw),
    ...timeApi(raw),
    ...wizardApi(raw),
  };
}
