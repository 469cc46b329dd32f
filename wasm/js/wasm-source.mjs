// Where the WebAssembly binary comes from and how it is instantiated: load()'s options
// (wasmModule, wasmBinary, wasmUrl) or, by default, the entry's binary next to the bundle
// (connector.wasm for the package, connector-time.wasm for connector-instances/time).
// Failures are ModuleLoadErrors that name the URL, the HTTP status and content type, and
// say what to do.
import { ArgumentError, ModuleLoadError } from './errors.mjs';

const OPTION_NAMES = ['wasmUrl', 'wasmBinary', 'wasmModule'];
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
const remedy = (name) => `serve dist/${name} (exported as "connector-instances/${name}") at that URL, `
  + 'or pass its URL or bytes: load({ wasmUrl }) or load({ wasmBinary })';

// The URL of this module when the host gives none (import.meta is empty in esbuild's iife
// and CommonJS output): the classic script that runs the bundle, or the worker's script.
const scriptUrl = typeof document === 'object' && document !== null && document.currentScript
  ? document.currentScript.src
  : undefined;

/** Checks load()'s options; returns them without the undefined members. */
export function checkLoadOptions(options) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError('invalid_argument', 'load(options): options must be an object', { field: 'options' });
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) {
      throw new ArgumentError('unknown_member', `load(options): unknown option ${JSON.stringify(key)} (known: ${OPTION_NAMES.join(', ')})`, { field: key });
    }
  }
  const { wasmUrl, wasmBinary, wasmModule } = options;
  const given = OPTION_NAMES.filter((k) => options[k] !== undefined);
  if (given.length > 1) {
    throw new ArgumentError('invalid_argument', `load(options): pass one of ${OPTION_NAMES.join(', ')}, not ${given.join(' and ')}`, { field: given[1] });
  }
  if (wasmUrl !== undefined && typeof wasmUrl !== 'string' && !(wasmUrl instanceof URL)) {
    throw new ArgumentError('invalid_argument', 'load(options): wasmUrl must be a string or a URL', { field: 'wasmUrl' });
  }
  if (wasmBinary !== undefined && !(wasmBinary instanceof ArrayBuffer) && !ArrayBuffer.isView(wasmBinary)) {
    throw new ArgumentError('invalid_argument', 'load(options): wasmBinary must be an ArrayBuffer or a typed array', { field: 'wasmBinary' });
  }
  if (wasmModule !== undefined && !(wasmModule instanceof WebAssembly.Module)) {
    throw new ArgumentError('invalid_argument', 'load(options): wasmModule must be a WebAssembly.Module', { field: 'wasmModule' });
  }
  return Object.fromEntries(given.map((k) => [k, options[k]]));
}

function runsInNode() {
  return typeof process === 'object' && process !== null && typeof process.versions === 'object' &&
    process.versions !== null && typeof process.versions.node === 'string';
}

// `located` is the entry's `() => new URL('./NAME.wasm', import.meta.url)`, written in that
// exact form in the entry itself: bundlers (webpack, Vite, Parcel) emit the file it names and
// rewrite the URL; any other use of import.meta.url makes webpack write the machine's path.
function defaultUrl({ name, located }) {
  try {
    return located();
  } catch {
    // import.meta.url is undefined in esbuild's iife output
  }
  const base = scriptUrl || (typeof self === 'object' && self !== null && self.location && self.location.href);
  if (!base) {
    throw new ModuleLoadError('wasm_not_found',
      `cannot tell where ${name} is: this build of the package has no URL of its own `
      + '(a bundle without import.meta.url); pass load({ wasmUrl }) or load({ wasmBinary })', {});
  }
  return new URL(`./${name}`, base);
}

function resolveUrl(wasmUrl) {
  try {
    const base = typeof location === 'object' && location !== null ? location.href : undefined;
    return new URL(wasmUrl, base);
  } catch {
    throw new ArgumentError('invalid_argument', `load(options): wasmUrl ${JSON.stringify(String(wasmUrl))} is not a URL`, { field: 'wasmUrl' });
  }
}

/**
 * Compiles the binary chosen by `options` into a WebAssembly.Module, the first thing load()
 * does. `binary` names the entry's default binary: {name, located} (defaultUrl above).
 */
export async function compile(options, binary) {
  if (options.wasmModule) return options.wasmModule;
  const { name } = binary;
  if (options.wasmBinary) return compileBytes(options.wasmBinary, 'the wasmBinary option', {}, name);
  const url = options.wasmUrl !== undefined ? resolveUrl(options.wasmUrl) : defaultUrl(binary);
  if (url.protocol === 'file:' && runsInNode()) {
    // process.getBuiltinModule (Node 20.16+) needs no import: CommonJS hosts without dynamic
    // import() (Jest) read the file too, and the compilation starts in the same turn. The
    // specifier is a variable so bundlers leave it alone.
    const fs = typeof process.getBuiltinModule === 'function'
      ? process.getBuiltinModule('node:fs')
      : await import(/* webpackIgnore: true */ /* @vite-ignore */ ['node', 'fs'].join(':'));
    return compileBytes(readNodeFile(fs, url, name), url.href, { url: url.href }, name);
  }
  return compileFetched(url, name);
}

function readNodeFile(fs, url, name) {
  try {
    // Read at once, as require() reads a module: about 1 ms for connector.wasm, where
    // fs/promises' readFile (a file handle, reads in chunks, each a trip through the thread
    // pool) took 3-7 ms of a cold load. It happens once per process.
    return fs.readFileSync(url);
  } catch (cause) {
    throw new ModuleLoadError('module_load_failed',
      `could not read ${url.href} (${cause.code || cause.message}): copy ${name} next to the code that `
      + 'imports the package (a bundle moves it), or pass load({ wasmUrl }) or load({ wasmBinary })',
      { url: url.href }, cause);
  }
}

async function compileFetched(url, name) {
  const fetched = fetch(url, { credentials: 'same-origin' });
  if (typeof WebAssembly.compileStreaming === 'function') {
    // Handed the fetch itself, the engine compiles the body as it arrives, off this thread:
    // it does not wait for this thread, busy with the page meanwhile, to see the response
    // first. What it refuses (an HTTP error, another content type, a body that is not wasm)
    // is examined below.
    try {
      return await WebAssembly.compileStreaming(fetched);
    } catch {
      // examined below
    }
  }
  let response = await fetchedOrError(fetched, url, name);
  const contentType = response.headers.get('content-type') || '';
  const details = { url: url.href, status: response.status, contentType };
  if (!response.ok) {
    throw new ModuleLoadError('module_load_failed',
      `fetching ${url.href} answered HTTP ${response.status} (${contentType || 'no content type'}): ${remedy(name)}`, details);
  }
  // a body the streaming compilation read is fetched again to say what it holds
  if (response.bodyUsed) response = await fetchedOrError(fetch(url, { credentials: 'same-origin' }), url, name);
  return compileBytes(await response.arrayBuffer(), url.href, details, name);
}

async function fetchedOrError(fetched, url, name) {
  try {
    return await fetched;
  } catch (cause) {
    throw new ModuleLoadError('module_load_failed', `could not fetch ${url.href} (${cause.message}): ${remedy(name)}`, { url: url.href }, cause);
  }
}

async function compileBytes(bytes, what, details, name) {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!WASM_MAGIC.every((b, i) => view[i] === b)) {
    const seen = Array.from(view.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    const fetched = details.contentType !== undefined;
    const served = fetched ? `, served as ${details.contentType || 'no content type'}: a page or an error answered in its place` : '';
    throw new ModuleLoadError('module_load_failed',
      `${what} is not a WebAssembly binary (starts with ${seen || 'nothing'} instead of 00 61 73 6d${served}): `
      + (fetched ? remedy(name) : `pass the bytes of dist/${name}`), details);
  }
  return WebAssembly.compile(view);
}
