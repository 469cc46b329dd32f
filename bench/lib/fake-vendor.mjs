// The vendor API the gateway benches call: a loopback HTTP server answering a small JSON body
// to requests carrying its API key (kept-alive connections), and a catalog holding one
// connector whose token method points at it.
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const VENDOR_TOKEN = 'bench-vendor-token-5d1c';

/** @returns {Promise<{url: string, close: () => void}>} */
export function startVendor() {
  const body = JSON.stringify({ orders: [{ id: 1, total: '12.50' }, { id: 2, total: '7.00' }] });
  const server = http.createServer((req, res) => {
    const ok = req.headers['x-api-key'] === VENDOR_TOKEN;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json', 'content-length': ok ? Buffer.byteLength(body) : 2 });
    res.end(ok ? body : '{}');
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })));
}

/** Writes the catalog folder `dir` with the connector `vendor` (method `key`) calling `vendor`. */
export function writeVendorCatalog(dir, vendor) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'vendor.json'), JSON.stringify({
    id: 'vendor', name: 'Bench vendor', version: '1.0.0', systemType: 'test', protocol: 'rest',
    authMethods: [{
      id: 'key', name: 'API key', type: 'token',
      variables: [{ key: 'access_token', label: 'API key', type: 'secret', required: true }],
      token: { header: 'X-Api-Key' },
      baseUrl: `${vendor.url}/v1`,
    }],
  }));
}
