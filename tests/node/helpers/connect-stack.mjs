// The backend (web/server/main.mjs as a child process) with a catalog of test connectors
// whose URLs point at real servers on 127.0.0.1: a token API, an HTTPS server requiring a
// client certificate from an openssl-made CA, oauth2-mock-server and a JWT-verifying
// resource server. Shared by the backend and browser suites of issue 8.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, startServer } from '../server-harness.mjs';
import { makePki } from './connect-pki.mjs';
import { json, startServer as startLoopbackServer } from './connect-servers.mjs';
import { startAuthorizationServer, startResourceServer } from './connect-oauth2.mjs';

export const GOOD_TOKEN = 'loop-token-7f3a9c2e5b';
export const BAD_TOKEN = 'loop-token-wrong-0000';
export const CLIENT_ID = 'backend-client';
export const CLIENT_SECRET = 'backend-client-secret-Q2w';

function writeCatalog(dir, { tokenApi, bank, auth, resource }) {
  const put = (definition) => writeFileSync(join(dir, `${definition.id}.json`), JSON.stringify(definition, null, 2));
  const common = { version: '1.0.0', systemType: 'test', protocol: 'rest' };
  put({
    id: 'loop-token', name: 'Loop token', ...common,
    authMethods: [{
      id: 'token', name: 'API key', type: 'token',
      variables: [{ key: 'access_token', label: 'API key', type: 'secret', required: true }],
      token: { header: 'X-Api-Key' },
      check: { url: `${tokenApi.url}/me` },
    }],
  });
  put({
    id: 'loop-bank', name: 'Loop bank (mTLS)', ...common,
    authMethods: [{
      id: 'mtls', name: 'Certificate and key', type: 'token', certificate: 'required',
      variables: [{ key: 'access_token', label: 'Key', type: 'secret', required: true }],
      check: { url: `${bank.url}/accounts` },
    }],
  });
  const oauthVariables = [
    { key: 'client_id', label: 'Client ID', required: true },
    { key: 'client_secret', label: 'Client secret', type: 'secret', required: true },
    { key: 'scope', label: 'Scope', default: 'read' },
  ];
  const authBase = `http://127.0.0.1:${new URL(auth.url).port}`;
  put({
    id: 'loop-oauth', name: 'Loop OAuth', ...common,
    authMethods: [{
      id: 'web', name: 'Authorization code', type: 'oauth2_authorization_code', variables: oauthVariables,
      oauth2: { authorizeUrl: `${authBase}/authorize`, tokenUrl: `${authBase}/token`, scope: '{{scope}}' },
      check: { url: `${resource.url}/api/me` },
    }, {
      id: 'machine', name: 'Client credentials', type: 'oauth2_client_credentials', variables: oauthVariables,
      oauth2: { tokenUrl: `${authBase}/token`, scope: '{{scope}}' },
      check: { url: `${resource.url}/api/me` },
    }],
  });
}

/** The admin token line may come in a later chunk than the URL line. */
async function adminTokenOf(started) {
  for (let i = 0; i < 200; i += 1) {
    const m = /Admin token[^:]*: (cit_[A-Za-z0-9_-]+)/.exec(started.output());
    if (m) return m[1];
    await new Promise((resolve) => { setTimeout(resolve, 10); });
  }
  throw new Error('the server printed no admin token');
}

/**
 * Starts everything; `stop()` ends it and removes the temporary folders.
 * @param {object} [o]
 * @param {Record<string, string>} [o.env]  more environment for the backend
 * @param {(servers: object) => Promise<{servers?: Record<string, {close: Function}>, definitions?: object[]}>} [o.extend]
 *   more loopback servers and connector definitions, made once the stack's own servers and
 *   PKI exist (`servers`: {pki, tokenApi, bank, auth, resource}); its servers are closed by
 *   `stop()` and returned as `stack.extra`
 */
export async function startConnectStack({ env: extraEnv = {}, extend = null } = {}) {
  const pki = makePki();
  const tokenApi = await startLoopbackServer((req, res) => json(res, req.headers['x-api-key'] === GOOD_TOKEN ? 200 : 401, {}));
  const bank = await startLoopbackServer(
    (req, res) => json(res, req.socket.authorized && req.headers.authorization === `Bearer ${GOOD_TOKEN}` ? 200 : 401, {}),
    { tls: { ...pki.server, ca: pki.ca, requestCert: true, rejectUnauthorized: true } },
  );
  const auth = await startAuthorizationServer({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const resource = await startResourceServer(auth.url);
  const catalogDir = join(pki.dir, 'catalog');
  mkdirSync(catalogDir);
  writeCatalog(catalogDir, { tokenApi, bank, auth, resource });
  const extra = extend ? await extend({ pki, tokenApi, bank, auth, resource }) : {};
  for (const definition of extra.definitions ?? []) writeFileSync(join(catalogDir, `${definition.id}.json`), JSON.stringify(definition, null, 2));
  const dataDir = mkdtempSync(join(tmpdir(), 'ci-connect-data-'));
  const env = { CATALOG_DIR: catalogDir, CONNECTION_TEST_CA_FILE: join(pki.dir, 'ca.pem'), CONNECTION_TEST_TIMEOUT_MS: '5000', ...extraEnv };
  const server = await startServer({ dataDir, env });
  const adminToken = server.adminToken ?? await adminTokenOf(server);
  const outputs = [];
  return {
    pki, tokenApi, bank, auth, resource, server, dataDir, adminToken, env, extra: extra.servers ?? {},
    api: client(server.url, adminToken),
    /** Every output of every server process this stack ran (for leak checks). */
    outputs() {
      return [...outputs, this.server.output()];
    },
    /** Stops the server, runs `between()` (e.g. a CLI command), starts it again on the same data. */
    async restart(between = () => {}) {
      await this.server.stop();
      outputs.push(this.server.output());
      await between();
      this.server = await startServer({ dataDir, env });
      this.api = client(this.server.url, adminToken);
    },
    async stop() {
      await this.server.stop();
      await Promise.all([tokenApi.close(), bank.close(), auth.close(), resource.close(), ...Object.values(extra.servers ?? {}).map((x) => x.close())]);
      pki.cleanup();
    },
    removeData: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
