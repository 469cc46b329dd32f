// The OAuth 2 authorisation code flow with PKCE (RFC 6749 4.1, RFC 7636): `start` makes a
// `state` and a code verifier and returns the provider's authorise URL; `complete` takes the
// callback's `state` and `code`, refuses a state that is unknown, expired or already used
// (single use: it is removed before anything else happens), and exchanges the code with the
// verifier. Pending flows are kept sealed in the store (stores/pending-store.mjs), so the
// provider's redirect may reach any node of a cluster, for `ttlMs` each: at most
// `maxPendingPerOwner` at once for one owner (the API token that started them), so that one
// caller cannot use up the room of everyone, and at most `maxPending` at once in all.
import { ConnectionError } from './errors.mjs';
import { requestToken } from './oauth2-token.mjs';
import { oauth2Client } from './oauth2-session.mjs';
import { codeChallengeS256, newCodeVerifier, randomToken } from './pkce.mjs';

const KIND = 'oauth-flow';
export const FLOW_TTL_MS = 10 * 60_000;
export const MAX_PENDING = 1000;
export const MAX_PENDING_PER_OWNER = 20;

export class AuthorizationFlows {
  /**
   * @param {object} o
   * @param {import('../stores/pending-store.mjs').PendingStore} o.pending  where flows wait; its clock is the flows' clock
   */
  constructor({ pending, ttlMs = FLOW_TTL_MS, maxPending = MAX_PENDING, maxPendingPerOwner = MAX_PENDING_PER_OWNER }) {
    this.pending = pending;
    this.ttlMs = ttlMs;
    this.maxPending = maxPending;
    this.maxPendingPerOwner = maxPendingPerOwner;
    this.now = pending.now;
  }

  /**
   * @param {object} o
   * @param {object} o.method        an oauth2_authorization_code auth method definition
   * @param {object} o.values        credential values (defaults applied)
   * @param {string} o.redirectUri   our callback URL, registered with the provider
   * @param {object} [o.context]     kept for the caller (who started it, for which instance): JSON
   * @param {string} [o.owner]       who started it (an API token id), for the per-owner cap
   * @returns {Promise<{state: string, authorizeUrl: string, expiresAt: number}>}
   * @throws {ConnectionError} `too_many_flows_for_token` or `too_many_flows` with `retryAfterMs`
   *   (until the oldest pending flow that counts expires) when a cap is reached
   */
  async start({ method, values, redirectUri, context = {}, owner }) {
    if (method.type !== 'oauth2_authorization_code') {
      throw new ConnectionError('not_configured', 'This authentication method does not use the authorisation code flow.');
    }
    const client = oauth2Client(method, values);
    if (!client.authorizeUrl) {
      throw new ConnectionError('not_configured', 'The connector definition does not say where to authorise (oauth2.authorizeUrl).');
    }
    const state = randomToken();
    const verifier = newCodeVerifier();
    const url = new URL(client.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', client.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    if (client.scope) url.searchParams.set('scope', client.scope);
    url.searchParams.set('state', state);
    if (client.pkce) {
      url.searchParams.set('code_challenge', codeChallengeS256(verifier));
      url.searchParams.set('code_challenge_method', 'S256');
    }
    const flow = { method, values, redirectUri, verifier: client.pkce ? verifier : null, context };
    const expiresAt = await this.pending.exclusive(KIND, async () => {
      // the caps, counted and kept across every node in one locked transaction
      if (owner !== undefined) {
        const own = await this.pending.count(KIND, { owner });
        if (own.count >= this.maxPendingPerOwner) {
          throw this.#full('too_many_flows_for_token', own.firstExpiry,
            `This token has ${own.count} authorisations in progress, the most it may have; finish or abandon one (each ends ${Math.round(this.ttlMs / 60_000)} minutes after it started) and use "Connect" again.`);
        }
      }
      const all = await this.pending.count(KIND);
      if (all.count >= this.maxPending) {
        throw this.#full('too_many_flows', all.firstExpiry, 'Too many authorisations are in progress on this server; try again in a few minutes.');
      }
      return this.pending.put(KIND, state, flow, { ttlMs: this.ttlMs, owner: owner ?? null });
    });
    return { state, authorizeUrl: url.href, expiresAt };
  }

  /** The context of the pending flow of `state` without consuming it (to check who may finish it), or null. */
  async peek(state) {
    const entry = typeof state === 'string' && state !== '' ? await this.pending.get(KIND, state) : undefined;
    return entry ? entry.context : null;
  }

  /** Ends a pending flow without completing it (its callback failed another check). */
  async discard(state) {
    if (typeof state === 'string') await this.pending.delete(KIND, state);
  }

  /**
   * @param {{state?: string, code?: string, error?: string}} callback  the callback's query
   * @param {{timeoutMs: number, tls?: object, outbound?: import('./outbound-policy.mjs').OutboundPolicy}} options
   * @returns {Promise<{context: object, method: object, values: object, token: object}>}
   */
  async complete(callback, { timeoutMs, tls, outbound }) {
    const state = typeof callback.state === 'string' ? callback.state : '';
    const entry = state === '' ? undefined : await this.pending.take(KIND, state);
    if (!entry) {
      throw new ConnectionError('oauth_state_invalid',
        'This authorisation answer matches no "Connect" in progress: it was already used, has expired, or was not started here. Use "Connect" again.');
    }
    if (callback.error !== undefined) {
      const error = /^[a-z_]{1,64}$/.test(String(callback.error)) ? callback.error : 'error';
      throw Object.assign(new ConnectionError('oauth_denied',
        error === 'access_denied' ? 'Access was not granted at the provider. Use "Connect" again and allow access.'
          : `The provider answered with an error (${error}) instead of an authorisation. Check the client ID and the callback URL registered with the provider.`,
        { reason: error }), { context: entry.context });
    }
    if (typeof callback.code !== 'string' || callback.code === '') {
      throw Object.assign(new ConnectionError('oauth_denied', 'The provider sent no authorisation code.'), { context: entry.context });
    }
    const client = oauth2Client(entry.method, entry.values);
    const now = this.now;
    try {
      const token = await requestToken({
        tokenUrl: client.tokenUrl,
        client,
        keys: client.keys,
        params: {
          grant_type: 'authorization_code', code: callback.code, redirect_uri: entry.redirectUri,
          ...(entry.verifier ? { code_verifier: entry.verifier } : {}),
        },
        deadline: now() + timeoutMs,
        timeoutMs,
        tls,
        outbound,
        now,
      });
      return { context: entry.context, method: entry.method, values: entry.values, token };
    } catch (e) {
      e.context = entry.context;
      throw e;
    }
  }

  /** How many flows are pending (unexpired), on every node. */
  async size() {
    return (await this.pending.count(KIND)).count;
  }

  #full(code, firstExpiry, message) {
    const until = firstExpiry ?? this.now() + this.ttlMs;
    return Object.assign(new ConnectionError(code, message), { retryAfterMs: Math.max(0, until - this.now()) });
  }
}
