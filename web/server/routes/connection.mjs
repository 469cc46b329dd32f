// Connection tests and the OAuth 2 "Connect" flow (docs/connection-test.md, docs/http-api.md):
//   POST /api/connectors/:connectorId/connection-test          test credentials not saved yet
//   POST /api/connectors/:connectorId/instances/:id/test   test a saved instance (alias: …/connection-test)
//   POST /api/oauth/start, GET /oauth/callback, GET /api/oauth/flows/:flowId
//   GET /api/oauth/redirect-uri                             the callback URL to register at a provider
// Results and tokens are kept by InstanceConnections (connection/instance-connections.mjs),
// which the instance routes call when they write and answer.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { objectBody } from '../http/body.mjs';
import { HttpError, notFound, unprocessable } from '../http/errors.mjs';
import { recordAudit } from '../stores/audit.mjs';
import { PUBLIC, SIGNED_IN, actorOf } from '../http/access.mjs';
import { readCookie } from '../security/auth.mjs';
import { runCheck, tlsOptions } from '../connection/check.mjs';
import { connectionConfig } from '../connection/config.mjs';
import { memoryTokenStore } from '../connection/oauth2-session.mjs';
import { credentialValues } from '../connection/values.mjs';
import { ConnectionError } from '../connection/errors.mjs';
import { randomToken } from '../connection/pkce.mjs';
import { OutboundPolicy } from '../connection/outbound-policy.mjs';
import { instanceValidator } from '../instance-validator.mjs';

const INSTANCE = '/api/connectors/:connectorId/instances/:id';
const FLOW_COOKIE_SECONDS = 600;
// a cap of pending authorisations (authorization-flow.mjs): 429, not a problem of the input
const FLOWS_FULL = new Set(['too_many_flows_for_token', 'too_many_flows']);

const plainObject = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {});
const sha256 = (text) => createHash('sha256').update(text).digest();
const cookieName = (flowId) => `cis_oauth_${flowId.slice(0, 8)}`;

export default function connectionRoutes(app, { db, validation, instances, pools, config, connections }) {
  const validate = instanceValidator({ validation, instances, pools });
  const settings = connectionConfig();
  const { tokens, results, awaiting, flows } = connections;
  // Every request made for a user (check, token, refresh, code exchange) goes through it.
  const outbound = new OutboundPolicy(config.outboundNetworks);
  const testOptions = {
    timeoutMs: settings.timeoutMs,
    ca: settings.ca,
    outbound,
    // class, message and stack only: ours never embed a value
    onInternalError: (e) => app.log.error({ err: { type: e?.name, message: e?.message, stack: e?.stack } }, 'connection test failed internally'),
  };

  const methodOf = (connectorId, authMethodId) => {
    const connector = validation.connector(connectorId);
    if (!connector) throw notFound('No such connector.');
    // none named: the connector's default method, as validation resolves it
    const id = authMethodId ?? validation.defaultAuthMethod(connectorId);
    const method = (connector.authMethods ?? []).find((m) => m.id === id);
    if (!method) {
      const options = (connector.authMethods ?? []).map((m) => m.id);
      throw unprocessable(validation.toLaravel([validation.fieldError('authMethodId', 'unknown_auth_method',
        typeof id === 'string' ? { value: id, options } : { options })]));
    }
    return method;
  };

  /**
   * The credentials of a test or "Connect" that is not saved yet, refused with a 422 at the
   * field when a value has the wrong type or control characters (a NUL in a header value).
   */
  const unsavedOf = (connectorId, body) => {
    const unsaved = { authMethodId: body.authMethodId, credentials: body.credentials ?? {}, certificate: body.certificate ?? null };
    const errors = validation.unsavedShapeErrors(connectorId, unsaved);
    if (errors.length) throw unprocessable(validation.toLaravel(errors));
    return { ...unsaved, certificate: plainObject(unsaved.certificate).data ? unsaved.certificate : null };
  };

  /** A stored instance with its secrets, or null. */
  const storedInstance = (connectorId, id) => connections.storedInstance(connectorId, id);
  const certificateOf = (instance) => (instance?.certificate?.data ? instance.certificate : null);
  const awaitingKey = (request, connectorId, method, instance) => connections.awaitingKey(request.principal.tokenId, connectorId, method, instance);
  const audit = (request, entry) => recordAudit(db, { ...actorOf(request), ...entry });
  const outcomeOf = (result) => (result.status === 'ok' ? 'passed' : 'failed');

  // --- tests ---------------------------------------------------------------------------

  app.post('/api/connectors/:connectorId/connection-test', SIGNED_IN, async (request) => {
    const { connectorId } = request.params;
    const body = objectBody(request);
    if (!validation.connector(connectorId)) throw notFound('No such connector.');
    const unsaved = unsavedOf(connectorId, body);
    const method = methodOf(connectorId, unsaved.authMethodId);
    const key = await awaitingKey(request, connectorId, method, unsaved);
    const grant = await awaiting.grants.get(key);
    const store = memoryTokenStore(grant ?? null);
    const result = await runCheck({ method, credentials: unsaved.credentials, certificate: unsaved.certificate, tokenStore: store, ...testOptions });
    if (grant && store.current() !== grant) await awaiting.grants.set(key, store.current()); // refreshed
    await awaiting.results.set(key, result);
    await audit(request, {
      action: 'connection.tested', subjectType: 'connector', subjectId: connectorId, connectorId,
      outcome: outcomeOf(result), details: { authMethodId: method.id, code: result.code ?? null },
    });
    return result;
  });

  // The test of a saved instance: first the stored instance is validated again against
  // today's catalog, pools and clock (a certificate expired since, a pool deleted), then the
  // check request runs. The result is recorded on the instance (`connection`), except
  // `not_configured` (nothing could be tested: it stays as it was).
  const testStored = async (request) => {
    const { connectorId, id } = request.params;
    if (!validation.connector(connectorId)) throw notFound('No such connector.');
    const instance = await storedInstance(connectorId, id);
    if (!instance) throw notFound('No such instance.');
    let result = await revalidate(instance, connectorId, id);
    if (!result) {
      const method = methodOf(connectorId, instance.authMethodId);
      result = await runCheck({
        method, credentials: instance.credentials, certificate: certificateOf(instance), tokenStore: tokens.forInstance(id), ...testOptions,
      });
    }
    await db.transaction(async () => {
      if (!(await instances.get(connectorId, id))) return; // deleted while the test ran
      if (result.code !== 'not_configured') await results.record(id, result);
      await recordAudit(db, {
        ...actorOf(request), action: 'instance.tested', subjectType: 'instance', subjectId: id, connectorId,
        outcome: outcomeOf(result), details: { code: result.code ?? null },
      });
    });
    return result;
  };
  /** null when the stored instance is still valid, else a failed result naming the first field. */
  const revalidate = async (instance, connectorId, id) => {
    const started = Date.now();
    try {
      await validate(instance, connectorId, { exceptId: id });
      return null;
    } catch (e) {
      if (e.status !== 422) throw e;
      const [field] = Object.keys(e.body.errors ?? {});
      return {
        status: 'failed', code: 'invalid_instance', message: `The stored instance is no longer valid: ${e.body.message}`,
        ...(field ? { field } : {}), errors: e.body.errors, testedAt: started, durationMs: Date.now() - started,
      };
    }
  };
  app.post(`${INSTANCE}/test`, SIGNED_IN, testStored);
  app.post(`${INSTANCE}/connection-test`, SIGNED_IN, testStored); // the name this endpoint had first

  // --- OAuth 2 authorization code ("Connect") ------------------------------------------

  const redirectBase = (request) => settings.redirectBase ?? `${request.protocol}://${request.headers.host}`;

  // The callback URL Connect sends to the provider: the value to register there.
  app.get('/api/oauth/redirect-uri', SIGNED_IN, async (request) => ({ redirectUri: `${redirectBase(request)}/oauth/callback` }));

  app.post('/api/oauth/start', SIGNED_IN, async (request, reply) => {
    const body = objectBody(request);
    const connectorId = typeof body.connectorId === 'string' ? body.connectorId : '';
    if (!validation.connector(connectorId)) throw notFound('No such connector.');
    let instance;
    let instanceId = null;
    if (body.instanceId !== undefined && body.instanceId !== null) {
      if (typeof body.instanceId !== 'string') {
        throw unprocessable(validation.toLaravel([validation.fieldError('instanceId', 'invalid_type', { expected: 'string' })]));
      }
      instance = await storedInstance(connectorId, body.instanceId);
      if (!instance) throw notFound('No such instance.');
      instanceId = body.instanceId;
    } else {
      instance = unsavedOf(connectorId, body);
    }
    const method = methodOf(connectorId, instance.authMethodId);
    const flowId = randomUUID();
    const binding = randomToken();
    let started;
    try {
      started = await flows.start({
        method,
        values: credentialValues(method, instance.credentials),
        redirectUri: `${redirectBase(request)}/oauth/callback`,
        owner: request.principal.tokenId,
        context: {
          flowId, tokenId: request.principal.tokenId, actor: actorOf(request), connectorId, instanceId, method,
          certificate: certificateOf(instance), bindingHash: sha256(binding).toString('base64'),
          key: await awaitingKey(request, connectorId, method, instance),
        },
      });
    } catch (e) {
      if (!(e instanceof ConnectionError)) throw e;
      if (FLOWS_FULL.has(e.code)) {
        throw new HttpError(429, e.code, e.message, { headers: { 'retry-after': String(Math.max(1, Math.ceil(e.retryAfterMs / 1000))) } });
      }
      throw unprocessable(validation.toLaravel([{ field: e.field ?? 'authMethodId', code: e.code, message: e.message, params: {} }]));
    }
    await awaiting.flows.set(flowId, { tokenId: request.principal.tokenId, status: 'pending' });
    const secure = config.cookieSecure || request.protocol === 'https';
    // SameSite=Lax: the provider's redirect back is a cross-site top-level GET
    reply.header('set-cookie', `${cookieName(flowId)}=${binding}; Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=${FLOW_COOKIE_SECONDS}${secure ? '; Secure' : ''}`);
    await audit(request, { action: 'oauth.started', subjectType: instanceId ? 'instance' : 'connector', subjectId: instanceId ?? connectorId, connectorId, outcome: 'succeeded' });
    return { flowId, authorizeUrl: started.authorizeUrl, expiresAt: started.expiresAt };
  });

  app.get('/oauth/callback', PUBLIC, async (request, reply) => {
    const query = plainObject(request.query);
    const state = typeof query.state === 'string' ? query.state : '';
    const context = await flows.peek(state);
    let flowId = context?.flowId ?? null;
    try {
      if (context) {
        const cookie = readCookie(request.headers.cookie, cookieName(context.flowId)) ?? '';
        if (!timingSafeEqual(sha256(cookie), Buffer.from(context.bindingHash, 'base64'))) {
          await flows.discard(state); // the answer reached another browser than the one that started
          throw new ConnectionError('oauth_state_invalid', 'This authorisation was started in another browser or session. Use "Connect" again.');
        }
        reply.header('set-cookie', `${cookieName(context.flowId)}=; Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=0`);
      }
      const done = await flows.complete({ state, code: query.code, error: query.error }, {
        timeoutMs: settings.timeoutMs, outbound, tls: context ? tlsOptions(context.method, context.certificate, { ca: settings.ca, now: Date.now }) : {},
      });
      const store = memoryTokenStore(done.token);
      const result = await runCheck({ method: done.method, credentials: done.values, certificate: context.certificate, tokenStore: store, ...testOptions });
      const token = store.current();
      if (context.instanceId) {
        await db.transaction(async () => {
          if (!(await instances.get(context.connectorId, context.instanceId))) return;
          await tokens.save(context.instanceId, token);
          await results.record(context.instanceId, result);
          await recordAudit(db, { ...context.actor, action: 'oauth.connected', subjectType: 'instance', subjectId: context.instanceId, connectorId: context.connectorId, outcome: outcomeOf(result) });
        });
      } else {
        await awaiting.grants.set(context.key, token);
        await awaiting.results.set(context.key, result);
        await recordAudit(db, { ...context.actor, action: 'oauth.connected', subjectType: 'connector', subjectId: context.connectorId, connectorId: context.connectorId, outcome: outcomeOf(result) });
      }
      await awaiting.flows.set(flowId, { tokenId: context.tokenId, status: 'connected', result });
    } catch (e) {
      const error = e instanceof ConnectionError ? e.toJSON() : { code: 'internal_error', message: 'The authorisation could not be completed; the server log has details.' };
      if (!(e instanceof ConnectionError)) request.log.error({ err: { type: e.name, message: e.message } }, 'oauth callback failed');
      const owner = context ?? e.context;
      if (owner?.flowId) {
        flowId = owner.flowId;
        await awaiting.flows.set(flowId, { tokenId: owner.tokenId, status: 'failed', error });
        await recordAudit(db, {
          ...owner.actor, action: 'oauth.connected', subjectType: owner.instanceId ? 'instance' : 'connector',
          subjectId: owner.instanceId ?? owner.connectorId, connectorId: owner.connectorId, outcome: 'failed', details: { code: error.code },
        });
      } else {
        // No flow to report to: an unknown, used or expired state. Say so on a page of its own.
        return reply.code(400).type('text/html; charset=utf-8').send(
          `<!doctype html><meta charset="utf-8"><title>Authorisation refused</title><p>${escapeHtml(error.message)}</p><p><a href="/">Back to the connectors</a></p>`,
        );
      }
    }
    return reply.code(303).header('location', `/#oauth=${encodeURIComponent(flowId)}`).send();
  });

  app.get('/api/oauth/flows/:flowId', SIGNED_IN, async (request) => {
    const flow = await awaiting.flows.get(request.params.flowId);
    if (!flow || flow.tokenId !== request.principal.tokenId) throw notFound('No such authorisation.');
    return { flowId: request.params.flowId, status: flow.status, ...(flow.result ? { result: flow.result } : {}), ...(flow.error ? { error: flow.error } : {}) };
  });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

