import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, describe } from 'vitest';
import { ManualClock } from '../contract/clock.js';
import type { Database } from './db/database.js';
import { openPlatformDatabase } from './db/open.js';
import { PlatformSealer } from './sealing.js';
import { assertSharedSecrets, blobFolderId } from './shared-secrets.js';

describe('secrets instances share outside the database', () => {
  let db: Database;
  let folder: string;
  const clock = new ManualClock(Date.parse('2026-11-23T01:00:00Z'));
  beforeEach(async () => {
    db = await openPlatformDatabase('pglite:memory');
    folder = mkdtempSync(join(tmpdir(), 'hall-shared-'));
  });
  afterEach(async () => {
    await db.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("records the first instance's fingerprints and refuses an instance with another key or folder, naming it", async () => {
    const key = Buffer.alloc(32, 7);
    const mine = { sealingKey: new PlatformSealer(() => key).fingerprint, personalCodeKeys: 'subject-a', blobFolder: blobFolderId(join(folder, 'blobs')) };
    await assertSharedSecrets(db, mine, clock);
    // The same key (read again) and the same folder: accepted.
    await assertSharedSecrets(
      db,
      { ...mine, sealingKey: new PlatformSealer(() => Buffer.from(key)).fingerprint, blobFolder: blobFolderId(join(folder, 'blobs')) },
      clock,
    );
    await expect(assertSharedSecrets(db, { ...mine, sealingKey: new PlatformSealer(() => Buffer.alloc(32, 8)).fingerprint }, clock)).rejects.toThrow(
      /the sealing key \(--sealing-key-file\)/,
    );
    await expect(assertSharedSecrets(db, { ...mine, blobFolder: blobFolderId(join(folder, 'elsewhere')) }, clock)).rejects.toThrow(
      /the blob folder \(--blob-dir\)/,
    );
    await expect(assertSharedSecrets(db, { ...mine, personalCodeKeys: 'subject-b' }, clock)).rejects.toThrow(/personal-code keys/);
  });

  it('keeps only a fingerprint in the database, never the key', async () => {
    const key = Buffer.alloc(32, 9);
    const sealer = new PlatformSealer(() => key);
    await assertSharedSecrets(db, { sealingKey: sealer.fingerprint, personalCodeKeys: 'subject', blobFolder: blobFolderId(folder) }, clock);
    const rows = await db.query<{ fingerprint: string }>('SELECT fingerprint FROM platform_shared_secrets');
    for (const row of rows) expect(row.fingerprint).not.toContain(key.toString('hex'));
    expect(sealer.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });
});
