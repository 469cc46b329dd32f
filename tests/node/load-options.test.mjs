// load()'s options (wasmUrl, wasmBinary, wasmModule) and its errors, over real HTTP on
// loopback: a failed load names the URL, the HTTP status and the content type, and a later
// call may succeed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { load, ArgumentError, ModuleLoadError } from '../../dist/index.mjs';

const wasmFile = new URL('../../dist/connector.wasm', import.meta.url);
const wasm = readFileSync(wasmFile);
const server = createServer((req, res) => {
  if (req.url === '/connector.wasm') res.writeHead(200, { 'content-type': 'application/wasm' }).end(wasm);
  else if (req.url === '/octet/connector.wasm') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(wasm);
  else if (req.url === '/spa/connector.wasm') res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>');
  // the streaming compilation reads this body and refuses it: load() fetches it again to say what it holds
  else if (req.url === '/labelled/connector.wasm') res.writeHead(200, { 'content-type': 'application/wasm' }).end('<!doctype html><title>app</title>');
  else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
after(() => server.close());
const origin = `http://127.0.0.1:${server.address().port}`;

test('misused options are ArgumentErrors naming the option', async () => {
  const cases = [
    [null, 'invalid_argument', 'options'],
    ['x.wasm', 'invalid_argument', 'options'],
    [{ wasmURL: 'x' }, 'unknown_member', 'wasmURL'],
    [{ wasmUrl: 5 }, 'invalid_argument', 'wasmUrl'],
    [{ wasmBinary: 'bytes' }, 'invalid_argument', 'wasmBinary'],
    [{ wasmModule: {} }, 'invalid_argument', 'wasmModule'],
    [{ wasmUrl: 'a.wasm', wasmBinary: new Uint8Array(8) }, 'invalid_argument', 'wasmBinary'],
  ];
  for (const [options, code, field] of cases) {
    await assert.rejects(load(options), (e) => e instanceof ArgumentError && e.code === code && e.details.field === field,
      JSON.stringify(options));
  }
});

test('a missing file, an HTTP error and a page in place of the wasm say where and what to do', async () => {
  await assert.rejects(load({ wasmUrl: new URL('file:///nonexistent/connector.wasm') }), (e) =>
    e instanceof ModuleLoadError && e.code === 'module_load_failed' && e.details.url === 'file:///nonexistent/connector.wasm'
    && /ENOENT/.test(e.message) && /load\(\{ wasmUrl \}\)/.test(e.message));
  await assert.rejects(load({ wasmUrl: `${origin}/gone/connector.wasm` }), (e) =>
    e instanceof ModuleLoadError && e.details.status === 404 && e.details.contentType === 'text/plain'
    && e.message.includes(`${origin}/gone/connector.wasm answered HTTP 404 (text/plain)`)
    && e.message.includes('connector-instances/connector.wasm'));
  await assert.rejects(load({ wasmUrl: `${origin}/spa/connector.wasm` }), (e) =>
    e instanceof ModuleLoadError && e.details.status === 200 && e.details.contentType === 'text/html'
    && e.message.includes('is not a WebAssembly binary (starts with 3c 21 64 6f instead of 00 61 73 6d, served as text/html'));
  await assert.rejects(load({ wasmUrl: `${origin}/labelled/connector.wasm` }), (e) =>
    e instanceof ModuleLoadError && e.details.status === 200 && e.details.contentType === 'application/wasm'
    && e.message.includes('is not a WebAssembly binary (starts with 3c 21 64 6f instead of 00 61 73 6d, served as application/wasm'));
  await assert.rejects(load({ wasmBinary: new Uint8Array([1, 2, 3, 4]) }), (e) =>
    e instanceof ModuleLoadError && /the wasmBinary option is not a WebAssembly binary/.test(e.message));
});

test('after failures, load({ wasmModule }) loads; later calls return the same module', async () => {
  const m = await load({ wasmModule: await WebAssembly.compile(wasm) });
  assert.equal(m.time.zone('Europe/Paris').format(0, 'H:i T'), '01:00 CET');
  assert.equal(await load(), m);
});

test('wasmUrl over HTTP (application/wasm or another type) and wasmBinary load, each in a fresh process', async () => {
  const index = new URL('../../dist/index.mjs', import.meta.url).href;
  for (const options of [`{ wasmUrl: '${origin}/connector.wasm' }`, `{ wasmUrl: new URL('${origin}/octet/connector.wasm') }`,
    `{ wasmBinary: new Uint8Array(readFileSync(new URL('${wasmFile.href}'))) }`]) {
    const { stdout: out } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', `
      import { readFileSync } from 'node:fs';
      const { load } = await import('${index}');
      const m = await load(${options});
      console.log(m.time.zone('Asia/Tokyo').format(0, 'H:i T'));`], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(out.trim(), '09:00 JST', options);
  }
});
