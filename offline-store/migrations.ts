// Numbered, append-only. Never edit a released step; add a new one.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  sql: string;
  /**
   * Whether the step's change is already in the file, for a step that two lines of development
   * numbered differently: a present step is only stamped, and a step at or below the file's version
   * that is not present is run all the same. Steps without it follow the version alone.
   */
  present?: (db: Database.Database) => boolean;
}

const hasTable = (db: Database.Database, table: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
const hasColumn = (db: Database.Database, table: string, column: string): boolean =>
  (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).some((c) => c.name === column);

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      -- The business record: non-personal payload in clear, personal fields sealed (AES-GCM).
      CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        payload_json TEXT NOT NULL,
        personal_enc BLOB,
        created_at TEXT NOT NULL,
        purged_at TEXT
      );
      -- The outbox row commits in the same transaction as its record.
      CREATE TABLE outbox (
        mutation_id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL UNIQUE REFERENCES records(id),
        state TEXT NOT NULL CHECK (state IN ('pending', 'acked', 'parked')),
        reason TEXT,
        settled_at TEXT
      );
      CREATE INDEX outbox_by_state ON outbox(state, mutation_id);
      CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        uploaded_at TEXT,
        purged_at TEXT
      );
      CREATE TABLE record_blobs (
        record_id INTEGER NOT NULL REFERENCES records(id),
        sha256 TEXT NOT NULL REFERENCES blobs(sha256),
        PRIMARY KEY (record_id, sha256)
      );
      CREATE INDEX record_blobs_by_blob ON record_blobs(sha256);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE dataset_items (
        dataset TEXT NOT NULL,
        key TEXT NOT NULL,
        value_json TEXT NOT NULL,
        version INTEGER NOT NULL,
        PRIMARY KEY (dataset, key)
      );
      CREATE TABLE checkpoints (dataset TEXT PRIMARY KEY, checkpoint INTEGER NOT NULL, updated_at TEXT NOT NULL);
    `,
  },
  {
    version: 3,
    sql: `CREATE TABLE secrets (name TEXT PRIMARY KEY, value_enc BLOB NOT NULL, updated_at TEXT NOT NULL);`,
  },
  {
    version: 4,
    present: (db) => hasTable(db, 'blob_files'),
    // Nothing on disk that lets someone without the key test whether a known person applied: blobs
    // are known by a keyed name (HMAC of their sha256), their sha256 is sealed, and a record's payload
    // (the signed manifest lists each file's sha256) is sealed too. StoreCore moves older rows over
    // and empties the old tables when it first opens the upgraded file (it holds the key; SQL does not).
    sql: `
      CREATE TABLE blob_files (
        name TEXT PRIMARY KEY,
        sha256_enc BLOB NOT NULL,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        uploaded_at TEXT,
        purged_at TEXT
      );
      CREATE TABLE record_blob_files (
        record_id INTEGER NOT NULL REFERENCES records(id),
        name TEXT NOT NULL REFERENCES blob_files(name),
        PRIMARY KEY (record_id, name)
      );
      CREATE INDEX record_blob_files_by_name ON record_blob_files(name);
      ALTER TABLE records ADD COLUMN payload_enc BLOB;
    `,
  },
  {
    version: 5,
    // Numbered 4 on the wip/perf line, written before the sealed blob tables took that number: a file
    // from there says version 4, has this column and has no blob_files. runMigrations gives it step 4
    // (not present) and only stamps this one (present); StoreCore then seals its legacy rows.
    present: (db) => hasColumn(db, 'outbox', 'push_id'),
    sql: `
      -- The id a mutation is pushed under, when it differs from its local mutation_id: a mutation
      -- held back by a material the platform does not have yet goes to the back of the queue with a
      -- fresh id, so the ones behind it can be pushed (the platform applies ids in increasing order).
      ALTER TABLE outbox ADD COLUMN push_id INTEGER;
      CREATE INDEX outbox_by_push_id ON outbox(coalesce(push_id, mutation_id));
    `,
  },
];
