// Which parts of an instance are secret, and how they are kept out of reads:
//  - secret credentials (the connector definition says which; a credential the definition
//    does not declare is treated as secret too), the certificate data and its passphrase;
//  - reads show MASK in their place plus `secrets: {"<path>": {secretSet: bool}}`;
//  - an update that sends MASK, or leaves the field out, keeps the stored value; null clears.
// The literal MASK is never stored as a secret value.
export const MASK = '••••••••';

const own = (object, key) => object !== null && typeof object === 'object' && Object.hasOwn(object, key);

/**
 * Splits a normalised instance. `isSecret(key)` decides for credentials.
 * @returns {{document: object, secrets: {credentials: object, certificate: object|null}, paths: string[]}}
 */
export function splitSecrets(instance, isSecret) {
  const publicCredentials = [];
  const secretCredentials = [];
  const credentials = instance.credentials && typeof instance.credentials === 'object' ? instance.credentials : {};
  for (const [key, value] of Object.entries(credentials)) {
    (isSecret(key) ? secretCredentials : publicCredentials).push([key, value]);
  }
  const certificate = instance.certificate && typeof instance.certificate === 'object' ? instance.certificate : null;
  const paths = secretCredentials.map(([key]) => `credentials.${key}`);
  if (certificate) {
    paths.push('certificate.data');
    if (certificate.passphrase !== undefined && certificate.passphrase !== null && certificate.passphrase !== '') {
      paths.push('certificate.passphrase');
    }
  }
  return {
    document: { ...instance, credentials: Object.fromEntries(publicCredentials), certificate: certificate ? {} : null },
    secrets: {
      credentials: Object.fromEntries(secretCredentials),
      certificate: certificate ? { data: certificate.data, passphrase: certificate.passphrase ?? null } : null,
    },
    paths,
  };
}

/** The full instance again (for re-validation): document + decrypted secrets. */
export function joinSecrets(document, secrets) {
  return {
    ...document,
    credentials: { ...document.credentials, ...(secrets?.credentials ?? {}) },
    certificate: document.certificate ? { ...(secrets?.certificate ?? {}) } : null,
  };
}

/**
 * What a read returns: the document with MASK where a secret is stored, and `secrets`
 * listing every declared secret credential and stored certificate part.
 */
export function presentSecrets(document, paths, declaredSecretKeys = []) {
  const stored = new Set(paths);
  const credentials = { ...document.credentials };
  const secrets = {};
  for (const key of declaredSecretKeys) secrets[`credentials.${key}`] = { secretSet: false };
  for (const path of paths) {
    secrets[path] = { secretSet: true };
    if (path.startsWith('credentials.')) credentials[path.slice('credentials.'.length)] = MASK;
  }
  let certificate = null;
  if (document.certificate) {
    certificate = { data: MASK, passphrase: stored.has('certificate.passphrase') ? MASK : null };
    secrets['certificate.passphrase'] ??= { secretSet: stored.has('certificate.passphrase') };
  }
  return { credentials, certificate, secrets };
}

/**
 * An update body with the stored secrets put back where the client sent MASK or nothing.
 * Stored credentials carry over only while the auth method stays the same. MASK with
 * nothing stored behind it is dropped (validation then reports a missing value).
 */
export function mergeSecrets(submitted, stored, { sameAuthMethod, isSecret }) {
  const merged = { ...submitted };
  const sent = own(submitted, 'credentials') && submitted.credentials !== null && typeof submitted.credentials === 'object'
    && !Array.isArray(submitted.credentials) ? submitted.credentials : null;
  if (sent !== null || !own(submitted, 'credentials')) {
    const credentials = [];
    for (const [key, value] of Object.entries(sent ?? {})) {
      if (value === MASK && isSecret(key)) {
        if (sameAuthMethod && own(stored.credentials, key)) credentials.push([key, stored.credentials[key]]);
      } else if (!(value === null && isSecret(key))) {
        credentials.push([key, value]);
      }
    }
    if (sameAuthMethod) {
      for (const [key, value] of Object.entries(stored.credentials ?? {})) {
        if (!own(sent, key)) credentials.push([key, value]);
      }
    }
    merged.credentials = Object.fromEntries(credentials);
  }
  const cert = submitted.certificate;
  if (!own(submitted, 'certificate')) {
    merged.certificate = stored.certificate;
  } else if (cert !== null && typeof cert === 'object' && !Array.isArray(cert)) {
    const keep = (field) => (cert[field] === MASK || !own(cert, field) ? stored.certificate?.[field] ?? undefined : cert[field]);
    const next = { ...cert, data: keep('data'), passphrase: keep('passphrase') };
    for (const field of ['data', 'passphrase']) if (next[field] === undefined) delete next[field];
    merged.certificate = next;
  }
  return merged;
}

/** A create body never stores MASK as a secret: treat it as "not given". */
export function dropMasks(submitted, isSecret) {
  const out = { ...submitted };
  if (out.credentials && typeof out.credentials === 'object' && !Array.isArray(out.credentials)) {
    out.credentials = Object.fromEntries(Object.entries(out.credentials).filter(([k, v]) => !(v === MASK && isSecret(k))));
  }
  if (out.certificate && typeof out.certificate === 'object' && !Array.isArray(out.certificate)) {
    out.certificate = Object.fromEntries(Object.entries(out.certificate).filter(([, v]) => v !== MASK));
  }
  return out;
}

/** Replaces every occurrence of a secret value in `text` (validation messages) by MASK. */
export function scrub(text, secretValues) {
  let out = text;
  for (const value of secretValues) {
    if (typeof value === 'string' && value.length >= 3 && out.includes(value)) out = out.split(value).join(MASK);
  }
  return out;
}

/** The secret strings of an instance, for scrub(). */
export function secretStrings(secrets) {
  const values = Object.values(secrets?.credentials ?? {}).filter((v) => typeof v === 'string');
  if (secrets?.certificate) values.push(secrets.certificate.data, secrets.certificate.passphrase);
  return values.filter((v) => typeof v === 'string' && v.length > 0);
}
