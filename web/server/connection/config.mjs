// Settings of connection tests, from the environment (documented in docs/http-api.md):
//   CONNECTION_TEST_TIMEOUT_MS  the whole test, 1000..60000 (default 10000)
//   CONNECTION_TEST_CA_FILE     PEM file of extra CAs to trust for test requests (on top of
//                               Node's bundled roots), e.g. a company's internal CA
//   OAUTH_REDIRECT_BASE         public origin for the OAuth callback (behind a proxy);
//                               default: the origin the page was loaded from
// OUTBOUND_NETWORKS (where these requests may connect) is read with the server settings in
// ../config.mjs, because its default depends on HOST and ALLOWED_ORIGINS.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config.mjs';
import { DEFAULT_TIMEOUT_MS } from './check.mjs';

export function connectionConfig(env = process.env) {
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  const raw = env.CONNECTION_TEST_TIMEOUT_MS;
  if (raw !== undefined && raw !== '') {
    if (!/^\d+$/.test(raw) || Number(raw) < 1000 || Number(raw) > 60_000) {
      throw new ConfigError(`CONNECTION_TEST_TIMEOUT_MS must be a whole number from 1000 to 60000, got "${raw}"`);
    }
    timeoutMs = Number(raw);
  }
  let ca;
  if (env.CONNECTION_TEST_CA_FILE) {
    try {
      ca = readFileSync(env.CONNECTION_TEST_CA_FILE, 'utf8');
    } catch (e) {
      throw new ConfigError(`CONNECTION_TEST_CA_FILE: cannot read ${env.CONNECTION_TEST_CA_FILE} (${e.code})`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError('CONNECTION_TEST_CA_FILE holds no PEM certificate');
  }
  let redirectBase = null;
  if (env.OAUTH_REDIRECT_BASE) {
    let url;
    try { url = new URL(env.OAUTH_REDIRECT_BASE); } catch { url = null; }
    if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search) {
      throw new ConfigError(`OAUTH_REDIRECT_BASE must be an origin such as https://connectors.example.com, got "${env.OAUTH_REDIRECT_BASE}"`);
    }
    redirectBase = url.origin;
  }
  return Object.freeze({ timeoutMs, ca, redirectBase });
}
