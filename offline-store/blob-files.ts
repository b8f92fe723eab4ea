// Materials live outside the database, named by the sha256 of their plaintext and sealed with the
// same data key. Writes go to a temp file, are fsynced, then renamed, so a crash leaves either
// nothing or a complete file.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { decryptValue, encryptValue } from './crypto.js';
import { ensurePrivateDir, PRIVATE_DIR_MODE } from './private-files.js';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const blobAad = (sha256: string) => `blob/${sha256}`;

export class BlobFiles {
  constructor(private readonly dir: string, private readonly key: Uint8Array) {
    ensurePrivateDir(dir);
    this.removeInterruptedWrites();
  }

  /** Temp files left by a write that a crash interrupted; their blob was never recorded. */
  private removeInterruptedWrites(): void {
    for (const entry of readdirSync(this.dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.tmp')) rmSync(join(entry.parentPath, entry.name), { force: true });
    }
  }

  pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256}.blob`);
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  write(bytes: Uint8Array): string {
    const sha256 = sha256Hex(bytes);
    const target = this.pathOf(sha256);
    if (existsSync(target)) return sha256;
    const folder = join(this.dir, sha256.slice(0, 2));
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

  /** sha256 of every stored blob file last written before `beforeMs`. */
  listOlderThan(beforeMs: number): string[] {
    const found: string[] = [];
    for (const entry of readdirSync(this.dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/^[0-9a-f]{64}\.blob$/.test(entry.name)) continue;
      if (statSync(join(entry.parentPath, entry.name)).mtimeMs < beforeMs) found.push(entry.name.slice(0, 64));
    }
    return found;
  }

  remove(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
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
