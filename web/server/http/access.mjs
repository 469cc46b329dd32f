// Access control. Who may call a route is a property of the route, declared where it is
// registered (`{config: {access}}`), and decided in one place from the route the router
// matched, never from the URL text: the router decodes and normalises the path, so a test on
// the raw URL would judge another path than the one that runs.
//
// Every request, in this order:
//  1. the request target: absolute-form (`GET http://host/path`) is accepted only when its
//     authority is one of this server's hosts, and is reduced to its path before routing;
//     anything else that is not a path is refused;
//  2. a request that matches no route is a 404, before anything else is looked at;
//  3. Host: only names this server is meant to be reached by (defeats DNS rebinding of the
//     loopback port);
//  4. Origin: a state-changing request from a browser must come from one of our origins
//     (the session cookie is SameSite=Strict too; this is the second lock);
//  5. identity: a route that is not public needs a bearer token or a session. Handlers of
//     such routes are wrapped so that they cannot run without a principal;
//  6. scope: a token of scope 'proxy' reaches only the routes that declare GATEWAY access.
//     The METRICS_TOKEN bearer reaches only the routes that declare METRICS access.
import { SESSION_COOKIE, TOKEN_SCOPE, bearerMatchesHash, readCookie } from '../security/auth.mjs';
import { HttpError, badRequest, forbidden, notFound, unauthenticated } from './errors.mjs';

/** The access levels a route can declare. */
export const ACCESS = Object.freeze({
  /** Anyone who can reach the server: the page's files, health, sign-in, the OAuth return. */
  PUBLIC: 'public',
  /** A bearer token or a page session of scope 'all'. */
  PRINCIPAL: 'principal',
  /** Also tokens of scope 'proxy': the request gateway and the usage of instances. */
  GATEWAY: 'gateway',
  /** Also the METRICS_TOKEN bearer (a scraper's credential, good for nothing else). */
  METRICS: 'metrics',
});

/** Route options to pass at registration: `app.get(path, PUBLIC, handler)`. */
export const PUBLIC = Object.freeze({ config: Object.freeze({ access: ACCESS.PUBLIC }) });
export const SIGNED_IN = Object.freeze({ config: Object.freeze({ access: ACCESS.PRINCIPAL }) });
export const GATEWAY = Object.freeze({ config: Object.freeze({ access: ACCESS.GATEWAY }) });
export const METRICS = Object.freeze({ config: Object.freeze({ access: ACCESS.METRICS }) });

const METRICS_PRINCIPAL = Object.freeze({ tokenId: null, name: 'metrics', via: 'metrics_token', scope: 'metrics', connectors: null });

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LEVELS = new Set(Object.values(ACCESS));

// The parts of an absolute-form target (RFC 9112 3.2.2): scheme, authority, the rest.
const ABSOLUTE_FORM = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^#]*)$/;
const TARGET = Symbol('request target');

/**
 * Origins this server answers for. `port()` is read lazily: with PORT=0 it is known only
 * after listen().
 */
export function createOriginPolicy({ host, allowedOrigins }, port) {
  let cache = null;
  const compute = () => {
    const p = port();
    const origins = new Set(allowedOrigins);
    for (const name of LOOPBACK_NAMES) origins.add(`http://${name}:${p}`);
    const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    const anyHost = WILDCARD_HOSTS.has(host) && allowedOrigins.length === 0;
    if (!WILDCARD_HOSTS.has(host)) origins.add(`http://${bracketed}:${p}`);
    const hosts = new Set([...origins].map((o) => new URL(o).host));
    return { origins, hosts, anyHost };
  };
  const get = () => (cache ??= compute());
  return {
    hostAllowed(hostHeader) {
      const { hosts, anyHost } = get();
      return anyHost || (typeof hostHeader === 'string' && hosts.has(hostHeader.toLowerCase()));
    },
    /** With a wildcard bind and no ALLOWED_ORIGINS, the request's own host is the origin. */
    originAllowed(origin, hostHeader) {
      const { origins, anyHost } = get();
      if (origins.has(origin)) return true;
      return anyHost && typeof hostHeader === 'string'
        && (origin === `http://${hostHeader}` || origin === `https://${hostHeader}`);
    },
    origins: () => [...get().origins],
  };
}

/**
 * Fastify's `rewriteUrl`: reduces an absolute-form target to its path and query (what the
 * router and the file server read) and remembers the authority for the Host check. A target
 * that is neither a path nor absolute-form is routed to nothing and refused in the hook.
 */
export function normaliseRequestTarget(req) {
  const url = req.url;
  if (url.startsWith('/')) return url;
  const m = ABSOLUTE_FORM.exec(url);
  if (m && /^https?$/i.test(m[1]) && m[2] !== '') {
    const rest = m[3] === '' ? '/' : m[3];
    if (rest.startsWith('/')) {
      req[TARGET] = { authority: m[2] };
      return rest;
    }
  }
  req[TARGET] = { malformed: true };
  return '/';
}

/**
 * Installs the checks. Must run before any route is registered: a route registered without
 * a declared access level stops the server at start.
 * `metricsTokenHash`: SHA-256 (hex) of METRICS_TOKEN, or null when it is not set.
 * @returns {{routes: () => {method: string, url: string, access: string}[]}}
 */
export function registerAccessControl(app, { policy, authenticator, metricsTokenHash = null }) {
  const routes = [];
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = [route.method].flat();
    if (!LEVELS.has(access)) {
      throw new Error(`route ${methods.join(',')} ${route.url} declares no access level (config.access: ${[...LEVELS].join(' | ')})`);
    }
    for (const method of methods) routes.push({ method, url: route.url, access });
    if (access === ACCESS.PUBLIC) return;
    const handler = route.handler;
    // Second lock: the hook below refuses first; this keeps a handler from ever running
    // with a null principal should the hook change.
    route.handler = function withPrincipal(request, reply) {
      if (!request.principal) throw unauthenticated();
      return handler.call(this, request, reply);
    };
  });

  app.addHook('onRequest', async (request) => {
    const target = request.raw[TARGET];
    if (target?.malformed) {
      throw badRequest('The request target must be a path such as /api/connectors.', 'bad_request_target');
    }
    if (target && !policy.hostAllowed(target.authority)) {
      throw badRequest('The request target names a host this server does not answer for.', 'foreign_request_target');
    }
    if (request.is404) throw notFound();
    if (!policy.hostAllowed(request.headers.host)) {
      throw new HttpError(421, 'host_not_allowed', 'This server does not answer for that host name.');
    }
    const unsafe = UNSAFE_METHODS.has(request.method);
    const origin = request.headers.origin;
    if (unsafe && origin !== undefined && !policy.originAllowed(origin, request.headers.host)) {
      throw forbidden('Requests from this origin are not allowed.', 'origin_not_allowed');
    }
    const fetchSite = request.headers['sec-fetch-site'];
    if (unsafe && typeof fetchSite === 'string' && fetchSite.toLowerCase() === 'cross-site') {
      throw forbidden('Cross-site requests are not allowed.', 'origin_not_allowed');
    }
    if (request.routeOptions.config?.access === ACCESS.PUBLIC) return;
    if (request.routeOptions.config?.access === ACCESS.METRICS && metricsTokenHash
      && bearerMatchesHash(request.headers.authorization, metricsTokenHash)) {
      request.principal = METRICS_PRINCIPAL;
      return;
    }
    let principal = null;
    if (request.headers.authorization !== undefined) {
      principal = await authenticator.fromAuthorization(request.headers.authorization);
    } else {
      principal = await authenticator.fromSession(readCookie(request.headers.cookie, SESSION_COOKIE));
      // A browser always sends Origin on POST/PUT/PATCH/DELETE; a cookie without it is
      // not our page.
      if (principal && unsafe && origin === undefined) {
        throw forbidden('A session request that changes data must carry an Origin header.', 'origin_required');
      }
    }
    if (!principal) throw unauthenticated();
    if (principal.scope !== TOKEN_SCOPE.ALL && request.routeOptions.config?.access !== ACCESS.GATEWAY) {
      throw forbidden('This token may only use the request gateway.', 'token_scope');
    }
    request.principal = principal;
  });

  return { routes: () => routes.map((r) => ({ ...r })) };
}

/** The audit trail's view of the caller. */
export function actorOf(request) {
  const p = request.principal;
  return { actor: p ? p.name : 'anonymous', via: p ? p.via : 'none', ip: request.ip };
}
