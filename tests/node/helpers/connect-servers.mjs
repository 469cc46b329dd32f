// Real servers on 127.0.0.1 for the connection tests. Each records the requests it got
// (method, URL, headers, body, arrival time) and closes on `close()`. Nothing listens beyond
// loopback.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

function closer(server, sockets) {
  return () => new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
}

function track(server) {
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('secureConnection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return sockets;
}

/** Epoch milliseconds with sub-millisecond resolution, never stepping back. */
export const preciseNow = () => performance.timeOrigin + performance.now();

/**
 * An HTTP or HTTPS server whose `handler(req, res, body, entry)` answers; `tls` are https
 * options. Each entry: method, url, headers, body (UTF-8 text), rawBody (the exact bytes),
 * at (arrival of the request head, preciseNow()), peerCertificate.
 * @returns {Promise<{url: string, port: number, requests: object[], close: () => Promise<void>}>}
 */
export async function startServer(handler, { tls = null, host = '127.0.0.1' } = {}) {
  const requests = [];
  const onRequest = (req, res) => {
    const at = preciseNow();
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const body = rawBody.toString('utf8');
      const entry = {
        method: req.method, url: req.url, headers: req.headers, body, rawBody, at, peerCertificate: req.socket.getPeerCertificate?.() ?? null,
      };
      requests.push(entry);
      Promise.resolve(handler(req, res, body, entry)).catch((e) => { res.statusCode = 500; res.end(String(e)); });
    });
  };
  const server = tls ? https.createServer(tls, onRequest) : http.createServer(onRequest);
  const sockets = track(server);
  const port = await listen(server);
  return { url: `${tls ? 'https' : 'http'}://${host}:${port}`, port, requests, server, close: closer(server, sockets) };
}

/** Accepts connections and never answers (for timeouts). */
export async function startSilentServer() {
  const server = net.createServer(() => {});
  const sockets = track(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, close: closer(server, sockets) };
}

/** A loopback port on which nothing listens (bound, then released). */
export async function closedPort() {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
