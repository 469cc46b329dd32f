// Envelope encryption primitives (web/server/security/crypto.mjs): round trips, and every way a
// sealed value must refuse to open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  DecryptError, decryptSecrets, encryptSecrets, keyFingerprint, open, resealSecrets, seal, unwrapDataKey,
} from '../../web/server/security/crypto.mjs';

const master = (version = 1) => ({ version, key: randomBytes(32) });
const SECRETS = { credentials: { access_token: 'shpat_0123456789abcdef' }, certificate: { data: '-----BEGIN-----', passphrase: 'pa55' } };

test('seal/open round trip; each seal uses a fresh IV', () => {
  const key = randomBytes(32);
  const a = seal(key, Buffer.from('hello'), 'aad');
  const b = seal(key, Buffer.from('hello'), 'aad');
  assert.notDeepEqual(a, b);
  assert.equal(open(key, a, 'aad').toString(), 'hello');
  assert.equal(a.length, 1 + 12 + 16 + 5);
});

test('open refuses a wrong key, another AAD, a flipped bit and a truncated value', () => {
  const key = randomBytes(32);
  const sealed = seal(key, Buffer.from('secret value'), 'owner-1');
  assert.throws(() => open(randomBytes(32), sealed, 'owner-1'), DecryptError);
  assert.throws(() => open(key, sealed, 'owner-2'), DecryptError);
  for (const i of [0, 5, 20, sealed.length - 1]) {
    const bad = Buffer.from(sealed);
    bad[i] ^= 1;
    assert.throws(() => open(key, bad, 'owner-1'), DecryptError, `bit flip at ${i}`);
  }
  assert.throws(() => open(key, sealed.subarray(0, 20), 'owner-1'), DecryptError);
});

test('decryption errors never include the plaintext', () => {
  const key = randomBytes(32);
  const sealed = seal(key, Buffer.from('hunter2-plaintext'), 'x');
  try {
    open(randomBytes(32), sealed, 'x');
    assert.fail('should throw');
  } catch (e) {
    assert.ok(!String(e.message).includes('hunter2'));
    assert.ok(!String(e.stack).includes('hunter2'));
  }
});

test('keys must be 32-byte Buffers', () => {
  assert.throws(() => seal(randomBytes(16), Buffer.from('x'), 'a'), TypeError);
  assert.throws(() => seal('k'.repeat(32), Buffer.from('x'), 'a'), TypeError);
});

test('envelope: secrets round trip under the master key version', () => {
  const m = master(3);
  const sealed = encryptSecrets(m, 'inst-1', SECRETS);
  assert.equal(sealed.keyVersion, 3);
  assert.deepEqual(decryptSecrets(m, 'inst-1', sealed), SECRETS);
  assert.ok(!sealed.blob.toString('latin1').includes('shpat_'));
});

test('envelope: a blob or wrapped key moved to another instance does not open', () => {
  const m = master();
  const one = encryptSecrets(m, 'inst-1', SECRETS);
  const two = encryptSecrets(m, 'inst-2', { credentials: { access_token: 'other' }, certificate: null });
  assert.throws(() => decryptSecrets(m, 'inst-2', one), DecryptError);
  assert.throws(() => decryptSecrets(m, 'inst-1', { blob: two.blob, wrappedKey: one.wrappedKey }), DecryptError);
});

test('envelope: a wrapped key claims its master key version', () => {
  const m = master(1);
  const sealed = encryptSecrets(m, 'inst-1', SECRETS);
  assert.throws(() => decryptSecrets({ version: 2, key: m.key }, 'inst-1', sealed), DecryptError);
});

test('reseal: the same secrets under a new data key and master key; the old data key opens nothing new', () => {
  const oldKey = master(1);
  const newKey = master(2);
  const sealed = encryptSecrets(oldKey, 'inst-1', SECRETS);
  const resealed = resealSecrets(oldKey, newKey, 'inst-1', sealed);
  assert.equal(resealed.keyVersion, 2);
  assert.deepEqual(decryptSecrets(newKey, 'inst-1', resealed), SECRETS);
  assert.notDeepEqual(unwrapDataKey(newKey, 'inst-1', resealed.wrappedKey), unwrapDataKey(oldKey, 'inst-1', sealed.wrappedKey));
  // The old wrapped key, opened with the old master key, does not open the new blob.
  assert.throws(() => decryptSecrets(oldKey, 'inst-1', { blob: resealed.blob, wrappedKey: sealed.wrappedKey }), DecryptError);
  assert.throws(() => decryptSecrets(oldKey, 'inst-1', resealed), DecryptError);
  assert.throws(() => resealSecrets(newKey, oldKey, 'inst-1', sealed), DecryptError);
});

test('fingerprint: stable for a key, different across keys, does not contain the key', () => {
  const key = randomBytes(32);
  assert.equal(keyFingerprint(key), keyFingerprint(Buffer.from(key)));
  assert.notEqual(keyFingerprint(key), keyFingerprint(randomBytes(32)));
  assert.ok(!keyFingerprint(key).includes(key.toString('hex').slice(0, 16)));
  assert.match(keyFingerprint(key), /^[0-9a-f]{32}$/);
});

test('random pool: IVs and data keys are fresh bytes of their own, zeroed in the pool as they leave', async () => {
  const { freshRandomBytes, poolState } = await import('../../web/server/security/random-pool.mjs');
  const seen = new Set();
  for (let i = 0; i < 1000; i += 1) { // several refills of the pool
    const bytes = freshRandomBytes(i % 2 ? 12 : 32);
    assert.equal(bytes.length, i % 2 ? 12 : 32);
    assert.equal(bytes.byteOffset, 0, 'not a slice of a shared buffer');
    assert.equal(bytes.buffer.byteLength, bytes.length);
    const hex = bytes.toString('hex');
    assert.ok(!seen.has(hex), 'no value handed out twice');
    seen.add(hex);
    assert.ok(poolState().used.every((b) => b === 0), 'what left the pool is zeroed there');
  }
  const key = freshRandomBytes(32);
  key.fill(0); // a caller wiping its key touches nothing else
  assert.notDeepEqual(freshRandomBytes(32), Buffer.alloc(32));
  assert.throws(() => freshRandomBytes(4097), RangeError);
  assert.throws(() => freshRandomBytes(-1), RangeError);
});
