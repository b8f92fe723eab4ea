// Chunked, resumable blob uploads. A chunk is accepted only at the confirmed offset; the offset is
// recorded after the chunk's sealed bytes are fsynced, and a complete file is hashed before it counts as verified.
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BlobStatus } from '../contract/sync-protocol.js';
import type { PlatformStore } from './platform-store.js';
import { sha256Hex } from './digest.js';

export type ChunkOutcome =
  { kind: 'ok'; status: BlobStatus } | { kind: 'offset-mismatch'; offset: number } | { kind: 'hash-mismatch' } | { kind: 'size-mismatch' };

export class PlatformBlobStore {
  private constructor(
    private readonly dir: string,
    private readonly store: PlatformStore,
  ) {
    mkdirSync(join(dir, 'partial'), { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }

  /** The blob folder, with any half-upload an earlier version left in clear sealed first. */
  static async open(dir: string, store: PlatformStore): Promise<PlatformBlobStore> {
    const blobs = new PlatformBlobStore(dir, store);
    await blobs.sealLegacyPartials();
    return blobs;
  }

  /** A verified file is kept sealed, under a keyed name: the disk alone tells neither its content nor which known file it is. */
  finalPath = (sha256: string) => join(this.dir, `${this.store.sealer.keyedHash('blob', sha256)}.bin`);

  /** A verified file's bytes (files stored before sealing are read as they are). */
  read(sha256: string): Buffer {
    return this.store.sealer.openBytes(readFileSync(this.finalPath(sha256)));
  }

  /** Deletes a file's sealed bytes and any half-upload of it (the retention purge, after its row is gone). */
  remove(sha256: string): void {
    rmSync(this.finalPath(sha256), { force: true });
    rmSync(this.partialDir(sha256), { recursive: true, force: true });
  }

  /**
   * An upload in progress is a folder of sealed segments, one per accepted chunk, named by the chunk's
   * offset: a material is never on disk in clear, not even half-uploaded, and the folder's keyed name
   * does not tell which file it is.
   */
  private partialDir = (sha256: string) => join(this.dir, 'partial', this.store.sealer.keyedHash('blob-partial', sha256));

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
    const folder = this.partialDir(sha256);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // Segments at or past the confirmed offset belong to a chunk whose confirmation was lost; drop them.
    for (const segment of segmentsIn(folder)) if (segment.offset >= offset) rmSync(join(folder, segment.name), { force: true });
    writeDurably(join(folder, segmentName(offset)), this.store.sealer.sealBytes(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    const written = offset + chunk.byteLength;
    if (written < size) {
      await this.store.setBlobProgress(sha256, size, written, false);
      return { kind: 'ok', status: { sha256, size, offset: written, verified: false } };
    }
    const whole = this.assemble(folder, size);
    if (!whole || sha256Hex(whole) !== sha256) {
      rmSync(folder, { recursive: true, force: true });
      await this.store.setBlobProgress(sha256, size, 0, false);
      return { kind: 'hash-mismatch' };
    }
    const staging = `${this.finalPath(sha256)}.tmp`;
    writeDurably(staging, this.store.sealer.sealBytes(whole));
    renameSync(staging, this.finalPath(sha256));
    rmSync(folder, { recursive: true, force: true });
    await this.store.setBlobProgress(sha256, size, size, true);
    return { kind: 'ok', status: { sha256, size, offset: size, verified: true } };
  }

  /** The segments opened and joined in order; null when they do not tile the file exactly. */
  private assemble(folder: string, size: number): Buffer | null {
    const parts: Buffer[] = [];
    let next = 0;
    for (const segment of segmentsIn(folder)) {
      if (segment.offset !== next) return null;
      const bytes = this.store.sealer.openBytes(readFileSync(join(folder, segment.name)));
      parts.push(bytes);
      next += bytes.byteLength;
    }
    return next === size ? Buffer.concat(parts) : null;
  }

  /**
   * Uploads begun before partial files were sealed (`partial/<sha256>.part`, in clear): their confirmed
   * bytes become the first sealed segment and the clear file goes, so an upgrade leaves nothing in clear.
   */
  private async sealLegacyPartials(): Promise<void> {
    const partialRoot = join(this.dir, 'partial');
    for (const name of readdirSync(partialRoot)) {
      const match = /^([0-9a-f]{64})\.part$/.exec(name);
      if (!match) continue;
      const sha256 = match[1]!;
      const legacy = join(partialRoot, name);
      const status = await this.status(sha256);
      const confirmed = status.offset;
      if (confirmed > 0 && statSync(legacy).size >= confirmed) {
        const folder = this.partialDir(sha256);
        mkdirSync(folder, { recursive: true, mode: 0o700 });
        writeDurably(join(folder, segmentName(0)), this.store.sealer.sealBytes(readFileSync(legacy).subarray(0, confirmed)));
      } else if (confirmed > 0) {
        await this.store.setBlobProgress(sha256, status.size ?? 0, 0, false);
      }
      rmSync(legacy, { force: true });
    }
  }
}

const SEGMENT = /^(\d{16})\.seg$/;
const segmentName = (offset: number) => `${String(offset).padStart(16, '0')}.seg`;

function segmentsIn(folder: string): { name: string; offset: number }[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => ({ name, match: SEGMENT.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map((entry) => ({ name: entry.name, offset: Number(entry.match[1]) }))
    .sort((a, b) => a.offset - b.offset);
}

/** Written, fsynced and closed before the caller records progress, so a confirmed chunk survives a crash. */
function writeDurably(path: string, bytes: Buffer): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
