// The platform's own numbered migrations (it shares no code with the terminal's store).
import type Database from 'better-sqlite3';

export const PLATFORM_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE terminals (
        terminal_id TEXT PRIMARY KEY,
        label TEXT,
        credential_hash TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        revoked_at TEXT,
        highest_mutation_id INTEGER NOT NULL DEFAULT 0
      );
      -- apply_seq records the order mutations were applied in, to check per-terminal order.
      CREATE TABLE mutations (
        apply_seq INTEGER PRIMARY KEY AUTOINCREMENT,
        terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
        mutation_id INTEGER NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        payload_json TEXT NOT NULL,
        personal_json TEXT,
        blobs_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
        reason TEXT,
        applied_at TEXT NOT NULL,
        UNIQUE (terminal_id, mutation_id)
      );
      CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        confirmed_offset INTEGER NOT NULL DEFAULT 0,
        verified_at TEXT
      );
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE dataset_items (
        dataset TEXT NOT NULL,
        key TEXT NOT NULL,
        value_json TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL,
        PRIMARY KEY (dataset, key)
      );
      CREATE INDEX dataset_items_by_version ON dataset_items(dataset, version);
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `,
  },
];

export function migratePlatform(db: Database.Database): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = PLATFORM_MIGRATIONS.at(-1)?.version ?? 0;
  if (from > latest) throw new Error(`platform schema ${from} is newer than this server knows (${latest})`);
  for (const step of PLATFORM_MIGRATIONS) {
    if (step.version <= from) continue;
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    })();
  }
  return Math.max(from, latest);
}
