// load() for an entry of the package: instantiates its WebAssembly module once per realm
// and builds the entry's API over it. Shared by the package entry (index.mjs) and the
// time-only entry (time-only.mjs); each passes its binary and its API.
import * as errors from './errors.mjs';
import { checkLoadOptions, compile } from './wasm-source.mjs';
import { instantiate } from './runtime.mjs';

/**
 * @param binary {name, located}: the binary's file name and the entry's
 *   `() => new URL('./NAME.wasm', import.meta.url)`
 * @param buildApi (memory, exports) -> the API object (frozen here); memory.bytes() is the
 *   module's memory as bytes (runtime.mjs)
 * @returns load(options): memoised, later calls return the same instance whatever their options
 */
export function moduleLoader(binary, buildApi) {
  let loading = null;
  return function load(options) {
    let source;
    try {
      source = checkLoadOptions(options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (!loading) {
      loading = Promise.resolve()
        .then(() => compile(source, binary))
        .then(instantiate)
        .then(({ memory, exports }) => Object.freeze(buildApi(memory, exports)))
        .catch((cause) => {
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
