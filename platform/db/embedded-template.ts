// PGlite's first open of a new database runs initdb inside WebAssembly (seconds, tens of seconds on a
// busy machine); opening from a tarball of a migrated database takes about one. The tarball holds
// the schema only — never data — and is kept in the temporary folder, named by the migrations it has.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migratePlatform, PLATFORM_MIGRATIONS } from '../migrations.js';
import { EmbeddedDatabase } from './embedded-database.js';

function templatePath(): string {
  const hash = createHash('sha256').update(JSON.stringify(PLATFORM_MIGRATIONS)).digest('hex').slice(0, 16);
  return join(tmpdir(), `hall-pglite-template-${hash}.tar`);
}

/** A migrated, empty embedded database in `dataDir` (in memory when absent), from the cached template. */
export async function openFromTemplate(dataDir?: string): Promise<EmbeddedDatabase> {
  const path = templatePath();
  if (!existsSync(path)) {
    const fresh = await EmbeddedDatabase.open();
    try {
      await migratePlatform(fresh);
      const staging = `${path}.${randomBytes(4).toString('hex')}`;
      writeFileSync(staging, Buffer.from(await (await fresh.dump()).arrayBuffer()), { mode: 0o600 });
      renameSync(staging, path);
    } finally {
      await fresh.close();
    }
  }
  return EmbeddedDatabase.open(dataDir, { loadDataDir: new Blob([readFileSync(path)]) });
}
