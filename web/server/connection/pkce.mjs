// Random values of the OAuth 2 authorisation code flow: `state` (RFC 6749 10.12) and the PKCE
// code verifier with its S256 challenge (RFC 7636 4.1, 4.2). 32 random bytes each, base64url.
import { createHash, randomBytes } from 'node:crypto';

export function randomToken(bytes = 32) {
  return randomBytes(bytes).toString('base64url');
}

/** 43 characters of [A-Za-z0-9-_], within RFC 7636's 43..128 unreserved characters. */
export function newCodeVerifier() {
  return randomToken(32);
}

export function codeChallengeS256(verifier) {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
