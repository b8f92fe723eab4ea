// Tables for cases (one per application), their timelines, terminal signing keys and what the
// platform knows about a citizen from earlier cases. Appended to PLATFORM_MIGRATIONS.
export const CASES_SCHEMA_SQL = `
  CREATE TABLE terminal_keys (
    key_id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL REFERENCES terminals(terminal_id),
    public_key TEXT NOT NULL,
    role TEXT NOT NULL,
    registered_at TEXT NOT NULL
  );
  CREATE TABLE cases (
    case_id TEXT PRIMARY KEY,
    tracking_code TEXT NOT NULL,
    service_code TEXT NOT NULL,
    item_name TEXT NOT NULL,
    state TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    manifest_json TEXT NOT NULL,
    signature TEXT NOT NULL,
    form_json TEXT NOT NULL,
    blobs_json TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX cases_by_code ON cases(tracking_code);
  CREATE TABLE case_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL REFERENCES cases(case_id),
    state TEXT NOT NULL,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    reason TEXT
  );
  CREATE TABLE citizen_profiles (
    id_hash TEXT PRIMARY KEY,
    phone TEXT,
    address TEXT,
    updated_at TEXT NOT NULL
  );
`;
