// Random bytes for IVs and data keys, drawn from the CSPRNG (node:crypto randomBytes) 4 KiB
// at a time: one call into OpenSSL serves about 70 instance creates instead of three calls
// per create, each of which cost about as much as sealing the secrets. Every byte is handed
// out once, copied into a buffer of its own, and zeroed in the pool as it leaves, so the
// pool holds only bytes that were never used.
import { randomBytes } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/** `n` fresh random bytes (n <= 4096) in a Buffer of their own (not a slice of a shared one). */
export function freshRandomBytes(n) {
  if (!Number.isInteger(n) || n < 0 || n > POOL_BYTES) throw new RangeError(`freshRandomBytes: 0..${POOL_BYTES} bytes`);
  if (offset + n > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const out = Buffer.alloc(n);
  pool.copy(out, 0, offset, offset + n);
  pool.fill(0, offset, offset + n);
  offset += n;
  return out;
}

/** How many bytes the pool has left, and its part already handed out (zeroed): for tests. */
export function poolState() {
  return { remaining: pool.length - offset, used: pool.subarray(0, offset) };
}
