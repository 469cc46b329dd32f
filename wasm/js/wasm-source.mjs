// Where the WebAssembly binary comes from and how it is instantiated: load()'s options
// (wasmModule, wasmBinary, wasmUrl) or, by default, connector.wasm next to this file.
// Failures are ModuleLoadErrors that name the URL, the HTTP status and content type, and
// say what to do.
import { ArgumentError, ModuleLoadError } from './errors.mjs';

const OPTION_NAMES = ['wasmUrl', 'wasmBinary', 'wasmModule'];
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
const REMEDY = 'serve dist/connector.wasm (exported as "connector-instances/connector.wasm") at that URL, '
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

function defaultUrl() {
  // Only this exact form: bundlers (webpack, Vite, Parcel) emit the file it names and rewrite
  // the URL; any other use of import.meta.url makes webpack write the machine's path.
  try {
    return new URL('./connector.wasm', import.meta.url);
  } catch {
    // import.meta.url is undefined in esbuild's iife output
  }
  const base = scriptUrl || (typeof self === 'object' && self !== null && self.location && self.location.href);
  if (!base) {
    throw new ModuleLoadError('wasm_not_found',
      'cannot tell where connector.wasm is: this build of the package has no URL of its own '
      + '(a bundle without import.meta.url); pass load({ wasmUrl }) or load({ wasmBinary })', {});
  }
  return new URL('./connector.wasm', base);
}

function resolveUrl(wasmUrl) {
  try {
    const base = typeof location === 'object' && location !== null ? location.href : undefined;
    return new URL(wasmUrl, base);
  } catch {
    throw new ArgumentError('invalid_argument', `load(options): wasmUrl ${JSON.stringify(String(wasmUrl))} is not a URL`, { field: 'wasmUrl' });
  }
}

/** Instantiates the binary chosen by `options` with the glue's imports: {instance, module}. */
export async function instantiate(options, imports) {
  if (options.wasmModule) {
    return { instance: await WebAssembly.instantiate(options.wasmModule, imports), module: options.wasmModule };
  }
  if (options.wasmBinary) return instantiateBytes(options.wasmBinary, imports, 'the wasmBinary option', {});
  const url = options.wasmUrl !== undefined ? resolveUrl(options.wasmUrl) : defaultUrl();
  if (url.protocol === 'file:' && runsInNode()) return instantiateBytes(await readNodeFile(url), imports, url.href, { url: url.href });
  return instantiateFetched(url, imports);
}

async function readNodeFile(url) {
  // process.getBuiltinModule (Node 20.16+) needs no import: CommonJS hosts without dynamic
  // import() (Jest) read the file too. The specifier is a variable so bundlers leave it alone.
  const fs = typeof process.getBuiltinModule === 'function'
    ? process.getBuiltinModule('node:fs/promises')
    : await import(/* webpackIgnore: true */ /* @vite-ignore */ ['node:fs', 'promises'].join('/'));
  try {
    return await fs.readFile(url);
  } catch (cause) {
    throw new ModuleLoadError('module_load_failed',
      `could not read ${url.href} (${cause.code || cause.message}): copy connector.wasm next to the code that `
      + 'imports the package (a bundle moves it), or pass load({ wasmUrl }) or load({ wasmBinary })',
      { url: url.href }, cause);
  }
}

async function instantiateFetched(url, imports) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (cause) {
    throw new ModuleLoadError('module_load_failed', `could not fetch ${url.href} (${cause.message}): ${REMEDY}`, { url: url.href }, cause);
  }
  const contentType = response.headers.get('content-type') || '';
  const details = { url: url.href, status: response.status, contentType };
  if (!response.ok) {
    throw new ModuleLoadError('module_load_failed',
      `fetching ${url.href} answered HTTP ${response.status} (${contentType || 'no content type'}): ${REMEDY}`, details);
  }
  if (contentType.split(';')[0].trim() === 'application/wasm' && typeof WebAssembly.instantiateStreaming === 'function') {
    // compiles while it downloads; a body that is not wasm falls to the check below
    const copy = response.clone();
    try {
      return await WebAssembly.instantiateStreaming(response, imports);
    } catch {
      response = copy;
    }
  }
  return instantiateBytes(await response.arrayBuffer(), imports, url.href, details);
}

async function instantiateBytes(bytes, imports, what, details) {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!WASM_MAGIC.every((b, i) => view[i] === b)) {
    const seen = Array.from(view.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    const fetched = details.contentType !== undefined;
    const served = fetched ? `, served as ${details.contentType || 'no content type'}: a page or an error answered in its place` : '';
    throw new ModuleLoadError('module_load_failed',
      `${what} is not a WebAssembly binary (starts with ${seen || 'nothing'} instead of 00 61 73 6d${served}): `
      + (fetched ? REMEDY : 'pass the bytes of dist/connector.wasm'), details);
  }
  return WebAssembly.instantiate(view, imports);
}
