// What a module needs from its host, in place of Emscripten's JavaScript glue. The binaries
// (wasm/module.cmake) import two functions, memory growth and abort, and export their
// memory; their static constructors run once after instantiation. Everything else the
// facade calls is an export of numbers (module-calls.mjs), so no other runtime is needed,
// and none runs as the module starts.
import { InternalError } from './errors.mjs';

const PAGE = 65536;

/**
 * Instantiates a compiled module. -> { exports, memory } where memory.bytes() is the
 * module's memory as bytes (a new view after the memory grows).
 */
export async function instantiate(compiled) {
  let exports = null;
  let memory = null;
  let heap = null;
  let stackTop = 0;  // the stack pointer between calls
  const bytes = () => (heap.byteLength !== 0 ? heap : (heap = new Uint8Array(memory.buffer)));
  const env = {
    // Grows the memory to hold `requested` bytes, with headroom (20%, less when that
    // fails, and at most 96 MiB beyond the request), as Emscripten's runtime does, so that
    // a growing input area does not grow the memory a page at a time. 0: not possible.
    emscripten_resize_heap(requested) {
      const wanted = requested >>> 0;
      const old = memory.buffer.byteLength;
      for (let cutDown = 1; cutDown <= 4; cutDown *= 2) {
        const headroom = Math.min(old * (1 + 0.2 / cutDown), wanted + 100663296);
        const size = Math.ceil(Math.max(wanted, headroom) / PAGE) * PAGE;
        try {
          memory.grow((size - old) / PAGE);
          heap = new Uint8Array(memory.buffer);
          return 1;
        } catch {
          // beyond the memory's maximum (2 GiB) or the engine's: try less headroom
        }
      }
      return 0;
    },
    // A call that cannot go on (an allocation the memory cannot hold, a failed check in
    // libc++) ends here; the module is built without C++ exceptions. The error unwinds the
    // call's frames but not the stack they took, so the stack pointer goes back to where
    // every call starts: the next call has the whole stack again.
    abort() {
      if (stackTop !== 0) exports.stackRestore(stackTop);
      throw new InternalError('internal', 'the WebAssembly module aborted');
    },
  };
  ({ exports } = await WebAssembly.instantiate(compiled, { env }));
  memory = exports.memory;
  heap = new Uint8Array(memory.buffer);
  exports.__wasm_call_ctors();
  stackTop = exports.stackSave();
  return { exports, memory: { bytes } };
}
