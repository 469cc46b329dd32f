// The package entry (ES module). `await load()` instantiates the WebAssembly module once
// per realm; everything on the returned object is synchronous after that.
import * as errors from './errors.mjs';
import { catalogApi } from './catalog.mjs';
import { scheduleApi } from './schedule.mjs';
import { timeApi } from './time.mjs';
import { wizardApi } from './wizard.mjs';
import { moduleLoader } from './loader.mjs';
import { scheduleCalls, textCalls, wizardCalls } from './module-calls.mjs';

export * from './errors.mjs';

/**
 * Loads the module (memoised: later calls return the same instance, whatever their options).
 * @type {(options?: import('./index').LoadOptions) => Promise<import('./index').ConnectorModule>}
 */
export const load = moduleLoader(
  { name: 'connector.wasm', located: () => new URL('./connector.wasm', import.meta.url) },
  (memory, exports) => {
    const calls = textCalls(memory, exports);
    return {
      version: calls.text('core_library_version')(),
      errors,
      ...catalogApi(calls, exports),
      ...scheduleApi(scheduleCalls(memory, calls, exports)),
      ...timeApi(memory, calls, exports),
      ...wizardApi(wizardCalls(calls, exports)),
    };
  });
