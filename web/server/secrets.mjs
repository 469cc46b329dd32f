// Which parts of an instance are secret, and how they are kept out of reads:
//  - secret credentials (the connector definition marks them: `secret: true` or type
//    "secret"; a credential the definition does not declare counts as secret too), the
//    certificate data and its passphrase;
//  - reads show MASK in their place plus `secrets: {"<path>": {secretSet: bool}}`;
//  - an update that sends MASK, or leaves the field out, keeps the stored value; null clears.
// The literal MASK is never stored as a secret value.
//
// A "spec" describes the secret credentials of one auth method:
//   {declared: [key...], variables: [{key, alias}], isSecret(name)}  (validation.mjs)
export const MASK = '••••••••';

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
 * What a read shows of the secrets: credentials with MASK for each stored secret, the
 * certificate's public description with MASK for data and passphrase, and `secrets`
 * listing every declared secret credential and the certificate parts.
 */
export function presentSecrets(document, paths, declared = []) {
  const stored = new Set(paths);
  const credentials = { ...(document.credentials ?? {}) };
  const secrets = {};
  for (const key of declared) secrets[`credentials.${key}`] = { secretSet: false };
  for (const path of paths) {
    secrets[path] = { secretSet: true };
    if (path.startsWith('credentials.')) credentials[path.slice('credentials.'.length)] = MASK;
  }
  let certificate = null;
  if (document.certificate) {
    const passphraseSet = stored.has('certificate.passphrase');
    certificate = { ...document.certificate, data: MASK, passphrase: passphraseSet ? MASK : null };
    secrets['certificate.passphrase'] = { secretSet: passphraseSet };
  }
  return { credentials, certificate, secrets };
}

/**
 * An update body with the stored secrets put back where the client sent MASK or nothing.
 * Stored credentials carry over only while the auth method stays the same. MASK with
 * nothing stored behind it is dropped (validation then reports a missing value).
 */
export function mergeSecrets(submitted, stored, { sameAuthMethod, spec }) {
  const merged = { ...submitted };
  const storedCredentials = sameAuthMethod ? stored.credentials ?? {} : {};
  if (isObject(submitted.credentials) || submitted.credentials === undefined) {
    const sent = submitted.credentials ?? {};
    const out = [];
    for (const [key, value] of Object.entries(sent)) {
      if (!spec.isSecret(key)) out.push([key, value]);
      else if (value === MASK) {
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
      const value = !own(cert, field) || cert[field] === MASK ? stored.certificate?.[field] : cert[field];
      if (value !== undefined && value !== null) next[field] = value;
    }
    merged.certificate = next;
  }
  return merged;
}

/** A create body never stores MASK as a secret: it counts as "not given". */
export function dropMasks(submitted, spec) {
  const out = { ...submitted };
  if (isObject(out.credentials)) {
    out.credentials = Object.fromEntries(Object.entries(out.credentials).filter(([k, v]) => !(v === MASK && spec.isSecret(k))));
  }
  if (isObject(out.certificate)) {
    out.certificate = Object.fromEntries(Object.entries(out.certificate).filter(([k, v]) => !(v === MASK && (k === 'data' || k === 'passphrase'))));
  }
  return out;
}

/** The secret strings a request carried (for scrub()), whether or not it validated. */
export function submittedSecretStrings(input, spec) {
  const out = [];
  if (isObject(input.credentials)) {
    for (const [k, v] of Object.entries(input.credentials)) if (spec.isSecret(k) && typeof v === 'string') out.push(v);
  }
  if (isObject(input.certificate)) out.push(input.certificate.data, input.certificate.passphrase);
  return out.filter((v) => typeof v === 'string' && v.length > 0 && v !== MASK);
}

/** Replaces every occurrence of a secret value in `text` (a validation message) by MASK. */
export function scrub(text, secretValues) {
  let out = text;
  for (const value of secretValues) {
    if (value.length >= 3 && out.includes(value)) out = out.split(value).join(MASK);
  }
  return out;
}
