// load() for an entry of the package: instantiates its WebAssembly module once per realm
// and builds the entry's API over it. Shared by the package entry (index.mjs) and the
// time-only entry (time-only.mjs); each passes its glue, its binary and its API.
import * as errors from './errors.mjs';
import { checkLoadOptions, compile } from './wasm-source.mjs';

/**
 * @param createModule the Emscripten glue's factory
 * @param binary {name, located}: the binary's file name and the entry's
 *   `() => new URL('./NAME.wasm', import.meta.url)`
 * @param buildApi (raw, exports) -> the API object (frozen here)
 * @returns load(options): memoised, later calls return the same instance whatever their options
 */
export function moduleLoader(createModule, binary, buildApi) {
  let loading = null;
  return function load(options) {
    let source;
    try {
      source = checkLoadOptions(options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (!loading) {
      loading = Promise.resolve().then(() => {
        // the download and compilation first: they run while the glue sets itself up
        const compiled = compile(source, binary);
        compiled.catch(() => {}); // its failure is reported through `exports`
        const { instantiateWasm, exports } = instantiator(compiled);
        // keep the core's diagnostics off the host's console unless asked for
        const module = createModule({ print: () => {}, printErr: () => {}, instantiateWasm });
        return Promise.all([module, exports]);
      }).then(([raw, exports]) => Object.freeze(buildApi(raw, exports))).catch((cause) => {
        // a failure is not kept: the next load() tries again
        loading = null;
        if (cause instanceof errors.ConnectorInstancesError) throw cause;
        throw new errors.ModuleLoadError('module_load_failed',
          `could not instantiate the WebAssembly module: ${cause && cause.message}`, {}, cause);
      });
    }
    return loading;
  };
}

// The glue hands its imports to Module.instantiateWasm and waits for successCallback; the
// binary, compiled meanwhile (wasm-source.mjs), is instantiated with them. This keeps the
// instance's exports: the time facade calls its hot paths (plain C exports) directly. A
// failure rejects `exports`, and with it load().
function instantiator(compiled) {
  let resolve;
  let reject;
  const exports = new Promise((yes, no) => { resolve = yes; reject = no; });
  const instantiateWasm = (imports, successCallback) => {
    compiled.then((module) => WebAssembly.instantiate(module, imports).then((instance) => {
      successCallback(instance, module);
      resolve(instance.exports);
    })).catch(reject);
    return {};  // instantiated asynchronously
  };
  return { instantiateWasm, exports };
}
