// Chunked, resumable blob uploads. A chunk is accepted only at the confirmed offset; the offset is
// recorded after the bytes are fsynced, and a complete file is hashed before it counts as verified.
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BlobStatus } from '../contract/sync-protocol.js';
import type { PlatformStore } from './platform-store.js';

export type ChunkOutcome = { kind: 'ok'; status: BlobStatus } | { kind: 'offset-mismatch'; offset: number } | { kind: 'hash-mismatch' } | { kind: 'size-mismatch' };

export class PlatformBlobStore {
  constructor(private readonly dir: string, private readonly store: PlatformStore) {
    mkdirSync(join(dir, 'partial'), { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }

  /** A verified file is kept sealed, under a keyed name: the disk alone tells neither its content nor which known file it is. */
  finalPath = (sha256: string) => join(this.dir, `${this.store.sealer.keyedHash('blob', sha256)}.bin`);

  /** A verified file's bytes (files stored before sealing are read as they are). */
  read(sha256: string): Buffer {
    return this.store.sealer.openBytes(readFileSync(this.finalPath(sha256)));
  }
  private partialPath = (sha256: string) => join(this.dir, 'partial', `${sha256}.part`);

  async status(sha256: string): Promise<BlobStatus> {
    const row = await this.store.blobRow(sha256);
    return { sha256, size: row?.size ?? null, offset: row?.confirmed_offset ?? 0, verified: Boolean(row?.verified_at) };
  }

  async writeChunk(sha256: string, size: number, offset: number, chunk: Uint8Array): Promise<ChunkOutcome> {
    const current = await this.status(sha256);
    if (current.verified) return { kind: 'ok', status: current };
    if (current.size !== null && current.size !== size) return { kind: 'size-mismatch' };
    if (offset !== current.offset) return { kind: 'offset-mismatch', offset: current.offset };
    if (offset + chunk.byteLength > size) return { kind: 'size-mismatch' };
    const fd = openSync(this.partialPath(sha256), existsSync(this.partialPath(sha256)) ? 'r+' : 'w+', 0o600);
    let written: number;
    let matches: boolean;
    try {
      // Bytes past the confirmed offset belong to a chunk whose confirmation was lost; drop them.
      if (fstatSync(fd).size !== offset) ftruncateSync(fd, offset);
      writeSync(fd, chunk, 0, chunk.byteLength, offset);
      fsyncSync(fd);
      written = offset + chunk.byteLength;
      matches = written < size || hashOf(fd, size) === sha256;
    } finally {
      closeSync(fd);
    }
    if (written < size) {
      await this.store.setBlobProgress(sha256, size, written, false);
      return { kind: 'ok', status: { sha256, size, offset: written, verified: false } };
    }
    if (!matches) {
      rmSync(this.partialPath(sha256), { force: true });
      await this.store.setBlobProgress(sha256, size, 0, false);
      return { kind: 'hash-mismatch' };
    }
    this.sealInPlace(sha256);
    await this.store.setBlobProgress(sha256, size, size, true);
    return { kind: 'ok', status: { sha256, size, offset: size, verified: true } };
  }

  /** The complete upload, sealed into its final file (fsynced), then the clear partial file removed. */
  private sealInPlace(sha256: string): void {
    const staging = `${this.finalPath(sha256)}.tmp`;
    const fd = openSync(staging, 'w', 0o600);
    try {
      writeSync(fd, this.store.sealer.sealBytes(readFileSync(this.partialPath(sha256))));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(staging, this.finalPath(sha256));
    rmSync(this.partialPath(sha256), { force: true });
  }
}

function hashOf(fd: number, size: number): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1024 * 1024);
  for (let position = 0; position < size; ) {
    const read = readSync(fd, buffer, 0, Math.min(buffer.length, size - position), position);
    if (read === 0) break;
    hash.update(buffer.subarray(0, read));
    position += read;
  }
  return hash.digest('hex');
}
