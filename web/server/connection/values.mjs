// The values a connection test works with: the instance's credentials with the method's
// defaults filled in (a locked variable always takes its default), as validation does.
/** Whether a credential value is no value (validation stores none for it). */
export const blank = (v) => v === undefined || v === null || v === '';

/**
 * @param {{variables?: {key: string, alias?: string|null, default?: unknown, locked?: boolean}[]}} method
 * @param {Record<string, unknown>} credentials
 */
export function credentialValues(method, credentials = {}) {
  const out = { ...credentials };
  for (const v of method.variables ?? []) {
    if (blank(out[v.key]) && v.alias && !blank(out[v.alias])) out[v.key] = out[v.alias];
    if (v.locked && !blank(v.default)) out[v.key] = v.default;
    else if (blank(out[v.key]) && !blank(v.default)) out[v.key] = v.default;
  }
  return out;
}
