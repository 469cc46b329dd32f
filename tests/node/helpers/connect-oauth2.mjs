// OAuth 2 servers for the connection tests, on 127.0.0.1: the authorisation server is
// `oauth2-mock-server` (from the npm registry) with client authentication enforced on top
// (it accepts any client by itself); the resource server checks the bearer token's RS256
// signature against the mock issuer's published JWKS and its expiry.
import { createPublicKey, verify } from 'node:crypto';
import { OAuth2Server } from 'oauth2-mock-server';
import { json, startServer } from './connect-servers.mjs';

function clientOf(req) {
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    const form = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: form(decoded.slice(0, i)), secret: form(decoded.slice(i + 1)), via: 'basic' };
  }
  return { id: req.body?.client_id, secret: req.body?.client_secret, via: 'body' };
}

/**
 * @returns {Promise<{url: string, server: OAuth2Server, tokenRequests: object[], close: () => Promise<void>}>}
 */
export async function startAuthorizationServer({ clientId, clientSecret }) {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const tokenRequests = [];
  server.service.on('beforeResponse', (response, req) => {
    const client = clientOf(req);
    tokenRequests.push({ grantType: req.body.grant_type, via: client.via, scope: req.body.scope ?? null, refreshToken: req.body.refresh_token ?? null });
    if (client.id !== clientId || client.secret !== clientSecret) {
      response.statusCode = 401;
      response.body = { error: 'invalid_client', error_description: `client ${client.id} unknown` };
    }
  });
  return { url: server.issuer.url, server, tokenRequests, close: () => server.stop() };
}

/**
 * A resource server: 200 when the bearer token is a valid JWT of `issuerUrl`, else 401.
 * `refuse(token)`: true for a token the server treats as revoked (401 although valid).
 */
export async function startResourceServer(issuerUrl, { refuse = () => false } = {}) {
  const { keys } = await (await fetch(`${issuerUrl}/jwks`)).json();
  const publicKeys = new Map(keys.map((k) => [k.kid, createPublicKey({ key: k, format: 'jwk' })]));
  const tokensSeen = [];
  const resource = await startServer((req, res) => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!m) return json(res, 401, { error: 'invalid_request' });
    tokensSeen.push(m[1]);
    const [h, p, s] = m[1].split('.');
    try {
      const header = JSON.parse(Buffer.from(h, 'base64url'));
      const payload = JSON.parse(Buffer.from(p, 'base64url'));
      const key = publicKeys.get(header.kid);
      const valid = header.alg === 'RS256' && key && verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))
        && payload.iss === issuerUrl && payload.exp * 1000 > Date.now() && !refuse(m[1]);
      return valid ? json(res, 200, { sub: payload.sub ?? null, scope: payload.scope ?? null }) : json(res, 401, { error: 'invalid_token' });
    } catch {
      return json(res, 401, { error: 'invalid_token' });
    }
  });
  return { ...resource, tokensSeen };
}
