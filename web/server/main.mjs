// Placeholder until the backend lands: serves a minimal page so `npm start` answers.
import http from 'node:http';
import { load } from '../../dist/index.mjs';

const mod = await load();
const port = Number(process.env.PORT || 8080);
const host = process.env.HOST || '127.0.0.1';
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'self'" });
  res.end(`<!doctype html><title>Connector instances</title><p>connector-instances ${mod.version}</p>`);
});
server.listen(port, host, () => console.log(`Listening on http://${host}:${server.address().port}`));
