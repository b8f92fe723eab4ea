// The platform's own numbered migrations (it shares no code with the terminal's store).
import type Database from 'better-sqlite3';
import { CASES_SCHEMA_SQL } from './cases/schema.js';

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
  {
    // The hall queue service (platform/queue): tickets, counters, leases, its event log and ratings.
    version: 3,
    sql: `
      CREATE TABLE queue_config (id INTEGER PRIMARY KEY CHECK (id = 1), config_json TEXT NOT NULL);
      CREATE TABLE queue_numbers (day TEXT NOT NULL, prefix TEXT NOT NULL, next INTEGER NOT NULL, PRIMARY KEY (day, prefix));
      CREATE TABLE queue_leases (id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, day TEXT NOT NULL, prefix TEXT NOT NULL,
        from_n INTEGER NOT NULL, to_n INTEGER NOT NULL, leased_at TEXT NOT NULL);
      CREATE TABLE queue_tickets (
        id TEXT PRIMARY KEY, day TEXT NOT NULL, number TEXT NOT NULL, service TEXT NOT NULL, priority TEXT NOT NULL,
        source TEXT NOT NULL, state TEXT NOT NULL, issued_at TEXT NOT NULL, offline INTEGER NOT NULL DEFAULT 0,
        masked_name TEXT, counter_id TEXT, target_counter TEXT, called_at TEXT, recalls INTEGER NOT NULL DEFAULT 0,
        last_call_at TEXT, finished_at TEXT, transfers INTEGER NOT NULL DEFAULT 0, first_called_at TEXT, lease_id TEXT,
        UNIQUE (day, number)
      );
      CREATE INDEX queue_tickets_by_day_state ON queue_tickets(day, state);
      CREATE TABLE queue_counters (id TEXT PRIMARY KEY, paused INTEGER NOT NULL DEFAULT 0, pause_reason TEXT, current_ticket_id TEXT);
      CREATE TABLE queue_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, type TEXT NOT NULL, body_json TEXT NOT NULL);
      -- One row per stretch of service at a counter (a transfer ends one): waits, estimates and statistics.
      CREATE TABLE queue_service_times (ticket_id TEXT NOT NULL, day TEXT NOT NULL, service TEXT NOT NULL, counter_id TEXT NOT NULL,
        started_at TEXT NOT NULL, ended_at TEXT NOT NULL, minutes REAL NOT NULL, outcome TEXT NOT NULL);
      -- ID numbers are kept only as a salted hash: check-in matches a swiped card without storing it.
      CREATE TABLE queue_appointments (id TEXT PRIMARY KEY, day TEXT NOT NULL, slot TEXT NOT NULL, service TEXT NOT NULL,
        id_hash TEXT NOT NULL, masked_name TEXT NOT NULL, ticket_id TEXT);
      CREATE INDEX queue_appointments_by_hash ON queue_appointments(day, id_hash);
      CREATE TABLE queue_evaluations (ticket_id TEXT PRIMARY KEY, counter_id TEXT NOT NULL, level INTEGER NOT NULL,
        reason TEXT, channel TEXT NOT NULL, at TEXT NOT NULL);
      CREATE TABLE queue_followups (id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL UNIQUE, counter_id TEXT NOT NULL, level INTEGER NOT NULL,
        reason TEXT NOT NULL, deadline TEXT NOT NULL, status TEXT NOT NULL, opened_at TEXT NOT NULL);
    `,
  },
  // Cases of the O2O flow (platform/cases): terminal signing keys, cases, their timelines, citizen profiles.
  { version: 4, sql: CASES_SCHEMA_SQL },
  {
    // Assistance requests (求助) from kiosks: the terminal and the time only, no personal data.
    // At most one open request per terminal, whatever the races: repeated presses find the open one.
    version: 5,
    sql: `
      CREATE TABLE queue_assists (id TEXT PRIMARY KEY, day TEXT NOT NULL, terminal_id TEXT NOT NULL, source TEXT NOT NULL,
        requested_at TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'cancelled')),
        closed_at TEXT, counter_id TEXT);
      CREATE UNIQUE INDEX queue_assists_one_open ON queue_assists(terminal_id) WHERE state = 'open';
      CREATE INDEX queue_assists_by_day ON queue_assists(day, state);
    `,
  },
  {
    // Terminal records bound by an administrator: role, hall, counter or proxy point, and a one-time
    // enrolment code (stored as a hash) that an active terminal no longer has. Terminals enrolled
    // before keep their credential; their role is the one they last announced, their hall unknown.
    version: 6,
    sql: `
      ALTER TABLE terminals ADD COLUMN role TEXT NOT NULL DEFAULT 'kiosk';
      ALTER TABLE terminals ADD COLUMN hall_id TEXT NOT NULL DEFAULT 'unknown';
      ALTER TABLE terminals ADD COLUMN counter_id TEXT;
      ALTER TABLE terminals ADD COLUMN point_id TEXT;
      ALTER TABLE terminals ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'revoked'));
      ALTER TABLE terminals ADD COLUMN enrolment_code_hash TEXT;
      ALTER TABLE terminals ADD COLUMN enrolment_expires_at TEXT;
      ALTER TABLE terminals ADD COLUMN enrolled_at TEXT;
      UPDATE terminals SET role = COALESCE((SELECT k.role FROM terminal_keys k WHERE k.terminal_id = terminals.terminal_id ORDER BY k.registered_at DESC LIMIT 1), 'kiosk'),
        status = CASE WHEN revoked_at IS NULL THEN 'active' ELSE 'revoked' END, enrolled_at = registered_at;
      CREATE UNIQUE INDEX terminals_by_credential ON terminals(credential_hash);
    `,
  },
  {
    // What the platform knows of a citizen is kept per hall: a terminal looks up only its own hall's.
    // Earlier rows name no hall and stay out of every lookup.
    version: 7,
    sql: `
      CREATE TABLE citizen_profiles_by_hall (id_hash TEXT NOT NULL, hall_id TEXT NOT NULL, phone TEXT, address TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (id_hash, hall_id));
      INSERT INTO citizen_profiles_by_hall (id_hash, hall_id, phone, address, updated_at) SELECT id_hash, 'unknown', phone, address, updated_at FROM citizen_profiles;
      DROP TABLE citizen_profiles;
      ALTER TABLE citizen_profiles_by_hall RENAME TO citizen_profiles;
    `,
  },
  {
    // Named administrators (scrypt password hashes, scopes, lockout) and the append-only audit log
    // of every call to an admin route: who, what, when, from where. Triggers refuse any change to it.
    version: 8,
    sql: `
      CREATE TABLE admin_accounts (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, scopes_json TEXT NOT NULL, created_at TEXT NOT NULL,
        disabled_at TEXT, failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until TEXT);
      CREATE TABLE admin_audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, admin TEXT NOT NULL, route TEXT NOT NULL, method TEXT NOT NULL,
        target_json TEXT NOT NULL, status INTEGER NOT NULL, from_address TEXT NOT NULL);
      CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
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
