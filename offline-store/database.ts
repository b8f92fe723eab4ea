// Opening the terminal database: WAL, integrity check, numbered migrations, and recovery that
// moves a corrupt file aside (never deletes it) so an administrator can still examine it.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.js';
import { systemClock, type Clock } from '../contract/clock.js';
import { ensurePrivateFile, restrictExistingFiles } from './private-files.js';

export type Db = Database.Database;

export interface OpenReport {
  schemaVersion: number;
  migratedFrom: number;
  /** Set when the previous file failed its integrity check and was moved aside. */
  recovered?: { reason: string; movedTo: string[]; restoredFrom: string | null };
}

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(`database schema version ${found} is newer than this software knows (${known}); refusing to downgrade`);
    this.name = 'SchemaTooNewError';
  }
}

export function runMigrations(db: Db, migrations: readonly Migration[]): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) throw new SchemaTooNewError(from, latest);
  for (const migration of migrations) {
    const present = migration.present?.(db);
    // A step another line numbered lower may be missing below the file's version (see Migration.present).
    if (migration.version <= from && present !== false) continue;
    // Each step and its version bump commit together: a crash mid-migration leaves the old version.
    db.transaction(() => {
      if (!present) db.exec(migration.sql);
      db.pragma(`user_version = ${Math.max(from, migration.version)}`);
    })();
  }
  return { from, to: Math.max(from, latest) };
}

function integrityProblem(path: string): string | null {
  let db: Db | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const first = rows[0]?.integrity_check;
    return first === 'ok'
      ? null
      : `integrity_check: ${rows
          .map((r) => r.integrity_check)
          .slice(0, 3)
          .join('; ')}`;
  } catch (error) {
    return `open failed: ${(error as Error).message}`;
  } finally {
    db?.close();
  }
}

function moveAside(path: string, now: Date): string[] {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const moved: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    if (!existsSync(path + suffix)) continue;
    const target = `${path}.corrupt-${stamp}${suffix}`;
    renameSync(path + suffix, target);
    moved.push(target);
  }
  return moved;
}

/** The newest backup that passes its own integrity check, copied into place; null if none. */
function restoreLatestBackup(path: string, backupDir: string): string | null {
  if (!existsSync(backupDir)) return null;
  const candidates = readdirSync(backupDir)
    .filter((f) => f.endsWith('.db'))
    .sort()
    .reverse();
  for (const file of candidates) {
    const backup = join(backupDir, file);
    if (integrityProblem(backup) !== null) continue;
    copyFileSync(backup, path);
    return backup;
  }
  return null;
}

/**
 * Opens (creating if needed) and migrates the database. A file that fails its integrity check is
 * moved aside and replaced by the newest sound backup, or by an empty database when there is none.
 */
export function openDatabase(
  path: string,
  options: { migrations?: readonly Migration[]; backupDir?: string; clock?: Clock } = {},
): { db: Db; report: OpenReport } {
  let recovered: OpenReport['recovered'];
  if (existsSync(path)) {
    const problem = integrityProblem(path);
    if (problem) {
      const movedTo = moveAside(path, (options.clock ?? systemClock).now());
      const restoredFrom = restoreLatestBackup(path, options.backupDir ?? join(dirname(path), 'backups'));
      recovered = { reason: problem, movedTo, restoredFrom };
    }
  }
  // Made 0600 before SQLite opens it: its -wal and -shm files take the database file's mode.
  ensurePrivateFile(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  restrictExistingFiles([`${path}-wal`, `${path}-shm`]);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Freed pages are zeroed so purged personal data (already ciphertext) does not linger in the file.
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  const { from, to } = runMigrations(db, options.migrations ?? MIGRATIONS);
  return { db, report: { schemaVersion: to, migratedFrom: from, ...(recovered ? { recovered } : {}) } };
}
