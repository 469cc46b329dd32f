// Who is calling: API tokens (Authorization: Bearer) and page sessions (a cookie obtained by
// entering a token). Tokens and session ids are 256-bit random values stored only as
// SHA-256 hashes, so the database alone never lets anyone in.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'cis_session';
export const ADMIN_TOKEN_NAME = 'admin';
const TOKEN_PREFIX = 'cit_';

export function hashSecretValue(value) {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Whether an `Authorization: Bearer <secret>` header carries the secret whose SHA-256 (hex)
 * is `hashHex` (a secret from the environment, such as METRICS_TOKEN). Compared in constant
 * time.
 */
export function bearerMatchesHash(header, hashHex) {
  const m = typeof header === 'string' && /^Bearer +(\S{1,200})$/i.exec(header);
  if (!m) return false;
  return timingSafeEqual(Buffer.from(hashSecretValue(m[1]), 'hex'), Buffer.from(hashHex, 'hex'));
}

function newToken() {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Cookie header -> value of `name` (or null). */
export function readCookie(header, name) {
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function sessionCookie(value, { maxAgeSeconds, secure }) {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

/** What a token may do (the column api_tokens.scope). */
export const TOKEN_SCOPE = Object.freeze({
  /** every API route and the page */
  ALL: 'all',
  /** the request gateway and instances' usage only */
  PROXY: 'proxy',
});

/**
 * Creates a named token; returns it in clear (the only time it exists outside the caller).
 * `connectors` limits a proxy token to instances of those connectors (null: any).
 */
export async function createToken(db, name, { scope = TOKEN_SCOPE.ALL, connectors = null } = {}) {
  const token = newToken();
  await db.run('INSERT INTO api_tokens (name, token_hash, created_at, scope, connectors) VALUES (?, ?, ?, ?, ?)',
    [name, hashSecretValue(token), Date.now(), scope, connectors === null ? null : JSON.stringify(connectors)]);
  return token;
}

/** Replaces the token of `name` (creating it if needed) and ends its sessions. */
export function resetToken(db, name) {
  return db.transaction(async () => {
    await db.lockKey(`api-token\n${name}`);
    const token = newToken();
    const row = await db.get('SELECT id FROM api_tokens WHERE name = ?', [name]);
    if (row) {
      await db.run('UPDATE api_tokens SET token_hash = ?, revoked_at = NULL WHERE id = ?', [hashSecretValue(token), row.id]);
      await db.run('DELETE FROM sessions WHERE token_id = ?', [row.id]);
    } else {
      await db.run('INSERT INTO api_tokens (name, token_hash, created_at) VALUES (?, ?, ?)', [name, hashSecretValue(token), Date.now()]);
    }
    return token;
  });
}

/** Revokes a token and its sessions; false if there is no such active token. */
export function revokeToken(db, name) {
  return db.transaction(async () => {
    const row = await db.get(`SELECT id FROM api_tokens WHERE name = ? AND revoked_at IS NULL${db.forUpdate}`, [name]);
    if (!row) return false;
    await db.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ?', [Date.now(), row.id]);
    await db.run('DELETE FROM sessions WHERE token_id = ?', [row.id]);
    return true;
  });
}

export async function listTokens(db) {
  const rows = await db.all('SELECT name, created_at AS "createdAt", revoked_at AS "revokedAt", scope, connectors FROM api_tokens ORDER BY name');
  return rows.map((t) => ({ ...t, connectors: t.connectors === null ? null : JSON.parse(t.connectors) }));
}

/**
 * First start: creates the admin token and returns it; null when it already exists. Of
 * several processes starting at once on one database, one creates it.
 */
export function ensureAdminToken(db) {
  return db.transaction(async () => {
    await db.lockKey(`api-token\n${ADMIN_TOKEN_NAME}`);
    if (await db.get('SELECT 1 AS found FROM api_tokens WHERE name = ?', [ADMIN_TOKEN_NAME])) return null;
    return createToken(db, ADMIN_TOKEN_NAME);
  });
}

const principalOf = (row, via) => ({
  tokenId: row.id, name: row.name, via, scope: row.scope, connectors: row.connectors === null ? null : JSON.parse(row.connectors),
});

/**
 * Resolves credentials to a principal {tokenId, name, via, scope, connectors}; null when they
 * are not valid. Sessions come only from tokens of scope 'all': the page needs every route.
 * Sessions live in the database, so one made through one server process is valid on every
 * process sharing that database, and ending it ends it everywhere.
 */
export class Authenticator {
  constructor(db, { sessionHours }) {
    this.db = db;
    this.sessionMs = sessionHours * 3600_000;
  }

  async fromToken(token) {
    if (typeof token !== 'string' || token.length > 200) return null;
    const row = await this.db.get('SELECT id, name, scope, connectors FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL',
      [hashSecretValue(token)]);
    return row ? principalOf(row, 'bearer') : null;
  }

  /** From an `Authorization` header value. */
  async fromAuthorization(header) {
    const m = typeof header === 'string' && /^Bearer +(\S+)$/i.exec(header);
    return m ? this.fromToken(m[1]) : null;
  }

  async fromSession(sessionId) {
    if (typeof sessionId !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
    const row = await this.db.get(`SELECT t.id, t.name, t.scope, t.connectors FROM sessions s JOIN api_tokens t ON t.id = s.token_id
      WHERE s.id_hash = ? AND s.expires_at > ? AND t.revoked_at IS NULL`, [hashSecretValue(sessionId), Date.now()]);
    return row && row.scope === TOKEN_SCOPE.ALL ? principalOf(row, 'session') : null;
  }

  /** Token -> new session {sessionId, expiresAt, principal}, or null for a bad token. */
  async startSession(token) {
    const principal = await this.fromToken(token);
    if (!principal || principal.scope !== TOKEN_SCOPE.ALL) return null;
    const sessionId = randomBytes(32).toString('base64url');
    const now = Date.now();
    const expiresAt = now + this.sessionMs;
    await this.db.transaction(async () => {
      await this.db.run('DELETE FROM sessions WHERE expires_at <= ?', [now]);
      await this.db.run('INSERT INTO sessions (id_hash, token_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
        [hashSecretValue(sessionId), principal.tokenId, now, expiresAt]);
    });
    return { sessionId, expiresAt, principal: { ...principal, via: 'session' } };
  }

  async endSession(sessionId) {
    if (typeof sessionId === 'string') await this.db.run('DELETE FROM sessions WHERE id_hash = ?', [hashSecretValue(sessionId)]);
  }
}
