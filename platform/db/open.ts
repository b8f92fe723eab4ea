// Where the platform's data lives, by URL: `postgres://…` (a server; several instances may share it),
// `pglite:<folder>` (embedded, in-process) or `pglite:memory` (embedded, gone on close).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { migratePlatform } from '../migrations.js';
import type { Database } from './database.js';
import { EmbeddedDatabase } from './embedded-database.js';
import { openFromTemplate } from './embedded-template.js';
import { ServerDatabase } from './server-database.js';

export function isServerUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Opens the database the URL names and brings its schema up to date. */
export async function openPlatformDatabase(url: string, options: { migrate?: boolean; poolSize?: number } = {}): Promise<Database> {
  let db: Database;
  if (isServerUrl(url)) db = new ServerDatabase(url, options.poolSize ? { poolSize: options.poolSize } : {});
  else if (url === 'pglite:memory') db = await openFromTemplate();
  else if (url.startsWith('pglite:')) {
    const folder = url.slice('pglite:'.length);
    // A new folder starts from the migrated template (a second instead of initdb's many).
    db = existsSync(join(folder, 'PG_VERSION')) ? await EmbeddedDatabase.open(folder) : await openFromTemplate(folder);
  } else throw new Error(`not a platform database URL: expected postgres://…, pglite:<folder> or pglite:memory`);
  if (options.migrate ?? true) {
    try {
      await migratePlatform(db);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}
