// Resumable uploads kept sealed: segments past the confirmed offset are dropped, a lying upload is
// refused, and a half-upload left in clear by an earlier version is sealed when the platform starts.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../contract/clock.js';
import { PlatformBlobStore } from './blob-store.js';
import { freshDatabaseUrl } from '../test/postgres/databases.js';
import { openPlatformDatabase } from './db/open.js';
import { PlatformStore } from './platform-store.js';
import { PlatformSealer } from './sealing.js';

const FILE = Buffer.from('材料：户口簿首页 王示例 110105198001011234 '.repeat(20));
const SHA = createHash('sha256').update(FILE).digest('hex');

let dir: string;
let store: PlatformStore;
const sealer = new PlatformSealer();

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hall-blobs-'));
  store = new PlatformStore(await openPlatformDatabase(await freshDatabaseUrl()), sealer, new ManualClock('2026-11-23T01:30:00Z'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('platform blob store', async () => {
  it('resumes at the confirmed offset and verifies the whole file', async () => {
    const blobs = await PlatformBlobStore.open(dir, store);
    expect(await blobs.writeChunk(SHA, FILE.length, 0, FILE.subarray(0, 100))).toMatchObject({ kind: 'ok', status: { offset: 100, verified: false } });
    expect(await blobs.writeChunk(SHA, FILE.length, 50, FILE.subarray(50, 100))).toEqual({ kind: 'offset-mismatch', offset: 100 });
    expect(await blobs.writeChunk(SHA, FILE.length, 100, FILE.subarray(100))).toMatchObject({ kind: 'ok', status: { offset: FILE.length, verified: true } });
    expect(blobs.read(SHA).equals(FILE)).toBe(true);
  });

  it('refuses a file whose bytes do not hash to its name, and starts it over', async () => {
    const blobs = await PlatformBlobStore.open(dir, store);
    const forged = Buffer.from(FILE);
    forged[10] = forged[10]! ^ 1;
    await blobs.writeChunk(SHA, FILE.length, 0, forged.subarray(0, 100));
    expect(await blobs.writeChunk(SHA, FILE.length, 100, forged.subarray(100))).toEqual({ kind: 'hash-mismatch' });
    expect(await blobs.status(SHA)).toMatchObject({ offset: 0, verified: false });
    expect(await blobs.writeChunk(SHA, FILE.length, 0, FILE)).toMatchObject({ kind: 'ok', status: { verified: true } });
  });

  it('seals a half-upload an earlier version left in clear, and the upload goes on from where it was', async () => {
    const blobs = await PlatformBlobStore.open(dir, store);
    writeFileSync(join(dir, 'partial', `${SHA}.part`), FILE.subarray(0, 120));
    await store.setBlobProgress(SHA, FILE.length, 100, false);
    const upgraded = await PlatformBlobStore.open(dir, store);
    expect(existsSync(join(dir, 'partial', `${SHA}.part`))).toBe(false);
    expect(readdirSync(join(dir, 'partial')).some((name) => name.includes(SHA))).toBe(false);
    expect(await blobs.status(SHA)).toMatchObject({ offset: 100 });
    expect(await upgraded.writeChunk(SHA, FILE.length, 100, FILE.subarray(100))).toMatchObject({ kind: 'ok', status: { verified: true } });
    expect(upgraded.read(SHA).equals(FILE)).toBe(true);
  });
});
