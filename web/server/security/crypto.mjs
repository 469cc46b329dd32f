// Envelope encryption with AES-256-GCM (node:crypto).
//  - Each instance's secrets are sealed with a fresh random 256-bit data key.
//  - The data key is sealed ("wrapped") with the master key of a given version.
//  - Key rotation seals the secrets again under a new data key (resealSecrets).
//  - Every sealed value is bound to its owner through GCM's additional data (AAD), so a
//    blob copied onto another row, or a key moved to another version, fails to open
//    instead of decrypting into the wrong place.
// Sealed layout: [format 0x01][12-byte IV][16-byte tag][ciphertext].
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { freshRandomBytes } from './random-pool.mjs';

const FORMAT = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** A sealed value that fails authentication: wrong key, wrong owner or altered bytes. */
export class DecryptError extends Error {
  constructor(message) {
    super(message);
    this.name = 'DecryptError';
  }
}

function checkKey(key) {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new TypeError('an AES-256 key must be a 32-byte Buffer');
}

/** Encrypts `plaintext` (Buffer) under `key`, authenticated together with `aad` (string). */
export function seal(key, plaintext, aad) {
  checkKey(key);
  const iv = freshRandomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]);
}

/** Reverses seal(); throws DecryptError (without any detail of the content) on any mismatch. */
export function open(key, sealed, aad) {
  checkKey(key);
  if (!Buffer.isBuffer(sealed) || sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT) {
    throw new DecryptError('sealed value has an unknown format');
  }
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptError('sealed value failed authentication (wrong key or altered data)');
  }
}

export function newDataKey() {
  return freshRandomBytes(KEY_BYTES);
}

// The AAD strings: what each sealed value belongs to.
const dataKeyAad = (ownerId, version) => `connector-instances/data-key/v1/${ownerId}/${version}`;
const secretsAad = (ownerId) => `connector-instances/secrets/v1/${ownerId}`;

/** Seals `plaintext` (Buffer) for `ownerId` under a fresh data key wrapped by `master`. */
function sealUnderNewDataKey(master, ownerId, plaintext) {
  const dataKey = newDataKey();
  try {
    return {
      blob: seal(dataKey, plaintext, secretsAad(ownerId)),
      wrappedKey: wrapDataKey(master, ownerId, dataKey),
      keyVersion: master.version,
    };
  } finally {
    dataKey.fill(0);
  }
}

/** The plaintext (Buffer) of what sealUnderNewDataKey() produced. */
function openSealed(master, ownerId, { blob, wrappedKey }) {
  const dataKey = unwrapDataKey(master, ownerId, wrappedKey);
  try {
    return open(dataKey, blob, secretsAad(ownerId));
  } finally {
    dataKey.fill(0);
  }
}

/** Encrypts a JSON value for `ownerId` under a fresh data key wrapped by master key `version`. */
export function encryptSecrets(master, ownerId, value) {
  return sealUnderNewDataKey(master, ownerId, Buffer.from(JSON.stringify(value), 'utf8'));
}

/** Opens what encryptSecrets() produced; `master` must be the key of `keyVersion`. */
export function decryptSecrets(master, ownerId, sealed) {
  return JSON.parse(openSealed(master, ownerId, sealed).toString('utf8'));
}

/** master: {version, key}. */
export function wrapDataKey(master, ownerId, dataKey) {
  return seal(master.key, dataKey, dataKeyAad(ownerId, master.version));
}

export function unwrapDataKey(master, ownerId, wrappedKey) {
  return open(master.key, wrappedKey, dataKeyAad(ownerId, master.version));
}

/**
 * Key rotation: the same secrets sealed again under a fresh data key wrapped by `to`. The
 * old data key is not reused, so whoever unwraps it with the old master key (from a copy
 * of the old row) cannot open the new blob.
 */
export function resealSecrets(from, to, ownerId, sealed) {
  const plaintext = openSealed(from, ownerId, sealed);
  try {
    return sealUnderNewDataKey(to, ownerId, plaintext);
  } finally {
    plaintext.fill(0);
  }
}

/**
 * The key check value stored next to each master key version: an HMAC of a constant. It
 * identifies the key (a wrong key gives another value) and reveals nothing about it.
 */
export function keyFingerprint(key) {
  checkKey(key);
  return createHmac('sha256', key).update('connector-instances/master-key-check/v1').digest('hex').slice(0, 32);
}

/** A subkey for a purpose other than encryption (e.g. HMAC of idempotent requests). */
export function deriveKey(key, purpose) {
  checkKey(key);
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `connector-instances/${purpose}`, KEY_BYTES));
}

export function hmacHex(key, data) {
  return createHmac('sha256', key).update(data).digest('hex');
}
