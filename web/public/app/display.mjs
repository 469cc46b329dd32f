// How stored values read on the page (presentation only, no rule): instants in the
// viewer's own time zone and locale, rate limits in words.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

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
