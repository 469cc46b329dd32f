// The backend's JSON API (docs/http-api.md), as used by the page: the session cookie is
// sent by the browser (same origin); errors become ApiError with the HTTP status, the
// stable `code` and, for 422 answers, Laravel's `errors` object ({field: [message...]}).

export class ApiError extends Error {
  constructor(status, body, fallback) {
    super((body && typeof body.message === 'string' && body.message) || fallback);
    this.name = 'ApiError';
    this.status = status;
    this.code = body && typeof body.code === 'string' ? body.code : null;
    this.errors = body && body.errors && typeof body.errors === 'object' ? body.errors : null;
    this.body = body;
  }
}

/** Thrown when the request got no answer (server down, network gone). */
export class NetworkError extends Error {
  constructor(cause) {
    super('The server could not be reached. Check your connection and try again.');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

async function call(method, path, { body, headers = {}, quiet = false } = {}) {
  const init = { method, headers: { accept: 'application/json', ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    throw new NetworkError(cause);
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json, `The server answered ${response.status}.`);
    if (response.status === 401 && !quiet && onUnauthenticated) onUnauthenticated(error);
    throw error;
  }
  return { status: response.status, body: json, headers: response.headers };
}

let onUnauthenticated = null;
/** Called with the error whenever an API call answers 401 (the session has ended). */
export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

const enc = encodeURIComponent;
const instancesPath = (connectorId) => `/api/connectors/${enc(connectorId)}/instances`;

export const api = {
  /** {authenticated, name, via} or null when not signed in. */
  async session() {
    try {
      return (await call('GET', '/api/session', { quiet: true })).body;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  async signIn(token) {
    return (await call('POST', '/api/session', { body: { token }, quiet: true })).body;
  },
  async signOut() {
    await call('DELETE', '/api/session');
  },
  async connectors() {
    return (await call('GET', '/api/connectors')).body.data;
  },
  /** The full definition of one connector (with its auth methods' variables). */
  async connector(connectorId) {
    return (await call('GET', `/api/connectors/${enc(connectorId)}`)).body;
  },
  async pools() {
    return (await call('GET', '/api/pools')).body.data;
  },
  /** Creates a pool {name, limit, timeout}; the server gives it its id. */
  async createPool(pool) {
    return (await call('POST', '/api/pools', { body: pool })).body;
  },
  async updatePool(id, pool) {
    return (await call('PUT', `/api/pools/${enc(id)}`, { body: pool })).body;
  },
  /** 409 `pool_in_use` while an instance uses the pool. */
  async deletePool(id) {
    await call('DELETE', `/api/pools/${enc(id)}`);
  },
  /** Every instance of a connector (follows the pages of 500). */
  async instances(connectorId) {
    const out = [];
    for (let offset = 0; ; offset += 500) {
      const page = (await call('GET', `${instancesPath(connectorId)}?limit=500&offset=${offset}`)).body;
      out.push(...page.data);
      if (out.length >= page.total || page.data.length === 0) return out;
    }
  },
  /** Every instance of each connector: Map connectorId -> [instance]. */
  async instancesOf(connectorIds) {
    return new Map(await Promise.all(connectorIds.map(async (id) => [id, await api.instances(id)])));
  },
  async instance(connectorId, id) {
    return (await call('GET', `${instancesPath(connectorId)}/${enc(id)}`)).body;
  },
  /** Creates an instance; the answer {status, body} is what the wizard's applyResponse takes. */
  async createInstance(connectorId, payload, idempotencyKey) {
    const headers = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {};
    return call('POST', instancesPath(connectorId), { body: payload, headers });
  },
  async updateInstance(connectorId, id, payload) {
    return (await call('PUT', `${instancesPath(connectorId)}/${enc(id)}`, { body: payload })).body;
  },
  async deleteInstance(connectorId, id) {
    await call('DELETE', `${instancesPath(connectorId)}/${enc(id)}`);
  },
  /** Tests a saved instance against the real system; the result is recorded on it (docs/connection-test.md). */
  async testInstance(connectorId, id) {
    return (await call('POST', `${instancesPath(connectorId)}/${enc(id)}/test`, { body: {} })).body;
  },
  /** Tests an authentication not saved yet: {authMethodId, credentials, certificate}. */
  async testConnection(connectorId, authentication) {
    return (await call('POST', `/api/connectors/${enc(connectorId)}/connection-test`, { body: authentication })).body;
  },
  /** The instance's use through the request gateway (docs/gateway.md#usage). */
  async usage(id) {
    return (await call('GET', `/api/instances/${enc(id)}/usage`)).body;
  },
  /** Starts "Connect" (OAuth 2 authorisation code): {flowId, authorizeUrl, expiresAt}. */
  async startOAuth(body) {
    return (await call('POST', '/api/oauth/start', { body })).body;
  },
  /** The callback URL Connect sends to providers (to register there): {redirectUri}. */
  async oauthRedirectUri() {
    return (await call('GET', '/api/oauth/redirect-uri')).body;
  },
  /** The outcome of a Connect: {flowId, status: pending|connected|failed, result?, error?}. */
  async oauthFlow(flowId) {
    return (await call('GET', `/api/oauth/flows/${enc(flowId)}`)).body;
  },
};
