// Numbered, append-only. Never edit a released step; add a new one.
export interface Migration {
  version: number;
  sql: string;
}

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
    sql: `
      -- The id a mutation is pushed under, when it differs from its local mutation_id: a mutation
      -- held back by a material the platform does not have yet goes to the back of the queue with a
      -- fresh id, so the ones behind it can be pushed (the platform applies ids in increasing order).
      ALTER TABLE outbox ADD COLUMN push_id INTEGER;
      CREATE INDEX outbox_by_push_id ON outbox(coalesce(push_id, mutation_id));
    `,
  },
];
