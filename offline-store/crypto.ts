// Personal data at rest: AES-256-GCM, a fresh 96-bit nonce per value, and AAD naming the row and
// field so a ciphertext copied onto another row or field fails authentication instead of decrypting.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomFillSync } from 'node:crypto';
import { closeSync, constants, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export const KEY_BYTES = 32;
const FORMAT_V1 = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Supplies the terminal's 32-byte data key (Electron: safeStorage; headless: a 0600 key file). */
export interface KeyProvider {
  getKey(): Promise<Uint8Array>;
}

export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/** Headless key provider: creates the key file once with mode 0600 and refuses looser permissions. */
export class FileKeyProvider implements KeyProvider {
  constructor(private readonly path: string) {}

  async getKey(): Promise<Uint8Array> {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    try {
      const fd = openSync(this.path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        writeSync(fd, randomBytes(KEY_BYTES));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stat = statSync(this.path);
    if (!stat.isFile()) throw new KeyFileError('key file is not a regular file');
    if ((stat.mode & 0o077) !== 0) {
      throw new KeyFileError(`key file is readable or writable by group/others (mode ${(stat.mode & 0o777).toString(8)}); chmod 600 it`);
    }
    const key = readFileSync(this.path);
    if (key.length !== KEY_BYTES) throw new KeyFileError(`key file must hold exactly ${KEY_BYTES} bytes`);
    return new Uint8Array(key);
  }
}

/** A key for one purpose derived from the data key (HKDF-SHA256), so no purpose reuses another's key. */
export function deriveKey(key: Uint8Array, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), Buffer.from(`hall-terminal/offline-store/${purpose}`, 'utf8'), KEY_BYTES));
}

/** HMAC-SHA256 of a text under a derived key, hex: a name that only the key's holder can compute. */
export function keyedName(nameKey: Uint8Array, text: string): string {
  return createHmac('sha256', nameKey).update(text, 'utf8').digest('hex');
}

/**
 * Nonces are cut from a block of random bytes filled at once: a randomBytes call per value cost as
 * much as the encryption itself (each mutation seals two values). The bytes come from the same CSPRNG.
 */
const NONCE_POOL_BYTES = NONCE_BYTES * 1024;
const noncePool = Buffer.alloc(NONCE_POOL_BYTES);
let nonceAt = NONCE_POOL_BYTES;

/** Layout: format byte | nonce | tag | ciphertext, written into one buffer. */
export function encryptValue(key: Uint8Array, plaintext: Uint8Array, aad: string): Buffer {
  if (nonceAt === NONCE_POOL_BYTES) {
    randomFillSync(noncePool);
    nonceAt = 0;
  }
  const sealed = Buffer.allocUnsafe(1 + NONCE_BYTES + TAG_BYTES + plaintext.byteLength);
  sealed[0] = FORMAT_V1;
  noncePool.copy(sealed, 1, nonceAt, nonceAt + NONCE_BYTES);
  nonceAt += NONCE_BYTES;
  const cipher = createCipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + NONCE_BYTES));
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = cipher.update(plaintext);
  const rest = cipher.final();
  // GCM is a stream mode: the ciphertext is exactly as long as the plaintext.
  if (body.length + rest.length !== plaintext.byteLength) throw new Error('unexpected ciphertext length');
  body.copy(sealed, 1 + NONCE_BYTES + TAG_BYTES);
  rest.copy(sealed, 1 + NONCE_BYTES + TAG_BYTES + body.length);
  cipher.getAuthTag().copy(sealed, 1 + NONCE_BYTES);
  return sealed;
}

/** Throws if the value was altered, encrypted under another key, or moved to another row/field. */
export function decryptValue(key: Uint8Array, sealed: Uint8Array, aad: string): Buffer {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (buf.length < 1 + NONCE_BYTES + TAG_BYTES || buf[0] !== FORMAT_V1) throw new Error('unknown ciphertext format');
  const nonce = buf.subarray(1, 1 + NONCE_BYTES);
  const tag = buf.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(buf.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]);
}

export const encryptJson = (key: Uint8Array, value: unknown, aad: string): Buffer => encryptValue(key, Buffer.from(JSON.stringify(value), 'utf8'), aad);
export const decryptJson = (key: Uint8Array, sealed: Uint8Array, aad: string): unknown => JSON.parse(decryptValue(key, sealed, aad).toString('utf8'));
