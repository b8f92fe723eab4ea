// Citizen data sealed at rest on the platform: personal fields and material files are encrypted with
// AES-256-GCM under a key kept outside the database (a 0600 file in a 0700 folder by default; a hook
// takes a key from a KMS instead), and ID numbers are looked up by keyed hashes (HMAC) that a stolen
// database cannot reverse by trying every ID number of a region and birth year.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const PREFIX = 'sealed:v1:';
const BINARY_MAGIC = Buffer.from('HTSB1');

/** Where the platform's data key comes from: a file by default, or whatever a deployment plugs in (KMS). */
export type PlatformKeySource = () => Buffer;

/** A 32-byte key in a 0600 file (in a 0700 folder), made on first use. */
export function fileKeySource(path: string): PlatformKeySource {
  return () => {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      chmodSync(dirname(path), 0o700);
      writeFileSync(path, randomBytes(32), { mode: 0o600, flag: 'wx' });
    }
    const key = readFileSync(path);
    if (key.length !== 32) throw new Error(`the platform key at ${path} is not 32 bytes`);
    return key;
  };
}

/**
 * A 32-byte key in a file the deployment provides (the same file on every instance, e.g. a systemd
 * credential): never created here, so an instance that was not given the key fails at start.
 */
export function providedKeyFileSource(path: string): PlatformKeySource {
  return () => {
    if (!existsSync(path))
      throw new Error(`no sealing key at ${path}: give every instance the same 32-byte key file (e.g. head -c 32 /dev/urandom > ${path}; chmod 600 ${path})`);
    const key = readFileSync(path);
    if (key.length !== 32) throw new Error(`the sealing key at ${path} is not 32 bytes`);
    return key;
  };
}

export class PlatformSealer {
  private readonly dataKey: Buffer;
  private readonly hashKey: Buffer;
  /** Names the key without revealing it (instances sharing a database compare it at start). */
  readonly fingerprint: string;

  constructor(source: PlatformKeySource = () => randomBytes(32)) {
    const master = source();
    this.dataKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'hall-platform data', 32));
    this.hashKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'hall-platform lookup', 32));
    this.fingerprint = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'hall-platform key fingerprint', 16)).toString('hex');
  }

  private encrypt(plain: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private decrypt(sealed: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.dataKey, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
  }

  /** Text for a database column. */
  seal(text: string): string {
    return PREFIX + this.encrypt(Buffer.from(text, 'utf8')).toString('base64');
  }

  seal0(text: string | null | undefined): string | null {
    return text === null || text === undefined ? null : this.seal(text);
  }

  /** The text a column holds; rows written before sealing are read as they are. */
  open(value: string): string {
    return value.startsWith(PREFIX) ? this.decrypt(Buffer.from(value.slice(PREFIX.length), 'base64')).toString('utf8') : value;
  }

  open0(value: string | null): string | null {
    return value === null ? null : this.open(value);
  }

  /** Bytes for a file. */
  sealBytes(plain: Buffer): Buffer {
    return Buffer.concat([BINARY_MAGIC, this.encrypt(plain)]);
  }

  openBytes(stored: Buffer): Buffer {
    return stored.subarray(0, BINARY_MAGIC.length).equals(BINARY_MAGIC) ? this.decrypt(stored.subarray(BINARY_MAGIC.length)) : stored;
  }

  /** A keyed hash for looking a value up (an ID number, a file's name) without keeping it. */
  keyedHash(purpose: string, value: string): string {
    return createHmac('sha256', this.hashKey).update(`${purpose}:${value}`, 'utf8').digest('hex');
  }
}
