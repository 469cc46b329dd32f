// The package entry (ES module). `await load()` instantiates the WebAssembly module once
// per realm; everything on the returned object is synchronous after that.
import createConnectorModule from './connector.mjs';
import * as errors from './errors.mjs';
import { catalogApi } from './catalog.mjs';
import { scheduleApi } from './schedule.mjs';
import { timeApi } from './time.mjs';
import { wizardApi } from './wizard.mjs';
import { checkLoadOptions, instantiate } from './wasm-source.mjs';

export * from './errors.mjs';

let loading = null;

/**
 * Loads the module (memoised: later calls return the same instance, whatever their options).
 * @param {import('./index').LoadOptions} [options] where the binary comes from
 * @returns {Promise<import('./index').ConnectorModule>}
 */
export function load(options) {
  let source;
  try {
    source = checkLoadOptions(options);
  } catch (e) {
    return Promise.reject(e);
  }
  if (!loading) {
    loading = Promise.resolve().then(() => {
      const { instantiateWasm, exports } = instantiator(source);
      // keep the core's diagnostics off the host's console unless asked for
      const module = createConnectorModule({ print: () => {}, printErr: () => {}, instantiateWasm });
      return Promise.all([module, exports]);
    }).then(
      ([raw, exports]) => Object.freeze(buildApi(raw, exports)),
      (cause) => {
        loading = null;
        if (cause instanceof errors.ConnectorInstancesError) throw cause;
        throw new errors.ModuleLoadError('module_load_failed',
          `could not instantiate the WebAssembly module: ${cause && cause.message}`, {}, cause);
      },
    );
  }
  return loading;
}

// The glue hands its imports to Module.instantiateWasm and waits for successCallback;
// wasm-source.mjs finds and instantiates the binary. This file keeps the instance's exports:
// the time facade calls its hot paths (plain C exports) directly. A failure rejects
// `exports`, and with it load().
function instantiator(source) {
  let resolve;
  let reject;
  const exports = new Promise((yes, no) => { resolve = yes; reject = no; });
  const instantiateWasm = (imports, successCallback) => {
    instantiate(source, imports).then(({ instance, module }) => {
      successCallback(instance, module);
      resolve(instance.exports);
    }).catch(reject);
    return {};  // instantiated asynchronously
  };
  return { instantiateWasm, exports };
}

function buildApi(raw, exports) {
  return {
    version: raw.libraryVersion(),
    errors,
    ...catalogApi(raw),
    ...scheduleApi(raw),
    ...timeApi(raw, exports),
    ...wizardApi(raw),
  };
}
