// Looks through every byte of every file of a data directory for values a given master key
// opens: what is left for someone who kept an old master key.
//
// Under a master key, crypto.mjs seals exactly one kind of value: a wrapped data key,
// [0x01][IV 12][tag 16][32 bytes], 61 bytes, with the AAD
// "connector-instances/data-key/v1/<owner>/<version>". So every offset holding 0x01 is a
// candidate, and it "opens" when crypto.open() accepts it under the key with one of the AADs.
// The owners are every instance id found in the files (UUIDs, plus the ids a suite passes),
// each also as "oauth-token/<id>"; the versions are 1 to `maxVersion`.
//
// Trying every AAD on every candidate costs candidates x AADs GCM operations, so candidates
// are first matched against all AADs at once with the linearity of GCM's tag (below); a
// match is then confirmed with crypto.open() itself, so a reported value really opens.
import { createCipheriv } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { decryptSecrets, open, unwrapDataKey, wrapDataKey } from '../../../web/server/security/crypto.mjs';

const WRAPPED_BYTES = 61;
const IV = 12;
const TAG = 16;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Every regular file of `dir` (recursively): [relative name, bytes]. */
export function dataFiles(dir, prefix = '') {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) out.push(...dataFiles(path, `${prefix}${name}/`));
    else if (st.isFile()) out.push([`${prefix}${name}`, readFileSync(path)]);
  }
  return out;
}

const xor = (...blocks) => {
  const out = Buffer.alloc(TAG);
  for (const b of blocks) for (let i = 0; i < TAG; i += 1) out[i] ^= b[i];
  return out;
};

function gcmEncrypt(key, iv, aad, plaintext) {
  const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG });
  c.setAAD(aad);
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return { body, tag: c.getAuthTag() };
}

/**
 * GCM's tag is T = E_K(J0) xor GHASH_H(A, C), and GHASH is linear in the blocks. For a
 * 32-byte ciphertext the blocks are A..., C1, C2, L(A), so GHASH(A, C) = g(A) xor c(C) with
 * g(A) the part of the AAD and length block, and c(C) = C1.H^3 xor C2.H^2 the part of the
 * ciphertext, whatever A is. Both parts are read off real encryptions under a fixed IV0
 * (with keystream S0 and E0 = E_K(J0(IV0))):
 *   g(A) = tag(IV0, A, S0) xor E0                  (plaintext S0 gives ciphertext 0)
 *   c(C) = tag(IV0, "", C xor S0) xor tag(IV0, "", S0)
 * A candidate (IV, T, C) can open under AAD A only if T xor E_K(J0(IV)) xor c(C) = g(A).
 */
function matcher(key, aads) {
  const iv0 = Buffer.alloc(IV);
  const s0 = gcmEncrypt(key, iv0, Buffer.alloc(0), Buffer.alloc(32)).body;
  const ecb = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const e = (iv) => ecb.update(Buffer.concat([iv, Buffer.from([0, 0, 0, 1])]));
  const e0 = e(iv0);
  const byG = new Map();
  for (const aad of aads) byG.set(xor(gcmEncrypt(key, iv0, Buffer.from(aad, 'utf8'), s0).tag, e0).toString('hex'), aad);
  const tagEmpty = gcmEncrypt(key, iv0, Buffer.alloc(0), s0).tag;
  return (window) => {
    const iv = window.subarray(1, 1 + IV);
    const tag = window.subarray(1 + IV, 1 + IV + TAG);
    const body = window.subarray(1 + IV + TAG);
    const plain = Buffer.alloc(32);
    for (let i = 0; i < 32; i += 1) plain[i] = body[i] ^ s0[i];
    const c = xor(gcmEncrypt(key, iv0, Buffer.alloc(0), plain).tag, tagEmpty);
    return byG.get(xor(tag, e(iv), c).toString('hex'));
  };
}

/**
 * @param {string} dir      the data directory
 * @param {Buffer} key      a master key
 * @param {object} [o]
 * @param {string[]} [o.owners]     owner ids besides the UUIDs found in the files
 * @param {number} [o.maxVersion]   AADs name versions 1..maxVersion
 * @returns {{candidates: number, opened: {file: string, offset: number, owner: string, version: number, dataKey: Buffer}[]}}
 *   `candidates`: distinct 61-byte windows starting with 0x01 that were tried.
 */
export function scanForSealed(dir, key, { owners = [], maxVersion = 4 } = {}) {
  const files = dataFiles(dir);
  const ids = new Set(owners);
  for (const [, bytes] of files) for (const m of bytes.toString('latin1').matchAll(UUID)) ids.add(m[0]);
  const aadOf = new Map();
  for (const id of ids) {
    for (const owner of [id, `oauth-token/${id}`]) {
      for (let version = 1; version <= maxVersion; version += 1) {
        aadOf.set(`connector-instances/data-key/v1/${owner}/${version}`, { owner, version });
      }
    }
  }
  // The AADs above must be the ones crypto.mjs uses: a value it wraps must be found.
  const probeAad = 'connector-instances/data-key/v1/probe/1';
  const probe = wrapDataKey({ key, version: 1 }, 'probe', Buffer.alloc(32, 7));
  if (probe.length !== WRAPPED_BYTES) throw new Error(`wrapped keys are ${probe.length} bytes now; update sealed-scan.mjs`);
  const match = matcher(key, [...aadOf.keys(), probeAad]);
  if (match(probe) !== probeAad) throw new Error('sealed-scan.mjs no longer matches what crypto.mjs wraps');

  const seen = new Map(); // window hex -> result, so repeated pages cost nothing
  const opened = [];
  for (const [file, bytes] of files) {
    for (let at = bytes.indexOf(1); at !== -1 && at + WRAPPED_BYTES <= bytes.length; at = bytes.indexOf(1, at + 1)) {
      const window = bytes.subarray(at, at + WRAPPED_BYTES);
      const hex = window.toString('hex');
      let hit = seen.get(hex);
      if (hit === undefined) {
        const aad = match(window);
        const candidate = aadOf.get(aad);
        hit = null;
        if (candidate) {
          const { owner, version } = candidate;
          try {
            open(key, Buffer.from(window), aad); // the real check
            hit = { owner, version, dataKey: unwrapDataKey({ key, version }, owner, Buffer.from(window)) };
          } catch { /* a coincidence of the pre-filter */ }
        }
        seen.set(hex, hit);
      }
      if (hit) opened.push({ file, offset: at, ...hit });
    }
  }
  return { candidates: seen.size, opened };
}

/**
 * The sealed values stored in the database of `dir` now, as the server reads them:
 * [{owner, blob}] for instance secrets, OAuth tokens and pending state.
 */
export function storedBlobs(dir) {
  const db = new Database(join(dir, 'connectors.sqlite'), { fileMustExist: true });
  try {
    return [
      ...db.prepare('SELECT id AS owner, secret_blob AS blob FROM instances WHERE secret_blob IS NOT NULL').all(),
      ...db.prepare("SELECT 'oauth-token/' || instance_id AS owner, blob FROM oauth_tokens").all(),
      ...db.prepare("SELECT 'pending/' || id AS owner, blob FROM pending").all(),
    ];
  } finally {
    db.close();
  }
}

/**
 * Which of `blobs` ({owner, blob}) open with one of the data keys `opened` (scanForSealed's
 * results): what an old master key would still reveal through a data key it unwraps.
 */
export function blobsOpenedBy(opened, blobs) {
  const carrier = { version: 1, key: Buffer.alloc(32, 1) }; // wraps a found data key the way crypto.mjs expects it
  const out = [];
  for (const { owner, blob } of blobs) {
    for (const found of opened.filter((o) => o.owner === owner)) {
      try {
        decryptSecrets(carrier, owner, { blob, wrappedKey: wrapDataKey(carrier, owner, found.dataKey) });
        out.push(owner);
        break;
      } catch { /* another data key */ }
    }
  }
  return out;
}

/** The idempotency request HMACs stored in the database of `dir`. */
export function storedRequestMacs(dir) {
  const db = new Database(join(dir, 'connectors.sqlite'), { fileMustExist: true });
  try {
    return db.prepare("SELECT request_mac FROM idempotency_keys WHERE request_mac != ''").pluck().all();
  } finally {
    db.close();
  }
}

/** The files of `dir` that contain any of `needles` (strings, as bytes): [file, needle]. */
export function filesContaining(dir, needles) {
  const out = [];
  for (const [file, bytes] of dataFiles(dir)) for (const n of needles) if (bytes.includes(Buffer.from(n, 'utf8'))) out.push([file, n]);
  return out;
}
