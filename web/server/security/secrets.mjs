// Which parts of an instance are secret, and how they are kept out of reads:
//  - the module decides which credentials are secret (a key secret in any method of the
//    connector is secret in all of them), and the certificate data and its passphrase are;
//  - reads show the mask in their place plus `secrets: {"<path>": {secretSet: bool}}`;
//  - an update that sends the mask, or leaves the field out, keeps the stored value; null clears.
// The mask itself is never stored as a secret value.
//
// A "spec" describes the secret credentials of one auth method (package-adapter.mjs):
//   {mask, declared: [key...], variables: [{key, alias}], isSecret(name), canonical(name)}
const own = (object, key) => object !== null && typeof object === 'object' && !Array.isArray(object) && Object.hasOwn(object, key);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const blank = (v) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/**
 * The secret values of a validated instance, taken from the input (the validator's
 * normalised output leaves them out), by canonical credential key.
 * @returns {{secrets: {credentials: object, certificate: {data, passphrase}|null}, paths: string[]}}
 */
export function extractSecrets(input, normalised, spec) {
  const given = isObject(input.credentials) ? input.credentials : {};
  const credentials = [];
  for (const { key, alias } of spec.variables) {
    const value = own(given, key) ? given[key] : alias && own(given, alias) ? given[alias] : undefined;
    if (!blank(value)) credentials.push([key, value]);
  }
  const paths = credentials.map(([key]) => `credentials.${key}`);
  let certificate = null;
  if (normalised.certificate && isObject(input.certificate)) {
    const passphrase = blank(input.certificate.passphrase) ? null : input.certificate.passphrase;
    certificate = { data: input.certificate.data, passphrase };
    paths.push('certificate.data');
    if (passphrase !== null) paths.push('certificate.passphrase');
  }
  return { secrets: { credentials: Object.fromEntries(credentials), certificate }, paths };
}

/** An input-shaped instance again (for re-validation): stored document + decrypted secrets. */
export function joinSecrets(document, secrets) {
  return {
    ...document,
    credentials: { ...(document.credentials ?? {}), ...(secrets?.credentials ?? {}) },
    certificate: secrets?.certificate ? { ...secrets.certificate } : null,
  };
}

/**
 * What a read shows of the secrets: credentials with the mask for each stored secret, the
 * certificate's public description with the mask for data and passphrase, and `secrets`
 * listing every declared secret credential and the certificate parts.
 */
export function presentSecrets(document, paths, spec) {
  const mask = spec.mask;
  const stored = new Set(paths);
  const credentials = { ...(document.credentials ?? {}) };
  const secrets = {};
  for (const key of spec.declared) secrets[`credentials.${key}`] = { secretSet: false };
  for (const path of paths) {
    secrets[path] = { secretSet: true };
    if (path.startsWith('credentials.')) credentials[path.slice('credentials.'.length)] = mask;
  }
  let certificate = null;
  if (document.certificate) {
    const passphraseSet = stored.has('certificate.passphrase');
    certificate = { ...document.certificate, data: mask, passphrase: passphraseSet ? mask : null };
    secrets['certificate.passphrase'] = { secretSet: passphraseSet };
  }
  return { credentials, certificate, secrets };
}

/**
 * An update body with the stored secrets put back where the client sent the mask or nothing.
 * Stored credentials carry over only while the auth method stays the same. The mask with
 * nothing stored behind it is dropped (validation then reports a missing value).
 */
export function mergeSecrets(submitted, stored, { sameAuthMethod, spec }) {
  const mask = spec.mask;
  const merged = { ...submitted };
  const storedCredentials = sameAuthMethod ? stored.credentials ?? {} : {};
  if (isObject(submitted.credentials) || submitted.credentials === undefined) {
    const sent = submitted.credentials ?? {};
    const out = [];
    for (const [key, value] of Object.entries(sent)) {
      if (!spec.isSecret(key)) out.push([key, value]);
      else if (value === mask) {
        const canonical = spec.canonical(key);
        if (own(storedCredentials, canonical)) out.push([key, storedCredentials[canonical]]);
      } else if (value !== null) out.push([key, value]);
    }
    const sentCanonical = new Set(Object.keys(sent).map((k) => spec.canonical(k)));
    for (const [key, value] of Object.entries(storedCredentials)) if (!sentCanonical.has(key)) out.push([key, value]);
    merged.credentials = Object.fromEntries(out);
  }
  if (!Object.hasOwn(submitted, 'certificate')) {
    merged.certificate = stored.certificate ? { ...stored.certificate } : null;
  } else if (isObject(submitted.certificate)) {
    const cert = submitted.certificate;
    const next = {};
    for (const field of ['data', 'passphrase']) {
      const value = !own(cert, field) || cert[field] === mask ? stored.certificate?.[field] : cert[field];
      if (value !== undefined && value !== null) next[field] = value;
    }
    merged.certificate = next;
  }
  return merged;
}

/** A create body never stores the mask as a secret: it counts as "not given". */
export function dropMasks(submitted, spec) {
  const mask = spec.mask;
  const out = { ...submitted };
  if (isObject(out.credentials)) {
    out.credentials = Object.fromEntries(Object.entries(out.credentials).filter(([k, v]) => !(v === mask && spec.isSecret(k))));
  }
  if (isObject(out.certificate)) {
    out.certificate = Object.fromEntries(Object.entries(out.certificate).filter(([k, v]) => !(v === mask && (k === 'data' || k === 'passphrase'))));
  }
  return out;
}

/**
 * The secret strings a request carried (for secretScrubber), whether or not it validated: the
 * values of the method's secret credentials (by key or alias) and the certificate. Values of
 * credentials the method does not declare are refused and never stored, and no validation
 * message quotes a value, so they are not searched for: the list stays as short as the
 * definition, whatever the body holds.
 */
export function submittedSecretStrings(input, spec) {
  const mask = spec.mask;
  const out = [];
  if (isObject(input.credentials)) {
    for (const { key, alias } of spec.variables) {
      if (own(input.credentials, key)) out.push(input.credentials[key]);
      if (alias && own(input.credentials, alias)) out.push(input.credentials[alias]);
    }
  }
  if (isObject(input.certificate)) out.push(input.certificate.data, input.certificate.passphrase);
  return out.filter((v) => typeof v === 'string' && v.length > 0 && v !== mask);
}

// Secrets shorter than this are not looked for: a message would be masked everywhere.
const SCRUB_MIN_LENGTH = 3;

/**
 * A scrubber for a request's secret values: `scrub(text)` replaces every occurrence of one of
 * them by `mask`. Built once per request. A message is searched by hashing its substrings of
 * the lengths the secrets have, so its cost depends on the message's length (messages are
 * short: the validator writes them), not on how many secrets the body carried.
 */
export function secretScrubber(secretValues, mask) {
  const secrets = new Set();
  for (const value of secretValues) if (typeof value === 'string' && value.length >= SCRUB_MIN_LENGTH) secrets.add(value);
  // longest first, so a secret that contains another is masked whole
  const lengths = [...new Set([...secrets].map((v) => v.length))].sort((a, b) => b - a);
  return (text) => {
    if (secrets.size === 0 || text.length < lengths[lengths.length - 1]) return text;
    let out = '';
    let copied = 0;
    let i = 0;
    while (i < text.length) {
      const length = lengths.find((n) => i + n <= text.length && secrets.has(text.slice(i, i + n)));
      if (length === undefined) {
        i += 1;
      } else {
        out += text.slice(copied, i) + mask;
        i += length;
        copied = i;
      }
    }
    return copied === 0 ? text : out + text.slice(copied);
  };
}
