// Materials live outside the database, sealed with the data key. They are addressed by the sha256
// of their plaintext (the sync protocol and the signed manifest use it), but on disk a file is named
// by an HMAC of that hash under a key derived from the data key: whoever holds the disk without the
// key cannot hash a form they can guess (a known person's name and ID number) and look for its file.
// Writes go to a temp file, are fsynced, then renamed, so a crash leaves either nothing or a
// complete file.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { decryptValue, deriveKey, encryptValue, keyedName } from './crypto.js';
import { ensurePrivateDir, PRIVATE_DIR_MODE } from './private-files.js';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const blobAad = (sha256: string) => `blob/${sha256}`;

export class BlobFiles {
  private readonly nameKey: Buffer;

  constructor(
    private readonly dir: string,
    private readonly key: Uint8Array,
  ) {
    this.nameKey = deriveKey(key, 'blob-names/v1');
    ensurePrivateDir(dir);
    this.removeInterruptedWrites();
  }

  /** Temp files left by a write that a crash interrupted; their blob was never recorded. */
  private removeInterruptedWrites(): void {
    for (const entry of readdirSync(this.dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.tmp')) rmSync(join(entry.parentPath, entry.name), { force: true });
    }
  }

  /** The keyed name a blob is stored under (in the file system and the database). */
  nameOf(sha256: string): string {
    return keyedName(this.nameKey, sha256);
  }

  pathOf(sha256: string): string {
    return this.pathOfName(this.nameOf(sha256));
  }

  private pathOfName(name: string): string {
    return join(this.dir, name.slice(0, 2), `${name}.blob`);
  }

  /** Where a blob written by a version that named files by their plain sha256 sits. */
  legacyPathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256}.blob`);
  }

  /** Moves a blob from its old plain-hash name to its keyed name (done once, at upgrade). */
  renameLegacy(sha256: string): void {
    const legacy = this.legacyPathOf(sha256);
    if (!existsSync(legacy)) return;
    const target = this.pathOf(sha256);
    mkdirSync(dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
    renameSync(legacy, target);
    syncDir(dirname(target));
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  write(bytes: Uint8Array): string {
    const sha256 = sha256Hex(bytes);
    const target = this.pathOf(sha256);
    if (existsSync(target)) return sha256;
    const folder = dirname(target);
    mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
    const temp = `${target}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, encryptValue(this.key, bytes, blobAad(sha256)));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
    syncDir(folder);
    return sha256;
  }

  /** Decrypts and checks the content still hashes to its name. */
  read(sha256: string): Buffer {
    const plain = decryptValue(this.key, readFileSync(this.pathOf(sha256)), blobAad(sha256));
    if (sha256Hex(plain) !== sha256) throw new Error(`blob ${sha256} does not match its hash`);
    return plain;
  }

  /**
   * Files written at least `ageMs` ago. The age is read on the file system's own clock (a probe file's
   * modification time against each file's), never by mixing it with the store's clock, which tests
   * move and which may differ from the disk's.
   */
  listOlderThan(ageMs: number): string[] {
    const probe = join(this.dir, '.age-probe');
    writeFileSync(probe, '');
    const fileSystemNow = statSync(probe).mtimeMs;
    rmSync(probe, { force: true });
    const found: string[] = [];
    for (const entry of readdirSync(this.dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/^[0-9a-f]{64}\.blob$/.test(entry.name)) continue;
      if (fileSystemNow - statSync(join(entry.parentPath, entry.name)).mtimeMs >= ageMs) found.push(entry.name.slice(0, 64));
    }
    return found;
  }

  removeByName(name: string): void {
    rmSync(this.pathOfName(name), { force: true });
  }
}

function syncDir(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
