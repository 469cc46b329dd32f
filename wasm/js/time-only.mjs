// The time-only entry (connector-instances/time): time zones and PHP date formats over a
// module that holds only the time core and the tz database, for apps that need nothing
// else (a smaller download than the package entry). The same API as the package's `time`.
import * as errors from './errors.mjs';
import { timeApi } from './time.mjs';
import { moduleLoader } from './loader.mjs';
import { textCalls } from './module-calls.mjs';

export * from './errors.mjs';

/**
 * Loads the time module (memoised: later calls return the same instance, whatever their options).
 * @type {(options?: import('./time-only').LoadOptions) => Promise<import('./time-only').TimeModule>}
 */
export const load = moduleLoader(
  { name: 'connector-time.wasm', located: () => new URL('./connector-time.wasm', import.meta.url) },
  (memory, exports) => {
    const calls = textCalls(memory, exports);
    return { version: calls.text('core_library_version')(), errors, ...timeApi(memory, calls, exports) };
  });
