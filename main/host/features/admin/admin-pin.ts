import { randomBytes, randomInt, scryptSync, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** "scrypt$<salt hex>$<hash hex>": what the config's admin.pinHash holds. */
export function hashPin(pin: string, salt = randomBytes(16)): string {
  return `scrypt$${salt.toString('hex')}$${scryptSync(pin, salt, 32).toString('hex')}`;
}

export function verifyPin(pin: string, pinHash: string): boolean {
  const [scheme, saltHex, hashHex] = pinHash.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(pin, Buffer.from(saltHex, 'hex'), expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * With no PIN configured, the terminal makes a random 6-digit one on first start and keeps it in
 * a file only its user can read, so a hall on one machine has a working admin mode out of the box.
 */
export function generatedPinHash(pinFile: string): { pinHash: string; created: boolean } {
  const { pin, created } = generatedPin(pinFile);
  return { pinHash: hashPin(pin), created };
}

/** The generated PIN itself (made on first start), for a caller that hashes it only when first needed. */
export function generatedPin(pinFile: string): { pin: string; created: boolean } {
  try {
    if ((statSync(pinFile).mode & 0o077) !== 0) throw new Error(`${pinFile} is readable by others; remove it to make a new PIN`);
    return { pin: readFileSync(pinFile, 'utf8').trim(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
  mkdirSync(dirname(pinFile), { recursive: true, mode: 0o700 });
  writeFileSync(pinFile, `${pin}\n`, { mode: 0o600, flag: 'wx' });
  return { pin, created: true };
}
