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
    loading = Promise.resolve().then(() => {
      const { instantiateWasm, exports } = instantiator();
      // keep the core's diagnostics off the host's console unless asked for
      const module = createConnectorModule({ print: () => {}, printErr: () => {}, instantiateWasm });
      return Promise.all([module, exports]);
    }).then(
      ([raw, exports]) => Object.freeze(buildApi(raw, exports)),
      (cause) => {
        loading = null;
        throw new errors.ModuleLoadError('module_load_failed',
          `could not instantiate the WebAssembly module: ${cause && cause.message}`, { cause });
      },
    );
  }
  return loading;
}

// The binary is dist/connector.wasm, next to connector.mjs. This file instantiates it for
// the glue through Emscripten's Module.instantiateWasm hook, and so holds the instance's
// exports: the time facade calls its hot paths (plain C exports) directly. Browsers and
// workers fetch it and compile it as it streams in (served as application/wasm; otherwise
// from the whole bytes). Node reads the file: its fetch() cannot read a file: URL. The
// node:fs specifier is a variable and marked ignorable so that bundlers for browsers leave
// that branch alone.
function instantiator() {
  let resolve;
  let reject;
  const exports = new Promise((yes, no) => { resolve = yes; reject = no; });
  // The glue waits for successCallback; a failure rejects `exports`, and with it load().
  const instantiateWasm = (imports, successCallback) => {
    instantiate(imports).then(({ instance, module }) => {
      successCallback(instance, module);
      resolve(instance.exports);
    }).catch(reject);
    return {};  // instantiated asynchronously
  };
  return { instantiateWasm, exports };
}

function runsInNode() {
  return typeof process === 'object' && process !== null && typeof process.versions === 'object' &&
    process.versions !== null && typeof process.versions.node === 'string';
}

async function instantiate(imports) {
  const url = new URL('./connector.wasm', import.meta.url);
  if (runsInNode()) {
    const fs = 'node:fs/promises';
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fs);
    return WebAssembly.instantiate(await readFile(url), imports);
  }
  if (typeof WebAssembly.instantiateStreaming === 'function') {
    try {
      return await WebAssembly.instantiateStreaming(fetch(url, { credentials: 'same-origin' }), imports);
    } catch {
      // e.g. served without the application/wasm type: compile from the bytes below
    }
  }
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
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
