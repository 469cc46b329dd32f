// Where this library deliberately answers differently from php8.2-cli, each with its
// reason (docs/api-time.md lists them too). The differential (scripts/time-differential.mjs)
// counts a mismatch as deliberate when one of these explains it; everything else is a bug.
//
// explain(sample, php, ours, category) -> the id of the difference, or null.

const YEAR_US = 365.2425 * 86400 * 1e6;
const outsideYears = (us) => us < -(9999 + 1970) * YEAR_US || us >= (9999 - 1970 + 1) * YEAR_US;

export const DELIBERATE_DIFFERENCES = [
  {
    id: 'years_outside_supported_range',
    reason: 'Dates are supported from -9999 to 9999: PHP reads years beyond that (a `U` of ' +
      '24 digits, `X` of 19), this library answers out_of_range instead of a date no ' +
      'other part of the library can write or convert.',
    applies: (sample, php, ours) =>
      ours.codes?.includes('out_of_range') && (php.s === null || outsideYears(php.s * 1e6)),
  },
];

export function explain(sample, php, ours, category) {
  for (const d of DELIBERATE_DIFFERENCES) if (d.applies(sample, php, ours, category)) return d.id;
  return null;
}
