// Security headers on every response (pages, files, API answers, errors). The policy allows
// only this origin's scripts and styles, no inline code, WebAssembly compilation for the
// package module, and no framing.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // data: because the package's glue first fetch()es its embedded .wasm (a data: URL)
  // before decoding it itself; without it every page load logs a CSP violation
  "connect-src 'self' data:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
});

/**
 * Puts the security headers on a reply. Caching is the handler's decision: one that sets
 * Cache-Control (the file server: `no-cache` with an ETag) keeps it; every other answer
 * (API answers describe secrets' presence and are per-user; errors) is `no-store`.
 */
export function applySecurityHeaders(reply) {
  reply.headers(SECURITY_HEADERS);
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
}

export function registerSecurityHeaders(app) {
  app.addHook('onSend', (request, reply, payload, done) => {
    applySecurityHeaders(reply);
    done(null, payload);
  });
}
