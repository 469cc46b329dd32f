// How stored values read on the page (presentation only, no rule): instants in the
// viewer's own time zone and locale, rate limits in words, a certificate by its subject
// and expiry.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** An epoch-millisecond instant for people; "" when there is none. */
export function formatInstant(ms) {
  return typeof ms === 'number' && Number.isFinite(ms) ? dateTime.format(new Date(ms)) : '';
}

/** The same instant as the machine-readable value of a <time> element. */
export function isoInstant(ms) {
  return typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

/** {amount: 2, unit: "second"} -> "2 per second". */
export function formatRateLimit(rate) {
  if (!rate || typeof rate !== 'object') return '';
  return `${rate.amount} per ${rate.unit}`;
}

/**
 * What the module read in a certificate (`{format, certificates: [{subject, notAfter}],
 * privateKeyEncrypted}`, as the instance API and validateInstance answer it) in one line:
 * "client.example, valid until 5 Dec 2027 (PKCS#12)"; "" when there is none. Never a key.
 */
export function formatCertificate(info) {
  if (!info || typeof info !== 'object') return '';
  const format = info.format === 'pkcs12' ? 'PKCS#12' : info.format === 'pem' ? 'PEM' : '';
  const first = Array.isArray(info.certificates) ? info.certificates[0] : null;
  if (!first) return format ? `${format} file; its certificate cannot be read here, so its dates are not shown` : '';
  const until = typeof first.notAfter === 'number' ? `, valid until ${dateOnly.format(new Date(first.notAfter))}` : '';
  const more = info.certificates.length > 1 ? `, and ${info.certificates.length - 1} more certificate${info.certificates.length > 2 ? 's' : ''}` : '';
  return `${first.subject || 'Certificate without a subject name'}${until}${more} (${format}${info.privateKeyEncrypted ? ', private key encrypted' : ''})`;
}
