// The platform's one way to hash a secret for lookup and to make a bearer token. Both run once per
// request on the busiest routes (every terminal call hashes its credential; every ticket gets a live
// token and its hash), so they use the one-shot hash and take token bytes from a small pool filled
// by the system's CSPRNG, as Node does for randomUUID, instead of a syscall per token.
import { hash, randomBytes } from 'node:crypto';

/** SHA-256 of bytes or of UTF-8 text, hex: how tokens, credentials and codes are kept (never the secret itself), and how blobs are checked. */
export const sha256Hex = (data: string | Uint8Array): string => hash('sha256', data, 'hex');

const POOL_BYTES = 2048;
let pool = Buffer.alloc(0);
let used = 0;

/** A new random token of `bytes` bytes (default 32: 256 bits), base64url. */
export function newToken(bytes = 32): string {
  if (bytes > POOL_BYTES) return randomBytes(bytes).toString('base64url');
  if (used + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  const token = pool.toString('base64url', used, used + bytes);
  // Bytes handed out are overwritten, so the pool never holds a token that is already in use.
  pool.fill(0, used, used + bytes);
  used += bytes;
  return token;
}
