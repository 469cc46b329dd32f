// Access control for every request, in this order:
//  1. Host: only names this server is meant to be reached by (defeats DNS rebinding of the
//     loopback port);
//  2. Origin: a state-changing request from a browser must come from one of our origins
//     (the session cookie is SameSite=Strict too; this is the second lock);
//  3. Identity: /api/* needs a bearer token or a session, except routes marked public.
import { SESSION_COOKIE, readCookie } from './auth.mjs';
import { HttpError, forbidden, unauthenticated } from './errors.mjs';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

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

/** Installs the checks as an onRequest hook; sets request.principal on /api/* routes. */
export function registerAccessControl(app, { policy, authenticator }) {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', (request, reply, done) => {
    if (!policy.hostAllowed(request.headers.host)) {
      done(new HttpError(421, 'host_not_allowed', 'This server does not answer for that host name.'));
      return;
    }
    const unsafe = UNSAFE_METHODS.has(request.method);
    const origin = request.headers.origin;
    if (unsafe && origin !== undefined && !policy.originAllowed(origin, request.headers.host)) {
      done(forbidden('Requests from this origin are not allowed.', 'origin_not_allowed'));
      return;
    }
    if (unsafe && request.headers['sec-fetch-site'] === 'cross-site') {
      done(forbidden('Cross-site requests are not allowed.', 'origin_not_allowed'));
      return;
    }
    if (!request.url.startsWith('/api/') || request.routeOptions.config?.public) {
      done();
      return;
    }
    let principal = null;
    if (request.headers.authorization !== undefined) {
      principal = authenticator.fromAuthorization(request.headers.authorization);
    } else {
      principal = authenticator.fromSession(readCookie(request.headers.cookie, SESSION_COOKIE));
      // A browser always sends Origin on POST/PUT/PATCH/DELETE; a cookie without it is
      // not our page.
      if (principal && unsafe && origin === undefined) {
        done(forbidden('A session request that changes data must carry an Origin header.', 'origin_required'));
        return;
      }
    }
    if (!principal) {
      done(unauthenticated());
      return;
    }
    request.principal = principal;
    done();
  });
}

/** The audit trail's view of the caller. */
export function actorOf(request) {
  const p = request.principal;
  return { actor: p ? p.name : 'anonymous', via: p ? p.via : 'none', ip: request.ip };
}
