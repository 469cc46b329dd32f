// The page's session: POST the admin (or any API) token once, get an HttpOnly,
// SameSite=Strict cookie. GET tells who is signed in; DELETE signs out. Wrong tokens are
// throttled per client address (sign-in-throttle.mjs; shared-sign-in-throttle.mjs with
// REDIS_URL); a valid token never is.
import { SESSION_COOKIE, TOKEN_SCOPE, readCookie, sessionCookie } from '../security/auth.mjs';
import { objectBody } from '../http/body.mjs';
import { HttpError, forbidden } from '../http/errors.mjs';
import { recordAudit } from '../stores/audit.mjs';
import { PUBLIC, SIGNED_IN } from '../http/access.mjs';
import { LogBudget, SignInThrottle } from '../security/sign-in-throttle.mjs';
import { SharedSignInThrottle } from '../security/shared-sign-in-throttle.mjs';

export default function sessionRoutes(app, { db, authenticator, config, redis }) {
  // with REDIS_URL, failures are counted across every backend process using that Redis
  const throttle = redis
    ? new SharedSignInThrottle({ redis, prefix: `${config.redis.prefix}signin:`, log: app.log, options: config.signIn })
    : new SignInThrottle(config.signIn);
  const refusalLog = new LogBudget({
    onSummary: (count, windowMs) => app.log.warn({ count, seconds: windowMs / 1000 }, 'sign-in refused: more refusals not logged one by one'),
  });
  // before the server waits for requests in flight: held answers go out now
  app.addHook('preClose', async () => {
    throttle.close();
    refusalLog.close();
  });

  /** A wrong token: 401 at once, or, once the address is throttled, 429 when its lock ends. */
  const refuse = async (request) => {
    const decision = await throttle.failed(request.ip);
    if (refusalLog.allow()) {
      request.log.warn({ ip: request.ip, failures: decision.failures, ...(decision.throttled ? { delayMs: decision.delayMs } : {}) },
        decision.throttled ? 'sign-in refused: token not valid, address throttled' : 'sign-in refused: token not valid');
    }
    if (!decision.throttled) throw new HttpError(401, 'invalid_token', 'The token is not valid.');
    await throttle.hold(decision.waitMs);
    const seconds = throttle.retryAfterSeconds(decision);
    throw new HttpError(429, 'sign_in_throttled',
      `The token is not valid, and too many wrong tokens came from this address: wait ${seconds} s before the next try.`,
      { headers: { 'retry-after': String(seconds) } });
  };

  app.post('/api/session', PUBLIC, async (request, reply) => {
    const { token } = objectBody(request);
    // Checked before any throttling: a valid token is accepted from any address, at any time.
    const session = typeof token === 'string' ? await authenticator.startSession(token) : null;
    if (!session && (await authenticator.fromToken(token))?.scope === TOKEN_SCOPE.PROXY) {
      throw forbidden('This token may only use the request gateway: sign in with a token of scope "all".', 'token_scope');
    }
    if (!session) return refuse(request);
    await recordAudit(db, {
      actor: session.principal.name, via: 'session', ip: request.ip, action: 'session.started',
      subjectType: 'session', outcome: 'succeeded',
    });
    const maxAgeSeconds = Math.floor((session.expiresAt - Date.now()) / 1000);
    reply.header('set-cookie', sessionCookie(session.sessionId, { maxAgeSeconds, secure: config.cookieSecure || request.protocol === 'https' }));
    return { authenticated: true, name: session.principal.name, expiresAt: session.expiresAt };
  });

  app.get('/api/session', SIGNED_IN, (request) => ({ authenticated: true, name: request.principal.name, via: request.principal.via }));

  app.delete('/api/session', PUBLIC, async (request, reply) => {
    await authenticator.endSession(readCookie(request.headers.cookie, SESSION_COOKIE));
    reply.header('set-cookie', sessionCookie('', { maxAgeSeconds: 0, secure: config.cookieSecure || request.protocol === 'https' }));
    return reply.code(204).send();
  });
}
