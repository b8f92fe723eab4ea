// The platform's database in-process on PGlite (PostgreSQL compiled to WebAssembly): the same SQL as
// on a server, for the embedded default and for tests that need no server. One connection: PGlite
// runs one statement or transaction at a time and queues the rest.
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { BaseDatabase, type Connection, type SqlValue } from './database.js';

export class EmbeddedDatabase extends BaseDatabase {
  readonly kind = 'embedded' as const;

  private constructor(private readonly lite: PGlite) {
    super();
  }

  /** Opens (or creates) the database in `dataDir`; in memory when absent. */
  static async open(dataDir?: string, options: { loadDataDir?: Blob } = {}): Promise<EmbeddedDatabase> {
    if (dataDir) {
      // PGlite creates its files with the process's umask; the platform's files are its own alone.
      process.umask(process.umask() | 0o077);
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      chmodSync(dataDir, 0o700);
    }
    const lite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: { [pgliteTypes.INT8]: (value: string) => Number(value) },
    });
    // Files unpacked from a template keep the modes the tarball recorded: narrow them to the owner.
    if (dataDir) restrictToOwner(dataDir);
    return new EmbeddedDatabase(lite);
  }

  protected async direct(text: string, params: readonly SqlValue[]) {
    const result = await this.lite.query(text, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
  }

  protected async directExec(sql: string): Promise<void> {
    await this.lite.exec(sql);
  }

  protected inTransaction<T>(work: (connection: Connection) => Promise<T>): Promise<T> {
    return this.lite.transaction((tx) =>
      work({
        query: async (text, params = []) => {
          const result = await tx.query(text, params as unknown[]);
          return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
        },
        exec: async (sql) => void (await tx.exec(sql)),
      }),
    );
  }

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    const stop = await this.lite.listen(channel, onMessage);
    return () => stop();
  }

  /** The whole data folder as a tarball (a migrated template that tests and first starts copy). */
  dump(): Promise<Blob> {
    return this.lite.dumpDataDir('none');
  }

  async close(): Promise<void> {
    if (!this.lite.closed) await this.lite.close();
  }
}

function restrictToOwner(path: string): void {
  const mode = statSync(path).mode;
  if (mode & 0o077) chmodSync(path, mode & 0o700);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) restrictToOwner(join(path, entry));
}
