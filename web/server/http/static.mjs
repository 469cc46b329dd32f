// Read-only file serving for the page (web/public) and the package build (dist/ at /pkg/).
// Only GET/HEAD; paths are decoded once, must stay inside the folder, and dot-files are
// never served.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { notFound, badRequest } from './errors.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Resolves a URL path under `root`; null when it is not a servable file name. */
function locate(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    throw badRequest('The URL is not correctly percent-encoded.', 'bad_url');
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter(Boolean);
  if (parts.some((p) => p.startsWith('.'))) return null; // dot-files, '..'
  const file = resolve(root, ...parts);
  return file === root || file.startsWith(root + sep) ? file : null;
}

/** A handler serving files of `root`, the URL path being what follows `prefix`. */
export function serveFolder(root, prefix) {
  const base = resolve(root);
  return async function serveFile(request, reply) {
    const path = request.url.split('?')[0].slice(prefix.length);
    let file = locate(base, path);
    if (!file) throw notFound();
    let info = await stat(file).catch(() => null);
    if (info && info.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info || !info.isFile()) throw notFound();
    const etag = `W/"${info.size.toString(16)}-${Math.trunc(info.mtimeMs).toString(16)}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache')
      .type(TYPES[extname(file).toLowerCase()] || 'application/octet-stream');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(await readFile(file));
  };
}
