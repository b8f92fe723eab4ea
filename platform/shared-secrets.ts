// Several instances share one database, and with it three things kept outside it: the sealing key,
// the personal-code keys and the blob folder. The first instance records a fingerprint of each in
// the database; every later start compares its own and refuses, naming what differs, rather than
// sealing with another key or writing files where the other instances will never find them.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../contract/clock.js';
import type { Database } from './db/database.js';

export interface SharedSecretFingerprints {
  /** PlatformSealer.fingerprint. */
  sealingKey: string;
  /** CodeAuthority.subjectKeyFingerprint(). */
  personalCodeKeys: string;
  /** blobFolderId() of the blob folder. */
  blobFolder: string;
}

const WHAT: Record<keyof SharedSecretFingerprints, string> = {
  sealingKey: 'the sealing key (--sealing-key-file)',
  personalCodeKeys: 'the personal-code keys folder (--code-keys-dir)',
  blobFolder: 'the blob folder (--blob-dir)',
};

const FOLDER_ID_FILE = 'folder-id';

/** The blob folder's identity: a random id written once into the folder (shared storage shows every instance the same one). */
export function blobFolderId(dir: string): string {
  const path = join(dir, FOLDER_ID_FILE);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(path, randomBytes(16).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another instance wrote it first: read theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(path, 'utf8').trim();
}

/** Records this instance's fingerprints where none are recorded yet; throws if any differs from the recorded one. */
export async function assertSharedSecrets(db: Database, mine: SharedSecretFingerprints, clock: Clock): Promise<void> {
  const differing: string[] = [];
  for (const name of Object.keys(WHAT) as (keyof SharedSecretFingerprints)[]) {
    await db.run('INSERT INTO platform_shared_secrets (name, fingerprint, recorded_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [
      name,
      mine[name],
      clock.iso(),
    ]);
    const recorded = await db.one<{ fingerprint: string }>('SELECT fingerprint FROM platform_shared_secrets WHERE name = $1', [name]);
    if (recorded?.fingerprint !== mine[name]) differing.push(WHAT[name]);
  }
  if (differing.length > 0) {
    throw new Error(
      `this instance does not share ${differing.join(', ')} with the instances already using this database: ` +
        'every instance must be given the same key file and folders (see docs/deploy-platform.md)',
    );
  }
}
