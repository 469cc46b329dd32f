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
    loading = moduleOptions().then((options) => createConnectorModule(options)).then(
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

// The binary is dist/connector.wasm, next to connector.mjs. Browsers and workers: the glue
// fetches and compiles it as it streams in (served as application/wasm). Node: the glue
// would fetch() a file: URL, which Node cannot, so the bytes are read here. The specifier
// is a variable and marked ignorable so that bundlers for browsers leave this branch alone.
function runsInNode() {
  return typeof process === 'object' && process !== null && typeof process.versions === 'object' &&
    process.versions !== null && typeof process.versions.node === 'string';
}

async function moduleOptions() {
  // keep the core's diagnostics off the host's console unless asked for
  const options = { print: () => {}, printErr: () => {} };
  if (runsInNode()) {
    const fs = 'node:fs/promises';
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fs);
    options.wasmBinary = await readFile(new URL('./connector.wasm', import.meta.url));
  }
  return options;
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
