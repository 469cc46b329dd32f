// The page's session: POST the admin (or any API) token once, get an HttpOnly,
// SameSite=Strict cookie. GET tells who is signed in; DELETE signs out.
import { SESSION_COOKIE, readCookie, sessionCookie } from '../auth.mjs';
import { objectBody } from '../body.mjs';
import { HttpError } from '../errors.mjs';
import { recordAudit } from '../audit.mjs';
import { PUBLIC, SIGNED_IN } from '../access.mjs';

export default function sessionRoutes(app, { db, authenticator, config }) {
  app.post('/api/session', PUBLIC, (request, reply) => {
    const { token } = objectBody(request);
    const session = typeof token === 'string' ? authenticator.startSession(token) : null;
    if (!session) {
      request.log.warn({ ip: request.ip }, 'sign-in refused: token not valid');
      throw new HttpError(401, 'invalid_token', 'The token is not valid.');
    }
    recordAudit(db, {
      actor: session.principal.name, via: 'session', ip: request.ip, action: 'session.started',
      subjectType: 'session', outcome: 'succeeded',
    });
    const maxAgeSeconds = Math.floor((session.expiresAt - Date.now()) / 1000);
    reply.header('set-cookie', sessionCookie(session.sessionId, { maxAgeSeconds, secure: config.cookieSecure || request.protocol === 'https' }));
    return { authenticated: true, name: session.principal.name, expiresAt: session.expiresAt };
  });

  app.get('/api/session', SIGNED_IN, (request) => ({ authenticated: true, name: request.principal.name, via: request.principal.via }));

  app.delete('/api/session', PUBLIC, (request, reply) => {
    authenticator.endSession(readCookie(request.headers.cookie, SESSION_COOKIE));
    reply.header('set-cookie', sessionCookie('', { maxAgeSeconds: 0, secure: config.cookieSecure || request.protocol === 'https' }));
    return reply.code(204).send();
  });
}
